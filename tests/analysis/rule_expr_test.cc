#include "analysis/rule_expr.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pw::analysis {
namespace {

using ::testing::HasSubstr;

bool Matches(const std::string& expr, const std::string& title, const std::string& body = "") {
  auto e = RuleExpr::Parse(expr);
  EXPECT_TRUE(e.ok()) << expr << ": " << (e.ok() ? "" : e.error().message);
  if (!e.ok()) return false;
  return e->Evaluate({{"title", title}, {"body", body}}).matched;
}

TEST(RuleExpr, BareWordsFormOnePhraseMatchedOnSyllables) {
  EXPECT_TRUE(Matches("tin giả", "Cảnh báo TIN GIẢ về Lai Châu"));
  EXPECT_TRUE(Matches("\"tin giả\"", "Cảnh báo tin giả"));
  EXPECT_FALSE(Matches("tin giả", "tin giản lược"));          // syllable boundary
  EXPECT_FALSE(Matches("tin giả", "giả tin"));                  // order matters in a phrase
  EXPECT_TRUE(Matches("hòa bình", "Lễ hội hoà bình"));          // either tone placement
  EXPECT_TRUE(Matches("tin giả", "canh bao tin gia lan truyen"));  // accentless field
  EXPECT_FALSE(Matches("lai châu", "trở lại châu Âu"));         // no folding where accents exist
}

TEST(RuleExpr, BooleanOperatorsAndPrecedence) {
  EXPECT_TRUE(Matches("xuyên tạc AND chính sách", "Bài viết xuyên tạc", "về chính sách dân tộc"));
  EXPECT_FALSE(Matches("xuyên tạc AND chính sách", "Bài viết xuyên tạc"));
  EXPECT_TRUE(Matches("bịa đặt OR xuyên tạc", "Bài viết xuyên tạc"));
  EXPECT_FALSE(Matches("tin giả AND NOT không phải tin giả", "Đây không phải tin giả"));
  EXPECT_TRUE(Matches("tin giả AND NOT không phải tin giả", "Cảnh báo tin giả"));
  // AND binds tighter than OR.
  EXPECT_TRUE(Matches("deepfake OR tin giả AND Mường Tè", "Clip deepfake"));
  EXPECT_FALSE(Matches("(deepfake OR tin giả) AND Mường Tè", "Clip deepfake"));
}

TEST(RuleExpr, NearCountsTokensBetweenInEitherOrder) {
  const std::string text = "Thông tin xuyên tạc về chính sách hỗ trợ đồng bào";
  EXPECT_TRUE(Matches("xuyên tạc NEAR/1 chính sách", text));   // one token between: "về"
  EXPECT_TRUE(Matches("chính sách NEAR/1 xuyên tạc", text));
  EXPECT_FALSE(Matches("xuyên tạc NEAR/2 đồng bào", text));    // four tokens between
  EXPECT_TRUE(Matches("xuyên tạc NEAR/5 (đồng bào OR dân tộc)", text));
  EXPECT_FALSE(Matches("xuyên tạc NEAR/4 (đồng bào OR dân tộc)", text));
  // NEAR never crosses fields.
  EXPECT_FALSE(Matches("xuyên tạc NEAR/5 chính sách", "xuyên tạc", "chính sách"));
}

TEST(RuleExpr, FieldScopesRestrictWhereAPhraseCounts) {
  EXPECT_TRUE(Matches("title:\"đính chính\"", "Đính chính", "nội dung"));
  EXPECT_FALSE(Matches("title:\"đính chính\"", "Tin trong ngày", "Đính chính"));
  EXPECT_TRUE(Matches("body:(tin giả OR tin đồn)", "Tiêu đề", "bác bỏ tin đồn"));
  EXPECT_TRUE(Matches("tin giả AND NOT title:đính chính", "Cảnh báo", "tin giả, đính chính sau"));
}

TEST(RuleExpr, SpansPointAtTheOriginalWords) {
  auto e = RuleExpr::Parse("xuyên tạc NEAR/3 chính sách");
  ASSERT_TRUE(e.ok());
  const std::string body = "Bài viết XUYÊN TẠC\u00a0về chính sách.";
  auto r = e->Evaluate({{"title", "Cảnh giác"}, {"body", body}});
  ASSERT_TRUE(r.matched);
  ASSERT_EQ(r.spans.size(), 1u);
  EXPECT_EQ(r.spans[0].field, "body");
  EXPECT_EQ(body.substr(r.spans[0].start, r.spans[0].end - r.spans[0].start),
            "XUYÊN TẠC\u00a0về chính sách");
}

TEST(RuleExpr, ErrorsSayWhatAndWhere) {
  struct Case {
    const char* expr;
    const char* message;
  } cases[] = {
      {"tin giả AND", "column 12: the expression ends where a phrase was expected"},
      {"(tin giả OR bịa đặt", "expected ')'"},
      {"tin giả NEAR chính sách", "column 9: NEAR needs a distance from 1 to 50"},
      {"tin giả NEAR/99 x", "NEAR needs a distance"},
      {"\"tin giả", "column 1: a quote is not closed"},
      {"(a AND b) NEAR/2 c", "NEAR takes phrases"},
      {"tin giả )", "unexpected ')'"},
      {"\"...\"", "empty phrase"},
  };
  for (const auto& c : cases) {
    auto e = RuleExpr::Parse(c.expr);
    ASSERT_FALSE(e.ok()) << c.expr;
    EXPECT_THAT(e.error().message, HasSubstr(c.message)) << c.expr;
  }
}

}  // namespace
}  // namespace pw::analysis
