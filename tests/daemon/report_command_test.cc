// `provwatch report weekly|period|reminders` through the real binary, on a
// store filled by the test: items, users and cases (workflow/case_store.h).
#include "daemon/report_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storage/store.h"
#include "workflow/case_store.h"
#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"

namespace pw::daemon {
namespace {

using ::testing::HasSubstr;
using pw::testing::ProcessResult;
using pw::testing::TempDir;
using namespace std::chrono;
using namespace std::chrono_literals;

UnixTime Local(year_month_day d, int hour) {
  return duration_cast<seconds>((sys_days(d) + hours(hour) - hours(7)).time_since_epoch()).count();
}

Item MakeItem(const std::string& key, const std::string& source, UnixTime published,
              bool mentions, bool candidate) {
  Item item;
  item.key = key;
  item.source_id = source;
  item.entry.guid = key;
  item.entry.link = "https://bao.invalid/" + key;
  item.entry.title = "Tin " + key;
  item.entry.published = published;
  item.fetched_at = published + 60;
  item.score.mentions_province = mentions;
  item.score.candidate = candidate;
  item.score.value = candidate ? 6 : 0;
  if (mentions) item.score.matches.push_back({"province", "Lai Châu", "title", 0, 9, 0});
  if (candidate) item.score.matches.push_back({"false-info", "tin giả", "title", 10, 19, 5});
  return item;
}

class ReportCli : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = storage::Store::Open(data, storage::Store::Mode::kReadWrite);
    ASSERT_TRUE(store.ok()) << store.error().message;
    // 2026-W47 is Monday 16 to Sunday 22 November 2026.
    auto written = (*store)->PutNew({
        MakeItem("https://bao.invalid/a", "baolaichau", Local(2026y / November / 16, 8), true, true),
        MakeItem("https://bao.invalid/b", "baolaichau", Local(2026y / November / 18, 9), true, false),
        MakeItem("https://bao.invalid/c", "vnexpress", Local(2026y / November / 18, 10), true, true),
        MakeItem("https://bao.invalid/d", "vnexpress", Local(2026y / November / 20, 10), false, false),
        MakeItem("https://bao.invalid/e", "vnexpress", Local(2026y / November / 12, 10), true, true),
    });
    ASSERT_TRUE(written.ok()) << written.error().message;
    ASSERT_EQ(*written, 5u);
    workflow::CaseStore cases(**store);
    ASSERT_TRUE(cases.PutUser({"an", workflow::Role::kMonitor, "", false, 0}).ok());
    ASSERT_TRUE(cases.PutUser({"lan", workflow::Role::kLeader, "", true, 0}).ok());
  }

  ProcessResult Pw(std::vector<std::string> args) {
    args.insert(args.begin(), PW_BINARY);
    return pw::testing::Run(args, dir.path(), "", 60s);
  }

  TempDir dir;
  const std::string data = dir.Sub("data");
};

TEST_F(ReportCli, WeeklyDigestOfAnIsoWeekAsJson) {
  auto r = Pw({"report", "weekly", "--week", "2026-W47", "--data", data, "--profile", "lai-chau",
               "--as", "an"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["report"], "weekly");
  EXPECT_EQ(j["week"], "2026-W47");
  EXPECT_EQ(j["period"]["from"], "2026-11-16");
  EXPECT_EQ(j["items_monitored"], 4);
  EXPECT_EQ(j["mentions"], 3);
  EXPECT_EQ(j["candidates"], 2);
  EXPECT_EQ(j["mentions_by_day"][2]["day"], "2026-11-18");
  EXPECT_EQ(j["mentions_by_day"][2]["count"], 2);
  EXPECT_EQ(j["mentions_by_source"][0]["source"], "baolaichau");
  EXPECT_EQ(j["mentions_by_topic"][0]["topic"], "false-info");
  EXPECT_EQ(j["mentions_by_topic"][0]["count"], 2);
  EXPECT_FALSE(j["mentions_by_topic"][0]["label"].get<std::string>().empty());
  EXPECT_EQ(j["cases_opened"], 0);
}

TEST_F(ReportCli, TheDefaultWeekIsTheLastWholeWeekAndCsvHasOneSectionPerTable) {
  auto r = Pw({"report", "--data", data, "--profile", "lai-chau", "--as", "an", "--format", "csv",
               "--now", "2026-11-25", "weekly"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("table,week,from,to,items_monitored", 0), 0u) << r.out;
  EXPECT_THAT(r.out, HasSubstr("\nsummary,2026-W47,2026-11-16,2026-11-22,4,3,2,0,0,0\n"));
  EXPECT_THAT(r.out, HasSubstr("\n\ntable,source,mentions\nmentions_by_source,baolaichau,2\n"));

  auto range = Pw({"report", "weekly", "--from", "2026-11-12", "--to", "2026-11-16", "--data", data,
                   "--profile", "lai-chau", "--as", "an", "--format", "csv"});
  ASSERT_EQ(range.exit_code, 0) << range.err;
  EXPECT_THAT(range.out, HasSubstr("\nsummary,,2026-11-12,2026-11-16,2,2,2,0,0,0\n"));
}

TEST_F(ReportCli, PeriodReportOnTheProfilesCalendar) {
  auto r = Pw({"report", "period", "--id", "annual", "--year", "2026", "--data", data, "--profile",
               "lai-chau", "--as", "an"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["id"], "annual");
  EXPECT_EQ(j["due"], "2026-11-30");
  EXPECT_EQ(j["period"]["from"], "2025-12-15");
  EXPECT_EQ(j["period"]["to"], "2026-11-14");
  EXPECT_EQ(j["items_monitored"], 1);  // only the item of 12 November is before the cut-off
  EXPECT_TRUE(j["cases"].empty());

  // Without --id: the report due next (Bắc Kạn, 23 November: the annual report of 30/11).
  auto next = Pw({"report", "period", "--now", "2026-11-23", "--data", data, "--profile",
                  "bac-kan", "--as", "an"});
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_EQ(nlohmann::json::parse(next.out)["id"], "annual");

  auto unknown = Pw({"report", "period", "--id", "monthly", "--year", "2026", "--data", data,
                     "--profile", "lai-chau", "--as", "an"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("no period report 'monthly'"));
}

TEST_F(ReportCli, RemindersOfReportsComingDue) {
  auto r = Pw({"report", "reminders", "--profile", "bac-kan", "--now", "2026-11-30", "--format",
               "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("reminders,annual,"));
  EXPECT_THAT(r.out, HasSubstr(",2026-11-30,0,"));
  EXPECT_THAT(r.out, HasSubstr("reminders,synthesis,"));
  auto none = Pw({"report", "reminders", "--profile", "bac-kan", "--now", "2026-08-01"});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_TRUE(nlohmann::json::parse(none.out)["reminders"].empty());
}

TEST_F(ReportCli, BadUsageAndAMissingStoreAreClearErrors) {
  auto no_user = Pw({"report", "weekly", "--data", data, "--profile", "lai-chau"});
  EXPECT_EQ(no_user.exit_code, 2);
  EXPECT_THAT(no_user.err, HasSubstr("give --as USER"));
  auto no_profile = Pw({"report", "weekly", "--data", data, "--as", "an"});
  EXPECT_EQ(no_profile.exit_code, 2);
  EXPECT_THAT(no_profile.err, HasSubstr("give --profile ID or --config FILE"));
  auto bad_week = Pw({"report", "weekly", "--week", "2026-47", "--data", data, "--profile",
                      "lai-chau", "--as", "an"});
  EXPECT_EQ(bad_week.exit_code, 2);
  EXPECT_THAT(bad_week.err, HasSubstr("expected an ISO week"));
  auto missing = Pw({"report", "weekly", "--data", dir.Sub("nope"), "--profile", "lai-chau",
                     "--as", "an"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("cannot open the store"));
}

}  // namespace
}  // namespace pw::daemon

namespace pw::daemon {
namespace {

// A case marked state-secret counts for a cleared leader and is absent, with
// its items, from an uncleared monitor's digest; an unknown user gets none.
TEST_F(ReportCli, ASecretCaseIsInTheClearedUsersDigestOnly) {
  {
    auto store = storage::Store::Open(data, storage::Store::Mode::kReadWrite);
    ASSERT_TRUE(store.ok()) << store.error().message;
    const Item item = MakeItem("https://bao.invalid/s", "baolaichau", Local(2026y / November / 19, 8), true, true);
    const std::vector<std::uint64_t> signature = {0x0f0f0f0f0f0f0f0full};
    std::vector<std::string> cluster;
    ASSERT_TRUE((*store)->PutNew({item}, nullptr, &signature, &cluster).ok());
    workflow::CaseStore cases(**store);
    auto opened = cases.OpenForCandidate(item, cluster[0], {"false-info"}, Local(2026y / November / 19, 9));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    workflow::Action secret(workflow::ActionKind::kMarkSecret);
    auto marked = cases.Act(opened->first, secret, {"lan", workflow::Role::kLeader, "", true},
                            workflow::CasePolicy{}, Local(2026y / November / 19, 10));
    ASSERT_TRUE(marked.ok()) << marked.error().message;
  }
  auto weekly = [&](const std::string& user) {
    return Pw({"report", "weekly", "--week", "2026-W47", "--data", data, "--profile", "lai-chau", "--as", user});
  };
  auto cleared = weekly("lan");
  ASSERT_EQ(cleared.exit_code, 0) << cleared.err;
  auto uncleared = weekly("an");
  ASSERT_EQ(uncleared.exit_code, 0) << uncleared.err;
  const auto c = nlohmann::json::parse(cleared.out), u = nlohmann::json::parse(uncleared.out);
  EXPECT_EQ(c["cases_opened"], 1);
  EXPECT_EQ(u["cases_opened"], 0);
  EXPECT_EQ(c["candidates"], 3);
  EXPECT_EQ(u["candidates"], 2) << "the secret case's item is left out too";
  EXPECT_EQ(uncleared.out.find("bao.invalid/s"), std::string::npos);

  auto stranger = weekly("mallory");
  EXPECT_EQ(stranger.exit_code, 2);
  EXPECT_THAT(stranger.err, HasSubstr("no user \"mallory\""));
}

}  // namespace
}  // namespace pw::daemon
