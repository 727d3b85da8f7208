// The generated gazetteer (config/gazetteer/, scripts/gen-gazetteer) with the
// bundled profiles: what counts as a mention of each covered territory, the
// ambiguous names and the exclusion contexts, and that the committed files
// are what the generator writes today.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "analysis/scorer.h"
#include "config/bundled.h"
#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"

namespace pw::analysis {
namespace {

using ::testing::Contains;

config::Profile Bundled(const std::string& id) {
  auto p = config::BundledProfile(id);
  EXPECT_TRUE(p.ok()) << p.error().message;
  return p.ok() ? *p : config::Profile{};
}

bool Mentions(const std::string& id, const std::string& text, const std::string& title = "") {
  const Scorer scorer(Bundled(id));
  return scorer.ScoreItem(title, text).mentions_province;
}

std::vector<std::string> RulesOf(const Score& s, std::string_view term) {
  std::vector<std::string> rules;
  for (const auto& m : s.matches) {
    if (m.term == term) rules.push_back(m.rule);
  }
  return rules;
}

bool HasAmbiguous(const config::Profile& p, std::string_view name) {
  return std::any_of(p.ambiguous.begin(), p.ambiguous.end(),
                     [&](const auto& a) { return a.name == name; });
}

TEST(Gazetteer, EveryBundledProfileLoadsWithItsGeneratedGazetteer) {
  // Units since 1 July 2025 in the covered territory (dvhcvn/20250701 merges.json,
  // with the two Cần Thơ units the resolution puts outside the former Sóc Trăng).
  const std::vector<std::pair<std::string, std::size_t>> units = {
      {"lai-chau", 38}, {"bac-kan", 37}, {"phu-tho", 148}, {"soc-trang", 43}, {"vinh-long", 124}};
  for (const auto& [id, count] : units) {
    const config::Profile p = Bundled(id);
    EXPECT_EQ(p.units.size(), count) << id;
    EXPECT_GE(p.places.size(), 15u) << id;
    EXPECT_FALSE(p.ambiguous.empty()) << id;
    EXPECT_FALSE(p.former_districts.empty()) << id;
    EXPECT_GE(p.former_units.size(), 100u) << id;
    for (const auto& f : p.former_units) {
      EXPECT_FALSE(f.now.empty()) << id << ": " << f.name << " became nothing";
    }
  }
}

TEST(Gazetteer, KeepsTheSpellingAliasesAndEnglishFormsOfTheProvinceNames) {
  const config::Profile bk = Bundled("bac-kan");
  EXPECT_THAT(bk.names, Contains("Bắc Cạn"));
  EXPECT_THAT(bk.names, Contains("Bac Can province"));
  EXPECT_THAT(Bundled("vinh-long").names, Contains("Vinh Long province"));
  EXPECT_TRUE(Mentions("bac-kan", "Mưa lũ ở Bắc Cạn"));
  EXPECT_TRUE(Mentions("bac-kan", "Floods in Bac Kan province"));
}

TEST(Gazetteer, MapsAFormerCommuneToTheUnitItBecame) {
  const config::Profile p = Bundled("lai-chau");
  const auto it = std::find_if(p.former_units.begin(), p.former_units.end(),
                               [](const auto& f) { return f.name == "Xã Bum Tở"; });
  ASSERT_NE(it, p.former_units.end());
  EXPECT_EQ(it->district, "Huyện Mường Tè");
  EXPECT_THAT(it->now, Contains("Xã Bum Tở"));
}

TEST(Gazetteer, FormerProvinceMergedInIsAMentionOfTheProvinceThatTookItIn) {
  EXPECT_TRUE(Mentions("vinh-long", "Nông dân Bến Tre thu hoạch dừa"));
  EXPECT_TRUE(Mentions("phu-tho", "Du lịch Hòa Bình hút khách"));
}

TEST(Gazetteer, TheProvinceNowContainingAFormerTerritoryIsNoMentionAlone) {
  EXPECT_FALSE(Mentions("bac-kan", "Thái Nguyên khai trương tuyến đường mới"));
  EXPECT_FALSE(Mentions("soc-trang", "Hậu Giang thu hoạch lúa sớm"));
  EXPECT_FALSE(Mentions("soc-trang", "Thành phố Cần Thơ đón khách du lịch"));
}

TEST(Gazetteer, FormerDistrictsThePressStillNamesAreMentions) {
  EXPECT_TRUE(Mentions("lai-chau", "Sạt lở ở huyện Mường Tè"));
  EXPECT_TRUE(Mentions("bac-kan", "Người dân Chợ Đồn trồng rừng"));
  EXPECT_TRUE(Mentions("soc-trang", "Lúa ở Kế Sách được mùa"));
}

TEST(Gazetteer, AmbiguousNameAloneIsNoMentionAndIsReportedAsUnconfirmed) {
  const config::Profile p = Bundled("lai-chau");
  ASSERT_TRUE(HasAmbiguous(p, "Tân Uyên"));
  const Scorer scorer(p);
  const Score s = scorer.ScoreItem("", "Khu công nghiệp ở Tân Uyên tuyển thêm công nhân");
  EXPECT_FALSE(s.mentions_province);
  EXPECT_EQ(RulesOf(s, "Tân Uyên"), std::vector<std::string>{"place-unconfirmed"});
  EXPECT_DOUBLE_EQ(s.value, 0);
}

TEST(Gazetteer, AmbiguousNameCountsWithAQualifier) {
  const Scorer scorer(Bundled("lai-chau"));
  for (const std::string text : {"Mưa đá ở huyện Tân Uyên, tỉnh Lai Châu",
                                 "Mưa đá ở Tân Uyên (Lai Châu)", "Mưa đá ở Tân Uyên, Lai Châu"}) {
    const Score s = scorer.ScoreItem("", text);
    EXPECT_TRUE(s.mentions_province) << text;
    EXPECT_EQ(RulesOf(s, "Tân Uyên"), std::vector<std::string>{"place"}) << text;
  }
}

TEST(Gazetteer, AmbiguousNameCountsNextToAnUnambiguousPlaceOfTheSameProvince) {
  const Scorer scorer(Bundled("lai-chau"));
  const Score s = scorer.ScoreItem("Mưa đá ở Tân Uyên", "Thiệt hại cả ở Mường Tè.");
  EXPECT_TRUE(s.mentions_province);
  EXPECT_EQ(RulesOf(s, "Tân Uyên"), std::vector<std::string>{"place"});
}

TEST(Gazetteer, ContainingProvinceQualifiesAnAmbiguousNameOfTheFormerTerritory) {
  const config::Profile p = Bundled("bac-kan");
  ASSERT_TRUE(HasAmbiguous(p, "Chợ Mới"));
  const Scorer scorer(p);
  EXPECT_FALSE(scorer.ScoreItem("", "Chợ Mới mùa nước nổi").mentions_province);
  EXPECT_TRUE(scorer.ScoreItem("", "Xã Chợ Mới, tỉnh Thái Nguyên trồng rừng").mentions_province);
}

TEST(Gazetteer, ContainingProvinceDoesNotQualifyANameItHasTwice) {
  // Châu Thành: a commune of the former Sóc Trăng and one in the rest of Cần Thơ.
  const config::Profile p = Bundled("soc-trang");
  const auto it = std::find_if(p.ambiguous.begin(), p.ambiguous.end(),
                               [](const auto& a) { return a.name == "Châu Thành"; });
  ASSERT_NE(it, p.ambiguous.end());
  EXPECT_FALSE(it->qualifiable);
  const Scorer scorer(p);
  EXPECT_FALSE(scorer.ScoreItem("", "Xã Châu Thành, TP Cần Thơ").mentions_province);
  EXPECT_TRUE(scorer.ScoreItem("", "Xã Châu Thành (Sóc Trăng cũ)").mentions_province);
}

TEST(Gazetteer, ExclusionContextsKeepHoChiMinhCityPlacesCalledPhuThoOut) {
  const Scorer scorer(Bundled("phu-tho"));
  for (const std::string text :
       {"Trường đua Phú Thọ sẽ thành công viên", "Khán giả đến nhà thi đấu Phú Thọ xem bóng chuyền",
        "Cháy nhà ở phường Phú Thọ, Thành phố Hồ Chí Minh", "phường Phú Thọ (quận 11 cũ, TP.HCM)",
        "Giá nhà ở phường Phú Thọ Hòa tăng", "truong dua Phu Tho dong cua"}) {
    const Score s = scorer.ScoreItem("", text);
    EXPECT_FALSE(s.mentions_province) << text;
    const auto rules = RulesOf(s, "Phú Thọ");
    EXPECT_FALSE(rules.empty()) << text << ": the set-aside name is still explained";
    for (const auto& r : rules) EXPECT_EQ(r, "place-unconfirmed") << text;
  }
  EXPECT_TRUE(scorer.ScoreItem("", "Phường Phú Thọ, tỉnh Phú Thọ làm đường").mentions_province);
  EXPECT_TRUE(scorer.ScoreItem("", "Lũ ở Phú Thọ").mentions_province);
}

TEST(Gazetteer, ExclusionsAndAmbiguousNamesCanBeGivenInAProfileFileOfOnesOwn) {
  auto p = config::ParseProfile(R"(
id = "x"
name = "Lai Châu"
names = ["Lai Châu"]
qualifiers = ["Tây Bắc"]
[[ambiguous]]
name = "Tân Uyên"
why = "also in Hồ Chí Minh City"
[[exclude]]
name = "Lai Châu"
before = ["khách sạn"]
)",
                                "own.toml");
  ASSERT_TRUE(p.ok()) << p.error().message;
  const Scorer scorer(*p);
  EXPECT_TRUE(scorer.ScoreItem("", "Tân Uyên, Tây Bắc").mentions_province);
  EXPECT_FALSE(scorer.ScoreItem("", "Tân Uyên").mentions_province);
  EXPECT_FALSE(scorer.ScoreItem("", "Khách sạn Lai Châu ở Hà Nội").mentions_province);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(GazetteerGenerator, WritesTheCommittedFilesAgainAndItsCheckAgrees) {
  // Two runs (one writing, one --check) that both equal the committed files:
  // the output is deterministic and the committed gazetteer is current.
  const std::string script = std::string(PW_SOURCE_DIR) + "/scripts/gen-gazetteer";
  pw::testing::TempDir dir;
  const auto r = pw::testing::Run({script, "--out", dir.Sub("out")}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const std::string id : {"lai-chau", "bac-kan", "phu-tho", "soc-trang", "vinh-long"}) {
    const std::string fresh = ReadAll(dir.Sub("out/" + id + ".toml"));
    EXPECT_FALSE(fresh.empty()) << id;
    EXPECT_EQ(fresh, ReadAll(std::string(PW_SOURCE_DIR) + "/config/gazetteer/" + id + ".toml"))
        << "config/gazetteer/" << id << ".toml is stale: run scripts/gen-gazetteer";
  }
  const auto check = pw::testing::Run({script, "--check"}, dir.path());
  EXPECT_EQ(check.exit_code, 0) << check.err;
}

}  // namespace
}  // namespace pw::analysis
