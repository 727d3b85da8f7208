#pragma once
/// The province profiles and rule sets compiled into the binary from
/// config/profiles/*.toml and config/rules/*.toml, so `provwatch score
/// --profile lai-chau` works from any folder.
#include <string>
#include <string_view>
#include <vector>

#include "config/profile.h"
#include "core/result.h"

namespace pw::config {

/// Ids of the bundled profiles, sorted ("bac-kan", "lai-chau", ...).
std::vector<std::string> BundledProfileIds();

/// A bundled profile with its included rule sets resolved.
Result<Profile> BundledProfile(std::string_view id);

/// Parses a profile file's text. `include_rules` names bundled rule sets;
/// `gazetteer` names a bundled gazetteer (config/gazetteer/<id>.toml, written
/// by scripts/gen-gazetteer) whose names, places, ambiguous names, qualifiers,
/// exclusions and unit lists are added to the profile's own.
/// `path` is used in error messages.
Result<Profile> ParseProfile(std::string_view text, const std::string& path);

/// Parses a rule file (the format of config/rules/*.toml: [[rules]] tables
/// only). Errors name `path`, the line and the field.
Result<std::vector<Rule>> ParseRuleFile(std::string_view text, const std::string& path);

/// The raw text of an embedded file ("profiles/lai-chau.toml",
/// "rules/default.toml", "gazetteer/lai-chau.toml"), or nullptr.
const std::string_view* EmbeddedFile(std::string_view name);

}  // namespace pw::config
