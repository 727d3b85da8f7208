#include "workflow/case_store.h"

#include <algorithm>
#include <cinttypes>
#include <cstdlib>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>

#include "workflow/case_codec.h"
#include "workflow/transition.h"

namespace pw::workflow {
namespace {

using storage::RecordBatch;
using storage::RecordFamily;
using storage::Store;

// ---- Key encodings ----------------------------------------------------------
// cases family:
//   "case/" + case id           -> JSON of the Case (case_codec.h)
//   "cluster/" + cluster id     -> the id of the case that holds the cluster
// case_events family:
//   "a/" + seq (20 decimal digits, zero-padded) -> JSON of the AuditRecord;
//        every case event is an audit record, so this is also each case's history
//   "c/" + case id + "/" + seq (20 digits)     -> "" (index: a case's events in order)
//   "e/" + case id + "/" + deadline + "/" + due (20 digits) -> seq (20 digits) of the
//        escalation's audit record (index: each deadline is escalated once)
// users family:    user name   -> JSON {role, agency, cleared, created}
// agencies family: agency id   -> JSON {name}
// Case ids ("C-20261126-0001") never contain '/', so the prefixes do not overlap.
constexpr std::string_view kCasePrefix = "case/";
constexpr std::string_view kClusterPrefix = "cluster/";
constexpr std::string_view kAuditPrefix = "a/";
constexpr std::string_view kCaseEventPrefix = "c/";
constexpr std::string_view kEscalationPrefix = "e/";

std::string CaseKey(std::string_view id) { return std::string(kCasePrefix) + std::string(id); }
std::string ClusterKey(std::string_view cluster) {
  return std::string(kClusterPrefix) + std::string(cluster);
}
std::string Seq20(std::uint64_t seq) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%020" PRIu64, seq);
  return buf;
}
std::string AuditKey(std::uint64_t seq) { return std::string(kAuditPrefix) + Seq20(seq); }
std::string CaseEventPrefix(std::string_view id) {
  return std::string(kCaseEventPrefix) + std::string(id) + "/";
}
std::string CaseEventKey(std::string_view id, std::uint64_t seq) {
  return CaseEventPrefix(id) + Seq20(seq);
}
std::string EscalationKey(const Escalation& e) {
  return std::string(kEscalationPrefix) + e.case_id + "/" + e.deadline + "/" +
         Seq20(static_cast<std::uint64_t>(e.due));
}
/// The escalation an index key names (its `at` is left 0); nullopt for a malformed key.
std::optional<Escalation> ParseEscalationKey(std::string_view key) {
  key.remove_prefix(kEscalationPrefix.size());
  const auto first = key.find('/');
  const auto last = key.rfind('/');
  if (first == std::string_view::npos || first == last) return std::nullopt;
  Escalation e;
  e.case_id = std::string(key.substr(0, first));
  e.deadline = std::string(key.substr(first + 1, last - first - 1));
  e.due = static_cast<UnixTime>(std::strtoull(std::string(key.substr(last + 1)).c_str(), nullptr, 10));
  return e;
}

/// "C-YYYYMMDD-" for the date of `now` in Vietnam (UTC+7), where officers work.
std::string CaseIdPrefix(UnixTime now) {
  const std::time_t t = static_cast<std::time_t>(now + 7 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[48];
  std::snprintf(buf, sizeof buf, "C-%04d%02d%02d-", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

constexpr bool kSynced = true;  // every workflow write is fsynced before it is acknowledged

const Actor kSystem{"system", Role::kAdmin, "", true};

}  // namespace

Actor ActorOf(const UserRecord& user) {
  return {user.name, user.role, user.agency, user.cleared};
}

CaseStore::CaseStore(Store& store) : store_(store) {}

namespace {

/// Reading helpers over the Store's workflow records.
struct Reader {
  const Store& store;

  Result<std::optional<Case>> GetCase(std::string_view id) const {
    auto raw = store.GetRecord(RecordFamily::kCases, CaseKey(id));
    if (!raw.ok()) return raw.error();
    if (!raw->has_value()) return std::optional<Case>();
    auto c = DecodeCase(**raw);
    if (!c.ok()) return Error{"read case from " + store.dir() + ": case " + std::string(id) + ": " + c.error().message};
    return std::optional<Case>(std::move(c).value());
  }

  /// The last audit record, or nullopt for an empty log.
  Result<std::optional<AuditRecord>> Head() const {
    auto last = store.LastRecord(RecordFamily::kCaseEvents, kAuditPrefix);
    if (!last.ok()) return last.error();
    if (!last->has_value()) return std::optional<AuditRecord>();
    auto r = DecodeAuditRecord((*last)->second);
    if (!r.ok()) return Error{"read audit log from " + store.dir() + ": " + (*last)->first + ": " + r.error().message};
    return std::optional<AuditRecord>(std::move(r).value());
  }
};

/// Adds the event's audit record and its case index entry to `batch`.
Result<AuditRecord> AppendEvent(const Store& store, RecordBatch& batch, Event event) {
  auto head = Reader{store}.Head();
  if (!head.ok()) return head.error();
  AuditRecord r = Append(head->has_value() ? &**head : nullptr, std::move(event));
  batch.Put(RecordFamily::kCaseEvents, AuditKey(r.seq), EncodeAuditRecord(r));
  batch.Put(RecordFamily::kCaseEvents, CaseEventKey(r.event.case_id, r.seq), "");
  return r;
}

/// The next free id of the day: one more than the last "C-YYYYMMDD-NNNN".
Result<std::string> NextCaseId(const Store& store, UnixTime now) {
  const std::string day = CaseIdPrefix(now);
  int last = 0;
  auto newest = store.LastRecord(RecordFamily::kCases, CaseKey(day));
  if (!newest.ok()) return newest.error();
  if (newest->has_value()) {
    last = std::atoi((*newest)->first.substr(kCasePrefix.size() + day.size()).c_str());
  }
  char num[24];
  std::snprintf(num, sizeof num, "%04d", last + 1);
  return day + num;
}

}  // namespace

Result<std::pair<std::string, bool>> CaseStore::OpenForCandidate(
    const Item& item, std::string_view cluster_id, const std::vector<std::string>& topics,
    UnixTime now, std::string_view profile, bool sync, std::string_view severity) {
  if (item.key.empty()) return Error{"write case to " + store_.dir() + ": the item has an empty key"};
  const std::string cluster = cluster_id.empty() ? item.key : std::string(cluster_id);
  const auto lock = store_.LockRecords();
  const Reader reader{store_};

  auto existing_id = store_.GetRecord(RecordFamily::kCases, ClusterKey(cluster));
  if (!existing_id.ok()) return existing_id.error();
  RecordBatch batch;
  Case c;
  Event event;
  bool created = false;
  if (existing_id->has_value()) {
    auto found = reader.GetCase(**existing_id);
    if (!found.ok()) return found.error();
    if (!found->has_value()) {
      return Error{"read cases from " + store_.dir() + ": cluster " + cluster + " points to missing case " + **existing_id};
    }
    c = std::move(**found);
    if (std::find(c.item_keys.begin(), c.item_keys.end(), item.key) != c.item_keys.end()) {
      return std::make_pair(c.id, false);
    }
    c.item_keys.push_back(item.key);
    if (severity == "high") c.severity = "high";
    for (const auto& t : topics) {
      if (std::find(c.topics.begin(), c.topics.end(), t) == c.topics.end()) c.topics.push_back(t);
    }
    event = {c.id, ActionKind::kAddItem, c.state, c.state, kSystem.user, kSystem.role, now, item.key};
  } else {
    auto id = NextCaseId(store_, now);
    if (!id.ok()) return id.error();
    c.id = *id;
    c.cluster_id = cluster;
    c.profile = std::string(profile);
    c.severity = severity == "high" ? "high" : "medium";
    c.item_keys = {item.key};
    c.topics = topics;
    c.detected_at = now;
    c.entered[CaseState::kDetected] = now;
    event = {c.id, ActionKind::kDetect, c.state, c.state, kSystem.user, kSystem.role, now,
             "cluster=" + cluster + " item=" + item.key};
    created = true;
    batch.Put(RecordFamily::kCases, ClusterKey(cluster), c.id);
  }
  batch.Put(RecordFamily::kCases, CaseKey(c.id), EncodeCase(c));
  if (auto r = AppendEvent(store_, batch, std::move(event)); !r.ok()) return r.error();
  if (Status st = store_.Commit(batch, sync); !st.ok()) return st.error();
  return std::make_pair(c.id, created);
}

Result<Case> CaseStore::Act(std::string_view case_id, const Action& action,
                            const Actor& actor, const CasePolicy& policy,
                            UnixTime now) {
  const auto lock = store_.LockRecords();
  auto found = Reader{store_}.GetCase(case_id);
  if (!found.ok()) return found.error();
  if (!found->has_value()) {
    return Error{"không tìm thấy hồ sơ " + std::string(case_id) + " / no such case " + std::string(case_id)};
  }
  auto applied = Apply(**found, action, actor, policy, now);
  if (!applied.ok()) return applied.error();
  auto& [next, event] = *applied;
  RecordBatch batch;
  batch.Put(RecordFamily::kCases, CaseKey(next.id), EncodeCase(next));
  if (auto r = AppendEvent(store_, batch, event); !r.ok()) return r.error();
  if (Status st = store_.Commit(batch, kSynced); !st.ok()) return st.error();
  return next;
}

Result<std::vector<Escalation>> CaseStore::RecordEscalations(
    const std::vector<Escalation>& escalations) {
  const auto lock = store_.LockRecords();
  const Reader reader{store_};
  std::vector<Escalation> written;
  for (const Escalation& e : escalations) {
    auto seen = store_.GetRecord(RecordFamily::kCaseEvents, EscalationKey(e));
    if (!seen.ok()) return seen.error();
    if (seen->has_value()) continue;
    auto found = reader.GetCase(e.case_id);
    if (!found.ok()) return found.error();
    if (!found->has_value()) continue;  // gone since the sweep read it: nothing to escalate
    const Case& c = **found;
    RecordBatch batch;
    auto r = AppendEvent(store_, batch,
                         {c.id, ActionKind::kEscalate, c.state, c.state, kSystem.user, kSystem.role, e.at,
                          e.Detail()});
    if (!r.ok()) return r.error();
    batch.Put(RecordFamily::kCaseEvents, EscalationKey(e), Seq20(r->seq));
    if (Status st = store_.Commit(batch, kSynced); !st.ok()) return st.error();
    written.push_back(e);
  }
  return written;
}

Result<std::vector<Escalation>> CaseStore::Escalations() const {
  std::vector<Escalation> out;
  Status st = store_.ScanRecords(RecordFamily::kCaseEvents, kEscalationPrefix,
                                 [&](std::string_view key, std::string_view) -> Status {
                                   auto e = ParseEscalationKey(key);
                                   if (!e) return Error{"read escalations from " + store_.dir() + ": bad key " + std::string(key)};
                                   out.push_back(std::move(*e));
                                   return {};
                                 });
  if (!st.ok()) return st.error();
  return out;
}

Result<bool> CaseStore::RaiseSeverity(std::string_view case_id, std::string_view reason, UnixTime now) {
  const auto lock = store_.LockRecords();
  auto found = Reader{store_}.GetCase(case_id);
  if (!found.ok()) return found.error();
  if (!found->has_value() || (*found)->severity == "high") return false;
  Case c = std::move(**found);
  c.severity = "high";
  RecordBatch batch;
  batch.Put(RecordFamily::kCases, CaseKey(c.id), EncodeCase(c));
  auto r = AppendEvent(store_, batch,
                       {c.id, ActionKind::kRaiseSeverity, c.state, c.state, kSystem.user, kSystem.role, now,
                        "severity=high " + std::string(reason)});
  if (!r.ok()) return r.error();
  if (Status st = store_.Commit(batch, kSynced); !st.ok()) return st.error();
  return true;
}

Result<std::optional<Case>> CaseStore::Get(std::string_view case_id) const {
  return Reader{store_}.GetCase(case_id);
}

Result<std::string> CaseStore::CaseOfCluster(std::string_view cluster_id) const {
  auto id = store_.GetRecord(RecordFamily::kCases, ClusterKey(cluster_id));
  if (!id.ok()) return id.error();
  return id->value_or(std::string());
}

Result<std::vector<Case>> CaseStore::List() const {
  std::vector<Case> out;
  Status st = store_.ScanRecords(RecordFamily::kCases, kCasePrefix,
                             [&](std::string_view key, std::string_view value) -> Status {
                               auto c = DecodeCase(value);
                               if (!c.ok()) {
                                 return Error{"read cases from " + store_.dir() + ": " + std::string(key) + ": " + c.error().message};
                               }
                               out.push_back(std::move(c).value());
                               return {};
                             });
  if (!st.ok()) return st.error();
  return out;
}

Result<std::vector<Case>> CaseStore::VisibleCases(const Actor& actor) const {
  auto all = List();
  if (!all.ok()) return all.error();
  std::vector<Case> out;
  for (Case& c : *all) {
    if (CanSee(actor, c)) out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<AuditRecord>> CaseStore::Audit() const {
  std::vector<AuditRecord> out;
  Status st = store_.ScanRecords(RecordFamily::kCaseEvents, kAuditPrefix,
                             [&](std::string_view key, std::string_view value) -> Status {
                               auto r = DecodeAuditRecord(value);
                               if (!r.ok()) {
                                 return Error{"read audit log from " + store_.dir() + ": " + std::string(key) + ": " + r.error().message};
                               }
                               out.push_back(std::move(r).value());
                               return {};
                             });
  if (!st.ok()) return st.error();
  return out;
}

Result<std::vector<Event>> CaseStore::History(std::string_view case_id) const {
  const std::string prefix = CaseEventPrefix(case_id);
  const std::string& dir = store_.dir();
  std::vector<Event> out;
  Status st = store_.ScanRecords(
      RecordFamily::kCaseEvents, prefix,
      [&](std::string_view key, std::string_view) -> Status {
        const std::string audit_key = std::string(kAuditPrefix) + std::string(key.substr(prefix.size()));
        auto raw = store_.GetRecord(RecordFamily::kCaseEvents, audit_key);
        if (!raw.ok()) return raw.error();
        if (!raw->has_value()) {
          return Error{"read case history from " + dir + ": " + std::string(key) + " has no audit record"};
        }
        auto r = DecodeAuditRecord(**raw);
        if (!r.ok()) return Error{"read case history from " + dir + ": " + audit_key + ": " + r.error().message};
        if (r->event.case_id != case_id) {
          return Error{"read case history from " + dir + ": " + audit_key + " belongs to case " + r->event.case_id};
        }
        out.push_back(std::move(r->event));
        return {};
      });
  if (!st.ok()) return st.error();
  return out;
}

Result<Evidence> CaseStore::EvidenceFor(std::string_view item_key) const {
  auto raw = store_.ItemRecordBytes(item_key);
  if (!raw.ok()) return raw.error();
  auto item = store_.GetItem(item_key);
  if (!item.ok()) return item.error();
  if (!raw->has_value() || !item->has_value()) {
    return Error{"không tìm thấy tin " + std::string(item_key) + " / no stored item " + std::string(item_key)};
  }
  Evidence e;
  e.item_key = std::string(item_key);
  e.url = (*item)->entry.link;
  e.title = (*item)->entry.title;
  e.archived = **raw;
  e.sha256 = Sha256Hex(e.archived);
  e.fetched_at = (*item)->fetched_at;
  return e;
}

Status CaseStore::PutUser(const UserRecord& user) {
  if (user.name.empty()) return Error{"write user to " + store_.dir() + ": the user name is empty"};
  RecordBatch batch;
  batch.Put(RecordFamily::kUsers, user.name, EncodeUser(user));
  return store_.Commit(batch, kSynced);
}

Result<std::optional<UserRecord>> CaseStore::GetUser(std::string_view name) const {
  auto raw = store_.GetRecord(RecordFamily::kUsers, name);
  if (!raw.ok()) return raw.error();
  if (!raw->has_value()) return std::optional<UserRecord>();
  auto u = DecodeUser(name, **raw);
  if (!u.ok()) return Error{"read user from " + store_.dir() + ": " + std::string(name) + ": " + u.error().message};
  return std::optional<UserRecord>(std::move(u).value());
}

Result<std::vector<UserRecord>> CaseStore::Users() const {
  std::vector<UserRecord> out;
  Status st = store_.ScanRecords(RecordFamily::kUsers, "",
                             [&](std::string_view key, std::string_view value) -> Status {
                               auto u = DecodeUser(key, value);
                               if (!u.ok()) return Error{"read users from " + store_.dir() + ": " + std::string(key) + ": " + u.error().message};
                               out.push_back(std::move(u).value());
                               return {};
                             });
  if (!st.ok()) return st.error();
  return out;
}

Status CaseStore::PutAgency(const AgencyRecord& agency) {
  if (agency.id.empty()) return Error{"write agency to " + store_.dir() + ": the agency id is empty"};
  RecordBatch batch;
  batch.Put(RecordFamily::kAgencies, agency.id, EncodeAgency(agency));
  return store_.Commit(batch, kSynced);
}

Result<std::vector<AgencyRecord>> CaseStore::Agencies() const {
  std::vector<AgencyRecord> out;
  Status st = store_.ScanRecords(RecordFamily::kAgencies, "",
                             [&](std::string_view key, std::string_view value) -> Status {
                               auto a = DecodeAgency(key, value);
                               if (!a.ok()) return Error{"read agencies from " + store_.dir() + ": " + std::string(key) + ": " + a.error().message};
                               out.push_back(std::move(a).value());
                               return {};
                             });
  if (!st.ok()) return st.error();
  return out;
}

}  // namespace pw::workflow
