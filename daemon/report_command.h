#pragma once
/// `provwatch report weekly|period|reminders`: the weekly digest, the period
/// reports of the profile's calendar and the reminders of reports coming
/// due (workflow/reports.h), as JSON, CSV or an HTML page (daemon/digest.h)
/// on standard output or in --out FILE, and printed to PDF with --pdf FILE
/// (headless Chromium, daemon/digest_pdf.h).
///
/// Items, cases and audit records come from the store: through a running
/// daemon, else opened read-only; cases and audit records via LoadCaseData
/// (report_command.cc).
/// Exit codes: 0 done, 1 the store cannot be read, 2 bad usage.
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "config/profile.h"
#include "core/item.h"
#include "core/result.h"
#include "daemon/digest_mail.h"
#include "daemon/cli_env.h"

namespace CLI {
class App;
}

namespace pw::storage {
class Store;
}

namespace pw::daemon {

struct ReportOptions {
  std::string kind;         ///< "weekly", "period", "reminders"
  std::string data_dir;
  std::string profile_id;   ///< a bundled profile, or
  std::string config_path;  ///< a configuration (its profile with its [workflow] overrides)
  std::string user;         ///< --as
  std::string format;       ///< "json" (also when empty), "csv", "html"
  std::string out_path;     ///< --out: the output in this file instead of standard output
  std::string pdf_path;     ///< --pdf: the HTML page printed to this PDF (weekly, period)
  Lang lang = Lang::kVi;    ///< of the HTML page
  std::string week;         ///< weekly: "2026-W47"
  std::string from, to;     ///< weekly: local dates "2026-11-16"
  std::string period_id;    ///< period: a report id of the profile's calendar
  std::optional<int> year;  ///< period: the year it is due
  std::optional<UnixTime> now;  ///< --now; the clock otherwise
  /// The daemon's own profile (GET /digest): used instead of profile_id or
  /// config_path. Not carried by ReportRequest.
  const config::Profile* profile = nullptr;
};

/// Runs one report; results to `out` (or the files the options name),
/// problems to `err` (Vietnamese then English). With pdf_path and neither
/// format nor out_path, only the PDF is written. While a daemon serves
/// `options.data_dir` it goes through it (control_socket.h QueryDaemon; the
/// paths are sent absolute); else the store is opened read-only here. With
/// `open` (the daemon answering) that store is read instead.
int RunReport(const ReportOptions& options, std::ostream& out, std::ostream& err,
              storage::Store* open = nullptr);

/// The weekly digest of the week before `now` as an e-mail (digest_mail.h),
/// seen as a leader without state-secret clearance sees it: what the
/// daemon sends to the [digest] recipients.
Result<DigestMessage> WeeklyDigestMail(storage::Store& store, const config::Profile& profile, Lang lang,
                                       UnixTime now);

/// The control request for `options` (QueryDaemon), and back.
std::string ReportRequest(const ReportOptions& options);
ReportOptions ReportOptionsOf(std::string_view request);

/// Adds `report` and its subcommands to `app`.
void RegisterReportCommands(CLI::App& app, CliEnv& env);

}  // namespace pw::daemon
