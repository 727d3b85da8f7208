#pragma once
/// The long-running service behind `provwatch run` and `provwatch demo`:
/// opens the store, polls until a signal, reloads on SIGHUP.
#include <optional>
#include <ostream>
#include <string>

#include "daemon/report.h"

namespace pw::daemon {

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
};

/// Runs until SIGINT/SIGTERM (or after one cycle with `once`). SIGHUP
/// re-reads the configuration; a bad new one is logged and the old one kept.
/// Without a configuration file (empty config_path) the sources come from
/// the store in `data_dir` (required then) and SIGHUP re-reads them.
/// Returns the process exit code: 0 after a clean stop, 2 for a bad
/// configuration or an unknown profile, 1 when the store cannot be opened.
int RunService(const ServiceOptions& options);

}  // namespace pw::daemon
