#include "workflow/deadlines.h"

#include <gtest/gtest.h>

namespace pw::workflow {
namespace {

constexpr UnixTime kHour = 3600, kDay = 86400;
// Monday 23 November 2026, 09:00 at UTC+7.
constexpr UnixTime kMonday9 = 1795399200;

Case Confirmed() {
  Case c;
  c.id = "c";
  c.state = CaseState::kConfirmed;
  c.confirmed_at = kMonday9;
  c.entered[CaseState::kConfirmed] = kMonday9;
  return c;
}

TEST(Deadlines, NoneBeforeConfirmation) {
  Case c;
  EXPECT_TRUE(Deadlines(c, {}, WorkCalendar(), kMonday9).empty());
}

TEST(Deadlines, InitialInformationWithin24HoursOfConfirmation) {
  Case c = Confirmed();
  WorkCalendar cal;
  EXPECT_FALSE(IsOverdue(c, {}, cal, kMonday9 + 23 * kHour));
  EXPECT_TRUE(IsOverdue(c, {}, cal, kMonday9 + 25 * kHour));
  c.measures.push_back({"spokesperson-statement", kMonday9 + 20 * kHour, "", "", "vi"});
  auto ds = Deadlines(c, {}, cal, kMonday9 + 25 * kHour);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_TRUE(ds[0].met);
  EXPECT_FALSE(IsOverdue(c, {}, cal, kMonday9 + 25 * kHour));
}

TEST(Deadlines, DossierCountsWorkingDaysFromAssignment) {
  Case c = Confirmed();
  c.measures.push_back({"press-release", kMonday9 + kHour, "", "", "vi"});
  c.state = CaseState::kDossier;
  c.entered[CaseState::kAssigned] = kMonday9;  // Monday
  WorkCalendar cal;
  // 7 working days after Monday 23 Nov: Wednesday 2 December, end of day local.
  auto ds = Deadlines(c, {}, cal, kMonday9);
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[1].what, "dossier");
  EXPECT_EQ(ds[1].due, kMonday9 + 9 * kDay + 15 * kHour - 1);
  EXPECT_FALSE(IsOverdue(c, {}, cal, ds[1].due));
  EXPECT_TRUE(IsOverdue(c, {}, cal, ds[1].due + 1));
  // Moving on to the response in time meets it for good.
  c.state = CaseState::kResponding;
  c.entered[CaseState::kResponding] = ds[1].due - kHour;
  EXPECT_FALSE(IsOverdue(c, {}, cal, ds[1].due + 30 * kDay));
}

TEST(Deadlines, ClosedCasesAreNeverOverdue) {
  Case c = Confirmed();
  c.state = CaseState::kDismissed;
  EXPECT_FALSE(IsOverdue(c, {}, WorkCalendar(), kMonday9 + 30 * kDay));
}

}  // namespace
}  // namespace pw::workflow
