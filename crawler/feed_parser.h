#pragma once
/// Feed parser: bytes of an RSS 2.0 or Atom 1.0 document -> Feed.
///
/// Pure: no I/O. Text fields leave the parser as clean UTF-8 in NFC; HTML in
/// summaries is turned into plain text (tags removed, entities decoded,
/// whitespace collapsed). Relative links are resolved against `base_url`.
#include <string_view>

#include "core/item.h"
#include "core/result.h"

namespace pw::crawler {

/// Parses an RSS 2.0 (also 0.9x) or Atom 1.0 document. Returns an Error
/// naming what is wrong ("not XML: ... at offset 123", "not a feed: root
/// element <html>") when nothing usable can be recovered.
Result<Feed> ParseFeed(std::string_view body, std::string_view base_url);

}  // namespace pw::crawler
