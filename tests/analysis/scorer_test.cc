#include "analysis/scorer.h"

#include <gtest/gtest.h>

#include <string>

namespace pw::analysis {
namespace {

config::Profile LaiChau() {
  config::Profile p;
  p.id = "lai-chau";
  p.name = "Lai Châu";
  p.names = {"Lai Châu"};
  p.places = {"Mường Tè", "Tân Phong", "Hoà Bình", "huyện Tam Đường"};
  p.threshold = 5.0;
  p.rules = {
      {"false-info", "tin sai sự thật", 3.0, {"tin giả", "sai sự thật", "tin giả mạo"}},
      {"distortion", "xuyên tạc", 2.0, {"xuyên tạc", "bôi nhọ"}},
      {"civil-registration", "trap", -4.0, {"cải chính hộ tịch"}},
      {"response", "phản hồi", 1.0, {"tin giả"}},
  };
  return p;
}

config::Profile NamesOnly(std::vector<std::string> names) {
  config::Profile p;
  p.names = std::move(names);
  return p;
}

std::string Visible(std::string_view original, const Match& m) {
  return std::string(original.substr(m.start, m.end - m.start));
}

std::vector<std::string> Terms(const Score& s) {
  std::vector<std::string> terms;
  for (const auto& m : s.matches) terms.push_back(m.rule + ":" + m.term);
  return terms;
}

// Real sentences from ../shared/corpus/vn-news-corpus that an accent-blind
// matcher reads as a province.
TEST(Scorer, DoesNotReadAccentedLookalikesInRealSentencesAsProvinces) {
  const Scorer scorer(NamesOnly({"Lai Châu", "Lai Chau", "Phú Thọ", "Sóc Trăng"}));
  for (const std::string text :
       {"Đức sẽ đến Đại học Virginia để thực tập, sau đó trở lại châu Âu nhận bằng tốt nghiệp",
        "Chiều 2/11, Văn phòng Chính phủ thông báo ý kiến của Phó thủ tướng Phạm Bình Minh",
        "Cách chăm sóc trang phục của CEO thời trang"}) {
    const Score s = scorer.ScoreItem("", text);
    EXPECT_FALSE(s.mentions_province) << text;
    EXPECT_TRUE(s.matches.empty()) << text;
  }
}

TEST(Scorer, MatchesAccentlessTextAgainstAccentFoldedTerms) {
  const Scorer scorer(LaiChau());
  const std::string text = "tin gia ve Lai Chau";
  const Score s = scorer.ScoreItem("", text);
  ASSERT_EQ(s.matches.size(), 3u);
  EXPECT_EQ(s.matches[0].rule, "false-info");
  EXPECT_EQ(s.matches[0].term, "tin giả");
  EXPECT_EQ(Visible(text, s.matches[0]), "tin gia");
  EXPECT_EQ(s.matches[1].rule, "response");
  EXPECT_EQ(s.matches[2].rule, "province");
  EXPECT_EQ(s.matches[2].term, "Lai Châu");
  EXPECT_EQ(Visible(text, s.matches[2]), "Lai Chau");
  EXPECT_TRUE(s.mentions_province);
  EXPECT_DOUBLE_EQ(s.value, 4.0);
}

TEST(Scorer, DoesNotMatchAccentFoldedTermsInTextThatHasDiacritics) {
  const Scorer scorer(LaiChau());
  const Score s = scorer.ScoreItem("", "tin gia ve Lai Chau, theo báo chí");
  EXPECT_FALSE(s.mentions_province);
  EXPECT_TRUE(s.matches.empty());
}

TEST(Scorer, MatchesOnlyAtTokenBoundaries) {
  const Scorer scorer(NamesOnly({"Lai Châu"}));
  EXPECT_FALSE(scorer.ScoreItem("", "Lai Châuxx").mentions_province);
  EXPECT_FALSE(scorer.ScoreItem("", "XLai Châu").mentions_province);
  EXPECT_TRUE(scorer.ScoreItem("", "(Lai Châu)").mentions_province);
  EXPECT_TRUE(scorer.ScoreItem("", "Lai Châu").mentions_province);
}

TEST(Scorer, RequiresProperNamesToBeCapitalisedInTheOriginal) {
  const Scorer scorer(LaiChau());
  EXPECT_FALSE(scorer.ScoreItem("", "Mong cuộc sống hòa bình, ấm no").mentions_province);
  EXPECT_FALSE(scorer.ScoreItem("", "tin về lai châu").mentions_province);
  EXPECT_FALSE(scorer.ScoreItem("", "Lai châu").mentions_province);
  EXPECT_FALSE(scorer.ScoreItem("", "tin gia ve lai chau").mentions_province);
  const Score s = scorer.ScoreItem("", "Xã Hòa Bình mới");
  ASSERT_EQ(s.matches.size(), 1u);
  EXPECT_EQ(s.matches[0].rule, "place");
  EXPECT_EQ(s.matches[0].term, "Hoà Bình");
}

TEST(Scorer, RequiresCapitalsOnlyWhereTheProfileWritesThem) {
  const Scorer scorer(LaiChau());
  EXPECT_TRUE(scorer.ScoreItem("", "ở huyện Tam Đường cũ").mentions_province);
  EXPECT_TRUE(scorer.ScoreItem("", "ở Huyện Tam Đường cũ").mentions_province);
  EXPECT_FALSE(scorer.ScoreItem("", "ở huyện tam đường cũ").mentions_province);
}

TEST(Scorer, AcceptsAnyCaseInAnAllCapsField) {
  const Scorer scorer(LaiChau());
  const std::string title = "TIN GIẢ VỀ LAI CHÂU";
  const Score s = scorer.ScoreItem(title, "và một đoạn văn về lai châu viết thường");
  EXPECT_TRUE(s.mentions_province);
  std::size_t provinces = 0;
  for (const auto& m : s.matches) {
    if (m.rule != "province") continue;
    ++provinces;
    EXPECT_EQ(m.field, "title");
    EXPECT_EQ(Visible(title, m), "LAI CHÂU");
  }
  EXPECT_EQ(provinces, 1u);
}

TEST(Scorer, AddsEachDistinctTermsWeightOnceAndListsRepeatsWithZeroWeight) {
  const Scorer scorer(LaiChau());
  const Score s = scorer.ScoreItem("Tin giả ở Mường Tè",
                                   "Lại tin giả. Thêm tin giả nữa, sai sự thật ở Lai Châu");
  double sum = 0;
  int false_info_with_weight = 0, false_info_tin_gia = 0;
  for (const auto& m : s.matches) {
    sum += m.weight;
    if (m.rule == "false-info" && m.term == "tin giả") {
      ++false_info_tin_gia;
      if (m.weight != 0) {
        ++false_info_with_weight;
        EXPECT_EQ(m.field, "title");  // the first occurrence carries the weight
        EXPECT_EQ(m.weight, 3.0);
      }
    }
  }
  EXPECT_EQ(false_info_tin_gia, 3);
  EXPECT_EQ(false_info_with_weight, 1);
  // tin giả (3) + sai sự thật (3) + tin giả under "response" (1).
  EXPECT_DOUBLE_EQ(s.value, 7.0);
  EXPECT_DOUBLE_EQ(sum, s.value);
  EXPECT_TRUE(s.candidate);
}

TEST(Scorer, SubtractsNegativeWeights) {
  const Scorer scorer(LaiChau());
  const Score s = scorer.ScoreItem("", "Lai Châu: thủ tục cải chính hộ tịch, tránh bôi nhọ");
  EXPECT_DOUBLE_EQ(s.value, -2.0);
  EXPECT_TRUE(s.mentions_province);
  EXPECT_FALSE(s.candidate);
}

TEST(Scorer, IsACandidateExactlyFromTheThresholdAndOnlyWithAMention) {
  const Scorer scorer(LaiChau());
  const Score at = scorer.ScoreItem("Lai Châu", "thông tin sai sự thật, xuyên tạc");
  EXPECT_DOUBLE_EQ(at.value, 5.0);
  EXPECT_TRUE(at.candidate);

  const Score below = scorer.ScoreItem("Lai Châu", "thông tin sai sự thật");
  EXPECT_DOUBLE_EQ(below.value, 3.0);
  EXPECT_TRUE(below.mentions_province);
  EXPECT_FALSE(below.candidate);

  const Score elsewhere = scorer.ScoreItem("Hà Nội", "thông tin sai sự thật, xuyên tạc, bôi nhọ");
  EXPECT_DOUBLE_EQ(elsewhere.value, 7.0);
  EXPECT_FALSE(elsewhere.mentions_province);
  EXPECT_FALSE(elsewhere.candidate);
}

TEST(Scorer, ReportsOffsetsIntoTheOriginalForDecomposedTextAndOddSpaces) {
  const Scorer scorer(LaiChau());
  const std::string nfd = "Tỉnh Lai Cha\u0302u: tin gia\u0309 lan truye\u0300n";
  Score s = scorer.ScoreItem("", nfd);
  ASSERT_GE(s.matches.size(), 2u);
  EXPECT_EQ(Visible(nfd, s.matches[0]), "Lai Cha\u0302u");
  EXPECT_EQ(Visible(nfd, s.matches[1]), "tin gia\u0309");

  const std::string nbsp = "Huyện\u00A0Mường\u00A0Tè, tỉnh Lai\u202FChâu";
  s = scorer.ScoreItem("", nbsp);
  ASSERT_EQ(s.matches.size(), 2u);
  EXPECT_EQ(Visible(nbsp, s.matches[0]), "Mường\u00A0Tè");
  EXPECT_EQ(Visible(nbsp, s.matches[1]), "Lai\u202FChâu");

  const std::string invisible = "Tân\u200B Phong\u00AD";
  s = scorer.ScoreItem(invisible, "");
  ASSERT_EQ(s.matches.size(), 1u);
  EXPECT_EQ(s.matches[0].field, "title");
  EXPECT_EQ(Visible(invisible, s.matches[0]), "Tân\u200B Phong");
}

TEST(Scorer, MatchesEitherTonePlacementInTermsAndText) {
  const Scorer scorer(LaiChau());  // the profile writes "Hoà Bình" (new style)
  const std::string text = "Xã Hòa Bình, xã HOÀ BÌNH";
  const Score s = scorer.ScoreItem("", text);
  ASSERT_EQ(s.matches.size(), 2u);
  EXPECT_EQ(Visible(text, s.matches[0]), "Hòa Bình");
  EXPECT_EQ(Visible(text, s.matches[1]), "HOÀ BÌNH");
}

TEST(Scorer, SortsTitleMatchesFirstThenByOffset) {
  const Scorer scorer(LaiChau());
  const Score s = scorer.ScoreItem("Xuyên tạc ở Lai Châu", "Mường Tè: tin giả");
  ASSERT_GE(s.matches.size(), 4u);
  EXPECT_EQ(s.matches[0].field, "title");
  EXPECT_EQ(s.matches[0].term, "xuyên tạc");
  EXPECT_EQ(s.matches[1].field, "title");
  EXPECT_EQ(s.matches[1].term, "Lai Châu");
  EXPECT_EQ(s.matches[2].field, "text");
  EXPECT_EQ(s.matches[2].term, "Mường Tè");
  for (std::size_t i = 3; i < s.matches.size(); ++i) EXPECT_EQ(s.matches[i].field, "text");
}

TEST(Scorer, ReportsOverlappingMatchesOfDifferentTerms) {
  const Scorer scorer(LaiChau());
  const Score s = scorer.ScoreItem("", "tin giả mạo");
  EXPECT_EQ(Terms(s), (std::vector<std::string>{"false-info:tin giả", "response:tin giả",
                                                 "false-info:tin giả mạo"}));
  // tin giả and tin giả mạo are distinct terms of one rule: both count.
  EXPECT_DOUBLE_EQ(s.value, 7.0);
}

TEST(Scorer, IgnoresEmptyTermsAndEmptyFields) {
  config::Profile p = LaiChau();
  p.rules.push_back({"empty", "", 9.0, {"", " ... "}});
  const Scorer scorer(p);
  const Score s = scorer.ScoreItem("", "");
  EXPECT_TRUE(s.matches.empty());
  EXPECT_DOUBLE_EQ(s.value, 0.0);
  EXPECT_FALSE(s.candidate);
}

TEST(Scorer, KeepsWorkingAfterAMove) {
  Scorer first(LaiChau());
  Scorer second = std::move(first);
  EXPECT_TRUE(second.ScoreItem("Lai Châu", "").mentions_province);
}

}  // namespace
}  // namespace pw::analysis
