#pragma once
/// Typed, checked reads from toml++ tables, with errors that name the file,
/// the line and the field: `demo.toml:14: sources[2].interval "5x": expected
/// a duration like "15m"`. Private to the config library.
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "core/result.h"

namespace pw::config::detail {

/// Where a table or value lives, for messages: its file and its field path.
struct Scope {
  const std::string& file;
  std::string field;  ///< "" at the top level, "sources[2]" inside an array of tables

  /// "sources[2].url", or "url" at the top level.
  std::string Field(std::string_view key) const;
  Scope Child(std::string_view key) const { return Scope{file, Field(key)}; }
};

/// "file:line: " for a node (line 0 when unknown).
std::string At(const Scope& scope, const toml::node& node);

/// An Error "file:line: field: message".
Error FieldError(const Scope& scope, const toml::node& node, std::string_view key,
                 std::string_view message);

/// Rejects keys not in `known` (a typo must not be silently ignored).
Status CheckKnownKeys(const toml::table& table, const Scope& scope,
                      std::initializer_list<std::string_view> known);

/// A string field; `fallback` when absent and not required.
Result<std::string> GetString(const toml::table& table, const Scope& scope, std::string_view key,
                              bool required, std::string fallback = {});
/// A number (integer or float) field.
Result<double> GetNumber(const toml::table& table, const Scope& scope, std::string_view key,
                         bool required, double fallback = 0);
/// An array of strings; empty when absent and not required.
Result<std::vector<std::string>> GetStrings(const toml::table& table, const Scope& scope,
                                            std::string_view key, bool required);

/// Parses TOML text, turning a syntax error into "file:line:col: message".
Result<toml::table> ParseToml(std::string_view text, const std::string& file);

}  // namespace pw::config::detail

#include "config/profile.h"

namespace pw::config::detail {

/// Reads the [[rules]] array of `table` (absent: none). Rule ids must be
/// unique within the list.
Result<std::vector<Rule>> ParseRules(const toml::table& table, const Scope& scope);

/// Appends `extra` to `rules`; an id already present is an error naming `where`.
Status AppendRules(std::vector<Rule>& rules, std::vector<Rule> extra, const std::string& where);

}  // namespace pw::config::detail
