#pragma once
/// Deadlines of a case and whether they are overdue. Defaults follow the
/// national framework: initial information within 24 hours of confirmation
/// (Decree 244/2026 Art. 7 for spokespersons; the first response measure
/// counts as that information), the dossier within a number of working days
/// of assignment (Circular 02/2019 Art. 6 gives ministries 7 days). A profile
/// may set its own. Pure: `now` is passed in.
#include <chrono>
#include <string>
#include <vector>

#include "workflow/calendar.h"
#include "workflow/case.h"

namespace pw::workflow {

struct DeadlinePolicy {
  std::chrono::hours initial_information{24};
  int dossier_working_days = 7;
};

struct Deadline {
  std::string what;        ///< "initial-information", "dossier"
  UnixTime due = 0;
  bool met = false;
  bool overdue = false;    ///< not met and past due at `now`
};

/// The deadlines that apply to `c` so far (none before confirmation).
std::vector<Deadline> Deadlines(const Case& c, const DeadlinePolicy& policy,
                                const WorkCalendar& calendar, UnixTime now);

/// True when any deadline of `c` is overdue at `now`.
bool IsOverdue(const Case& c, const DeadlinePolicy& policy, const WorkCalendar& calendar,
               UnixTime now);

}  // namespace pw::workflow
