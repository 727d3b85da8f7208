#pragma once
/// Named HTML character references, for the feed parser's entity recovery and
/// the HTML-to-text conversion. Private to pw_crawler.
#include <optional>
#include <string_view>

namespace pw::crawler {

/// The code point of the named reference `name` (without '&' and ';'), e.g.
/// "nbsp" -> U+00A0; nullopt when HTML 4 does not define it. Case-sensitive,
/// as HTML is ("&Aacute;" and "&aacute;" differ).
std::optional<char32_t> LookupHtmlEntity(std::string_view name);

/// What a numeric reference to `cp` means to a browser: references to C1
/// controls (U+0080..U+009F) are read as windows-1252 (&#146; is U+2019), as
/// feeds written on Windows expect; other code points are returned unchanged.
char32_t NumericReferenceValue(char32_t cp);

}  // namespace pw::crawler
