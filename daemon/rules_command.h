#pragma once
/// `provwatch rules test FILE [--since 7d] [--data DIR] [--profile ID]`: rule
/// replay. Re-scores the stored items (store opened read-only, so it works
/// while the daemon runs) with the profile alone and with the profile plus a
/// draft rule file (format of config/rules/*.toml; a draft rule with the id of
/// a profile rule replaces it), and lists the items that would newly become a
/// candidate and those that would stop being one, with totals.
///
/// Items are scored as the daemon scores them (title and summary). --since
/// keeps the items published (or, without a date, fetched) in that window.
/// Exit 0; 1 when the store cannot be read; 2 for a bad rule file (errors
/// say file:line: field: what) or bad usage.
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "config/profile.h"
#include "core/item.h"
#include "core/result.h"
#include "daemon/cli_env.h"

namespace pw::daemon {

struct RulesTestOptions {
  std::string rule_file;
  std::string data_dir = "provwatch-data";
  /// The profile to score with: --profile, else --config's (with the rules
  /// it adds), else the one the stored cases were opened under, else lai-chau
  /// (said on the error stream).
  std::string profile_id;
  std::string config_path;  ///< "" or a configuration file: its profile and data directory
  bool data_dir_given = false;  ///< --data was on the command line (it wins over --config's)
  std::string since;  ///< "" (all items) or a duration ("7d")
};

/// What a replay found.
struct ReplayTotals {
  std::size_t items = 0;        ///< items re-scored
  std::size_t before = 0;       ///< candidates with the profile alone
  std::size_t after = 0;        ///< candidates with the draft
  std::size_t gained = 0;       ///< newly candidates
  std::size_t lost = 0;         ///< no longer candidates
};

/// Replays `items` (already filtered) and writes the report to `out`.
/// Errors (bad rule file, unknown profile) are returned before anything is written.
Result<ReplayTotals> ReplayRules(const std::vector<Item>& items, const std::string& rule_text,
                                 const std::string& rule_path, const std::string& profile_id,
                                 Lang lang, std::ostream& out);
Result<ReplayTotals> ReplayRules(const std::vector<Item>& items, const std::string& rule_text,
                                 const std::string& rule_path, const config::Profile& profile,
                                 Lang lang, std::ostream& out);

/// Runs the command: reads the file and the store, filters by --since, replays.
int RulesTest(const RulesTestOptions& options, Lang lang, std::ostream& out, std::ostream& err,
              UnixTime now);

/// Adds `rules test` to `app`.
void RegisterRulesCommand(CLI::App& app, CliEnv& env);

}  // namespace pw::daemon
