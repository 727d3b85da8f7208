#pragma once
/// The daemon's periodic pass over the cases (at start and every
/// `escalation_interval`): every deadline found overdue is escalated once
/// (escalation.h; recorded by CaseStore::RecordEscalations, which reads back
/// those recorded before, across restarts), and a case whose story cluster
/// (storage/cluster.h) is spreading has its severity raised to "high"
/// (CaseStore::RaiseSeverity). Both are events of the system actor in the
/// case's history and the audit log.
///
/// Threads: blocking store reads and synced writes; run it on a worker.
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/store.h"
#include "workflow/escalation.h"
#include "workflow/profile_policy.h"

namespace pw::workflow {

/// What one pass found and wrote.
struct CaseSweepReport {
  std::vector<std::string> overdue;     ///< ids of the cases overdue now, id order
  std::vector<Escalation> escalated;    ///< escalations written by this pass
  std::vector<std::string> raised;      ///< ids whose severity this pass raised
};

/// The policies (deadlines, calendar) of a case's profile id.
using PoliciesFor = std::function<const ProfilePolicies&(const std::string& profile_id)>;

Result<CaseSweepReport> SweepCases(storage::Store& store, const PoliciesFor& policies, UnixTime now);

}  // namespace pw::workflow
