#include "config/bundled.h"
#include "config/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace pw::config {
namespace {

using ::testing::HasSubstr;
using pw::testing::TempDir;
using pw::testing::WriteFile;

constexpr const char* kProfile = R"(
id = "test-province"
name = "Tỉnh Thử"
threshold = 4
names = ["Tỉnh Thử", "Tinh Thu"]
places = ["Mường Tè"]
[[rules]]
id = "false-info"
topic = "Thông tin sai sự thật"
weight = 3
terms = ["sai sự thật", "tin giả"]
)";

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override { WriteFile(dir.Sub("profile.toml"), kProfile); }
  Result<Config> Load(const std::string& text) {
    WriteFile(dir.Sub("provwatch.toml"), text);
    return LoadConfig(dir.Sub("provwatch.toml"));
  }
  TempDir dir;
};

TEST_F(ConfigTest, ReadsSourcesProfileAndResolvesRelativePaths) {
  auto cfg = Load(R"(profile_file = "profile.toml"
data_dir = "data"
threshold = 6
[[sources]]
id = "local"
path = "feeds/a.xml"
interval = "2h"
[[sources]]
id = "remote"
name = "Báo Thử"
url = "https://example.invalid/rss"
)");
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  EXPECT_EQ(cfg->profile.id, "test-province");
  EXPECT_EQ(cfg->profile.threshold, 6);
  ASSERT_EQ(cfg->profile.rules.size(), 1u);
  EXPECT_EQ(cfg->profile.rules[0].terms[1], "tin giả");
  EXPECT_EQ(cfg->data_dir, dir.Sub("data"));
  ASSERT_EQ(cfg->sources.size(), 2u);
  EXPECT_EQ(cfg->sources[0].url, "file://" + dir.Sub("feeds/a.xml"));
  EXPECT_EQ(cfg->sources[0].interval, std::chrono::hours(2));
  EXPECT_EQ(cfg->sources[0].name, "local");
  EXPECT_EQ(cfg->sources[1].name, "Báo Thử");
  EXPECT_EQ(cfg->sources[1].interval, std::chrono::minutes(15));
}

TEST_F(ConfigTest, BadDurationNamesFileLineAndField) {
  auto cfg = Load(R"(profile_file = "profile.toml"

[[sources]]
id = "a"
url = "https://example.invalid/a"

[[sources]]
id = "b"
url = "https://example.invalid/b"
interval = "5x"
)");
  ASSERT_FALSE(cfg.ok());
  EXPECT_EQ(cfg.error().message,
            dir.Sub("provwatch.toml") +
                ":10: sources[2].interval: \"5x\": expected a duration like \"15m\" (units s, m, h, d)");
}

TEST_F(ConfigTest, RetentionDefaultsToNinetyDaysAcceptsZeroAndRefusesLessThanADay) {
  auto defaults = Load("profile_file = \"profile.toml\"\n");
  ASSERT_TRUE(defaults.ok()) << defaults.error().message;
  EXPECT_EQ(defaults->retention, std::chrono::hours(24 * 90));
  auto off = Load("profile_file = \"profile.toml\"\nretention = \"0\"\n");
  ASSERT_TRUE(off.ok()) << off.error().message;
  EXPECT_EQ(off->retention.count(), 0);
  auto year = Load("profile_file = \"profile.toml\"\nretention = \"365d\"\n");
  ASSERT_TRUE(year.ok()) << year.error().message;
  EXPECT_EQ(year->retention, std::chrono::hours(24 * 365));
  auto short_one = Load("profile_file = \"profile.toml\"\nretention = \"2h\"\n");
  ASSERT_FALSE(short_one.ok());
  EXPECT_THAT(short_one.error().message, HasSubstr("provwatch.toml:2: retention: must be 0 (keep everything) or at least 1d"));
}

TEST_F(ConfigTest, UnknownSettingIsAnErrorNotIgnored) {
  auto cfg = Load("profile_file = \"profile.toml\"\ndata_dri = \"x\"\n");
  ASSERT_FALSE(cfg.ok());
  EXPECT_THAT(cfg.error().message, HasSubstr("provwatch.toml:2: data_dri: unknown setting"));
}

TEST_F(ConfigTest, SyntaxErrorNamesLineAndColumn) {
  auto cfg = Load("profile_file = \"profile.toml\"\n[[sources]]\nid = \"a\nurl = 1\n");
  ASSERT_FALSE(cfg.ok());
  EXPECT_THAT(cfg.error().message, HasSubstr("provwatch.toml:3:"));
}

TEST_F(ConfigTest, RejectsDuplicateSourceIdsAndBadSchemes) {
  auto dup = Load(R"(profile_file = "profile.toml"
[[sources]]
id = "a"
url = "https://example.invalid/a"
[[sources]]
id = "a"
url = "https://example.invalid/b"
)");
  ASSERT_FALSE(dup.ok());
  EXPECT_THAT(dup.error().message, HasSubstr(":6: sources[2].id: \"a\" is used by another source"));

  auto ftp = Load(R"(profile_file = "profile.toml"
[[sources]]
id = "a"
url = "ftp://example.invalid/a"
)");
  ASSERT_FALSE(ftp.ok());
  EXPECT_THAT(ftp.error().message, HasSubstr(":4: sources[1].url: \"ftp://example.invalid/a\""));
}

TEST_F(ConfigTest, SourceNeedsExactlyOneOfUrlAndPath) {
  auto cfg = Load("profile_file = \"profile.toml\"\n[[sources]]\nid = \"a\"\n");
  ASSERT_FALSE(cfg.ok());
  EXPECT_THAT(cfg.error().message, HasSubstr(":2: sources[1].url: give exactly one of"));
}

TEST_F(ConfigTest, WrongTypeInRuleTermsNamesTheElement) {
  auto cfg = Load(R"(profile_file = "profile.toml"
[[rules]]
id = "extra"
weight = 1
terms = ["bịa đặt", 5]
)");
  ASSERT_FALSE(cfg.ok());
  EXPECT_THAT(cfg.error().message, HasSubstr(":5: rules[1].terms[2]: expected a string"));
}

TEST_F(ConfigTest, ExtraRuleWithExistingIdIsRejected) {
  auto cfg = Load(R"(profile_file = "profile.toml"
[[rules]]
id = "false-info"
weight = 1
terms = ["bịa đặt"]
)");
  ASSERT_FALSE(cfg.ok());
  EXPECT_THAT(cfg.error().message, HasSubstr("rule id \"false-info\" is defined twice"));
}

TEST_F(ConfigTest, MissingFileIsAClearError) {
  auto cfg = LoadConfig(dir.Sub("nope.toml"));
  ASSERT_FALSE(cfg.ok());
  EXPECT_THAT(cfg.error().message, HasSubstr("nope.toml: cannot read"));
}

TEST(ParseDuration, AcceptsUnitsAndRejectsGarbage) {
  EXPECT_EQ(*ParseDuration("90"), std::chrono::seconds(90));
  EXPECT_EQ(*ParseDuration("15m"), std::chrono::minutes(15));
  EXPECT_EQ(*ParseDuration("1d"), std::chrono::hours(24));
  EXPECT_FALSE(ParseDuration("m").ok());
  EXPECT_FALSE(ParseDuration("5 m").ok());
  EXPECT_FALSE(ParseDuration("").ok());
}

TEST(BundledProfiles, AllFiveSeedProvincesLoadWithRules) {
  const std::vector<std::string> expected = {"bac-kan", "lai-chau", "phu-tho", "soc-trang",
                                             "vinh-long"};
  EXPECT_EQ(BundledProfileIds(), expected);
  for (const auto& id : expected) {
    auto p = BundledProfile(id);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p->id, id);
    EXPECT_FALSE(p->names.empty()) << id;
    EXPECT_FALSE(p->places.empty()) << id;
    EXPECT_GE(p->rules.size(), 3u) << id;
    EXPECT_GT(p->threshold, 0) << id;
  }
}

TEST(BundledProfiles, TakeTheirPlacesAndAmbiguousNamesFromTheGeneratedGazetteer) {
  // The profile files hold no places of their own any more.
  for (const auto& id : BundledProfileIds()) {
    const std::string_view* text = EmbeddedFile("profiles/" + id + ".toml");
    ASSERT_NE(text, nullptr);
    EXPECT_EQ(text->find("\nplaces"), std::string_view::npos) << id;
    EXPECT_NE(EmbeddedFile("gazetteer/" + id + ".toml"), nullptr) << id;
  }
  auto p = BundledProfile("lai-chau");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_THAT(p->places, ::testing::Contains("Mường Tè"));
  EXPECT_THAT(p->names, ::testing::Contains("Lai Chau province"));
  ASSERT_FALSE(p->ambiguous.empty());
  EXPECT_FALSE(p->ambiguous.front().why.empty());
}

TEST(ProfileFile, UnknownGazetteerIsAnErrorNamingTheLine) {
  auto p = ParseProfile("id = \"x\"\nname = \"X\"\nnames = [\"X\"]\ngazetteer = \"ha-noi\"\n",
                        "own.toml");
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.error().message, HasSubstr("own.toml:4: gazetteer: no bundled gazetteer \"ha-noi\""));
}

TEST(ProfileFile, AmbiguousNameWithAMistypedKeyIsRejected) {
  auto p = ParseProfile(R"(id = "x"
name = "X"
names = ["X"]
[[ambiguous]]
name = "Tân Uyên"
qualifyable = false
)",
                        "own.toml");
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.error().message, HasSubstr("ambiguous[1]"));
  EXPECT_THAT(p.error().message, HasSubstr("qualifyable"));
}

TEST(ProfileFile, ExclusionNeedsAContextAndAWholeWindow) {
  auto no_context = ParseProfile(R"(id = "x"
name = "X"
names = ["X"]
[[exclude]]
name = "X"
)",
                                 "own.toml");
  ASSERT_FALSE(no_context.ok());
  EXPECT_THAT(no_context.error().message, HasSubstr("exclude[1].before: give `before` or `after`"));
  auto bad_window = ParseProfile(R"(id = "x"
name = "X"
names = ["X"]
[[exclude]]
name = "X"
after = ["Y"]
within = 2.5
)",
                                 "own.toml");
  ASSERT_FALSE(bad_window.ok());
  EXPECT_THAT(bad_window.error().message, HasSubstr(":7: exclude[1].within"));
}

TEST(ProfileFile, PlaceUnconfirmedIsAReservedRuleId) {
  auto p = ParseProfile(R"(id = "x"
name = "X"
names = ["X"]
[[rules]]
id = "place-unconfirmed"
weight = 1
terms = ["a"]
)",
                        "own.toml");
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.error().message, HasSubstr("reserved"));
}

TEST(RuleFile, ReadsAgencyCueAndExpressionsAndDefaultsTheAgency) {
  auto rules = ParseRuleFile(R"([[rules]]
id = "border"
topic = "Biên giới"
weight = 1.5
agency = "bien-phong"
expressions = ["vượt biên NEAR/5 tin đồn"]

[[rules]]
id = "not-fake"
weight = 0
cue = "negation"
terms = ["không phải tin giả"]
)",
                             "draft.toml");
  ASSERT_TRUE(rules.ok()) << rules.error().message;
  ASSERT_EQ(rules->size(), 2u);
  const Rule& border = (*rules)[0];
  EXPECT_EQ(border.agency, "bien-phong");
  EXPECT_TRUE(border.terms.empty());
  EXPECT_EQ(border.expressions, std::vector<std::string>{"vượt biên NEAR/5 tin đồn"});
  EXPECT_EQ(border.cue, Cue::kNone);
  EXPECT_EQ(border.where, "draft.toml:6: rules[1].expressions");
  EXPECT_EQ((*rules)[1].agency, "van-phong-ubnd");
  EXPECT_EQ((*rules)[1].cue, Cue::kNegation);
}

TEST(RuleFile, UnknownAgencyNamesTheLineAndTheVocabulary) {
  auto rules = ParseRuleFile("[[rules]]\nid = \"x\"\nweight = 1\nterms = [\"a\"]\nagency = \"police\"\n",
                             "draft.toml");
  ASSERT_FALSE(rules.ok());
  EXPECT_THAT(rules.error().message, HasSubstr("draft.toml:5: rules[1].agency"));
  EXPECT_THAT(rules.error().message, HasSubstr("cong-an"));
}

TEST(RuleFile, RejectsAnUnknownCueAndARuleWithNeitherTermsNorExpressions) {
  auto cue = ParseRuleFile("[[rules]]\nid = \"x\"\nweight = 1\nterms = [\"a\"]\ncue = \"maybe\"\n",
                           "draft.toml");
  ASSERT_FALSE(cue.ok());
  EXPECT_THAT(cue.error().message, HasSubstr("draft.toml:5: rules[1].cue"));
  auto empty = ParseRuleFile("[[rules]]\nid = \"x\"\nweight = 1\n", "draft.toml");
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.error().message, HasSubstr("needs at least one term or expression"));
  auto other = ParseRuleFile("threshold = 3\n", "draft.toml");
  ASSERT_FALSE(other.ok());
  EXPECT_THAT(other.error().message, HasSubstr("threshold"));
}

TEST(BundledProfiles, EveryBundledRuleRoutesToAKnownAgencyAndSectorsAreIncluded) {
  for (const auto& id : BundledProfileIds()) {
    auto p = BundledProfile(id);
    ASSERT_TRUE(p.ok()) << p.error().message;
    bool english = false, sector = false, refutation = false;
    for (const auto& r : p->rules) {
      EXPECT_TRUE(IsAgency(r.agency)) << id << " " << r.id;
      english = english || r.id == "en-false-info";
      sector = sector || r.agency == "phong-chong-thien-tai";
      refutation = refutation || r.cue == Cue::kRefutation;
    }
    EXPECT_TRUE(english && sector && refutation) << id;
  }
}

TEST(BundledProfiles, UnknownIdListsTheKnownOnes) {
  auto p = BundledProfile("ha-noi");
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.error().message, HasSubstr("unknown profile \"ha-noi\" (bundled: bac-kan"));
}

}  // namespace
}  // namespace pw::config
