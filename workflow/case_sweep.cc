#include "workflow/case_sweep.h"

#include <algorithm>
#include <map>

#include "workflow/case_store.h"

namespace pw::workflow {
namespace {

bool Ended(const Case& c) { return c.state == CaseState::kDismissed || c.state == CaseState::kClosed; }

/// Escalates the overdue deadlines of `cases`, profile by profile (each has
/// its own deadlines and calendar).
Status EscalateOverdue(CaseStore& store, const std::vector<Case>& cases, const PoliciesFor& policies,
                       UnixTime now, CaseSweepReport& report) {
  auto recorded = store.Escalations();
  if (!recorded.ok()) return recorded.error();
  std::map<std::string, std::vector<Case>> by_profile;
  for (const Case& c : cases) by_profile[c.profile].push_back(c);
  std::vector<Escalation> to_record;
  for (const auto& [profile, group] : by_profile) {
    const ProfilePolicies& p = policies(profile);
    EscalationResult r = Escalate(group, *recorded, p.deadlines, p.calendar, now);
    report.overdue.insert(report.overdue.end(), r.overdue.begin(), r.overdue.end());
    to_record.insert(to_record.end(), r.to_record.begin(), r.to_record.end());
  }
  std::sort(report.overdue.begin(), report.overdue.end());
  auto written = store.RecordEscalations(to_record);
  if (!written.ok()) return written.error();
  report.escalated = std::move(*written);
  return {};
}

/// Raises to "high" the open cases whose story cluster is spreading.
Status RaiseSpreading(const storage::Store& store, CaseStore& cases, const std::vector<Case>& all,
                      UnixTime now, CaseSweepReport& report) {
  for (const Case& c : all) {
    if (c.severity == "high" || Ended(c)) continue;
    auto cluster = store.GetCluster(c.cluster_id);
    if (!cluster.ok()) return cluster.error();
    if (!cluster->has_value() || !(*cluster)->spreading) continue;
    auto raised = cases.RaiseSeverity(c.id, "cluster=" + c.cluster_id + " spreading", now);
    if (!raised.ok()) return raised.error();
    if (*raised) report.raised.push_back(c.id);
  }
  return {};
}

}  // namespace

Result<CaseSweepReport> SweepCases(storage::Store& store, const PoliciesFor& policies, UnixTime now) {
  CaseStore cases(store);
  auto all = cases.List();
  if (!all.ok()) return all.error();
  CaseSweepReport report;
  if (Status st = EscalateOverdue(cases, *all, policies, now, report); !st.ok()) return st.error();
  if (Status st = RaiseSpreading(store, cases, *all, now, report); !st.ok()) return st.error();
  return report;
}

}  // namespace pw::workflow
