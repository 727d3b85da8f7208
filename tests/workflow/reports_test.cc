#include "workflow/reports.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "config/bundled.h"

namespace pw::workflow {
namespace {

using namespace std::chrono;
using ::testing::HasSubstr;
using ::testing::Not;

UnixTime Local(year_month_day d, int hour) {
  return duration_cast<seconds>((sys_days(d) + hours(hour) - hours(7)).time_since_epoch()).count();
}

Item MakeItem(const std::string& key, const std::string& source, UnixTime published,
              bool mentions, bool candidate, std::vector<std::string> rules = {}) {
  Item item;
  item.key = key;
  item.source_id = source;
  item.entry.published = published;
  item.fetched_at = published + 60;
  item.score.mentions_province = mentions;
  item.score.candidate = candidate;
  if (mentions) item.score.matches.push_back({"province", "Lai Châu", "title", 0, 9, 0});
  for (const auto& r : rules) item.score.matches.push_back({r, "tin giả", "text", 10, 19, 3});
  return item;
}

/// A week of data, Monday 16 to Sunday 22 November 2026 (2026-W47), in Lai Châu:
/// four items in the week and one the week before; an open case with a measure, a
/// closed case, and a secret case (with its own item and measure) that only a cleared
/// viewer may see.
class ReportsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto profile = config::BundledProfile("lai-chau");
    ASSERT_TRUE(profile.ok());
    workflow_ = profile->workflow;

    items_ = {
        MakeItem("a", "baolaichau", Local(2026y / November / 16, 8), true, true, {"false-info"}),
        MakeItem("b", "baolaichau", Local(2026y / November / 16, 20), true, false),
        MakeItem("c", "vnexpress", Local(2026y / November / 18, 10), true, true,
                 {"false-info", "lai-chau-border"}),
        MakeItem("d", "vnexpress", Local(2026y / November / 19, 10), false, false),
        MakeItem("old", "vnexpress", Local(2026y / November / 10, 10), true, true, {"false-info"}),
        MakeItem("s", "secret-source", Local(2026y / November / 20, 9), true, true, {"hostile"}),
    };
    // Published 23:30 local on Sunday 22nd = 16:30 UTC: still in the week.
    items_.push_back(MakeItem("late", "baolaichau", Local(2026y / November / 22, 23) + 1800,
                              true, false));

    Case open;
    open.id = "vu-1";
    open.profile = "lai-chau";
    open.state = CaseState::kResponding;
    open.item_keys = {"a"};
    open.topics = {"false-info"};
    open.lead_agency = "cong-an";
    open.detected_at = Local(2026y / November / 16, 9);
    open.confirmed_at = open.detected_at + 600;
    open.measures.push_back({"press-release", Local(2026y / November / 16, 15), "Cổng TTĐT tỉnh",
                             "https://laichau.gov.vn/tin/1", "vi"});
    Case closed;
    closed.id = "vu-2";
    closed.state = CaseState::kClosed;
    closed.item_keys = {"old"};
    closed.detected_at = Local(2026y / November / 10, 11);
    closed.entered[CaseState::kClosed] = Local(2026y / November / 19, 16);
    Case secret;
    secret.id = "vu-mat";
    secret.state = CaseState::kDossier;
    secret.secret = true;
    secret.item_keys = {"s"};
    secret.topics = {"hostile"};
    secret.lead_agency = "cong-an";
    secret.detected_at = Local(2026y / November / 20, 10);
    secret.confirmed_at = secret.detected_at;  // no measure: initial information overdue
    secret.measures.push_back({"spokesperson-statement", Local(2026y / November / 21, 9), "", "", "vi"});
    cases_ = {open, closed, secret};

    Event close{"vu-2", ActionKind::kClose, CaseState::kClarified, CaseState::kClosed,
                "lanh-dao", Role::kLeader, Local(2026y / November / 19, 16), ""};
    Event secret_close = close;  // an event of the secret case: must not count
    secret_close.case_id = "vu-mat";
    audit_.push_back(Append(nullptr, close));
    audit_.push_back(Append(&audit_.back(), secret_close));
  }

  ReportInputs Inputs() const { return {items_, cases_, audit_, workflow_, {}}; }

  config::WorkflowConfig workflow_;
  std::vector<Item> items_;
  std::vector<Case> cases_;
  std::vector<AuditRecord> audit_;
  const Actor uncleared_{"can-bo", Role::kMonitor, "", false};
  const Actor cleared_{"can-bo-mat", Role::kMonitor, "", true};
  const UnixTime now_ = Local(2026y / November / 23, 9);
};

TEST(IsoWeeks, NameAndParseWeeks) {
  auto w47 = IsoWeek("2026-W47");
  ASSERT_TRUE(w47.ok());
  EXPECT_EQ(w47->first, sys_days(2026y / November / 16));
  EXPECT_EQ(w47->last, sys_days(2026y / November / 22));
  EXPECT_EQ(w47->begin, Local(2026y / November / 16, 0));
  EXPECT_EQ(w47->end, Local(2026y / November / 23, 0));
  EXPECT_EQ(IsoWeekName(sys_days(2027y / January / 1)), "2026-W53");
  EXPECT_TRUE(IsoWeek("2026-W53").ok());
  EXPECT_FALSE(IsoWeek("2025-W53").ok());
  EXPECT_FALSE(IsoWeek("2026-47").ok());
  EXPECT_FALSE(IsoWeek("2026-W00").ok());
}

TEST_F(ReportsTest, WeeklyDigestCountsTheWeekForAnUnclearedViewer) {
  const WeeklyDigest d = BuildWeeklyDigest(Inputs(), *IsoWeek("2026-W47"), uncleared_, now_);
  EXPECT_EQ(d.week, "2026-W47");
  const Summary& s = d.summary;
  EXPECT_EQ(s.items_monitored, 5u);  // a, b, c, d, late (not old; not the secret case's s)
  EXPECT_EQ(s.mentions, 4u);
  EXPECT_EQ(s.candidates, 2u);
  ASSERT_EQ(s.mentions_by_day.size(), 7u);
  EXPECT_EQ(s.mentions_by_day[0].key, "2026-11-16");
  EXPECT_EQ(s.mentions_by_day[0].n, 2u);
  EXPECT_EQ(s.mentions_by_day[1].n, 0u);
  EXPECT_EQ(s.mentions_by_day[2].n, 1u);
  EXPECT_EQ(s.mentions_by_day[4].n, 0u);  // Friday: only the secret case's item
  EXPECT_EQ(s.mentions_by_day[6].n, 1u);
  ASSERT_EQ(s.mentions_by_source.size(), 2u);
  EXPECT_EQ(s.mentions_by_source[0].key, "baolaichau");
  EXPECT_EQ(s.mentions_by_source[0].n, 3u);
  ASSERT_EQ(s.mentions_by_topic.size(), 2u);
  EXPECT_EQ(s.mentions_by_topic[0].key, "false-info");
  EXPECT_EQ(s.mentions_by_topic[0].n, 2u);
  EXPECT_EQ(s.cases_opened, 1u);
  EXPECT_EQ(s.cases_closed, 1u);
  EXPECT_EQ(s.cases_overdue, 0u);
  ASSERT_EQ(s.measures.size(), 1u);
  EXPECT_EQ(s.measures[0].case_id, "vu-1");

  // Nothing of the secret case in any rendering.
  for (const std::string& out : {ToJson(d), ToCsv(d)}) {
    EXPECT_THAT(out, Not(HasSubstr("vu-mat")));
    EXPECT_THAT(out, Not(HasSubstr("secret-source")));
    EXPECT_THAT(out, Not(HasSubstr("hostile")));
    EXPECT_THAT(out, Not(HasSubstr("spokesperson-statement")));
  }
}

TEST_F(ReportsTest, AClearedViewerSeesTheSecretCaseInEveryCount) {
  const WeeklyDigest d = BuildWeeklyDigest(Inputs(), *IsoWeek("2026-W47"), cleared_, now_);
  const Summary& s = d.summary;
  EXPECT_EQ(s.items_monitored, 6u);
  EXPECT_EQ(s.mentions, 5u);
  EXPECT_EQ(s.candidates, 3u);
  EXPECT_EQ(s.mentions_by_day[4].n, 1u);
  EXPECT_EQ(s.cases_opened, 2u);
  EXPECT_EQ(s.cases_closed, 2u);
  EXPECT_EQ(s.measures.size(), 2u);
  EXPECT_THAT(ToJson(d), HasSubstr("secret-source"));
  EXPECT_THAT(ToCsv(d), HasSubstr("spokesperson-statement"));
}

TEST_F(ReportsTest, OverdueCountsAtTheEndOfThePeriod) {
  Actor cleared = cleared_;
  // The secret case was confirmed on Friday without a measure within 24 hours.
  cases_[2].measures.clear();
  const WeeklyDigest d = BuildWeeklyDigest(Inputs(), *IsoWeek("2026-W47"), cleared, now_);
  EXPECT_EQ(d.summary.cases_overdue, 1u);
  const WeeklyDigest hidden = BuildWeeklyDigest(Inputs(), *IsoWeek("2026-W47"), uncleared_, now_);
  EXPECT_EQ(hidden.summary.cases_overdue, 0u);
}

TEST_F(ReportsTest, SourceTypesTopStoriesAndCandidatesByDay) {
  items_[0].entry.link = "https://baolaichau.vn/tin/a";
  items_[1].entry.link = "https://laichau.gov.vn/tin/b";
  items_[2].entry.link = "https://www.facebook.com/posts/c";
  items_.back().entry.link = "https://www.bbc.com/vietnamese/late";
  // a and c are one story told by two outlets; late is another story; b has no cluster.
  items_[0].cluster_id = items_[2].cluster_id = "k1";
  items_.back().cluster_id = "k2";
  items_[0].entry.title = "Tin đồn ở Lai Châu";
  const Summary s = BuildWeeklyDigest(Inputs(), *IsoWeek("2026-W47"), uncleared_, now_).summary;

  std::map<std::string, std::size_t> types;
  for (const auto& c : s.mentions_by_source_type) types[c.key] = c.n;
  EXPECT_EQ(types, (std::map<std::string, std::size_t>{
                       {"press-vn", 1}, {"gov", 1}, {"social", 1}, {"foreign", 1}}));
  ASSERT_EQ(s.candidates_by_day.size(), 7u);
  EXPECT_EQ(s.candidates_by_day[0].n, 1u);  // a
  EXPECT_EQ(s.candidates_by_day[2].n, 1u);  // c
  EXPECT_EQ(s.candidates_by_day[6].n, 0u);

  ASSERT_EQ(s.top_stories.size(), 3u);
  EXPECT_EQ(s.top_stories[0].cluster_id, "k1");
  EXPECT_EQ(s.top_stories[0].title, "Tin đồn ở Lai Châu");  // the earliest item's
  EXPECT_EQ(s.top_stories[0].link, "https://baolaichau.vn/tin/a");
  EXPECT_EQ(s.top_stories[0].items, 2u);
  EXPECT_EQ(s.top_stories[0].candidates, 2u);
  EXPECT_EQ(s.top_stories[0].outlets, (std::vector<std::string>{"baolaichau", "vnexpress"}));
  EXPECT_EQ(s.top_stories[1].cluster_id, "");  // b, alone, came before late
  EXPECT_EQ(s.top_stories[2].cluster_id, "k2");

  auto j = nlohmann::json::parse(ToJson(BuildWeeklyDigest(Inputs(), *IsoWeek("2026-W47"), uncleared_, now_)));
  EXPECT_EQ(j["top_stories"][0]["outlets"][1], "vnexpress");
  EXPECT_EQ(j["candidates_by_day"][0]["count"], 1);
  EXPECT_FALSE(j["mentions_by_source_type"].empty());
}

TEST(SourceTypes, ComeFromTheLinksHost) {
  auto type = [](const std::string& link) {
    Item item;
    item.entry.link = link;
    return SourceType(item);
  };
  EXPECT_EQ(type("https://laichau.gov.vn/x"), "gov");
  EXPECT_EQ(type("http://WWW.Chinhphu.GOV.VN:8080/x"), "gov");
  EXPECT_EQ(type("https://vnexpress.net/x"), "foreign");  // .net: not recognisably Vietnamese
  EXPECT_EQ(type("https://tuoitre.vn/x"), "press-vn");
  EXPECT_EQ(type("https://m.youtube.com/watch?v=1"), "social");
  EXPECT_EQ(type("https://notfacebook.com/x"), "foreign");
  EXPECT_EQ(type("file:///tmp/feed.xml"), "other");
  EXPECT_EQ(type(""), "other");
}

TEST_F(ReportsTest, ACaseOverdueAtTheWeeksEndButClosedLaterCountsAsOverdue) {
  // vu-1 confirmed Monday, first measure only on Wednesday of the next week; closed on Thursday.
  Case& c = cases_[0];
  c.measures[0].date = Local(2026y / November / 25, 9);
  c.entered[CaseState::kDetected] = c.detected_at;
  c.entered[CaseState::kConfirmed] = *c.confirmed_at;
  c.entered[CaseState::kClosed] = Local(2026y / November / 26, 9);
  c.state = CaseState::kClosed;
  const UnixTime later = Local(2026y / November / 27, 9);
  EXPECT_EQ(BuildWeeklyDigest(Inputs(), *IsoWeek("2026-W47"), uncleared_, later).summary.cases_overdue, 1u);
  // As of its close it is not overdue any more, and a week later nothing is open.
  const Case then = CaseAsOf(c, Local(2026y / November / 20, 0));
  EXPECT_EQ(then.state, CaseState::kConfirmed);
  EXPECT_TRUE(then.measures.empty());
  EXPECT_EQ(BuildWeeklyDigest(Inputs(), *IsoWeek("2026-W48"), uncleared_, later).summary.cases_overdue, 0u);
}

TEST_F(ReportsTest, JsonAndCsvCarryTheCountsInTheirContract) {
  const WeeklyDigest d = BuildWeeklyDigest(Inputs(), *IsoWeek("2026-W47"), uncleared_, now_);
  auto j = nlohmann::json::parse(ToJson(d));
  EXPECT_EQ(j["report"], "weekly");
  EXPECT_EQ(j["week"], "2026-W47");
  EXPECT_EQ(j["period"]["from"], "2026-11-16");
  EXPECT_EQ(j["period"]["to"], "2026-11-22");
  EXPECT_EQ(j["period"]["begin"], "2026-11-15T17:00:00Z");
  EXPECT_EQ(j["items_monitored"], 5);
  EXPECT_EQ(j["mentions_by_source"][0]["source"], "baolaichau");
  EXPECT_EQ(j["measures"][0]["kind"], "press-release");
  EXPECT_EQ(j["measures"][0]["date"], "2026-11-16T08:00:00Z");

  const std::string csv = ToCsv(d);
  EXPECT_NE(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_THAT(csv, HasSubstr("table,week,from,to,items_monitored,mentions,candidates,cases_opened,"
                             "cases_closed,cases_overdue\nsummary,2026-W47,2026-11-16,2026-11-22,5,4,2,1,1,0\n"));
  EXPECT_THAT(csv, HasSubstr("\ntable,day,mentions\nmentions_by_day,2026-11-16,2\n"));
  EXPECT_THAT(csv, HasSubstr("measures,vu-1,press-release,2026-11-16T08:00:00Z,Cổng TTĐT tỉnh,"
                             "https://laichau.gov.vn/tin/1,vi\n"));
}

TEST_F(ReportsTest, PeriodReportCoversTheProfilesPeriod) {
  // Lai Châu's annual report, due 30/11/2026, covers 15/12/2025 to 14/11/2026.
  auto r = BuildPeriodReport(Inputs(), "annual", 2026, uncleared_, now_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->due, sys_days(2026y / November / 30));
  EXPECT_EQ(r->summary.period.first, sys_days(2025y / December / 15));
  EXPECT_EQ(r->summary.period.last, sys_days(2026y / November / 14));
  EXPECT_EQ(r->summary.items_monitored, 1u);  // only "old" (10/11) falls before the cut-off
  ASSERT_EQ(r->cases.size(), 1u);
  EXPECT_EQ(r->cases[0].id, "vu-2");

  auto j = nlohmann::json::parse(ToJson(*r));
  EXPECT_EQ(j["id"], "annual");
  EXPECT_EQ(j["due"], "2026-11-30");
  EXPECT_EQ(j["period"]["from"], "2025-12-15");
  EXPECT_EQ(j["cases"][0]["state_vi"], "đóng");

  // A free weekly-like window over the whole month: the secret case appears only when cleared.
  config::WorkflowConfig w = workflow_;
  w.reports.push_back({"november", "Tháng 11", November / 30, November / 1, November / 30, ""});
  ReportInputs in{items_, cases_, audit_, w, {}};
  auto hidden = BuildPeriodReport(in, "november", 2026, uncleared_, now_);
  auto shown = BuildPeriodReport(in, "november", 2026, cleared_, now_);
  ASSERT_TRUE(hidden.ok() && shown.ok());
  EXPECT_EQ(hidden->cases.size(), 2u);
  EXPECT_EQ(shown->cases.size(), 3u);
  EXPECT_THAT(ToCsv(*hidden), Not(HasSubstr("vu-mat")));
  EXPECT_THAT(ToCsv(*shown), HasSubstr("vu-mat,dossier,hồ sơ,Công an tỉnh Lai Châu,hostile"));

  auto unknown = BuildPeriodReport(Inputs(), "monthly", 2026, uncleared_, now_);
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.error().message, HasSubstr("known: half-year, annual"));
}

TEST(PeriodCalendar, CoveredPeriodsFollowEachProfile) {
  auto bac_kan = config::BundledProfile("bac-kan");
  auto phu_tho = config::BundledProfile("phu-tho");
  ASSERT_TRUE(bac_kan.ok() && phu_tho.ok());
  const auto& half = bac_kan->workflow.reports.at(0);
  EXPECT_EQ(DueDate(half, 2026), sys_days(2026y / June / 20));
  EXPECT_EQ(CoveredPeriod(half, 2026).first, sys_days(2025y / December / 15));
  EXPECT_EQ(CoveredPeriod(half, 2026).last, sys_days(2026y / June / 14));
  const auto& plan = phu_tho->workflow.reports.at(0);
  EXPECT_EQ(CoveredPeriod(plan, 2027).first, sys_days(2027y / January / 1));
  EXPECT_EQ(CoveredPeriod(plan, 2027).last, sys_days(2027y / December / 31));
}

TEST(Reminders, AnnounceReportsDueWithinTheReminderWindow) {
  auto bac_kan = config::BundledProfile("bac-kan");
  ASSERT_TRUE(bac_kan.ok());
  const config::WorkflowConfig& w = bac_kan->workflow;  // 20/6, 30/11, 05/12; 7 days ahead
  auto r = DueReminders(w, Local(2026y / November / 23, 9));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].id, "annual");
  EXPECT_EQ(r[0].days_left, 7);
  r = DueReminders(w, Local(2026y / November / 30, 23));
  ASSERT_EQ(r.size(), 2u);  // the annual report today, the synthesis in 5 days
  EXPECT_EQ(r[0].days_left, 0);
  EXPECT_EQ(r[1].id, "synthesis");
  EXPECT_EQ(r[1].days_left, 5);
  EXPECT_TRUE(DueReminders(w, Local(2026y / November / 22, 9)).empty());
  // After 05/12 the next is next year's half-year report.
  const NextDue next = NextDueReport(w, Local(2026y / December / 6, 9));
  ASSERT_NE(next.report, nullptr);
  EXPECT_EQ(next.report->id, "half-year");
  EXPECT_EQ(next.year, 2027);
  EXPECT_THAT(ToCsv(r), HasSubstr("reminders,synthesis,"));
  EXPECT_EQ(nlohmann::json::parse(ToJson(r))["reminders"][1]["due"], "2026-12-05");
}

}  // namespace
}  // namespace pw::workflow
