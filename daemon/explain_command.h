#pragma once
/// `provwatch explain`: the scoring of items shown for a person, Vietnamese
/// first (English with --lang en).
///
///   provwatch explain --profile ID [--input FILE]   JSONL as `provwatch score` reads it
///   provwatch explain --profile ID --data DIR KEY   a stored item (store opened read-only)
///
/// For each item: the verdict, the score as a sum of its points, every match
/// with its rule, topic, agency and weight, and the text with the matches
/// marked «[like this]». Exit 0; 1 when a line was malformed or the item is
/// not stored; 2 for usage errors (unknown profile).
#include <string>

#include <CLI/CLI.hpp>

#include "analysis/scorer.h"
#include "config/profile.h"
#include "core/item.h"
#include "daemon/cli_env.h"

namespace pw::daemon {

/// The text of `original` with every match of `field` marked «[...]»;
/// overlapping matches are marked once, as their union.
std::string MarkMatches(std::string_view original, std::string_view field,
                        const std::vector<Match>& matches);

/// The explanation of one scored item (several lines, ending in a newline).
/// `fields` are the item's (name, original text) pairs as scored.
std::string ExplainScore(const std::string& id,
                         const std::vector<std::pair<std::string, std::string>>& fields,
                         const pw::Score& score, const config::Profile& profile, Lang lang);

/// Adds `explain` to `app`.
void RegisterExplainCommand(CLI::App& app, CliEnv& env);

}  // namespace pw::daemon
