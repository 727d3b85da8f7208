#include "storage/verify.h"

#include <memory>
#include <mutex>
#include <set>
#include <string>

#include <rocksdb/db.h>

#include "storage/case_store.h"
#include "storage/store_impl.h"

namespace pw::storage {
namespace {

Status CheckSchemaVersion(const Store::Impl& s) {
  std::string version;
  const rocksdb::Status st = s.db->Get(rocksdb::ReadOptions(), s.cf[kMeta], "schema_version", &version);
  if (!st.ok()) return Error{"schema version: cannot be read (" + st.ToString() + ")"};
  if (!IsKnownSchemaVersion(version)) return Error{"schema version " + version + " is not one this provwatch knows"};
  return {};
}

bool FamilyHasRecords(const Store::Impl& s, Cf cf) {
  if (s.cf[cf] == nullptr) return false;
  std::unique_ptr<rocksdb::Iterator> it(s.db->NewIterator(rocksdb::ReadOptions(), s.cf[cf]));
  it->SeekToFirst();
  return it->Valid();
}

Result<bool> Exists(const Store::Impl& s, Cf cf, const std::string& key) {
  if (s.cf[cf] == nullptr) return false;
  rocksdb::PinnableSlice value;
  const rocksdb::Status st = s.db->Get(rocksdb::ReadOptions(), s.cf[cf], key, &value);
  if (st.IsNotFound()) return false;
  if (!st.ok()) return RocksError("read from", s.dir, st);
  return true;
}

Status CheckCase(const Store& store, const CaseStore& cases, const workflow::Case& c,
                 bool clusters_kept, VerifySummary& summary) {
  const Store::Impl& s = store.internals();
  const std::string where = "case " + c.id + ": ";
  for (const std::string& key : c.item_keys) {
    auto stored = store.Contains(key);
    if (!stored.ok()) return stored.error();
    if (!*stored) return Error{where + "item " + key + " is not stored"};
    ++summary.case_items;
  }
  // The clusters family belongs to the story clusters: keyed by cluster id.
  if (clusters_kept) {
    auto found = Exists(s, kClusters, c.cluster_id);
    if (!found.ok()) return found.error();
    if (!*found) return Error{where + "cluster " + c.cluster_id + " has no cluster record"};
  }
  std::string mapped;
  const rocksdb::Status st = s.db->Get(rocksdb::ReadOptions(), s.cf[kCases], "cluster/" + c.cluster_id, &mapped);
  if (!st.ok() || mapped != c.id) {
    return Error{where + "cluster " + c.cluster_id + " does not map back to the case" +
                 (st.ok() ? " (it maps to " + mapped + ")" : "")};
  }
  auto history = cases.History(c.id);
  if (!history.ok()) return Error{where + history.error().message};
  if (history->empty()) return Error{where + "has no events"};
  if (history->back().to != c.state) {
    return Error{where + "state is " + std::string(workflow::LabelEn(c.state)) + " but its last event (" +
                 std::string(workflow::ActionName(history->back().kind)) + ") left it " +
                 std::string(workflow::LabelEn(history->back().to))};
  }
  return {};
}

}  // namespace

Result<VerifySummary> Verify(Store& store) {
  Store::Impl& s = store.internals();
  if (Status st = CheckSchemaVersion(s); !st.ok()) return st.error();
  // Case writers wait meanwhile, so a case and its events are read as of one
  // moment (a daemon may be applying actions while it answers `verify`).
  const std::lock_guard<std::mutex> lock(s.case_mutex);
  VerifySummary summary;
  const CaseStore cases(store);

  auto audit = cases.Audit();
  if (!audit.ok()) return audit.error();
  if (Status chain = workflow::VerifyChain(*audit); !chain.ok()) return chain.error();
  summary.audit_records = audit->size();

  auto all = cases.List();
  if (!all.ok()) return all.error();
  std::set<std::string> ids;
  for (const auto& c : *all) ids.insert(c.id);
  for (const auto& r : *audit) {
    if (ids.count(r.event.case_id) == 0) {
      return Error{"audit record " + std::to_string(r.seq) + ": case " + r.event.case_id + " is not stored"};
    }
  }
  const bool clusters_kept = FamilyHasRecords(s, kClusters);
  for (const auto& c : *all) {
    if (Status st = CheckCase(store, cases, c, clusters_kept, summary); !st.ok()) return st.error();
    ++summary.cases;
  }
  return summary;
}

}  // namespace pw::storage
