#include "crawler/text_util.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/stringpiece.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include <bit>
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
  const std::size_t n = text.size();
  std::string out(n, '\0');
  char* dst = out.data();
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  // Byte by byte without a branch on the class of the byte (words are a few
  // bytes long, so such a branch would be mispredicted at every word end):
  // a whitespace byte is written as ' ' and kept only when what was written
  // before it is a word byte; the trailing space, if any, is cut at the end.
  // U+00A0 (C2 A0) is the one two-byte space, taken on a rare branch.
  std::size_t w = 0;
  bool last_space = true;  // leading whitespace is dropped
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char c = b[i];
    bool space = kSpaceBytes.is[c];
    if (c == 0xC2 && i + 1 < n && b[i + 1] == 0xA0) [[unlikely]] {
      space = true;
      ++i;
    }
    dst[w] = space ? ' ' : static_cast<char>(c);
    w += static_cast<std::size_t>(!(space && last_space));
    last_space = space;
  }
  if (w > 0 && last_space) --w;
  out.resize(w);
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
    return cp < kSize && ContainsBmp(cp);
  }
  // As Contains, for cp < U+10000 (no bound check).
  bool ContainsBmp(char32_t cp) const { return ((words_[cp >> 6] >> (cp & 63)) & 1) != 0; }

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

// Length of the UTF-8 sequence a lead byte starts, for the sequences the
// fast path reads (2 and 3 bytes: the BMP from U+0080); 0 for ASCII,
// continuation bytes, 4-byte leads and bytes that never occur in UTF-8.
struct LeadLengths {
  std::uint8_t len[256] = {};
  constexpr LeadLengths() {
    for (int c = 0xC2; c <= 0xDF; ++c) len[c] = 2;
    for (int c = 0xE0; c <= 0xEF; ++c) len[c] = 3;
  }
};
constexpr LeadLengths kLeadLengths;

// True when `text` is valid UTF-8 made only of NfcInertTable code points
// (hence already NFC): one pass, no conversion. False says nothing.
//
// Vietnamese mixes ASCII letters and 2- or 3-byte letters every few bytes,
// so the loop avoids data-dependent branches: each round skips the ASCII
// bytes of an 8-byte word (counted with ctz), then decodes the 2- or 3-byte
// sequence there without branching on its length and checks it against the
// table. The last bytes take the plain loop.
bool IsInertUtf8(std::string_view text) {
  const NfcInertTable& inert = NfcInertTable::Get();
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (end - p >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    const std::uint64_t high = word & 0x8080808080808080ULL;
    if (high == 0) {
      p += 8;
      continue;
    }
    // The first byte in memory is the lowest one on little-endian machines.
    const int bit = std::endian::native == std::endian::little ? std::countr_zero(high)
                                                                 : std::countl_zero(high);
    p += bit >> 3;
    if (end - p < 3) break;
    const unsigned b0 = p[0], b1 = p[1], b2 = p[2];
    const unsigned len = kLeadLengths.len[b0];
    const char32_t cp2 = ((b0 & 0x1Fu) << 6) | (b1 & 0x3Fu);
    const char32_t cp3 = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
    const bool three = len == 3;
    const char32_t cp = three ? cp3 : cp2;
    // Surrogates are not in the table; overlong 3-byte forms are refused here.
    const bool third_ok = ((b2 & 0xC0u) == 0x80u) & (cp3 >= 0x800);
    const bool ok = (len != 0) & ((b1 & 0xC0u) == 0x80u) & (third_ok | !three) &
                    inert.ContainsBmp(cp);
    if (!ok) return false;  // 4-byte sequences, malformed bytes: the careful path
    p += len;
  }
  while (p < end) {
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
