#pragma once
/// Apply: the one place where a case changes. Checks that the move is legal
/// in the workflow, that the actor's role may make it (and may see the case),
/// and that the action carries what the regulation requires; returns the new
/// case and the event to append to the audit log, or an Error that says why
/// not, in Vietnamese then English ("cần nêu lý do / a reason is required").
/// Pure: `now` is passed in.
#include <utility>

#include "core/result.h"
#include "workflow/case.h"

namespace pw::workflow {

/// True when `actor` may see `c` at all (secret cases: cleared users only;
/// an agency member: cases their agency leads or coordinates, once assigned).
bool CanSee(const Actor& actor, const Case& c);

Result<std::pair<Case, Event>> Apply(const Case& c, const Action& action, const Actor& actor,
                                     const CasePolicy& policy, UnixTime now);

}  // namespace pw::workflow
