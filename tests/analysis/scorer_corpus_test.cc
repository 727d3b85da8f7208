// The scorer against real articles: ../shared/corpus/vn-news-corpus/
// province-mentions.jsonl lists every article of that corpus that names one
// of the five seed provinces with diacritics, or only after stripping them
// (all such extra hits were checked by hand and are false positives).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "analysis/scorer.h"

namespace pw::analysis {
namespace {

struct Province {
  std::string name;
  std::vector<std::string> spellings;
};

std::string JoinStrings(const nlohmann::json& record) {
  std::string text;
  for (const auto& [key, value] : record.items()) {
    if (!value.is_string()) continue;
    text += value.get<std::string>();
    text += '\n';
  }
  return text;
}

TEST(ScorerCorpus, FindsExactlyTheProvincesRealArticlesNameWithDiacritics) {
  std::ifstream in(PW_SHARED_DIR "/corpus/vn-news-corpus/province-mentions.jsonl");
  ASSERT_TRUE(in) << "province-mentions.jsonl not found";
  const std::vector<Province> provinces = {
      {"Lai Châu", {"Lai Châu", "Lai Chau"}},
      {"Bắc Kạn", {"Bắc Kạn", "Bắc Cạn", "Bac Kan"}},
      {"Phú Thọ", {"Phú Thọ", "Phu Tho"}},
      {"Sóc Trăng", {"Sóc Trăng", "Soc Trang"}},
      {"Vĩnh Long", {"Vĩnh Long", "Vinh Long"}},
  };
  std::vector<Scorer> scorers;
  for (const auto& p : provinces) {
    config::Profile profile;
    profile.name = p.name;
    profile.names = p.spellings;
    scorers.emplace_back(profile);
  }

  std::string line;
  int records = 0, false_positives_avoided = 0;
  while (std::getline(in, line)) {
    const auto row = nlohmann::json::parse(line);
    const auto expected = row.at("provinces_with_diacritics").get<std::vector<std::string>>();
    const auto loose = row.at("provinces_without_diacritics_match").get<std::vector<std::string>>();
    const std::string text = JoinStrings(row.at("record"));
    ++records;
    for (std::size_t i = 0; i < provinces.size(); ++i) {
      const bool want =
          std::find(expected.begin(), expected.end(), provinces[i].name) != expected.end();
      const bool got = scorers[i].ScoreItem("", text).mentions_province;
      EXPECT_EQ(got, want) << row.at("source_file").get<std::string>() << " #"
                           << row.at("index") << " " << provinces[i].name;
      if (!want && std::find(loose.begin(), loose.end(), provinces[i].name) != loose.end()) {
        ++false_positives_avoided;
      }
    }
  }
  EXPECT_GT(records, 50);
  EXPECT_GT(false_positives_avoided, 5);
}

}  // namespace
}  // namespace pw::analysis
