#pragma once
/// Link selection: the article links of a news listing page, by CSS-like
/// selectors from the configuration or, without them, by the shape of the
/// page's links.
///
/// Pure: a page's UTF-8 text and its URL in, absolute URLs out; no I/O. The
/// page is read with an HTML5 parser (gumbo), as a browser reads it.
///
/// Selector syntax (a subset of CSS): compound selectors made of a tag name
/// or `*`, `.class`, `#id`, `[attr]`, `[attr=value]` (value bare or quoted),
/// in any combination ("a.title", "h3.title-news[data-id]"); joined by
/// descendant (white space) or child (`>`) combinators ("div.list h3 a",
/// "ul > li > a"); several selectors in one string separated by commas.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace pw::crawler {

/// A parsed selector list (opaque: build it with ParseSelectors).
struct SelectorList {
  struct Compound {
    std::string tag;  ///< lower-case, "" = any
    std::string id;
    std::vector<std::string> classes;
    std::vector<std::pair<std::string, std::optional<std::string>>> attrs;  ///< name, value
    bool child_of_previous = false;  ///< joined to the previous compound by '>'
  };
  /// Each selector is its compounds from the outermost to the element itself.
  std::vector<std::vector<Compound>> selectors;
};

/// Parses selectors; an Error names the selector and what is wrong
/// ("\"a[href\": unclosed '['").
Result<SelectorList> ParseSelectors(const std::vector<std::string>& selectors);

/// The links the selectors name, in document order, each once: for an
/// element that is an <a href> its href, else the first <a href> inside it,
/// else the <a href> around it. Hrefs are resolved against <base href> and
/// `page_url`; only http(s) URLs are kept, without their fragment.
std::vector<std::string> SelectLinks(std::string_view html, std::string_view page_url,
                                     const SelectorList& selectors);

/// The links of `html` that look like articles, for a source without
/// selectors: same host as `page_url` (a leading "www." aside), a path shaped
/// like an article — a last segment that is a long slug (three hyphens or
/// more) with digits or an .html/.htm/.shtml/.aspx/.php ending, a slug under
/// /yyyy/mm/ folders, or a numeric id in the query — outside navigation,
/// headers and footers, sidebars, tag lists, pagination and log-in links.
/// Document order, each once, fragments dropped.
std::vector<std::string> FindArticleLinks(std::string_view html, std::string_view page_url);

/// True when the path (and query) of absolute `url` looks like an article by
/// the rules of FindArticleLinks.
bool LooksLikeArticleUrl(std::string_view url);

}  // namespace pw::crawler
