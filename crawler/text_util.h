#pragma once
/// Small UTF-8 text helpers shared by the feed parser and the HTML-to-text
/// conversion. Private to pw_crawler (ICU stays inside text_util.cc).
#include <string>
#include <string_view>

namespace pw::crawler {

/// Appends `cp` as UTF-8; code points that are not Unicode scalar values
/// (surrogates, > U+10FFFF) become U+FFFD.
void AppendUtf8(std::string& out, char32_t cp);

/// Replaces every run of whitespace (ASCII whitespace, other C0 controls and
/// U+00A0 NO-BREAK SPACE) with one space and trims both ends. A no-break space
/// counts as a space because keyword matching must not depend on how an
/// editor glued two words together.
std::string CollapseWhitespace(std::string_view text);

/// `text` with A-Z lower-cased (tag, attribute and charset names).
std::string AsciiLower(std::string_view text);

/// ASCII whitespace trimmed from both ends.
std::string_view TrimAscii(std::string_view text);

/// Unicode NFC of UTF-8 `text`; malformed UTF-8 sequences become U+FFFD, so
/// the result is always valid UTF-8.
std::string ToNfc(std::string_view text);

/// The last step for every text field leaving the parser: C1 control
/// characters (U+0080..U+009F, left by text that went through the wrong
/// charset on Windows) are read as windows-1252, as browsers do, then ToNfc.
std::string FinishText(std::string_view text);

}  // namespace pw::crawler
