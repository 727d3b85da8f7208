#include "workflow/escalation.h"

#include <algorithm>

namespace pw::workflow {

std::string Escalation::Detail() const {
  return "escalation " + deadline + " due=" + std::to_string(due);
}

EscalationResult Escalate(const std::vector<Case>& cases, const std::vector<Escalation>& recorded,
                          const DeadlinePolicy& policy, const WorkCalendar& calendar,
                          UnixTime now) {
  EscalationResult out;
  auto already = [&](const Escalation& e) {
    auto same = [&](const Escalation& r) { return r.SameDeadline(e); };
    return std::any_of(recorded.begin(), recorded.end(), same) ||
           std::any_of(out.to_record.begin(), out.to_record.end(), same);
  };
  for (const auto& c : cases) {
    bool overdue = false;
    for (const auto& d : Deadlines(c, policy, calendar, now)) {
      if (!d.overdue) continue;
      overdue = true;
      Escalation e{c.id, d.what, d.due, now};
      if (!already(e)) out.to_record.push_back(std::move(e));
    }
    if (overdue) out.overdue.push_back(c.id);
  }
  return out;
}

}  // namespace pw::workflow
