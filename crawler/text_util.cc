#include "crawler/text_util.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/stringpiece.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "crawler/html_entities.h"

namespace pw::crawler {

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

namespace {

// Bytes that are whitespace on their own: ASCII whitespace, other C0
// controls and DEL.
struct SpaceBytes {
  bool is[256] = {};
  constexpr SpaceBytes() {
    for (int c = 0; c <= 0x20; ++c) is[c] = true;
    is[0x7F] = true;
  }
};
constexpr SpaceBytes kSpaceBytes;

}  // namespace

std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const std::size_t n = text.size();
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  // Bytes of the whitespace at b[k] (0 when none); U+00A0 is C2 A0.
  auto space_width = [&](std::size_t k) -> std::size_t {
    if (kSpaceBytes.is[b[k]]) return 1;
    return b[k] == 0xC2 && k + 1 < n && b[k + 1] == 0xA0 ? 2 : 0;
  };
  std::size_t i = 0;
  while (i < n) {
    bool had_space = false;
    for (std::size_t w; i < n && (w = space_width(i)) > 0; i += w) had_space = true;
    if (i >= n) break;
    const std::size_t start = i;
    while (i < n && !kSpaceBytes.is[b[i]] && !(b[i] == 0xC2 && i + 1 < n && b[i + 1] == 0xA0)) ++i;
    if (had_space && !out.empty()) out += ' ';
    out.append(text.data() + start, i - start);  // a word at a time, not a byte
  }
  return out;
}

std::string_view TrimAscii(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

namespace {

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code
// points past U+10FFFF).
bool IsValidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (static_cast<std::size_t>(end - p) < len || p[1] < lo || p[1] > hi) return false;
    for (std::size_t k = 2; k < len; ++k) {
      if ((p[k] & 0xC0) != 0x80) return false;
    }
    p += len;
  }
  return true;
}

}  // namespace

// The code points of the BMP that NFC leaves alone whatever surrounds them:
// NFC_Quick_Check = Yes and a normalization boundary before them (no
// combining mark, nothing that composes with what precedes). A text made
// only of these is in NFC, since NFC works segment by segment and each such
// character starts a segment of its own. ASCII, Latin-1, the precomposed
// Vietnamese letters (U+1EA0..U+1EF9), đ/ơ/ư and typographic punctuation
// are; combining marks (U+0300...) and singletons such as U+2126 are not.
// Built once from ICU's own data, so it follows the ICU version.
class NfcInertTable {
 public:
  static const NfcInertTable& Get() {
    static const NfcInertTable table;  // thread-safe initialisation
    return table;
  }
  bool Contains(char32_t cp) const {
    return cp < kSize && ((words_[cp >> 6] >> (cp & 63)) & 1) != 0;
  }

 private:
  static constexpr char32_t kSize = 0x10000;
  NfcInertTable() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) return;  // empty table: every text takes the ICU path
    for (char32_t cp = 0; cp < kSize; ++cp) {
      if (cp >= 0xD800 && cp <= 0xDFFF) continue;
      const auto c = static_cast<UChar32>(cp);
      UErrorCode qc = U_ZERO_ERROR;
      const bool inert = nfc->hasBoundaryBefore(c) &&
                         nfc->quickCheck(icu::UnicodeString(c), qc) == UNORM_YES && U_SUCCESS(qc);
      if (inert) words_[cp >> 6] |= std::uint64_t{1} << (cp & 63);
    }
  }
  std::uint64_t words_[kSize / 64] = {};
};

// True when `text` is valid UTF-8 made only of NfcInertTable code points
// (hence already NFC): one pass, no conversion. False says nothing.
bool IsInertUtf8(std::string_view text) {
  const NfcInertTable& inert = NfcInertTable::Get();
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    // Eight ASCII bytes at a time.
    std::uint64_t word;
    while (end - p >= 8 && (std::memcpy(&word, p, 8), (word & 0x8080808080808080ULL) == 0)) p += 8;
    if (p == end) break;
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    char32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF && end - p >= 2 && (p[1] & 0xC0) == 0x80) {
      cp = (static_cast<char32_t>(c & 0x1F) << 6) | (p[1] & 0x3F);
      p += 2;
    } else if (c >= 0xE0 && c <= 0xEF && end - p >= 3 && (p[1] & 0xC0) == 0x80 &&
               (p[2] & 0xC0) == 0x80) {
      cp = (static_cast<char32_t>(c & 0x0F) << 12) | (static_cast<char32_t>(p[1] & 0x3F) << 6) |
           (p[2] & 0x3F);
      if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return false;  // overlong, surrogate
      p += 3;
    } else {
      return false;  // 4-byte sequences and malformed bytes: the careful path
    }
    if (!inert.Contains(cp)) return false;
  }
  return true;
}

std::string ToNfc(std::string_view text) {
  // ASCII, and most Vietnamese text as it arrives (precomposed), are NFC
  // already: one table-driven pass settles it without ICU's conversions.
  if (IsInertUtf8(text)) return std::string(text);
  // Other composed text: a check on the UTF-8 itself avoids two
  // conversions through UTF-16.
  if (IsValidUtf8(text) &&
      text.size() <= static_cast<std::size_t>(std::numeric_limits<int32_t>::max())) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_SUCCESS(status) &&
        nfc->isNormalizedUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())),
                              status) &&
        U_SUCCESS(status)) {
      return std::string(text);
    }
  }
  if (text.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max() / 4)) {
    return std::string(text);  // beyond ICU's int32 lengths; the fetcher's body cap prevents it
  }

  UErrorCode status = U_ZERO_ERROR;
  const auto size8 = static_cast<int32_t>(text.size());
  // UTF-16 never needs more code units than UTF-8 has bytes.
  std::vector<UChar> utf16(static_cast<std::size_t>(size8) + 1);
  int32_t len16 = 0;
  u_strFromUTF8WithSub(utf16.data(), static_cast<int32_t>(utf16.size()), &len16, text.data(), size8,
                       0xFFFD, nullptr, &status);
  const UNormalizer2* nfc = unorm2_getNFCInstance(&status);
  if (U_FAILURE(status)) return std::string(text);

  std::vector<UChar> normal(static_cast<std::size_t>(len16) + 16);
  int32_t len_norm = unorm2_normalize(nfc, utf16.data(), len16, normal.data(),
                                      static_cast<int32_t>(normal.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    status = U_ZERO_ERROR;
    normal.resize(static_cast<std::size_t>(len_norm));
    len_norm = unorm2_normalize(nfc, utf16.data(), len16, normal.data(), len_norm, &status);
  }
  if (U_FAILURE(status)) return std::string(text);

  std::string out(static_cast<std::size_t>(len_norm) * 3, '\0');
  int32_t len_out = 0;
  u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &len_out, normal.data(), len_norm,
              &status);
  if (U_FAILURE(status)) return std::string(text);
  out.resize(static_cast<std::size_t>(len_out));
  return out;
}

std::string FinishText(std::string_view text) {
  if (text.find('\xC2') == std::string_view::npos) return ToNfc(text);
  std::string mapped;
  mapped.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (text[i] == '\xC2' && next >= 0x80 && next <= 0x9F) {
      AppendUtf8(mapped, NumericReferenceValue(next));
      ++i;
    } else {
      mapped += text[i];
    }
  }
  return ToNfc(mapped);
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace pw::crawler
