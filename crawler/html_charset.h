#pragma once
/// The character set of an HTML page, and the page as UTF-8.
///
/// Pure. Precedence as in the HTML standard's encoding sniffing: a byte-order
/// mark, then the charset of the HTTP Content-Type, then a <meta charset> or
/// <meta http-equiv="Content-Type" content="...; charset=..."> in the first
/// 4096 bytes, else UTF-8. Vietnamese pages in windows-1258 arrive with
/// their tone marks decomposed; callers take text through NFC afterwards.
#include <string>
#include <string_view>

namespace pw::crawler {

/// The charset a page's <meta> declares near its start, lower-cased, or "".
/// A declared UTF-16/32 (impossible in an ASCII-compatible prescan) reads as
/// "utf-8", as browsers do.
std::string HtmlMetaCharset(std::string_view html);

/// `body` converted to UTF-8 by the precedence above. An unknown or failing
/// charset leaves the bytes as they are (read as UTF-8, malformed sequences
/// become U+FFFD later). A UTF-8 byte-order mark is dropped.
std::string HtmlToUtf8(std::string_view body, std::string_view content_type);

/// The language a page declares: <html lang>, lower-cased ("vi", "en-us"),
/// else the first tag of `content_language` (an HTTP Content-Language value),
/// else "".
std::string HtmlLanguage(std::string_view html_head, std::string_view content_language);

}  // namespace pw::crawler
