#pragma once
/// HTML fragments (feed titles and summaries) to plain text. Pure functions.
///
/// Feeds carry HTML in CDATA sections or entity-escaped; after the XML layer
/// has been peeled off, what remains is an HTML fragment that may be partial
/// or broken. The conversion never fails: what is not markup stays text.
#include <string>
#include <string_view>

namespace pw::crawler {

/// Decodes character references: named ones from HTML 4 ("&nbsp;", "&eacute;"),
/// decimal and hexadecimal ones ("&#7841;", "&#x1EA1;"). References that name
/// nothing, or lack their ';', are kept verbatim. Numeric references to C1
/// controls are read as windows-1252, as browsers do; invalid code points
/// become U+FFFD.
std::string DecodeHtmlEntities(std::string_view html);

/// Plain text of an HTML fragment: tags and comments removed (the contents of
/// <script> and <style> too), character references decoded, whitespace
/// collapsed and trimmed. Block-level tags and <br> separate words; inline tags
/// (<a>, <b>, <span>...) do not. A '<' that does not start a tag ("1 < 2") is
/// text. The result is UTF-8 but not yet NFC.
std::string HtmlToText(std::string_view html);

}  // namespace pw::crawler
