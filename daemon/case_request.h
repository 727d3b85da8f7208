#pragma once
/// The requests of the clarification workflow's commands, as one JSON object
/// on one line, and their answers, one JSON line each:
///
///   {"op":"user.add","name","role","agency","cleared"}   {"op":"user.list"}
///   {"op":"case.list","as"}   {"op":"case.show","as","id"}   {"op":"case.audit","as"}
///   {"op":"case.act","as","id","action":{"kind" (workflow::ActionName), "reason",
///     "lead", "coordinating":[...], "measure":{kind,date,channel,link,language},
///     "notice":{agency,reference}, "section" (SectionName), "text", "evidence_item"}}
///
/// Answers: {"ok":true, ...} or {"ok":false,"code":1|2,"error":"vi / en"}
/// (2: refused — bad request, unknown user, an action the workflow does not
/// allow — and nothing was written; 1: the store failed).
///
/// The CLI answers a request on the store itself when no daemon runs, and a
/// running daemon answers it on its control socket with the same function,
/// so the same checks apply either way. The acting user ("as") must exist in
/// the store; role, agency and clearance come from there, and every listing
/// goes through CaseStore::VisibleCases (state-secret cases never leak).
#include <string>
#include <string_view>

#include "core/item.h"
#include "workflow/case_store.h"
#include "workflow/profile_policy.h"

namespace pw::daemon {

/// Answers one request line against `cases`; `now` stamps the action. Never
/// throws: a malformed request gets an {"ok":false} answer.
std::string ExecuteCaseRequest(workflow::CaseStore& cases, std::string_view request, UnixTime now);

/// The workflow policies of a bundled profile's id (its [workflow] with the
/// routes its rules carry; defaults for an unknown id), built once per process.
/// Case actions, listings (the overdue flag) and the daemon's sweep use these.
const workflow::ProfilePolicies& PoliciesOf(const std::string& profile_id);

/// True when the request only reads (a read-only store can answer it).
bool IsReadOnlyRequest(std::string_view request);

}  // namespace pw::daemon
