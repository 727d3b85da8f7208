#include "analysis/tone_placement.h"

#include <gtest/gtest.h>

#include <string>

#include "analysis/normalizer.h"

namespace pw::analysis {
namespace {

struct Pair {
  const char* new_style;
  const char* old_style;
};

// DOMAIN.md: the 15 open-syllable pairs where the two conventions differ.
constexpr Pair kPairs[] = {
    {"hoà", "hòa"}, {"hoá", "hóa"}, {"hoả", "hỏa"}, {"loã", "lõa"}, {"hoạ", "họa"},
    {"hoè", "hòe"}, {"khoé", "khóe"}, {"khoẻ", "khỏe"}, {"xoẽ", "xõe"}, {"toẹ", "tọe"},
    {"tuỳ", "tùy"}, {"huý", "húy"}, {"thuỷ", "thủy"}, {"luỹ", "lũy"}, {"tuỵ", "tụy"},
};

TEST(TonePlacement, MovesTheToneOfEveryNewStylePairToTheOldStyle) {
  for (const auto& pair : kPairs) {
    EXPECT_EQ(Normalize(pair.new_style).text, pair.old_style) << pair.new_style;
    EXPECT_EQ(Normalize(pair.old_style).text, pair.old_style) << pair.old_style;
  }
}

TEST(TonePlacement, TreatsUpperCaseSpellingsOfEachPairAlike) {
  EXPECT_EQ(Normalize("HOÀ THUỶ KHOẺ").text, Normalize("Hòa Thủy Khỏe").text);
  EXPECT_EQ(Normalize("Thuỷ").text, "thủy");
}

TEST(TonePlacement, KeepsTheSyllableLengthAndOnlySwapsVowels) {
  std::u32string syllable = U"khoẻ";
  PlaceToneOldStyle(syllable);
  EXPECT_EQ(syllable, U"khỏe");
  syllable = U"qúy";
  PlaceToneOldStyle(syllable);
  EXPECT_EQ(syllable, U"quý");
}

TEST(TonePlacement, LeavesWhatIsNotOneVietnameseSyllableAlone) {
  for (const std::u32string word :
       {U"résumé", U"olé", U"hoàng2", U"aàa", U"hòà", U"toàs", U"", U"ng", U"x"}) {
    std::u32string copy = word;
    PlaceToneOldStyle(copy);
    EXPECT_EQ(copy, word);
  }
}

}  // namespace
}  // namespace pw::analysis
