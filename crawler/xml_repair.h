#pragma once
/// Byte-level preparation of feed documents before they reach the XML parser.
/// Private to pw_crawler; pure functions.
///
/// Feeds are routinely malformed in ways a browser shrugs off: a byte-order
/// mark or blank lines before "<?xml", HTML entities XML does not define
/// ("&nbsp;"), stray '&' in URLs, a bare '<' in text, numeric references to
/// C1 controls. These are repaired here so that a conforming XML parser reads
/// what the author meant; structural damage (unclosed or mismatched tags) is
/// not guessed at.
#include <string>
#include <string_view>

namespace pw::crawler {

/// The document as UTF-8: a UTF-16/32 document (by byte-order mark or by its
/// first bytes) and an 8-bit one whose XML declaration names another charset
/// (windows-1258, ISO-8859-1, ...) are converted; a UTF-8 byte-order mark is
/// dropped. Unknown charsets are read as UTF-8 (malformed bytes survive here
/// and become U+FFFD later). `skipped` receives how many leading bytes of an
/// already-UTF-8 `body` were dropped (BOM, leading whitespace), so parser
/// offsets can be reported against the original bytes.
std::string XmlToUtf8(std::string_view body, std::size_t* skipped);

/// As above, with the charset an HTTP Content-Type named (`http_charset`, ""
/// when none). Precedence, as browsers and feedparser apply it: a byte-order
/// mark, then the HTTP charset, then the XML declaration. A charset ICU does
/// not know is ignored.
std::string XmlToUtf8(std::string_view body, std::string_view http_charset, std::size_t* skipped);

/// `bytes` in `charset` (an ICU converter name or alias: "windows-1258",
/// "iso-8859-1", "shift_jis") as UTF-8; *ok is false, and the result empty,
/// when ICU does not know the charset or cannot convert.
std::string ConvertToUtf8(std::string_view bytes, const char* charset, bool* ok);

/// The charset parameter of a Content-Type header value, lower-cased and
/// unquoted ("text/xml; charset=\"UTF-8\"" -> "utf-8"), or "".
std::string CharsetFromContentType(std::string_view content_type);

/// UTF-8 XML with the entity and character-level repairs described above:
/// named HTML references become numeric ones, a '&' that starts no reference
/// becomes "&amp;", a '<' that starts no markup becomes "&lt;", numeric
/// references that XML forbids become U+FFFD (C1 ones are read as
/// windows-1252, as browsers do), NUL bytes are dropped. CDATA sections,
/// comments, processing instructions and the DOCTYPE are left alone, but
/// references to general entities the DOCTYPE's internal subset declares
/// with a plain value (<!ENTITY id "tag:example.com,">) are replaced by that
/// value (well-formed XML, so not a repair; at most 1 MiB of expansion).
std::string RepairXml(std::string_view xml);

/// As above; `*repaired` is set true when anything had to be repaired (the
/// input was not well-formed at this level), left alone otherwise.
std::string RepairXml(std::string_view xml, bool* repaired);

}  // namespace pw::crawler
