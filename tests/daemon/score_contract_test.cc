// The five bundled profiles against their labelled examples
// (tests/data/score/<profile>.jsonl, written for the project): each line says
// whether the item mentions the province and whether it is a candidate, and
// optionally whether it is an official refutation and an agency it routes to.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "analysis/scorer.h"
#include "config/bundled.h"
#include "daemon/score_command.h"

namespace pw::daemon {
namespace {

class BundledProfileScoring : public ::testing::TestWithParam<std::string> {};

TEST_P(BundledProfileScoring, AgreesWithEveryLabelledExample) {
  const std::string id = GetParam();
  auto profile = config::BundledProfile(id);
  ASSERT_TRUE(profile.ok()) << profile.error().message;
  analysis::Scorer scorer(*profile);

  std::ifstream in(std::string(PW_SOURCE_DIR) + "/tests/data/score/" + id + ".jsonl");
  ASSERT_TRUE(in) << "no labelled examples for " << id;
  int lines = 0, candidates = 0, non_candidates = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    ++lines;
    const auto example = nlohmann::json::parse(line);
    bool error = true;
    const auto out = nlohmann::json::parse(ScoreLine(line, scorer, error));
    ASSERT_FALSE(error) << line;
    EXPECT_EQ(out["id"], example["id"]);
    const std::string why = example.value("note", "") + "\n  " + out.dump();
    EXPECT_EQ(out["mentions_province"].get<bool>(), example["expect_mention"].get<bool>())
        << id << " " << example["id"] << ": " << why;
    EXPECT_EQ(out["candidate"].get<bool>(), example["expect_candidate"].get<bool>())
        << id << " " << example["id"] << ": " << why;
    // Optional labels: an official refutation, and an agency among the topics.
    if (example.contains("expect_refutation")) {
      EXPECT_EQ(out["refutation"].get<bool>(), example["expect_refutation"].get<bool>())
          << id << " " << example["id"] << ": " << why;
    }
    if (example.contains("expect_agency")) {
      bool routed = false;
      for (const auto& t : out["topics"]) routed = routed || t["agency"] == example["expect_agency"];
      EXPECT_TRUE(routed) << id << " " << example["id"] << ": no topic for "
                          << example["expect_agency"] << ": " << why;
    }
    (example["expect_candidate"].get<bool>() ? candidates : non_candidates)++;
  }
  EXPECT_GE(lines, 10);
  EXPECT_GE(candidates, 3) << "each profile needs positive examples";
  EXPECT_GE(non_candidates, 3) << "each profile needs negative examples";
}

TEST(ScoreLine, KeepsSummaryAndBodyApartWhenGivenAndAddsTopics) {
  config::Profile profile;
  profile.names = {"Lai Châu"};
  config::Rule rule;
  rule.id = "title-fake";
  rule.weight = 5;
  rule.agency = "cong-an";
  rule.expressions = {"title:\"tin giả\" AND summary:\"Lai Châu\""};
  profile.rules = {rule};
  const analysis::Scorer scorer(profile);
  bool error = true;
  auto out = nlohmann::json::parse(ScoreLine(
      R"({"id":"s","title":"Tin giả","summary":"Lai Châu","body":"nội dung"})", scorer, error));
  ASSERT_FALSE(error);
  EXPECT_TRUE(out["candidate"].get<bool>());
  EXPECT_EQ(out["matches"][1]["field"], "summary");
  ASSERT_EQ(out["topics"].size(), 1u);
  EXPECT_EQ(out["topics"][0]["agency"], "cong-an");
  EXPECT_FALSE(out["refutation"].get<bool>());
  // In the two-field form "text" stands for summary and body, and matches say "text".
  out = nlohmann::json::parse(
      ScoreLine(R"({"id":"t","title":"Tin giả","text":"Lai Châu"})", scorer, error));
  EXPECT_TRUE(out["candidate"].get<bool>());
  EXPECT_EQ(out["matches"][1]["field"], "text");
  out = nlohmann::json::parse(
      ScoreLine(R"({"id":"u","title":"Tin giả","body":"Lai Châu"})", scorer, error));
  EXPECT_FALSE(out["candidate"].get<bool>()) << "a body is no summary";
}

INSTANTIATE_TEST_SUITE_P(FiveProvinces, BundledProfileScoring,
                         ::testing::Values("lai-chau", "bac-kan", "phu-tho", "soc-trang",
                                           "vinh-long"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) c = c == '-' ? '_' : c;
                           return name;
                         });

}  // namespace
}  // namespace pw::daemon
