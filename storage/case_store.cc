#include "storage/case_store.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include "storage/case_codec.h"
#include "storage/item_codec.h"
#include "storage/store_impl.h"
#include "workflow/transition.h"

namespace pw::storage {
namespace {

using workflow::Case;

// ---- Key encodings ----------------------------------------------------------
// cases family:
//   "case/" + case id           -> JSON of the Case (case_codec.h)
//   "cluster/" + cluster id     -> the id of the case that holds the cluster
// case_events family:
//   "a/" + seq (20 decimal digits, zero-padded) -> JSON of the AuditRecord;
//        every case event is an audit record, so this is also each case's history
//   "c/" + case id + "/" + seq (20 digits)     -> "" (index: a case's events in order)
// users family:    user name   -> JSON {role, agency, cleared, created}
// agencies family: agency id   -> JSON {name}
// Case ids ("C-20261126-0001") never contain '/', so the prefixes do not overlap.
constexpr std::string_view kCasePrefix = "case/";
constexpr std::string_view kClusterPrefix = "cluster/";
constexpr std::string_view kAuditPrefix = "a/";
constexpr std::string_view kCaseEventPrefix = "c/";

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

/// "C-YYYYMMDD-" for the date of `now` in Vietnam (UTC+7), where officers work.
std::string CaseIdPrefix(UnixTime now) {
  const std::time_t t = static_cast<std::time_t>(now + 7 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[48];
  std::snprintf(buf, sizeof buf, "C-%04d%02d%02d-", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

std::string_view View(const rocksdb::Slice& s) { return {s.data(), s.size()}; }
bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

rocksdb::WriteOptions Synced() {
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return wo;
}

const workflow::Actor kSystem{"system", workflow::Role::kAdmin, "", true};

}  // namespace

workflow::Actor ActorOf(const UserRecord& user) {
  return {user.name, user.role, user.agency, user.cleared};
}

CaseStore::CaseStore(Store& store) : store_(store) {}

namespace {

/// Reading helpers over one Store::Impl; a family missing from an older
/// database opened read-only (null handle) reads as empty.
struct Reader {
  const Store::Impl& s;

  Result<std::optional<std::string>> Get(Cf cf, std::string_view key, const char* op) const {
    if (s.cf[cf] == nullptr) return std::optional<std::string>();
    std::string value;
    const rocksdb::Status st = s.db->Get(rocksdb::ReadOptions(), s.cf[cf], ToSlice(key), &value);
    if (st.IsNotFound()) return std::optional<std::string>();
    if (!st.ok()) return RocksError(op, s.dir, st);
    return std::optional<std::string>(std::move(value));
  }

  /// Calls f(key, value) for every record whose key starts with `prefix`;
  /// f returns a Status to stop with.
  template <typename F>
  Status Scan(Cf cf, std::string_view prefix, const char* op, F&& f) const {
    if (s.cf[cf] == nullptr) return {};
    std::unique_ptr<rocksdb::Iterator> it(s.db->NewIterator(rocksdb::ReadOptions(), s.cf[cf]));
    for (it->Seek(ToSlice(prefix)); it->Valid() && StartsWith(View(it->key()), prefix); it->Next()) {
      if (Status st = f(View(it->key()), View(it->value())); !st.ok()) return st;
    }
    if (!it->status().ok()) return RocksError(op, s.dir, it->status());
    return {};
  }

  Result<std::optional<Case>> GetCase(std::string_view id) const {
    auto raw = Get(kCases, CaseKey(id), "read case from");
    if (!raw.ok()) return raw.error();
    if (!raw->has_value()) return std::optional<Case>();
    auto c = DecodeCase(**raw);
    if (!c.ok()) return Error{"read case from " + s.dir + ": case " + std::string(id) + ": " + c.error().message};
    return std::optional<Case>(std::move(c).value());
  }

  /// The last audit record, or nullopt for an empty log.
  Result<std::optional<workflow::AuditRecord>> Head() const {
    if (s.cf[kCaseEvents] == nullptr) return std::optional<workflow::AuditRecord>();
    std::unique_ptr<rocksdb::Iterator> it(
        s.db->NewIterator(rocksdb::ReadOptions(), s.cf[kCaseEvents]));
    // "a0" sorts right after every "a/..." key.
    it->SeekForPrev("a0");
    if (!it->status().ok()) return RocksError("read audit log from", s.dir, it->status());
    if (!it->Valid() || !StartsWith(View(it->key()), kAuditPrefix)) {
      return std::optional<workflow::AuditRecord>();
    }
    auto r = DecodeAuditRecord(View(it->value()));
    if (!r.ok()) return Error{"read audit log from " + s.dir + ": " + std::string(View(it->key())) + ": " + r.error().message};
    return std::optional<workflow::AuditRecord>(std::move(r).value());
  }
};

/// Adds the event's audit record and its case index entry to `batch`.
Result<workflow::AuditRecord> AppendEvent(const Store::Impl& s, rocksdb::WriteBatch& batch,
                                          workflow::Event event) {
  auto head = Reader{s}.Head();
  if (!head.ok()) return head.error();
  workflow::AuditRecord r = workflow::Append(head->has_value() ? &**head : nullptr, std::move(event));
  rocksdb::Status st = batch.Put(s.cf[kCaseEvents], AuditKey(r.seq), EncodeAuditRecord(r));
  if (st.ok()) st = batch.Put(s.cf[kCaseEvents], CaseEventKey(r.event.case_id, r.seq), "");
  if (!st.ok()) return RocksError("write audit record to", s.dir, st);
  return r;
}

Status CheckWritable(const Store::Impl& s, const char* op) {
  if (s.mode == Store::Mode::kReadOnly) return ReadOnlyError(op, s.dir);
  return {};
}

/// The next free id of the day: one more than the last "C-YYYYMMDD-NNNN".
Result<std::string> NextCaseId(const Store::Impl& s, UnixTime now) {
  const std::string day = CaseIdPrefix(now);
  int last = 0;
  Status st = Reader{s}.Scan(kCases, CaseKey(day), "read cases from",
                             [&](std::string_view key, std::string_view) -> Status {
                               last = std::max(last, std::atoi(std::string(key.substr(kCasePrefix.size() + day.size())).c_str()));
                               return {};
                             });
  if (!st.ok()) return st.error();
  char num[24];
  std::snprintf(num, sizeof num, "%04d", last + 1);
  return day + num;
}

}  // namespace

Result<std::pair<std::string, bool>> CaseStore::OpenForCandidate(
    const Item& item, std::string_view cluster_id, const std::vector<std::string>& topics,
    UnixTime now) {
  Store::Impl& s = store_.internals();
  if (Status st = CheckWritable(s, "write case to"); !st.ok()) return st.error();
  if (item.key.empty()) return Error{"write case to " + s.dir + ": the item has an empty key"};
  const std::string cluster = cluster_id.empty() ? item.key : std::string(cluster_id);
  const std::lock_guard<std::mutex> lock(s.case_mutex);
  const Reader reader{s};

  auto existing_id = reader.Get(kCases, ClusterKey(cluster), "read cases from");
  if (!existing_id.ok()) return existing_id.error();
  rocksdb::WriteBatch batch;
  Case c;
  workflow::Event event;
  bool created = false;
  if (existing_id->has_value()) {
    auto found = reader.GetCase(**existing_id);
    if (!found.ok()) return found.error();
    if (!found->has_value()) {
      return Error{"read cases from " + s.dir + ": cluster " + cluster + " points to missing case " + **existing_id};
    }
    c = std::move(**found);
    if (std::find(c.item_keys.begin(), c.item_keys.end(), item.key) != c.item_keys.end()) {
      return std::make_pair(c.id, false);
    }
    c.item_keys.push_back(item.key);
    for (const auto& t : topics) {
      if (std::find(c.topics.begin(), c.topics.end(), t) == c.topics.end()) c.topics.push_back(t);
    }
    event = {c.id, workflow::ActionKind::kAddItem, c.state, c.state, kSystem.user, kSystem.role, now, item.key};
  } else {
    auto id = NextCaseId(s, now);
    if (!id.ok()) return id.error();
    c.id = *id;
    c.cluster_id = cluster;
    c.item_keys = {item.key};
    c.topics = topics;
    c.detected_at = now;
    c.entered[workflow::CaseState::kDetected] = now;
    event = {c.id, workflow::ActionKind::kDetect, c.state, c.state, kSystem.user, kSystem.role, now,
             "cluster=" + cluster + " item=" + item.key};
    created = true;
    if (auto st = batch.Put(s.cf[kCases], ClusterKey(cluster), c.id); !st.ok()) {
      return RocksError("write case to", s.dir, st);
    }
  }
  if (auto st = batch.Put(s.cf[kCases], CaseKey(c.id), EncodeCase(c)); !st.ok()) {
    return RocksError("write case to", s.dir, st);
  }
  if (auto r = AppendEvent(s, batch, std::move(event)); !r.ok()) return r.error();
  if (auto st = s.db->Write(Synced(), &batch); !st.ok()) return RocksError("write case to", s.dir, st);
  return std::make_pair(c.id, created);
}

Result<Case> CaseStore::Act(std::string_view case_id, const workflow::Action& action,
                            const workflow::Actor& actor, const workflow::CasePolicy& policy,
                            UnixTime now) {
  Store::Impl& s = store_.internals();
  if (Status st = CheckWritable(s, "write case to"); !st.ok()) return st.error();
  const std::lock_guard<std::mutex> lock(s.case_mutex);
  auto found = Reader{s}.GetCase(case_id);
  if (!found.ok()) return found.error();
  if (!found->has_value()) {
    return Error{"không tìm thấy hồ sơ " + std::string(case_id) + " / no such case " + std::string(case_id)};
  }
  auto applied = workflow::Apply(**found, action, actor, policy, now);
  if (!applied.ok()) return applied.error();
  auto& [next, event] = *applied;
  rocksdb::WriteBatch batch;
  if (auto st = batch.Put(s.cf[kCases], CaseKey(next.id), EncodeCase(next)); !st.ok()) {
    return RocksError("write case to", s.dir, st);
  }
  if (auto r = AppendEvent(s, batch, event); !r.ok()) return r.error();
  if (auto st = s.db->Write(Synced(), &batch); !st.ok()) return RocksError("write case to", s.dir, st);
  return next;
}

Result<std::optional<Case>> CaseStore::Get(std::string_view case_id) const {
  return Reader{store_.internals()}.GetCase(case_id);
}

Result<std::vector<Case>> CaseStore::List() const {
  const Store::Impl& s = store_.internals();
  std::vector<Case> out;
  Status st = Reader{s}.Scan(kCases, kCasePrefix, "read cases from",
                             [&](std::string_view key, std::string_view value) -> Status {
                               auto c = DecodeCase(value);
                               if (!c.ok()) {
                                 return Error{"read cases from " + s.dir + ": " + std::string(key) + ": " + c.error().message};
                               }
                               out.push_back(std::move(c).value());
                               return {};
                             });
  if (!st.ok()) return st.error();
  return out;
}

Result<std::vector<Case>> CaseStore::VisibleCases(const workflow::Actor& actor) const {
  auto all = List();
  if (!all.ok()) return all.error();
  std::vector<Case> out;
  for (Case& c : *all) {
    if (workflow::CanSee(actor, c)) out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<workflow::AuditRecord>> CaseStore::Audit() const {
  const Store::Impl& s = store_.internals();
  std::vector<workflow::AuditRecord> out;
  Status st = Reader{s}.Scan(kCaseEvents, kAuditPrefix, "read audit log from",
                             [&](std::string_view key, std::string_view value) -> Status {
                               auto r = DecodeAuditRecord(value);
                               if (!r.ok()) {
                                 return Error{"read audit log from " + s.dir + ": " + std::string(key) + ": " + r.error().message};
                               }
                               out.push_back(std::move(r).value());
                               return {};
                             });
  if (!st.ok()) return st.error();
  return out;
}

Result<std::vector<workflow::Event>> CaseStore::History(std::string_view case_id) const {
  const Store::Impl& s = store_.internals();
  const Reader reader{s};
  const std::string prefix = CaseEventPrefix(case_id);
  std::vector<workflow::Event> out;
  Status st = reader.Scan(
      kCaseEvents, prefix, "read case history from",
      [&](std::string_view key, std::string_view) -> Status {
        const std::string audit_key = std::string(kAuditPrefix) + std::string(key.substr(prefix.size()));
        auto raw = reader.Get(kCaseEvents, audit_key, "read case history from");
        if (!raw.ok()) return raw.error();
        if (!raw->has_value()) {
          return Error{"read case history from " + s.dir + ": " + std::string(key) + " has no audit record"};
        }
        auto r = DecodeAuditRecord(**raw);
        if (!r.ok()) return Error{"read case history from " + s.dir + ": " + audit_key + ": " + r.error().message};
        if (r->event.case_id != case_id) {
          return Error{"read case history from " + s.dir + ": " + audit_key + " belongs to case " + r->event.case_id};
        }
        out.push_back(std::move(r->event));
        return {};
      });
  if (!st.ok()) return st.error();
  return out;
}

Result<workflow::Evidence> CaseStore::EvidenceFor(std::string_view item_key) const {
  const Store::Impl& s = store_.internals();
  auto raw = Reader{s}.Get(kItems, item_key, "read item from");
  if (!raw.ok()) return raw.error();
  if (!raw->has_value()) {
    return Error{"không tìm thấy tin " + std::string(item_key) + " / no stored item " + std::string(item_key)};
  }
  auto item = DecodeItem(item_key, **raw);
  if (!item.ok()) return Error{"read item from " + s.dir + ": " + std::string(item_key) + ": " + item.error().message};
  workflow::Evidence e;
  e.item_key = std::string(item_key);
  e.url = item->entry.link;
  e.title = item->entry.title;
  e.archived = **raw;
  e.sha256 = workflow::Sha256Hex(e.archived);
  e.fetched_at = item->fetched_at;
  return e;
}

Status CaseStore::PutUser(const UserRecord& user) {
  Store::Impl& s = store_.internals();
  if (Status st = CheckWritable(s, "write user to"); !st.ok()) return st;
  if (user.name.empty()) return Error{"write user to " + s.dir + ": the user name is empty"};
  if (auto st = s.db->Put(Synced(), s.cf[kUsers], ToSlice(user.name), EncodeUser(user)); !st.ok()) {
    return RocksError("write user to", s.dir, st);
  }
  return {};
}

Result<std::optional<UserRecord>> CaseStore::GetUser(std::string_view name) const {
  const Store::Impl& s = store_.internals();
  auto raw = Reader{s}.Get(kUsers, name, "read user from");
  if (!raw.ok()) return raw.error();
  if (!raw->has_value()) return std::optional<UserRecord>();
  auto u = DecodeUser(name, **raw);
  if (!u.ok()) return Error{"read user from " + s.dir + ": " + std::string(name) + ": " + u.error().message};
  return std::optional<UserRecord>(std::move(u).value());
}

Result<std::vector<UserRecord>> CaseStore::Users() const {
  const Store::Impl& s = store_.internals();
  std::vector<UserRecord> out;
  Status st = Reader{s}.Scan(kUsers, "", "read users from",
                             [&](std::string_view key, std::string_view value) -> Status {
                               auto u = DecodeUser(key, value);
                               if (!u.ok()) return Error{"read users from " + s.dir + ": " + std::string(key) + ": " + u.error().message};
                               out.push_back(std::move(u).value());
                               return {};
                             });
  if (!st.ok()) return st.error();
  return out;
}

Status CaseStore::PutAgency(const AgencyRecord& agency) {
  Store::Impl& s = store_.internals();
  if (Status st = CheckWritable(s, "write agency to"); !st.ok()) return st;
  if (agency.id.empty()) return Error{"write agency to " + s.dir + ": the agency id is empty"};
  if (auto st = s.db->Put(Synced(), s.cf[kAgencies], ToSlice(agency.id), EncodeAgency(agency)); !st.ok()) {
    return RocksError("write agency to", s.dir, st);
  }
  return {};
}

Result<std::vector<AgencyRecord>> CaseStore::Agencies() const {
  const Store::Impl& s = store_.internals();
  std::vector<AgencyRecord> out;
  Status st = Reader{s}.Scan(kAgencies, "", "read agencies from",
                             [&](std::string_view key, std::string_view value) -> Status {
                               auto a = DecodeAgency(key, value);
                               if (!a.ok()) return Error{"read agencies from " + s.dir + ": " + std::string(key) + ": " + a.error().message};
                               out.push_back(std::move(a).value());
                               return {};
                             });
  if (!st.ok()) return st.error();
  return out;
}

}  // namespace pw::storage
