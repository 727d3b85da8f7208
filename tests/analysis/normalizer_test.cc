#include "analysis/normalizer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace pw::analysis {
namespace {

std::string Key(std::string_view text) { return Normalize(text).text; }
std::string Bare(std::string_view text) { return Normalize(text, {.fold_accents = true}).text; }

// The original bytes behind key bytes [begin, end).
std::string Original(std::string_view original, const NormalizedText& n, std::size_t begin,
                     std::size_t end) {
  return std::string(original.substr(n.start[begin], n.end[end - 1] - n.start[begin]));
}

TEST(Normalizer, LowerCasesAndCollapsesPunctuationAndSpaceRunsIntoSingleSpaces) {
  EXPECT_EQ(Key("  Tỉnh LAI CHÂU -- “tin giả”,\t\nhôm nay!  "), "tỉnh lai châu tin giả hôm nay");
}

TEST(Normalizer, EmptyAndPunctuationOnlyInputGiveAnEmptyKey) {
  EXPECT_EQ(Key(""), "");
  EXPECT_EQ(Key(" ... \u00A0 "), "");
}

TEST(Normalizer, DecomposedInputGivesTheSameKeyAsPrecomposed) {
  const std::string precomposed = "Việt Nam ngã ba Đồng Tháp";
  EXPECT_EQ(Key("Vie\u0323\u0302t Nam nga\u0303 ba \u0110o\u0302\u0300ng Tha\u0301p"),
            Key(precomposed));
  // Typing order (circumflex then dot) and canonical order (dot then circumflex).
  EXPECT_EQ(Key("Vie\u0302\u0323t"), Key("Việt"));
  EXPECT_EQ(Key("Vie\u0323\u0302t"), Key("Việt"));
  // windows-1258 style: precomposed ê/ơ plus a combining tone.
  EXPECT_EQ(Key("Vi\u00EA\u0323t nh\u01A1\u0300"), Key("Việt nhờ"));
  EXPECT_EQ(Key(precomposed), "việt nam ngã ba đồng tháp");
}

TEST(Normalizer, PutsOldAndNewTonePlacementOnTheOldStyle) {
  EXPECT_EQ(Key("hoà"), "hòa");
  EXPECT_EQ(Key("thuỷ"), "thủy");
  EXPECT_EQ(Key("khoẻ"), "khỏe");
  EXPECT_EQ(Key("Uỷ ban"), "ủy ban");
  EXPECT_EQ(Key("HOÀ BÌNH"), "hòa bình");
}

TEST(Normalizer, RepairsMisplacedTonesTypedOnTheWrongVowel) {
  EXPECT_EQ(Key("qúy"), "quý");
  EXPECT_EQ(Key("Qúy"), "quý");
  EXPECT_EQ(Key("họat động"), "hoạt động");
  EXPECT_EQ(Key("đọan"), "đoạn");
  EXPECT_EQ(Key("gìa"), "già");
}

TEST(Normalizer, LeavesSyllablesWhereBothStylesAgree) {
  for (const std::string word : {"hoàn", "khoét", "huýt", "xoài", "ngoáy", "khuỷu", "quý", "quà",
                                 "người", "thuở", "huệ", "giữa", "gìn", "mùa", "mía", "hoặc",
                                 "quyết", "huỳnh", "rượu", "café"}) {
    EXPECT_EQ(Key(word), word);
  }
}

TEST(Normalizer, GivesTheSameKeyToEveryWardNameSpelledInBothTonePlacements) {
  std::ifstream in(PW_SHARED_DIR "/corpus/vn-text-normalization/derived/ward-name-variants-2025.tsv");
  ASSERT_TRUE(in) << "ward-name-variants-2025.tsv not found";
  std::string line;
  int pairs = 0;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string code, province, dvhcvn, thanglequoc, kind;
    std::getline(fields, code, '\t');
    std::getline(fields, province, '\t');
    std::getline(fields, dvhcvn, '\t');
    std::getline(fields, thanglequoc, '\t');
    std::getline(fields, kind, '\t');
    if (kind != "tone_placement") continue;
    ++pairs;
    EXPECT_EQ(Key(dvhcvn), Key(thanglequoc)) << dvhcvn << " / " << thanglequoc;
  }
  EXPECT_GT(pairs, 150);
}

TEST(Normalizer, DropsDefaultIgnorableCodePoints) {
  EXPECT_EQ(Key("\uFEFFLai\u200B Châ\u00ADu\u200D"), "lai châu");
}

TEST(Normalizer, TreatsNoBreakAndNarrowSpacesAsSpaces) {
  EXPECT_EQ(Key("Lai\u00A0Châu"), "lai châu");
  EXPECT_EQ(Key("Lai\u202FChâu"), "lai châu");
  EXPECT_EQ(Key("Lai\u3000\u2003Châu"), "lai châu");
}

TEST(Normalizer, MapsEveryKeyByteBackToItsOriginalBytes) {
  const std::string original = "Tỉnh\u00A0Lai Cha\u0302u.";
  const NormalizedText n = Normalize(original);
  ASSERT_EQ(n.text, "tỉnh lai châu");
  ASSERT_EQ(n.start.size(), n.text.size());
  ASSERT_EQ(n.end.size(), n.text.size());
  const std::size_t space = n.text.find(' ');
  EXPECT_EQ(Original(original, n, 0, space), "Tỉnh");
  EXPECT_EQ(Original(original, n, space, space + 1), "\u00A0");
  EXPECT_EQ(Original(original, n, space + 1, n.text.size()), "Lai Cha\u0302u");
}

TEST(Normalizer, MapsAMovedToneBackToTheWholeSyllable) {
  const std::string original = "xã Hoà Bình";
  const NormalizedText n = Normalize(original);
  ASSERT_EQ(n.text, "xã hòa bình");
  const std::size_t at = n.text.find("hòa");
  EXPECT_EQ(Original(original, n, at, at + std::string("hòa").size()), "Hoà");
}

TEST(Normalizer, ReplacesInvalidUtf8AndKeepsOffsetsInsideTheInput) {
  const std::string original = "Lai \xC3 Ch\xE1\xBAu \xFF\xFE \xED\xA0\x80 \xF0\x9F";
  const NormalizedText n = Normalize(original);
  EXPECT_EQ(n.text.rfind("lai \uFFFD ch\uFFFDu \uFFFD\uFFFD", 0), 0u) << n.text;
  for (std::size_t i = 0; i < n.text.size(); ++i) {
    EXPECT_LT(n.start[i], n.end[i]);
    EXPECT_LE(n.end[i], original.size());
  }
}

TEST(Normalizer, SurvivesRandomBytesWithConsistentOffsets) {
  std::mt19937 rng(20251126);
  // Bytes that make UTF-8 interesting: ASCII, lead bytes, continuations, marks.
  const std::string alphabet = std::string("aA ,\xC3\xA0\xCC\x81\xE1\xBA\xA1\xE2\x80\x8B\xF0\x9F\xFF\xC0\xED\xBF", 20);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<std::size_t> length(0, 40);
  for (int round = 0; round < 2000; ++round) {
    std::string input;
    for (std::size_t i = length(rng); i > 0; --i) input.push_back(alphabet[pick(rng)]);
    for (const bool fold : {false, true}) {
      const NormalizedText n = Normalize(input, {.fold_accents = fold});
      ASSERT_EQ(n.start.size(), n.text.size());
      ASSERT_EQ(n.end.size(), n.text.size());
      ASSERT_TRUE(n.text.empty() || (n.text.front() != ' ' && n.text.back() != ' '));
      ASSERT_EQ(n.text.find("  "), std::string::npos);
      for (std::size_t i = 0; i < n.text.size(); ++i) {
        ASSERT_LT(n.start[i], n.end[i]);
        ASSERT_LE(n.end[i], input.size());
        if (i > 0) {
          ASSERT_LE(n.start[i - 1], n.start[i]);
        }
      }
    }
  }
}

TEST(Normalizer, ReportsVietnameseDiacriticsOnly) {
  EXPECT_FALSE(Normalize("tin gia ve Lai Chau").has_diacritics);
  EXPECT_FALSE(Normalize("Fake news in Lai Chau, 2025").has_diacritics);
  EXPECT_FALSE(Normalize("Müller, Ñuñoa").has_diacritics);
  EXPECT_TRUE(Normalize("Lai Châu").has_diacritics);
  EXPECT_TRUE(Normalize("DA NANG \u0110").has_diacritics);
  EXPECT_TRUE(Normalize("Cha\u0302u").has_diacritics);
}

TEST(Normalizer, ReportsWhetherAnyLetterIsLowerCase) {
  EXPECT_FALSE(Normalize("TIN GIẢ VỀ LAI CHÂU: 2025!").has_lowercase);
  EXPECT_FALSE(Normalize("LAI CHA\u0302U").has_lowercase);
  EXPECT_TRUE(Normalize("LAI CHÂU hôm nay").has_lowercase);
  EXPECT_TRUE(Normalize("ĐÀ NẴNG ư").has_lowercase);
}

TEST(Normalizer, FoldsAccentsAndDWhenAsked) {
  EXPECT_EQ(Bare("Đà Nẵng, Đường Hoà Bình"), "da nang duong hoa binh");
  EXPECT_EQ(Bare("Cha\u0302u Ðức"), "chau duc");  // U+00D0 stands in for Đ in legacy text
  EXPECT_EQ(Bare("Müller"), "muller");
  EXPECT_FALSE(Normalize("Đà Nẵng", {.fold_accents = true}).text.empty());
  EXPECT_TRUE(Normalize("Đà Nẵng", {.fold_accents = true}).has_diacritics);
}

}  // namespace
}  // namespace pw::analysis
