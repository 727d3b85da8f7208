#include "workflow/calendar.h"

#include <gtest/gtest.h>

namespace pw::workflow {
namespace {

using namespace std::chrono;

UnixTime Utc(int y, unsigned m, unsigned d, int h, int min = 0) {
  const sys_seconds t = sys_days(year(y) / month(m) / day(d)) + hours(h) + minutes(min);
  return t.time_since_epoch().count();
}

TEST(WorkCalendar, CountsOnlyWeekdaysThatAreNotHolidays) {
  // Tết Bính Ngọ 2026: 16–20 February (a configured holiday, not a rule).
  std::set<sys_days> tet;
  for (unsigned d = 16; d <= 20; ++d) tet.insert(sys_days(year(2026) / February / day(d)));
  WorkCalendar cal(tet);
  EXPECT_FALSE(cal.IsWorkingDay(sys_days(year(2026) / February / 17)));
  EXPECT_FALSE(cal.IsWorkingDay(sys_days(year(2026) / February / 21)));  // Saturday
  EXPECT_TRUE(cal.IsWorkingDay(sys_days(year(2026) / February / 23)));   // Monday

  // Confirmed Friday 13 Feb 2026, 10:00 local: 1 working day later is Monday 23 Feb, 23:59:59 local.
  const UnixTime friday = Utc(2026, 2, 13, 3);  // 10:00 at UTC+7
  EXPECT_EQ(cal.AddWorkingDays(friday, 1), Utc(2026, 2, 23, 16, 59) + 59);
  EXPECT_EQ(cal.AddWorkingDays(friday, 0), Utc(2026, 2, 13, 16, 59) + 59);
}

TEST(WorkCalendar, UsesTheProvinceLocalDate) {
  WorkCalendar cal;
  // 20:00 UTC on Friday is already Saturday 03:00 in Vietnam: the next working day is Monday.
  const UnixTime late_friday = Utc(2026, 11, 27, 20);
  EXPECT_EQ(cal.LocalDate(late_friday), sys_days(year(2026) / November / 28));
  EXPECT_EQ(cal.AddWorkingDays(late_friday, 0), Utc(2026, 11, 30, 16, 59) + 59);
  EXPECT_EQ(cal.AddWorkingDays(late_friday, 7), Utc(2026, 12, 9, 16, 59) + 59);
}

}  // namespace
}  // namespace pw::workflow
