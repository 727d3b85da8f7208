#pragma once
/// Escalation: which cases are overdue at `now`, and which escalation events
/// must be recorded. One escalation per deadline: a deadline is identified by
/// (case id, deadline name, due time), so a deadline escalated once is never
/// escalated again, while a new deadline (the case reopened and confirmed
/// again, so a new due time) is. The caller records what `to_record` lists
/// (the store keeps them beside the case's events) and passes them back in
/// `recorded` next time. Pure: `now` is passed in.
#include <string>
#include <vector>

#include "workflow/calendar.h"
#include "workflow/case.h"
#include "workflow/deadlines.h"

namespace pw::workflow {

/// One escalation of an overdue deadline (what the audit log records).
struct Escalation {
  std::string case_id;
  std::string deadline;  ///< "initial-information", "dossier"
  UnixTime due = 0;
  UnixTime at = 0;       ///< when it was found overdue (not part of its identity)

  bool SameDeadline(const Escalation& other) const {
    return case_id == other.case_id && deadline == other.deadline && due == other.due;
  }
  /// For the audit log's Event::detail: "escalation dossier due=1771434000".
  std::string Detail() const;
};

struct EscalationResult {
  std::vector<std::string> overdue;     ///< ids of the cases overdue at `now`, in input order
  std::vector<Escalation> to_record;    ///< new escalations, at = now
};

EscalationResult Escalate(const std::vector<Case>& cases, const std::vector<Escalation>& recorded,
                          const DeadlinePolicy& policy, const WorkCalendar& calendar,
                          UnixTime now);

}  // namespace pw::workflow
