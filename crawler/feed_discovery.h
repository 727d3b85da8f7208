#pragma once
/// Feed discovery: the feeds an HTML page announces with
///   <link rel="alternate" type="application/rss+xml" href="..." title="...">
/// (RSS and Atom; the autodiscovery convention every feed reader follows).
///
/// Pure: a page's bytes and its URL in, feeds out; no I/O. The page is read
/// with an HTML5 parser (gumbo), so entities, unquoted attributes, missing
/// </head> and the like are handled as a browser handles them.
#include <string>
#include <string_view>
#include <vector>

namespace pw::crawler {

/// One feed a page offers.
struct DiscoveredFeed {
  std::string url;    ///< absolute: resolved against <base href> and the page URL
  std::string title;  ///< the link's title attribute, whitespace collapsed; may be empty
  std::string kind;   ///< "rss" or "atom"
};

/// The feeds `html` announces, in document order, each URL once. Relative
/// hrefs are resolved against the document's first <base href> (itself
/// resolved against `page_url`), else against `page_url`. Links with an
/// empty href, another rel or another type are ignored.
std::vector<DiscoveredFeed> DiscoverFeeds(std::string_view html, std::string_view page_url);

/// True when a fetched body is an HTML page rather than a feed: a text/html
/// or application/xhtml+xml Content-Type, or, when the type says nothing
/// useful, an "<!DOCTYPE html" or "<html" near the start of the body.
bool LooksLikeHtml(std::string_view body, std::string_view content_type);

}  // namespace pw::crawler
