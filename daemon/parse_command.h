#pragma once
/// `provwatch parse FILE|URL [--json]`: one feed document parsed and shown,
/// for people (a listing) or for outside checks (a JSON contract).
///
/// The JSON form is a stable contract, one document on standard output:
///   {"format", "recovered": bool,
///    "feed": {"title", "link", "description", "language"},
///    "items": [{"id", "title", "link", "summary", "content", "published",
///               "updated", "author", "categories": [...]}]}
/// with dates as ISO 8601 UTC strings ("2026-11-20T01:15:00Z") or null.
#include <ostream>
#include <string>

#include "core/item.h"

namespace pw::daemon {

/// The contract's JSON text for `feed` (pretty-printed, ends with '\n').
std::string FeedJson(const Feed& feed);

/// Runs the command: `input` with a scheme ("http://", "https://",
/// "file://") is fetched like `provwatch fetch` does; anything else is a local
/// path, read directly. Writes the feed to `out`; on failure writes one line
/// naming `input` and the reason to `err` and returns 1; else 0.
int ParseCommand(const std::string& input, bool json, std::ostream& out, std::ostream& err);

}  // namespace pw::daemon
