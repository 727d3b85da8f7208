// Text helpers: NFC (its table-driven fast path checked against ICU for every
// BMP code point), whitespace collapsing, entity decoding.
#include "crawler/text_util.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

#include "crawler/html_text.h"

namespace pw::crawler {
namespace {

// NFC by ICU alone, the reference.
std::string IcuNfc(const std::string& utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  icu::UnicodeString normal = nfc->normalize(icu::UnicodeString::fromUTF8(utf8), status);
  std::string out;
  normal.toUTF8String(out);
  return out;
}

std::string Utf8(char32_t cp) {
  std::string s;
  AppendUtf8(s, cp);
  return s;
}

// Every BMP code point alone, after a base letter, and before a combining
// mark: the fast path must never keep a text that ICU would change.
TEST(TextUtil, ToNfcAgreesWithIcuForEveryBmpCodePointInContext) {
  std::size_t checked = 0;
  for (char32_t cp = 0x20; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    const std::string c = Utf8(cp);
    for (const std::string& s : {c, "e" + c, c + "\xCC\x81", "A" + c + "\xCC\xA3" "b"}) {
      ASSERT_EQ(ToNfc(s), IcuNfc(s)) << "U+" << std::hex << static_cast<unsigned>(cp);
      ++checked;
    }
  }
  EXPECT_GT(checked, 250000u);
}

// The same in texts of 8 bytes and more, which take the word-at-a-time
// loop: the code point at each offset of an 8-byte word, and before a
// combining mark that follows more text.
TEST(TextUtil, ToNfcAgreesWithIcuForEveryBmpCodePointInLongText) {
  std::size_t checked = 0;
  for (char32_t cp = 0x80; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    const std::string c = Utf8(cp);
    const std::string pad = std::string(cp % 8, 'a');  // every offset within the word
    for (const std::string& s : {pad + "Lai Ch\u00e2u " + c + " m\u1edbi ng\u00e0y",
                                 pad + c + "\xCC\x81" + "xxxxxxxx", "Vi\u1ec7t Nam " + pad + c}) {
      ASSERT_EQ(ToNfc(s), IcuNfc(s)) << "U+" << std::hex << static_cast<unsigned>(cp);
      ++checked;
    }
  }
  EXPECT_GT(checked, 190000u);
}

// Malformed and 4-byte sequences at every offset of a long text, and cut at
// its end, go to ICU (U+FFFD) rather than being kept.
TEST(TextUtil, ToNfcRepairsMalformedUtf8InLongText) {
  for (const std::string bad : {"\xE0\x80\x80", "\xED\xA0\x80", "\xC0\xAF", "\xFF", "\x80",
                                "\xE1\xBB", "\xC3", "\xF0\x9F\x98\x80", "\xE1\x41\x42"}) {
    for (std::size_t offset = 0; offset < 12; ++offset) {
      const std::string s = std::string(offset, 'x') + bad + "Vi\u1ec7t Nam h\u00f4m nay";
      ASSERT_EQ(ToNfc(s), IcuNfc(s)) << offset;
      const std::string cut = "Vi\u1ec7t Nam h\u00f4m" + std::string(offset, 'x') + bad;
      ASSERT_EQ(ToNfc(cut), IcuNfc(cut)) << offset;
    }
  }
}

TEST(TextUtil, ToNfcComposesVietnameseAndRepairsMalformedUtf8) {
  EXPECT_EQ(ToNfc("Vie\xCC\x82\xCC\xA3t Nam"), "Việt Nam");  // e + circumflex + dot below
  EXPECT_EQ(ToNfc("Việt Nam"), "Việt Nam");
  EXPECT_EQ(ToNfc("a\xFF" "b"), "a\xEF\xBF\xBD" "b");       // U+FFFD
  EXPECT_EQ(ToNfc("\xE0\x80\x80"), IcuNfc("\xE0\x80\x80")) << "overlong";
  EXPECT_EQ(ToNfc("\xF0\x9F\x98\x80 ok"), "\xF0\x9F\x98\x80 ok") << "outside the BMP";
  EXPECT_EQ(ToNfc("\xE2\x84\xA6"), "\xCE\xA9") << "OHM SIGN is a singleton";
}

TEST(TextUtil, CollapseWhitespaceJoinsWordsWithOneSpace) {
  EXPECT_EQ(CollapseWhitespace("  Lai\t\r\n Châu\xC2\xA0\xC2\xA0mới  "), "Lai Châu mới");
  EXPECT_EQ(CollapseWhitespace(""), "");
  EXPECT_EQ(CollapseWhitespace(" \n "), "");
  EXPECT_EQ(CollapseWhitespace("a\x01" "b\x7F" "c"), "a b c");
  EXPECT_EQ(CollapseWhitespace("\xC2\xA9 \xC2"), "\xC2\xA9 \xC2") << "C2 not before A0 is a byte";
}

// The definition, written plainly: runs of whitespace (C0 controls, space,
// DEL, U+00A0) become one space between words, none at the ends.
std::string ReferenceCollapse(std::string_view t) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto c = static_cast<unsigned char>(t[i]);
    if (c <= 0x20 || c == 0x7F) {
      space = true;
    } else if (c == 0xC2 && i + 1 < t.size() && t[i + 1] == '\xA0') {
      space = true;
      ++i;
    } else {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += static_cast<char>(c);
    }
  }
  return out;
}

TEST(TextUtil, CollapseWhitespaceAgreesWithItsDefinitionOnRandomText) {
  const std::string alphabet[] = {" ", "\t", "\n", "\x01", "\x7F", "\xC2\xA0", "\xC2", "\xA0",
                                  "a", "\u00e2", "\u1edb", "\xC2\xA9"};
  std::uint32_t seed = 42;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int parts = round % 24;
    for (int k = 0; k < parts; ++k) {
      seed = seed * 1664525u + 1013904223u;  // deterministic LCG
      text += alphabet[(seed >> 16) % std::size(alphabet)];
    }
    ASSERT_EQ(CollapseWhitespace(text), ReferenceCollapse(text)) << text;
  }
}

TEST(TextUtil, DecodeHtmlEntitiesKeepsTextBetweenReferences) {
  EXPECT_EQ(DecodeHtmlEntities("AT&T &amp; Lai&nbsp;Châu &#7879;&x &"),
            "AT&T & Lai\xC2\xA0" "Châu ệ&x &");
  EXPECT_EQ(DecodeHtmlEntities("no references"), "no references");
}

}  // namespace
}  // namespace pw::crawler
