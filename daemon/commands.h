#pragma once
/// The one-shot subcommands (everything but run/demo). Each returns the
/// process exit code and writes results to `out`; problems go to `err` where
/// the command takes one (the queries a daemon may answer), else to the log.
#include <optional>
#include <ostream>
#include <string>

#include "daemon/report.h"

namespace pw::storage {
class Store;
}

namespace pw::daemon {

/// `provwatch check-config FILE`: 0 and a summary when valid, 2 and the
/// error (file:line: field: ...) when not.
int CheckConfig(const std::string& path, Lang lang, std::ostream& out);

/// `provwatch fetch URL [--json]`: fetches and parses one source, prints its items.
int FetchOne(const std::string& url, bool json, std::ostream& out);

/// `provwatch items [--candidates] [--json]`: one stored item a line. While a
/// daemon serves `data_dir` the query goes through it (control_socket.h
/// QueryDaemon); else the store is opened read-only here. With `open` (the
/// daemon answering) that store is read instead. Errors go to `err` in the
/// `lang` (the daemon carries them back to the CLI's standard error).
/// With `since` (a duration in seconds), only the items published (else first
/// seen) in that last period, oldest first, read from the time index.
int ListItems(const std::string& data_dir, bool candidates_only, bool json, Lang lang, std::ostream& out,
              std::ostream& err, storage::Store* open = nullptr,
              std::optional<std::int64_t> since = std::nullopt);

/// `provwatch score`: see score_command.h. `config_path` (optional) adds the
/// configuration's rules and threshold to the profile.
int Score(const std::string& profile_id, const std::optional<std::string>& input,
          const std::optional<std::string>& config_path, std::ostream& out);

}  // namespace pw::daemon
