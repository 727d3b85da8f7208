#pragma once
/// Human-readable output of the CLI: stored items, candidates and why.
/// Vietnamese first; English with --lang en (or PROVWATCH_LANG=en).
#include <string>
#include <string_view>

#include "core/item.h"
#include "daemon/poller.h"

namespace pw::daemon {

enum class Lang { kVi, kEn };

/// Lang from a name ("vi", "en"); Vietnamese for anything else.
Lang ParseLang(std::string_view name);

/// Picks the message in the user's language.
inline const char* Tr(Lang lang, const char* vi, const char* en) {
  return lang == Lang::kEn ? en : vi;
}

/// "2026-11-20T01:15:00Z", or "-" when unknown.
std::string IsoTime(const std::optional<UnixTime>& t);

/// One item on one line, tab-separated: published, score, "*" for a
/// candidate or "-", source id, title, link. The `items` command's format.
std::string ItemLine(const Item& item);

/// One item as a JSON object on one line (the `items --json` format).
std::string ItemJson(const Item& item);

/// Why an item scored what it did: one line per match, with the original
/// words quoted, indented by `indent`.
std::string Explain(const Item& item, Lang lang, std::string_view indent);

/// What one poll stored, for the terminal: a heading line, then new items,
/// candidates flagged with their explanation.
std::string DescribeOutcome(const PollOutcome& outcome, Lang lang);

/// One line summing up a cycle.
std::string DescribeCycle(const CycleStats& stats, Lang lang);

}  // namespace pw::daemon
