// Topics and agencies, boolean expressions, negation and refutation cues,
// province relevance by position, and i/y folding in the scorer
// (analysis/scorer.h), with hand-made profiles and the bundled ones.
#include <gtest/gtest.h>

#include <numeric>
#include <string>

#include "analysis/normalizer.h"
#include "analysis/rule_expr.h"
#include "analysis/scorer.h"
#include "config/bundled.h"

namespace pw::analysis {
namespace {

config::Rule MakeRule(std::string id, double weight, std::vector<std::string> terms,
                      std::string agency = "van-phong-ubnd") {
  config::Rule r;
  r.id = id;
  r.topic = "topic " + id;
  r.weight = weight;
  r.terms = std::move(terms);
  r.agency = std::move(agency);
  return r;
}

config::Profile Base() {
  config::Profile p;
  p.id = "lai-chau";
  p.name = "Lai Châu";
  p.names = {"Lai Châu"};
  p.places = {"Mường Tè"};
  p.threshold = 5.0;
  return p;
}

double SumOfWeights(const Score& s) {
  return std::accumulate(s.matches.begin(), s.matches.end(), 0.0,
                         [](double acc, const Match& m) { return acc + m.weight; });
}

std::string Visible(std::string_view original, const Match& m) {
  return std::string(original.substr(m.start, m.end - m.start));
}

const Match* FindMatch(const Score& s, std::string_view rule, std::string_view term) {
  for (const auto& m : s.matches) {
    if (m.rule == rule && m.term == term) return &m;
  }
  return nullptr;
}

// ---- topics and routing ----

TEST(ScorerTopics, ListsMatchedTopicsStrongestFirstWithTheirAgencies) {
  config::Profile p = Base();
  p.rules = {MakeRule("land", 1.0, {"thu hồi đất", "đền bù"}, "nong-nghiep-moi-truong"),
             MakeRule("distortion", 5.0, {"xuyên tạc"}, "cong-an"),
             MakeRule("unused", 9.0, {"không có trong bài"})};
  const Scorer scorer(p);
  const Score s = scorer.ScoreItem("Lai Châu: xuyên tạc việc thu hồi đất",
                                   "Tin xuyên tạc nói tiền đền bù bị cắt xén.");
  ASSERT_EQ(s.topics.size(), 2u);
  EXPECT_EQ(s.topics[0].rule, "distortion");
  EXPECT_EQ(s.topics[0].agency, "cong-an");
  EXPECT_EQ(s.topics[0].label, "topic distortion");
  EXPECT_DOUBLE_EQ(s.topics[0].weight, 5.0);  // the repeat in the text adds nothing
  EXPECT_EQ(s.topics[1].rule, "land");
  EXPECT_EQ(s.topics[1].agency, "nong-nghiep-moi-truong");
  EXPECT_DOUBLE_EQ(s.topics[1].weight, 2.0);
  EXPECT_FALSE(s.refutation);
  EXPECT_DOUBLE_EQ(s.value, 7.0);
}

// ---- expressions ----

TEST(ScorerExpressions, AddsTheRuleWeightOnceAndExplainsEverySpan) {
  config::Profile p = Base();
  config::Rule r = MakeRule("border-rumour", 2.0, {}, "bien-phong");
  r.expressions = {"vượt biên NEAR/3 (tin đồn OR lôi kéo)"};
  p.rules = {r};
  const Scorer scorer(p);
  const std::string text = "Tin đồn về vượt biên ở xã Mường Tè, tỉnh Lai Châu; lôi kéo vượt biên là sai.";
  const Score s = scorer.ScoreItem("", text);
  std::vector<const Match*> spans;
  for (const auto& m : s.matches) {
    if (m.rule == "border-rumour") spans.push_back(&m);
  }
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0]->term, r.expressions[0]);
  EXPECT_EQ(spans[0]->field, "text");
  EXPECT_EQ(Visible(text, *spans[0]), "Tin đồn về vượt biên");
  EXPECT_EQ(Visible(text, *spans[1]), "lôi kéo vượt biên");
  EXPECT_DOUBLE_EQ(spans[0]->weight, 2.0);
  EXPECT_DOUBLE_EQ(spans[1]->weight, 0.0);
  EXPECT_DOUBLE_EQ(s.value, 2.0);
  EXPECT_DOUBLE_EQ(SumOfWeights(s), s.value);
  ASSERT_EQ(s.topics.size(), 1u);
  EXPECT_EQ(s.topics[0].agency, "bien-phong");
}

TEST(ScorerExpressions, FieldScopesSeeTitleSummaryAndBodyApart) {
  config::Profile p = Base();
  config::Rule r = MakeRule("title-fake", 5.0, {});
  r.expressions = {"title:\"tin giả\" AND NOT body:\"đính chính\""};
  p.rules = {r};
  const Scorer scorer(p);
  EXPECT_DOUBLE_EQ(scorer.ScoreItem(ItemText{"Tin giả về Lai Châu", "", ""}).value, 5.0);
  EXPECT_DOUBLE_EQ(scorer.ScoreItem(ItemText{"Lai Châu", "tin giả", ""}).value, 0.0);
  EXPECT_DOUBLE_EQ(
      scorer.ScoreItem(ItemText{"Tin giả về Lai Châu", "", "Báo xin đính chính."}).value, 0.0);
  const Score summary = scorer.ScoreItem(ItemText{"Tin giả", "Lai Châu", "nội dung"});
  ASSERT_FALSE(summary.matches.empty());
  EXPECT_EQ(summary.matches[0].field, "title");
  EXPECT_EQ(FindMatch(summary, "province", "Lai Châu")->field, "summary");

  // The two-field call's "text" is both summary and body.
  config::Rule body = MakeRule("body-fake", 5.0, {});
  body.expressions = {"body:\"tin giả\""};
  p.rules = {body};
  EXPECT_DOUBLE_EQ(Scorer(p).ScoreItem("Lai Châu", "đây là tin giả").value, 5.0);
}

TEST(ScorerExpressions, AgreesWithTheExpressionsOwnScanner) {
  const std::vector<std::string> exprs = {
      "xuyên tạc NEAR/5 (chính sách OR dân tộc)", "tin giả AND NOT title:\"đính chính\"",
      "(bịa đặt OR cắt ghép) AND \"Lai Châu\"", "kĩ thuật", "NOT xuyên tạc"};
  const std::string title = "Lai Châu: clip cắt ghép về chính sách", body =
      "Bài viết xuyên tạc chính sách dân tộc, tung tin giả; lỗi kỹ thuật.";
  config::Profile p = Base();
  for (std::size_t i = 0; i < exprs.size(); ++i) {
    config::Rule r = MakeRule("e" + std::to_string(i), 1.0, {});
    r.expressions = {exprs[i]};
    p.rules.push_back(r);
  }
  const Score s = Scorer(p).ScoreItem(ItemText{title, "", body});
  for (std::size_t i = 0; i < exprs.size(); ++i) {
    auto expr = RuleExpr::Parse(exprs[i]);
    ASSERT_TRUE(expr.ok()) << exprs[i];
    const ExprResult alone = expr->Evaluate({{"title", title}, {"summary", ""}, {"body", body}});
    std::size_t spans = 0;
    bool matched = false;
    for (const auto& m : s.matches) {
      if (m.rule != "e" + std::to_string(i)) continue;
      matched = true;
      spans += m.field.empty() ? 0 : 1;
    }
    EXPECT_EQ(matched, alone.matched) << exprs[i];
    EXPECT_EQ(spans, alone.spans.size()) << exprs[i];
  }
}

TEST(ScorerExpressions, CompileNamesTheRuleFileLineAndColumnOfABadExpression) {
  config::Profile p = Base();
  config::Rule r = MakeRule("bad", 1.0, {});
  r.expressions = {"tin giả", "xuyên tạc NEAR chính sách"};
  r.where = "draft.toml:7: rules[1].expressions";
  p.rules = {r};
  auto scorer = Scorer::Compile(p);
  ASSERT_FALSE(scorer.ok());
  EXPECT_EQ(scorer.error().message,
            "draft.toml:7: rules[1].expressions[2]: column 11: NEAR needs a distance from 1 to 50, "
            "like NEAR/5");
  // The lenient constructor skips it and keeps the good one.
  EXPECT_DOUBLE_EQ(Scorer(p).ScoreItem("Lai Châu", "tin giả").value, 1.0);
}

// ---- negation and refutation ----

TEST(ScorerCues, NegationKeepsTheTermInsideFromCounting) {
  config::Profile p = Base();
  config::Rule neg = MakeRule("negation", 0.0, {"không phải tin giả"});
  neg.cue = config::Cue::kNegation;
  p.rules = {MakeRule("false-info", 5.0, {"tin giả"}), neg};
  const Scorer scorer(p);
  const Score s = scorer.ScoreItem("Lai Châu", "Đây không phải tin giả, clip quay thật.");
  const Match* m = FindMatch(s, "false-info", "tin giả");
  ASSERT_NE(m, nullptr);
  EXPECT_DOUBLE_EQ(m->weight, 0.0);
  EXPECT_EQ(m->covered_by, "không phải tin giả");
  EXPECT_DOUBLE_EQ(s.value, 0.0);
  EXPECT_FALSE(s.candidate);
  EXPECT_FALSE(s.refutation);

  // A second, bare "tin giả" elsewhere still counts.
  const Score both = scorer.ScoreItem("Lai Châu", "Không phải tin giả. Nhưng tin giả khác thì có.");
  EXPECT_DOUBLE_EQ(both.value, 5.0);
}

TEST(ScorerCues, NegationKeepsAnExpressionLeafInsideFromCounting) {
  config::Profile p = Base();
  config::Rule neg = MakeRule("negation", 0.0, {"không phải tin giả"});
  neg.cue = config::Cue::kNegation;
  config::Rule clip = MakeRule("fake-clip", 5.0, {});
  clip.expressions = {"tin giả NEAR/6 clip"};
  p.rules = {clip, neg};
  const Scorer scorer(p);
  const Score s = scorer.ScoreItem("Lai Châu", "Đây không phải tin giả, clip quay thật.");
  const Match* m = FindMatch(s, "fake-clip", clip.expressions[0]);
  ASSERT_NE(m, nullptr);
  EXPECT_DOUBLE_EQ(m->weight, 0.0);
  EXPECT_EQ(m->covered_by, "không phải tin giả");
  EXPECT_DOUBLE_EQ(s.value, 0.0);
  for (const auto& t : s.topics) EXPECT_NE(t.rule, "fake-clip");

  // A bare occurrence near the clip still makes the expression hold.
  const Score bare = scorer.ScoreItem("Lai Châu", "Không phải tin giả. Nhưng tin giả về clip thì có.");
  EXPECT_DOUBLE_EQ(bare.value, 5.0);
  const Match* counted = FindMatch(bare, "fake-clip", clip.expressions[0]);
  ASSERT_NE(counted, nullptr);
  EXPECT_TRUE(counted->covered_by.empty());
}

TEST(ScorerCues, RefutationIsRelevantButMarkedAsAResponse) {
  auto profile = config::BundledProfile("lai-chau");
  ASSERT_TRUE(profile.ok()) << profile.error().message;
  const Scorer scorer(*profile);
  const Score s = scorer.ScoreItem("Lai Châu bác bỏ tin đồn về dịch bệnh", "");
  EXPECT_TRUE(s.candidate);
  EXPECT_TRUE(s.refutation);
  ASSERT_FALSE(s.topics.empty());
  EXPECT_EQ(s.topics[0].rule, "refutation");
  EXPECT_TRUE(s.topics[0].refutation);
  EXPECT_EQ(s.topics[0].agency, "van-phong-ubnd");
  const Match* rumour = FindMatch(s, "false-info", "tin đồn");
  ASSERT_NE(rumour, nullptr);
  EXPECT_EQ(rumour->covered_by, "bác bỏ tin đồn");
  for (const auto& t : s.topics) EXPECT_NE(t.rule, "false-info");
}

TEST(ScorerCues, BundledNegationDoesNotCountTinGia) {
  auto profile = config::BundledProfile("lai-chau");
  ASSERT_TRUE(profile.ok());
  const Scorer scorer(*profile);
  const Score s = scorer.ScoreItem("Lai Châu: clip lũ quét không phải tin giả", "");
  EXPECT_FALSE(s.candidate);
  EXPECT_EQ(FindMatch(s, "false-info", "tin giả")->covered_by, "không phải tin giả");
}

// The misleading terms of default.toml, each in a real-looking sentence.
TEST(ScorerCues, BundledTrapsStillKeepHarmlessItemsBelowTheThreshold) {
  auto profile = config::BundledProfile("lai-chau");
  ASSERT_TRUE(profile.ok());
  const Scorer scorer(*profile);
  const std::vector<std::pair<std::string, std::string>> harmless = {
      {"Lai Châu: xin đính chính", "Bài viết hôm qua ghi nhầm ngày khánh thành do lỗi đánh máy."},
      {"Lai Châu hướng dẫn thủ tục cải chính hộ tịch",
       "Người dân cần mang giấy khai sinh khi làm thủ tục cải chính."},
      {"Ca sĩ quê Lai Châu lên tiếng về tin đồn hẹn hò", "Nữ ca sĩ nói chỉ là bạn bè."},
  };
  for (const auto& [title, text] : harmless) {
    const Score s = scorer.ScoreItem(title, text);
    EXPECT_TRUE(s.mentions_province) << title;
    EXPECT_FALSE(s.candidate) << title << " scored " << s.value;
    EXPECT_LT(s.value, profile->threshold) << title;
  }
}

// ---- English ----

TEST(ScorerEnglish, AnEnglishArticleAboutLaiChauWithFabricatedIsACandidate) {
  auto profile = config::BundledProfile("lai-chau");
  ASSERT_TRUE(profile.ok());
  const Scorer scorer(*profile);
  const Score s = scorer.ScoreItem(
      "Officials in Lai Chau province say flood video was fabricated",
      "The clip, shared widely on social media, shows a landslide recorded elsewhere in 2019.");
  EXPECT_TRUE(s.mentions_province);
  EXPECT_TRUE(s.candidate);
  ASSERT_FALSE(s.topics.empty());
  EXPECT_EQ(s.topics[0].rule, "en-false-info");
  bool disasters = false;
  for (const auto& t : s.topics) disasters = disasters || t.agency == "phong-chong-thien-tai";
  EXPECT_TRUE(disasters);

  const Score gossip = scorer.ScoreItem("Singer from Lai Chau province laughs off dating rumours", "");
  EXPECT_FALSE(gossip.candidate);
}

// ---- province relevance ----

TEST(ScorerRelevance, OneMentionDeepInALongBodyScoresLowerThanTheProvinceInTheTitle) {
  config::Profile p = Base();
  p.rules = {MakeRule("false-info", 5.0, {"tin giả"}), MakeRule("harm", 3.5, {"hoang mang"})};
  const Scorer scorer(p);
  std::string filler;
  while (filler.size() < 1200) filler += "Thời tiết hôm nay nắng nhẹ, gió nhẹ. ";
  const std::string deep = "Tin giả gây hoang mang. " + filler + "Chuyện xảy ra ở Lai Châu.";
  const Score in_title = scorer.ScoreItem("Tin giả ở Lai Châu gây hoang mang", filler);
  const Score in_body = scorer.ScoreItem("", deep);
  EXPECT_DOUBLE_EQ(in_title.value, 8.5);
  EXPECT_DOUBLE_EQ(in_title.relevance, 1.0);
  EXPECT_TRUE(in_body.mentions_province);
  EXPECT_DOUBLE_EQ(in_body.relevance, 0.4);
  EXPECT_NEAR(in_body.value, 8.5 * 0.4, 1e-9);
  EXPECT_LT(in_body.value, in_title.value);
  EXPECT_FALSE(in_body.candidate);
  EXPECT_DOUBLE_EQ(SumOfWeights(in_body), in_body.value);
  const Match& adjust = in_body.matches.back();
  EXPECT_EQ(adjust.rule, "relevance");
  EXPECT_EQ(Visible(deep, adjust), "Lai Châu");
  EXPECT_NEAR(adjust.weight, -8.5 * 0.6, 1e-9);

  // In the lead (the first sentence) the mention weighs fully; three deep
  // mentions together weigh as much as one in the title.
  const Score lead = scorer.ScoreItem("", "Tin giả ở Lai Châu gây hoang mang. " + filler);
  EXPECT_DOUBLE_EQ(lead.value, 8.5);
  const Score three = scorer.ScoreItem(
      "", deep + " Lai Châu đã xác minh. Mường Tè cũng vậy.");
  EXPECT_DOUBLE_EQ(three.relevance, 1.0);
  EXPECT_DOUBLE_EQ(three.value, 8.5);
}

TEST(ScorerRelevance, LeavesItemsWithoutAMentionAtTheirRawScore) {
  config::Profile p = Base();
  p.rules = {MakeRule("false-info", 5.0, {"tin giả"})};
  const Score s = Scorer(p).ScoreItem("Tin giả ở Hà Nội", "");
  EXPECT_DOUBLE_EQ(s.value, 5.0);
  EXPECT_FALSE(s.candidate);
  EXPECT_DOUBLE_EQ(s.relevance, 1.0);
}

// ---- i/y ----

TEST(ScorerIY, MatchesEitherSpellingOfAFinalIOrY) {
  config::Profile p = Base();
  p.rules = {MakeRule("tech", 1.0, {"kỹ thuật"}), MakeRule("quarter", 1.0, {"quí"}),
             MakeRule("law", 1.0, {"lý do"})};
  const Scorer scorer(p);
  EXPECT_DOUBLE_EQ(scorer.ScoreItem("", "lỗi kĩ thuật").value, 1.0);
  EXPECT_DOUBLE_EQ(scorer.ScoreItem("", "lỗi kỹ thuật").value, 1.0);
  EXPECT_DOUBLE_EQ(scorer.ScoreItem("", "trong quý ba").value, 1.0);
  EXPECT_DOUBLE_EQ(scorer.ScoreItem("", "trong qúy ba").value, 1.0);
  EXPECT_DOUBLE_EQ(scorer.ScoreItem("", "vì lí do riêng").value, 1.0);
  EXPECT_DOUBLE_EQ(scorer.ScoreItem("", "loi ki thuat").value, 1.0);  // typed without accents
  const std::string text = "lỗi kĩ thuật";
  const Score s = scorer.ScoreItem("", text);
  EXPECT_EQ(Visible(text, s.matches[0]), "kĩ thuật");
}

TEST(NormalizerIY, FoldsOnlyAFinalYAfterAConsonantOnset) {
  const NormalizeOptions iy{.fold_iy = true};
  EXPECT_EQ(Normalize("Kỹ thuật Mỹ Tho quý lý", iy).text, "kĩ thuật mĩ tho quí lí");
  EXPECT_EQ(Normalize("thủy tay ý yêu city my", iy).text, "thủy tay ý yêu city mi");
  EXPECT_EQ(Normalize("ky thuat", {.fold_accents = true, .fold_iy = true}).text, "ki thuat");
  EXPECT_EQ(Normalize("Kỹ thuật").text, "kỹ thuật");  // off by default
}

}  // namespace
}  // namespace pw::analysis
