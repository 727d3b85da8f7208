#pragma once
/// Source lists in the formats feed tools exchange: OPML 1.0/2.0 (read and
/// written) and a plain text file with one URL a line (read).
///
/// Pure: text in, values out; no I/O, no clock. Callers decide what a
/// duplicate is and where the list goes.
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pw::crawler {

/// One feed of a source list.
struct ListedFeed {
  std::string url;       ///< the feed's URL (OPML xmlUrl), absolute
  std::string title;     ///< OPML title, else text; may be empty
  std::string html_url;  ///< OPML htmlUrl: the site the feed belongs to; may be empty
};

/// A line or outline that could not be read; the others still are.
struct ListProblem {
  int line = 0;          ///< 1-based line number in the input
  std::string message;   ///< e.g. "not a URL: \"htp//x\""
};

/// What ParseSourceList found, in document order.
struct SourceList {
  std::string format;    ///< "opml" or "text"
  std::vector<ListedFeed> feeds;
  std::vector<ListProblem> problems;
};

/// Reads an OPML document (1.0 or 2.0; outlines nested to any depth, folders
/// without xmlUrl are walked, not listed) or, when the text does not start
/// like XML, a plain list: one URL a line, blank lines and lines starting
/// with '#' ignored. Only http://, https:// and file:// URLs are accepted.
/// A text that looks like XML but is not well-formed OPML is an Error (with
/// the byte offset); a bad line or outline is a ListProblem and the rest go on.
/// Duplicates are kept: deciding what is a duplicate is the caller's business.
Result<SourceList> ParseSourceList(std::string_view text);

/// An OPML 2.0 document listing `feeds` (one <outline type="rss"> each, with
/// text, title, xmlUrl and htmlUrl when known), titled `title`. Valid XML:
/// every attribute is escaped.
std::string WriteOpml(const std::vector<ListedFeed>& feeds, std::string_view title);

}  // namespace pw::crawler
