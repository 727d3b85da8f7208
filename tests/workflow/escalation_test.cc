#include "workflow/escalation.h"

#include <gtest/gtest.h>

namespace pw::workflow {
namespace {

constexpr UnixTime kHour = 3600, kDay = 86400;
// Monday 23 November 2026, 09:00 at UTC+7.
constexpr UnixTime kMonday9 = 1795399200;

Case Confirmed(const std::string& id, UnixTime at) {
  Case c;
  c.id = id;
  c.state = CaseState::kConfirmed;
  c.confirmed_at = at;
  c.entered[CaseState::kConfirmed] = at;
  return c;
}

TEST(Escalate, NothingBeforeADeadlinePasses) {
  const auto r = Escalate({Confirmed("a", kMonday9)}, {}, {}, WorkCalendar(), kMonday9 + kHour);
  EXPECT_TRUE(r.overdue.empty());
  EXPECT_TRUE(r.to_record.empty());
}

TEST(Escalate, RecordsEachOverdueDeadlineOnceAcrossCalls) {
  std::vector<Case> cases = {Confirmed("a", kMonday9), Confirmed("b", kMonday9 + 2 * kDay)};
  const WorkCalendar cal;
  const UnixTime now = kMonday9 + 25 * kHour;
  auto first = Escalate(cases, {}, {}, cal, now);
  ASSERT_EQ(first.overdue, std::vector<std::string>{"a"});
  ASSERT_EQ(first.to_record.size(), 1u);
  EXPECT_EQ(first.to_record[0].case_id, "a");
  EXPECT_EQ(first.to_record[0].deadline, "initial-information");
  EXPECT_EQ(first.to_record[0].due, kMonday9 + 24 * kHour);
  EXPECT_EQ(first.to_record[0].at, now);
  EXPECT_EQ(first.to_record[0].Detail(), "escalation initial-information due=" +
                                             std::to_string(kMonday9 + 24 * kHour));

  // Called again later with what was recorded: still overdue, nothing new to record.
  auto second = Escalate(cases, first.to_record, {}, cal, now + kHour);
  EXPECT_EQ(second.overdue, std::vector<std::string>{"a"});
  EXPECT_TRUE(second.to_record.empty());

  // Case b's deadline passes later: only b is new.
  auto third = Escalate(cases, first.to_record, {}, cal, kMonday9 + 3 * kDay + 1);
  EXPECT_EQ(third.overdue, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(third.to_record.size(), 1u);
  EXPECT_EQ(third.to_record[0].case_id, "b");
}

TEST(Escalate, ASecondDeadlineOfTheSameCaseIsEscalatedOnItsOwn) {
  Case c = Confirmed("a", kMonday9);
  c.state = CaseState::kAssigned;
  c.entered[CaseState::kAssigned] = kMonday9 + kHour;
  DeadlinePolicy p;
  p.dossier_working_days = 2;  // ends Wednesday 25 November, 23:59:59 local
  const WorkCalendar cal;
  auto day2 = Escalate({c}, {}, p, cal, kMonday9 + 2 * kDay);
  ASSERT_EQ(day2.to_record.size(), 1u);
  EXPECT_EQ(day2.to_record[0].deadline, "initial-information");
  auto day3 = Escalate({c}, day2.to_record, p, cal, kMonday9 + 3 * kDay);
  ASSERT_EQ(day3.to_record.size(), 1u);
  EXPECT_EQ(day3.to_record[0].deadline, "dossier");
}

TEST(Escalate, AReopenedCaseWithANewDeadlineIsEscalatedAgain) {
  Case c = Confirmed("a", kMonday9);
  auto once = Escalate({c}, {}, {}, WorkCalendar(), kMonday9 + 2 * kDay);
  ASSERT_EQ(once.to_record.size(), 1u);
  c.confirmed_at = kMonday9 + 5 * kDay;  // closed, reopened, confirmed again
  auto again = Escalate({c}, once.to_record, {}, WorkCalendar(), kMonday9 + 7 * kDay);
  ASSERT_EQ(again.to_record.size(), 1u);
  EXPECT_EQ(again.to_record[0].due, kMonday9 + 6 * kDay);
}

TEST(Escalate, ClosedAndDismissedCasesAreNotOverdue) {
  Case closed = Confirmed("a", kMonday9);
  closed.state = CaseState::kClosed;
  Case dismissed = Confirmed("b", kMonday9);
  dismissed.state = CaseState::kDismissed;
  auto r = Escalate({closed, dismissed}, {}, {}, WorkCalendar(), kMonday9 + 5 * kDay);
  EXPECT_TRUE(r.overdue.empty());
  EXPECT_TRUE(r.to_record.empty());
}

}  // namespace
}  // namespace pw::workflow
