#pragma once
/// Feed parser: bytes of an RSS 2.0 or Atom 1.0 document -> Feed.
///
/// Pure: no I/O. Text fields leave the parser as clean UTF-8 in NFC; HTML in
/// summaries is turned into plain text (tags removed, entities decoded,
/// whitespace collapsed). Relative links are resolved against `base_url`.
///
/// Formats: <rss> documents of every version (0.91 to 2.0) give format
/// "rss2"; Atom 1.0 gives "atom1" and the older Atom 0.3 "atom03". RSS 1.0
/// (RDF), JSON Feed and CDF are recognised and refused as unsupported.
///
/// Recovery, as a browser would: byte-order marks and blank lines before
/// "<?xml", UTF-16/32 and declared 8-bit charsets (converted to UTF-8), HTML
/// entities XML does not define ("&nbsp;"), stray '&' and '<', numeric
/// references to C1 controls (read as windows-1252), and a document whose
/// last closing tags are missing or cut. Anything else that is not
/// well-formed XML is an Error naming the problem and its byte offset.
#include <string_view>

#include "core/item.h"
#include "core/result.h"

namespace pw::crawler {

/// Parses an RSS 2.0 (also 0.9x) or Atom 1.0 document. Returns an Error
/// naming what is wrong ("not XML: ... at offset 123", "not a feed: root
/// element <html>") when nothing usable can be recovered.
///
/// Field sources: guid <- RSS guid / Atom id; link <- RSS link (else a
/// permalink guid) / the Atom link with rel="alternate" or no rel, resolved
/// against xml:base and `base_url`; summary <- RSS description, else
/// content:encoded / Atom summary, else content; author <- RSS author, else
/// dc:creator / Atom author name (the entry's, else the feed's); published <-
/// RSS pubDate, else dc:date or dcterms:issued/created/modified / Atom
/// published, else updated (see feed_date.h).
Result<Feed> ParseFeed(std::string_view body, std::string_view base_url);

}  // namespace pw::crawler
