#pragma once
/// Feed parser: bytes of an RSS, RDF, Atom or JSON Feed document -> Feed.
///
/// Pure: no I/O. Text fields leave the parser as clean UTF-8 in NFC; HTML in
/// summaries is turned into plain text (tags removed, entities decoded,
/// whitespace collapsed). Relative links are resolved against `base_url`.
///
/// Formats: <rss> documents of every version (0.91 to 2.0) give format
/// "rss2"; RDF documents "rss10" (RSS 1.0) or "rss090"; Atom 1.0 gives
/// "atom1" and the older Atom 0.3 "atom03"; JSON Feed 1.0/1.1 "json1"; and
/// Microsoft's CDF "cdf". Relative links resolve against xml:base, then
/// `base_url` when it is an http(s) or file URL.
///
/// Recovery, as a browser would: byte-order marks and blank lines before
/// "<?xml", UTF-16/32 and declared 8-bit charsets (converted to UTF-8), HTML
/// entities XML does not define ("&nbsp;"), stray '&' and '<', numeric
/// references to C1 controls (read as windows-1252), end tags that close
/// nothing or close an outer element first (bad nesting), and a document cut
/// short (truncation: what is open is closed). Feed::recovered says that one
/// of these repairs was needed. What still is not XML is an Error naming the
/// problem and its byte offset.
#include <string_view>

#include "core/item.h"
#include "core/result.h"

namespace pw::crawler {

/// Parses a feed document of any format above. Returns an Error
/// naming what is wrong ("not XML: ... at offset 123", "not a feed: root
/// element <html>") when nothing usable can be recovered.
///
/// Field sources: guid <- RSS guid / Atom id; link <- RSS link (else a
/// permalink guid, else atom:link) / the Atom link with rel="alternate" or no rel, resolved
/// against xml:base and `base_url`; summary <- RSS description, else
/// content:encoded, else media:description / Atom summary, else content, as
/// clean text; description, language <- the channel's / Atom subtitle and
/// xml:lang; author <- RSS author, else
/// dc:creator / Atom author name (the entry's, else the feed's); published <-
/// RSS pubDate, else dc:date or dcterms:issued/created/modified / Atom
/// published, else updated (see feed_date.h); updated <- dcterms:modified or
/// atom:updated / Atom updated (0.3: modified); content <- content:encoded,
/// else description / Atom content, else summary, as the feed gave it (HTML
/// stays HTML; an xhtml construct without its wrapping div); categories <-
/// RSS category and dc:subject / Atom category term (else label).
Result<Feed> ParseFeed(std::string_view body, std::string_view base_url);

/// As above, with the HTTP Content-Type of the response ("" when unknown):
/// its charset parameter overrides the XML declaration (a byte-order mark
/// still wins), as RFC 7303 and browsers have it.
Result<Feed> ParseFeed(std::string_view body, std::string_view base_url,
                       std::string_view content_type);

/// As above, with the response's Content-Language too ("" when none): a feed
/// that declares no language (channel <language>, xml:lang, JSON Feed
/// "language") gets the header's first language tag, lower-cased, as
/// feedparser does.
Result<Feed> ParseFeed(std::string_view body, std::string_view base_url,
                       std::string_view content_type, std::string_view content_language);

}  // namespace pw::crawler
