// Text helpers: NFC (its table-driven fast path checked against ICU for every
// BMP code point), whitespace collapsing, entity decoding.
#include "crawler/text_util.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <gtest/gtest.h>

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

TEST(TextUtil, DecodeHtmlEntitiesKeepsTextBetweenReferences) {
  EXPECT_EQ(DecodeHtmlEntities("AT&T &amp; Lai&nbsp;Châu &#7879;&x &"),
            "AT&T & Lai\xC2\xA0" "Châu ệ&x &");
  EXPECT_EQ(DecodeHtmlEntities("no references"), "no references");
}

}  // namespace
}  // namespace pw::crawler
