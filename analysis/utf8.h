#pragma once
/// UTF-8 decoding and encoding that never fails: ill-formed input decodes as
/// U+FFFD per maximal subpart (the Unicode "best practice"), so a byte offset
/// always advances and always stays inside the input. Internal to pw_analysis.
#include <cstddef>
#include <string>
#include <string_view>

namespace pw::analysis {

/// One decoded code point and the bytes it took.
struct Decoded {
  char32_t cp = 0;       ///< U+FFFD when the bytes were ill-formed
  std::size_t size = 1;  ///< bytes consumed, >= 1 while pos < text.size()
  bool valid = true;
};

/// Decodes the code point at text[pos]; requires pos < text.size().
Decoded DecodeUtf8(std::string_view text, std::size_t pos);

/// Appends the UTF-8 form of a scalar value (surrogates become U+FFFD).
void AppendUtf8(char32_t cp, std::string& out);

}  // namespace pw::analysis
