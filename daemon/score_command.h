#pragma once
/// The `provwatch score` contract (checks outside the repo rely on it; keep
/// it stable as the scorer grows).
///
/// Input: one JSON object a line: {"id", "title", "text"} and optionally
/// "lang", "url", "published". Output: one JSON object a line, in input
/// order: {"id", "mentions_province", "candidate", "score", "matches":
/// [{"rule", "term", "field", "start", "end", "weight"}]}, offsets in UTF-8
/// bytes into the original field text. A malformed line yields {"id",
/// "error"} (id null when unknown) and the rest go on. Blank lines are skipped.
/// Added later (additive, existing keys unchanged): "topics": [{"rule",
/// "topic", "weight", "agency", "refutation"}] strongest first, and
/// "refutation" (the item carries an official refutation). Input may also
/// give "summary" and "body": the fields are then scored apart (matches say
/// "summary"/"body", expressions' field scopes see them; "text" stands for the
/// body when "body" is absent).
#include <cstddef>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/scorer.h"

namespace pw::daemon {

/// The topics of a score: [{"rule","topic","weight","agency","refutation"}].
nlohmann::json TopicsJson(const std::vector<Topic>& topics);

/// Scores one input line; returns the output line (without newline) and
/// sets `error` when the line was malformed.
std::string ScoreLine(const std::string& line, const analysis::Scorer& scorer, bool& error);

/// Scores every line of `in` to `out`, flushing after each line so a pipe
/// sees results as they come. Returns the number of malformed lines.
std::size_t ScoreStream(std::istream& in, std::ostream& out, const analysis::Scorer& scorer);

}  // namespace pw::daemon
