#include "workflow/calendar.h"

namespace pw::workflow {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::sys_seconds;
using std::chrono::weekday;

WorkCalendar::WorkCalendar(std::set<sys_days> holidays, std::chrono::hours utc_offset)
    : holidays_(std::move(holidays)), offset_(utc_offset) {}

sys_days WorkCalendar::LocalDate(UnixTime t) const {
  return floor<days>(sys_seconds(seconds(t)) + offset_);
}

bool WorkCalendar::IsWorkingDay(sys_days d) const {
  const weekday wd(d);
  return wd != std::chrono::Saturday && wd != std::chrono::Sunday && !holidays_.contains(d);
}

UnixTime WorkCalendar::AddWorkingDays(UnixTime start, int n) const {
  sys_days d = LocalDate(start);
  while (!IsWorkingDay(d)) d += days(1);
  for (int counted = 0; counted < n;) {
    d += days(1);
    if (IsWorkingDay(d)) ++counted;
  }
  // 23:59:59 local time of day d, as UTC.
  const sys_seconds end_local = sys_seconds(d) + days(1) - seconds(1);
  return (end_local - offset_).time_since_epoch().count();
}

}  // namespace pw::workflow
