// The daemon's sweep over the cases (workflow/case_sweep.h) and the period
// report reminders (workflow/report_reminders.h), on a real store: each
// overdue deadline escalated once, also after the store is reopened; severity
// raised when the story cluster spreads; each reminder recorded once.
#include "workflow/case_sweep.h"

#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/bundled.h"
#include "tests/storage/item_testing.h"
#include "tests/support/temp_dir.h"
#include "workflow/case_store.h"
#include "workflow/report_reminders.h"
#include "workflow/verify.h"

namespace pw::workflow {
namespace {

using ::testing::HasSubstr;
using storage::Store;
using storage::testing::SampleItem;

constexpr UnixTime kHour = 3600, kDay = 86400;
// 2026-11-26 10:00 in Vietnam (03:00 UTC).
constexpr UnixTime kNow = 1'795'662'000;
const Actor kMonitor{"an", Role::kMonitor, "", false};

class CaseSweepTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    store_.reset();
    auto s = Store::Open(dir_, Store::Mode::kReadWrite);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s).value();
  }
  /// Default policies for every profile (24 h to the initial information).
  static const ProfilePolicies& Defaults(const std::string&) {
    static const ProfilePolicies p;
    return p;
  }
  CaseSweepReport Sweep(UnixTime now) {
    auto r = SweepCases(*store_, Defaults, now);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : CaseSweepReport{};
  }
  /// A case opened and confirmed at `at`.
  std::string ConfirmedCase(const std::string& key, UnixTime at) {
    CaseStore cases(*store_);
    const Item item = SampleItem(key, true);
    EXPECT_TRUE(store_->PutNew({item}).ok());
    auto opened = cases.OpenForCandidate(item, "", {"security"}, at);
    EXPECT_TRUE(opened.ok());
    auto confirmed = cases.Act(opened->first, {ActionKind::kConfirm}, kMonitor, {}, at + 60);
    EXPECT_TRUE(confirmed.ok()) << confirmed.error().message;
    return opened->first;
  }
  int EscalationEvents(const std::string& id) {
    auto history = CaseStore(*store_).History(id);
    EXPECT_TRUE(history.ok());
    int n = 0;
    for (const Event& e : *history) {
      if (e.kind != ActionKind::kEscalate) continue;
      ++n;
      EXPECT_EQ(e.user, "system");
      EXPECT_THAT(e.detail, HasSubstr("escalation initial-information due="));
    }
    return n;
  }

  pw::testing::TempDir tmp_;
  const std::string dir_ = tmp_.Sub("data");
  std::unique_ptr<Store> store_;
};

TEST_F(CaseSweepTest, EscalatesAnOverdueDeadlineOnceAcrossSweepsAndReopens) {
  const std::string late = ConfirmedCase("late", kNow - 3 * kDay);
  const std::string fresh = ConfirmedCase("fresh", kNow - kHour);

  const CaseSweepReport first = Sweep(kNow);
  EXPECT_EQ(first.overdue, std::vector<std::string>{late});
  ASSERT_EQ(first.escalated.size(), 1u);
  EXPECT_EQ(first.escalated[0].case_id, late);
  EXPECT_EQ(first.escalated[0].due, kNow - 3 * kDay + 60 + 24 * kHour);

  EXPECT_TRUE(Sweep(kNow + kHour).escalated.empty()) << "the same deadline again";
  Reopen();  // a restart reads the recorded escalations back
  EXPECT_TRUE(Sweep(kNow + 2 * kHour).escalated.empty());
  EXPECT_EQ(EscalationEvents(late), 1);
  EXPECT_EQ(EscalationEvents(fresh), 0);

  // The fresh case's deadline passes later: escalated then, once.
  EXPECT_EQ(Sweep(kNow + 2 * kDay).escalated.size(), 1u);
  EXPECT_EQ(EscalationEvents(fresh), 1);
  auto escalations = CaseStore(*store_).Escalations();
  ASSERT_TRUE(escalations.ok());
  EXPECT_EQ(escalations->size(), 2u);

  // The state is unchanged and the audit chain intact.
  auto verified = Verify(*store_);
  EXPECT_TRUE(verified.ok()) << verified.error().message;
}

TEST_F(CaseSweepTest, RecordEscalationsWritesAGivenDeadlineOnlyOnce) {
  const std::string id = ConfirmedCase("late", kNow - 3 * kDay);
  CaseStore cases(*store_);
  const Escalation e{id, "initial-information", kNow - 2 * kDay, kNow};
  auto first = cases.RecordEscalations({e, e});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->size(), 1u) << "a repeat within one call is written once";
  auto again = cases.RecordEscalations({e});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  EXPECT_EQ(EscalationEvents(id), 1);
}

TEST_F(CaseSweepTest, SeverityRisesToHighWhenTheStoryClusterSpreadsRecordedAsAnEvent) {
  // A candidate starts a cluster; five more outlets pick the story up within
  // the hour: the cluster is spreading.
  std::vector<Item> items;
  for (int i = 0; i < 6; ++i) {
    Item item = SampleItem("story-" + std::to_string(i), i == 0);
    item.source_id = "outlet-" + std::to_string(i);
    item.fetched_at = kNow + i * 300;
    items.push_back(item);
  }
  const std::vector<std::uint64_t> signatures = {0x5eed5eed5eed5eedull};
  std::vector<std::string> clusters;
  ASSERT_TRUE(store_->PutNew({items[0]}, nullptr, &signatures, &clusters).ok());
  CaseStore cases(*store_);
  auto opened = cases.OpenForCandidate(items[0], clusters[0], {"security"}, kNow);
  ASSERT_TRUE(opened.ok());
  const std::string id = opened->first;
  EXPECT_TRUE(Sweep(kNow + 60).raised.empty()) << "one item: not spreading yet";

  const std::vector<Item> more(items.begin() + 1, items.end());
  const std::vector<std::uint64_t> more_signatures(more.size(), signatures[0]);
  ASSERT_TRUE(store_->PutNew(more, nullptr, &more_signatures).ok());
  auto cluster = store_->GetCluster(clusters[0]);
  ASSERT_TRUE(cluster.ok() && cluster->has_value());
  ASSERT_TRUE((*cluster)->spreading) << "the fixture must make the cluster spread";

  EXPECT_EQ(Sweep(kNow + kHour).raised, std::vector<std::string>{id});
  EXPECT_TRUE(Sweep(kNow + 2 * kHour).raised.empty()) << "it only rises, once";
  auto c = cases.Get(id);
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->severity, "high");
  auto history = cases.History(id);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->back().kind, ActionKind::kRaiseSeverity);
  EXPECT_EQ(history->back().user, "system");
  EXPECT_THAT(history->back().detail, HasSubstr("spreading"));
  EXPECT_TRUE(Verify(*store_).ok());
}

TEST_F(CaseSweepTest, AReminderIsRecordedOnceUnderItsKeyBeforeItsDueDate) {
  auto profile = config::BundledProfile("bac-kan");
  ASSERT_TRUE(profile.ok());
  // Bắc Kạn QĐ 34/2017: the synthesis is due 05/12; seven days before by default.
  // On 1 December (the annual report, due 30/11, is past).
  const UnixTime dec1 = kNow + 5 * kDay;
  auto first = RecordDueReminders(*store_, "bac-kan", profile->workflow, dec1);
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].key, "reminder/bac-kan/synthesis/2026-12-05");
  EXPECT_EQ((*first)[0].reminder.days_left, 4);
  EXPECT_THAT(ReminderText((*first)[0]), HasSubstr("Nhắc hạn: báo cáo"));
  EXPECT_THAT(ReminderText((*first)[0]), HasSubstr("is due 2026-12-05, in 4 days"));
  auto stored = store_->GetRecord(storage::RecordFamily::kAlerts, "reminder/bac-kan/synthesis/2026-12-05");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_THAT(**stored, HasSubstr("\"days_left\":4"));

  Reopen();
  auto again = RecordDueReminders(*store_, "bac-kan", profile->workflow, dec1 + kDay);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty()) << "written once per report and due date";
  // Three weeks earlier nothing is due.
  auto early = RecordDueReminders(*store_, "bac-kan", profile->workflow, kNow - 21 * kDay);
  ASSERT_TRUE(early.ok());
  EXPECT_TRUE(early->empty());
}

}  // namespace
}  // namespace pw::workflow
