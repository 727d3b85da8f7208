#pragma once
/// Article extraction: one news article's web page -> a FeedItem, so that
/// pages without feeds go down the same path as feed items.
///
/// Pure: the page's UTF-8 text (see html_charset.h) and its URL in, values
/// out; no I/O, no clock. Read with an HTML5 parser (gumbo).
///
/// Where each field comes from, first found wins:
///   title      <meta property="og:title">, the first <h1> (inside <article>
///              or <main> when there is one), <title>
///   published  <meta property="article:published_time"> (and itemprop
///              datePublished, name pubdate/publishdate/date), <time datetime>,
///              JSON-LD datePublished, Vietnamese date text in the page such as
///              "Thứ Hai, 24/11/2025 - 08:15" (in an element whose class
///              names a date or time first, then anywhere)
///   updated    article:modified_time, JSON-LD dateModified
///   author     <meta name="author">, JSON-LD author name, an element whose
///              class names the author (short text only)
///   text       the largest block of <p> text: each paragraph counts for its
///              parent in full and its grandparent by half, the best-scoring
///              element wins, and its paragraphs and subheadings are the text;
///              script, style, nav, aside, figure and captions, forms,
///              headers and footers, and blocks whose class names related
///              links, comments, sharing, tags or ads are left out
///   categories <meta property="article:section"> and article:tag
#include <optional>
#include <string>
#include <string_view>

#include "core/item.h"

namespace pw::crawler {

/// What a page yields.
struct ExtractedArticle {
  /// link = `url` (the address the article was fetched at); summary = the main
  /// text with whitespace collapsed; content = the main text with paragraphs
  /// separated by blank lines; guid empty.
  FeedItem item;
  std::string language;  ///< <html lang>, lower-case, or ""
};

/// Extracts the article of `html`. Never fails: a page without an article
/// gives empty fields (callers decide what is too little).
ExtractedArticle ExtractArticle(std::string_view html, std::string_view url);

/// The first Vietnamese date in free text ("Thứ Hai, 24/11/2025 - 08:15",
/// "24/11/2025 08:15 GMT+7", "08:15 ngày 24/11/2025"), or nullopt. Time
/// without a zone is Vietnam's (+07:00).
std::optional<UnixTime> FindVietnameseDate(std::string_view text);

}  // namespace pw::crawler
