#pragma once
/// CaseStore: clarification cases, their events, the hash-chained audit log,
/// users and agencies, kept in the Store's column families.
///
/// Lifetime and threads: holds a reference to an open Store, which must
/// outlive it. Every method is thread-safe; writers (OpenForCandidate, Act)
/// are serialised by the Store's record lock (Store::LockRecords), so concurrent
/// actions append to one unbroken audit chain.
///
/// Durability: every write is one WriteBatch with sync (WAL fsync) before the
/// call returns; an acknowledged action survives a crash of the machine.
///
/// Visibility: Get/List/Audit/History return everything; what a user may see
/// is decided by CanSee, and every listing for a user goes through
/// VisibleCases so that state-secret cases never leak.
///
/// The records live in the Store's workflow families (storage/store.h
/// RecordFamily); their key encodings are written beside the functions that
/// make them (case_store.cc).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/item.h"
#include "core/result.h"
#include "storage/store.h"
#include "workflow/audit.h"
#include "workflow/case.h"
#include "workflow/escalation.h"

namespace pw::workflow {

/// A user of the workflow. Issue 6 will add a password hash and tokens.
struct UserRecord {
  std::string name;
  Role role = Role::kMonitor;
  std::string agency;  ///< for Role::kAgency: the agency id
  bool cleared = false;  ///< may see state-secret cases
  UnixTime created = 0;
};

/// An agency that can lead or coordinate cases (names are configuration).
struct AgencyRecord {
  std::string id;
  std::string name;
};

/// The actor a stored user acts as.
Actor ActorOf(const UserRecord& user);

class CaseStore {
 public:
  explicit CaseStore(storage::Store& store);

  /// A case for a candidate item: creates one in state detected (id
  /// "C-YYYYMMDD-NNNN", the date of `now` in Vietnam, UTC+7) for
  /// `cluster_id` (the item's key when empty), or, when the cluster already
  /// has a case, adds the item's key to it (nothing changes when it is there
  /// already). Returns the case id and whether it was created. Both record an
  /// audit event by the system actor ("system"). `profile` (the profile id
  /// that scored the item) is recorded on a new case: its workflow policies
  /// apply to the case's actions. `severity` ("high" or "medium", see
  /// CandidateSeverity) raises the case's severity, never lowers it. Synced unless `sync` is false (ingest: the
  /// item it follows is not synced either, and the daemon re-opens missing
  /// cases at start).
  Result<std::pair<std::string, bool>> OpenForCandidate(const Item& item,
                                                        std::string_view cluster_id,
                                                        const std::vector<std::string>& topics,
                                                        UnixTime now, std::string_view profile = "",
                                                        bool sync = true,
                                                        std::string_view severity = "medium");

  /// Applies an action with Apply and writes the new case, its
  /// event and the next audit record in one WriteBatch, synced before
  /// returning. Errors say why, Vietnamese then English.
  Result<Case> Act(std::string_view case_id, const Action& action,
                             const Actor& actor, const CasePolicy& policy,
                             UnixTime now);

  /// Records each escalation not recorded yet (same case, deadline and due
  /// time): an ActionKind::kEscalate event by the system actor (detail
  /// Escalation::Detail()) in the case's history and the audit log, and its
  /// index entry, in one synced WriteBatch per escalation. Checked under the
  /// record lock, so a deadline is escalated once however many sweeps run.
  /// Returns those written now.
  Result<std::vector<Escalation>> RecordEscalations(const std::vector<Escalation>& escalations);
  /// The escalations recorded so far (read back from their index).
  Result<std::vector<Escalation>> Escalations() const;

  /// Raises the case's severity to "high" with an ActionKind::kRaiseSeverity
  /// event by the system actor (detail `reason`), synced. False when it was
  /// high already (nothing written).
  Result<bool> RaiseSeverity(std::string_view case_id, std::string_view reason, UnixTime now);

  Result<std::optional<Case>> Get(std::string_view case_id) const;
  /// The id of the case that holds `cluster_id`, or "" when none does.
  Result<std::string> CaseOfCluster(std::string_view cluster_id) const;
  /// Every case, id order.
  Result<std::vector<Case>> List() const;
  /// The cases `actor` may see (CanSee), id order. Every listing
  /// for a user goes through this.
  Result<std::vector<Case>> VisibleCases(const Actor& actor) const;
  /// The whole audit chain, seq order.
  Result<std::vector<AuditRecord>> Audit() const;
  /// The events of one case, in order.
  Result<std::vector<Event>> History(std::string_view case_id) const;

  /// Evidence for the dossier: an archived copy of the stored item `item_key`
  /// (its record bytes as stored), their SHA-256, URL, title and fetch time.
  Result<Evidence> EvidenceFor(std::string_view item_key) const;

  Status PutUser(const UserRecord& user);
  Result<std::optional<UserRecord>> GetUser(std::string_view name) const;
  /// Every user, name order.
  Result<std::vector<UserRecord>> Users() const;
  Status PutAgency(const AgencyRecord& agency);
  /// Every agency, id order.
  Result<std::vector<AgencyRecord>> Agencies() const;

 private:
  storage::Store& store_;
};

}  // namespace pw::workflow
