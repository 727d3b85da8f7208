// `provwatch rules test`: replaying stored items with a draft rule file, run
// as the real binary against a real RocksDB store.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>

#include "daemon/rules_command.h"
#include "storage/store.h"
#include "workflow/case_store.h"
#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"

namespace pw::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using pw::testing::TempDir;
using pw::testing::WriteFile;
using namespace std::chrono_literals;

// The binary filters --since against the real clock.
const UnixTime kNow = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();

Item MakeItem(std::string key, std::string title, std::string summary, UnixTime published) {
  Item item;
  item.key = std::move(key);
  item.source_id = "s";
  item.entry.title = std::move(title);
  item.entry.summary = std::move(summary);
  item.entry.published = published;
  item.fetched_at = published;
  return item;
}

class RulesTestCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = storage::Store::Open(dir.Sub("data"), storage::Store::Mode::kReadWrite);
    ASSERT_TRUE(store.ok()) << store.error().message;
    ASSERT_TRUE((*store)
                    ->PutNew({
                        // "chiêu trò" is no bundled term: the draft makes it strong.
                        MakeItem("k-new", "Lai Châu: chiêu trò lừa đảo qua mạng", "", kNow - 3600),
                        MakeItem("k-old-new", "Mường Tè: chiêu trò mới", "", kNow - 30 * 86400),
                        // Candidate through "bịa đặt"; the draft weakens false-info.
                        MakeItem("k-lost", "Lai Châu: bài viết bịa đặt", "", kNow - 7200),
                        MakeItem("k-same", "Lai Châu khánh thành cầu", "", kNow - 60),
                    })
                    .ok());
  }

  pw::testing::ProcessResult Provwatch(std::vector<std::string> args) {
    args.insert(args.begin(), PW_BINARY);
    return pw::testing::Run(args, dir.path(), "", 60s);
  }

  TempDir dir;
};

constexpr const char* kDraft = R"(
[[rules]]
id = "scam"
topic = "Lừa đảo"
weight = 5
agency = "cong-an"
expressions = ["chiêu trò AND NOT khánh thành"]

[[rules]]
id = "false-info"
topic = "Thông tin sai sự thật"
weight = 1
terms = ["bịa đặt"]
)";

TEST_F(RulesTestCommand, ListsNewAndLostCandidatesWithTotals) {
  WriteFile(dir.Sub("draft.toml"), kDraft);
  const auto r = Provwatch({"--lang", "en", "rules", "test", dir.Sub("draft.toml"), "--data", dir.Sub("data"),
                            "--profile", "lai-chau"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Newly candidates (2):\n+ 0 -> 5\tk-new\tLai Châu: chiêu trò lừa đảo qua mạng\n"
                               "+ 0 -> 5\tk-old-new\tMường Tè: chiêu trò mới\n"));
  EXPECT_THAT(r.out, HasSubstr("No longer candidates (1):\n- 5 -> 1\tk-lost\tLai Châu: bài viết bịa đặt\n"));
  EXPECT_THAT(r.out, HasSubstr("Total: re-scored 4 items; candidates 1 -> 2 (+2, -1)\n"));
}

TEST_F(RulesTestCommand, SinceKeepsOnlyRecentItems) {
  WriteFile(dir.Sub("draft.toml"), kDraft);
  const auto r = Provwatch({"rules", "test", dir.Sub("draft.toml"), "--data", dir.Sub("data"), "--since", "7d"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Trở thành ứng viên (1):\n+ 0 -> 5\tk-new\t"));
  EXPECT_THAT(r.out, HasSubstr("Tổng: chấm lại 3 mục; ứng viên 1 -> 1 (thêm 1, bớt 1)\n"));
}

TEST_F(RulesTestCommand, ABadRuleFileGetsFileLineErrors) {
  WriteFile(dir.Sub("typo.toml"), "[[rules]]\nid = \"x\"\nweight = 1\nterms = [\"a\"]\nagency = \"police\"\n");
  auto r = Provwatch({"rules", "test", dir.Sub("typo.toml"), "--data", dir.Sub("data")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("typo.toml:5: rules[1].agency: \"police\" is not an agency role"));

  WriteFile(dir.Sub("expr.toml"),
            "[[rules]]\nid = \"x\"\nweight = 1\n\nexpressions = [\"a AND\"]\n");
  r = Provwatch({"rules", "test", dir.Sub("expr.toml"), "--data", dir.Sub("data")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("expr.toml:5: rules[1].expressions[1]: column 6:"));
}

TEST_F(RulesTestCommand, WithoutAProfileItScoresWithTheProfileOfTheStoredCases) {
  WriteFile(dir.Sub("draft.toml"), kDraft);
  {  // A Sóc Trăng daemon's store: an item about Sóc Trăng, and a case opened under soc-trang.
    auto store = storage::Store::Open(dir.Sub("data"), storage::Store::Mode::kReadWrite);
    ASSERT_TRUE(store.ok()) << store.error().message;
    const Item item = MakeItem("k-st", "Sóc Trăng: chiêu trò lừa đảo qua mạng", "", kNow - 600);
    ASSERT_TRUE((*store)->PutNew({item}).ok());
    ASSERT_TRUE(workflow::CaseStore(**store).OpenForCandidate(item, "", {}, kNow, "soc-trang").ok());
  }
  auto r = Provwatch({"--lang", "en", "rules", "test", dir.Sub("draft.toml"), "--data", dir.Sub("data")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\tk-st\tSóc Trăng: chiêu trò lừa đảo qua mạng\n"));
  EXPECT_THAT(r.out, Not(HasSubstr("\tk-new\t")));  // Lai Châu is no mention under soc-trang
  EXPECT_THAT(r.err, Not(HasSubstr("using lai-chau")));

  // --profile still chooses, and --config gives its profile and data directory.
  r = Provwatch({"--lang", "en", "rules", "test", dir.Sub("draft.toml"), "--data", dir.Sub("data"),
                 "--profile", "lai-chau"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, Not(HasSubstr("\tk-st\t")));
  EXPECT_THAT(r.out, HasSubstr("\tk-new\t"));
  WriteFile(dir.Sub("pw.toml"), "profile = \"lai-chau\"\ndata_dir = \"" + dir.Sub("data") + "\"\n");
  r = Provwatch({"--lang", "en", "rules", "test", dir.Sub("draft.toml"), "--config", dir.Sub("pw.toml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\tk-new\t"));
  r = Provwatch({"--lang", "en", "rules", "test", dir.Sub("draft.toml"), "--config", dir.Sub("pw.toml"),
                 "--profile", "soc-trang"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("the configuration's profile is lai-chau, not soc-trang"));
}

TEST_F(RulesTestCommand, WithoutAProfileOrCasesItSaysItUsesLaiChau) {
  WriteFile(dir.Sub("draft.toml"), kDraft);
  const auto r = Provwatch({"--lang", "en", "rules", "test", dir.Sub("draft.toml"), "--data", dir.Sub("data")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("no profile given and no case in the store: using lai-chau"));
  EXPECT_THAT(r.out, HasSubstr("\tk-new\t"));
}

TEST(ReplayRules, CountsWithoutAStore) {
  std::ostringstream out;
  auto totals = ReplayRules({MakeItem("a", "Lai Châu: chiêu trò", "", kNow)}, kDraft, "d.toml",
                            "lai-chau", Lang::kEn, out);
  ASSERT_TRUE(totals.ok()) << totals.error().message;
  EXPECT_EQ(totals->items, 1u);
  EXPECT_EQ(totals->gained, 1u);
  EXPECT_EQ(totals->lost, 0u);
  auto bad = ReplayRules({}, kDraft, "d.toml", "ha-noi", Lang::kEn, out);
  EXPECT_FALSE(bad.ok());
}

}  // namespace
}  // namespace pw::daemon
