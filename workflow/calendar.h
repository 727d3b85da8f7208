#pragma once
/// WorkCalendar: working days in the province (Monday to Friday, minus the
/// configured public holidays — Tết moves every year, so every holiday is a
/// date in configuration, never a rule in code). Deadlines counted in working
/// days end at the close of the last working day, province time (UTC+7).
/// Pure: no clock; values in, values out.
#include <chrono>
#include <set>

#include "core/item.h"

namespace pw::workflow {

class WorkCalendar {
 public:
  /// `holidays` are local dates; `utc_offset` is the province's offset (+7 h).
  explicit WorkCalendar(std::set<std::chrono::sys_days> holidays = {},
                        std::chrono::hours utc_offset = std::chrono::hours(7));

  /// The local date of an instant.
  std::chrono::sys_days LocalDate(UnixTime t) const;
  bool IsWorkingDay(std::chrono::sys_days local_date) const;

  /// The end (23:59:59 local) of the `days`-th working day after the local
  /// date of `start`. days = 0: the end of `start`'s own day if it is a
  /// working day, else of the next working day.
  UnixTime AddWorkingDays(UnixTime start, int days) const;

 private:
  std::set<std::chrono::sys_days> holidays_;
  std::chrono::seconds offset_;
};

}  // namespace pw::workflow
