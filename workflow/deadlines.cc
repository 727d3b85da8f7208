#include "workflow/deadlines.h"

#include <algorithm>

namespace pw::workflow {
namespace {

bool Closed(const Case& c) {
  return c.state == CaseState::kDismissed || c.state == CaseState::kClosed;
}

UnixTime FirstMeasure(const Case& c) {
  UnixTime first = 0;
  for (const auto& m : c.measures) {
    if (first == 0 || m.date < first) first = m.date;
  }
  return first;
}

}  // namespace

std::vector<Deadline> Deadlines(const Case& c, const DeadlinePolicy& policy,
                                const WorkCalendar& calendar, UnixTime now) {
  std::vector<Deadline> out;
  if (!c.confirmed_at) return out;
  {
    Deadline d{"initial-information",
               *c.confirmed_at +
                   std::chrono::duration_cast<std::chrono::seconds>(policy.initial_information).count(),
               false, false};
    const UnixTime first = FirstMeasure(c);
    d.met = first != 0 && first <= d.due;
    d.overdue = !d.met && !Closed(c) && now > d.due;
    out.push_back(d);
  }
  if (auto assigned = c.entered.find(CaseState::kAssigned); assigned != c.entered.end()) {
    Deadline d{"dossier", calendar.AddWorkingDays(assigned->second, policy.dossier_working_days),
               false, false};
    // The dossier is done when the case moves on to the response.
    auto responding = c.entered.find(CaseState::kResponding);
    d.met = responding != c.entered.end() && responding->second <= d.due;
    d.overdue = !d.met && !Closed(c) && now > d.due && c.state == CaseState::kDossier;
    if (c.state == CaseState::kAssigned) d.overdue = now > d.due;
    out.push_back(d);
  }
  return out;
}

bool IsOverdue(const Case& c, const DeadlinePolicy& policy, const WorkCalendar& calendar,
               UnixTime now) {
  const auto ds = Deadlines(c, policy, calendar, now);
  return std::any_of(ds.begin(), ds.end(), [](const Deadline& d) { return d.overdue; });
}

}  // namespace pw::workflow
