#pragma once
/// The long-running service behind `provwatch run` and `provwatch demo`:
/// opens the store, polls until a signal, reloads on SIGHUP.
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "daemon/report.h"
#include "workflow/report_reminders.h"

namespace pw::daemon {

/// Called on a worker thread for each period-report reminder the daemon
/// records (once per profile, report and due date; workflow/report_reminders.h),
/// after it is stored and logged. The alert channels (e-mail, daemon/alerts*)
/// register here to send it on; a hook must not block for long.
using ReminderHook = std::function<void(const workflow::RecordedReminder&)>;

struct ServiceOptions {
  std::string config_path;
  std::optional<std::string> data_dir;  ///< overrides the configuration's data_dir
  bool once = false;                    ///< one cycle, wait for every write, exit
  Lang lang = Lang::kVi;
  std::ostream* out = nullptr;          ///< where stored items are described; null: nowhere
  /// With an empty config_path: the bundled profile to score with. The
  /// sources are those registered in the store (`provwatch sources add` or
  /// `import`) and every other setting takes its default.
  std::string profile_id;
  /// With `once`: where the cycle is summed up, ending with the line
  /// "feeds polled N, 200: A, 304: B, errors: E, new items: I, wall seconds: S"
  /// (a stable English shape; the last line written). Null: no summary line.
  std::ostream* summary = nullptr;
  /// The HTTP server's address (http_server.h ParseListenAddress), or "off".
  /// Unset: none with `once`, else the configuration's `http` (default
  /// 127.0.0.1:8080). Port 0 picks a free port; the log line says
  /// "http listening on ADDR:PORT".
  std::optional<std::string> http;
  /// `provwatch demo`: create the demo accounts (auth.h) and list them on `out`.
  bool demo_accounts = false;
  /// See ReminderHook.
  std::vector<ReminderHook> reminder_hooks;
};

/// Runs until SIGINT/SIGTERM (or after one cycle with `once`). SIGHUP
/// re-reads the configuration; a bad new one is logged and the old one kept.
/// Without a configuration file (empty config_path) the sources come from
/// the store in `data_dir` (required then) and SIGHUP re-reads them.
/// At start and every `escalation_interval` a worker sweeps the cases
/// (workflow/case_sweep.h: overdue deadlines escalated once, severity raised
/// for spreading clusters) and records the reminders of period reports due
/// within the profile's reminder_days (each logged in Vietnamese and passed to
/// the reminder hooks). Tests may set the sweep's clock with the environment
/// variable PROVWATCH_TEST_NOW (Unix seconds).
/// Returns the process exit code: 0 after a clean stop, 2 for a bad
/// configuration or an unknown profile, 1 when the store cannot be opened.
int RunService(const ServiceOptions& options);

}  // namespace pw::daemon
