#include "workflow/verify.h"

#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "workflow/case_store.h"

namespace pw::workflow {
namespace {

using storage::Store;

Status CheckSchemaVersion(const Store& store) {
  auto version = store.SchemaVersion();
  if (!version.ok()) return Error{"schema version: cannot be read (" + version.error().message + ")"};
  if (!storage::IsKnownSchemaVersion(*version)) {
    return Error{"schema version " + *version + " is not one this provwatch knows"};
  }
  return {};
}

Status CheckCase(const Store& store, const CaseStore& cases, const Case& c,
                 bool clusters_kept, VerifySummary& summary) {
  const std::string where = "case " + c.id + ": ";
  for (const std::string& key : c.item_keys) {
    auto stored = store.Contains(key);
    if (!stored.ok()) return stored.error();
    if (!*stored) return Error{where + "item " + key + " is not stored"};
    ++summary.case_items;
  }
  // The clusters family belongs to the story clusters: keyed by cluster id.
  if (clusters_kept) {
    auto found = store.GetCluster(c.cluster_id);
    if (!found.ok()) return found.error();
    if (!found->has_value()) return Error{where + "cluster " + c.cluster_id + " has no cluster record"};
  }
  auto mapped = cases.CaseOfCluster(c.cluster_id);
  if (!mapped.ok()) return mapped.error();
  if (*mapped != c.id) {
    return Error{where + "cluster " + c.cluster_id + " does not map back to the case" +
                 (mapped->empty() ? "" : " (it maps to " + *mapped + ")")};
  }
  auto history = cases.History(c.id);
  if (!history.ok()) return Error{where + history.error().message};
  if (history->empty()) return Error{where + "has no events"};
  if (history->back().to != c.state) {
    return Error{where + "state is " + std::string(LabelEn(c.state)) + " but its last event (" +
                 std::string(ActionName(history->back().kind)) + ") left it " +
                 std::string(LabelEn(history->back().to))};
  }
  return {};
}

}  // namespace

Result<VerifySummary> Verify(Store& store) {
  if (Status st = CheckSchemaVersion(store); !st.ok()) return st.error();
  // Case writers wait meanwhile, so a case and its events are read as of one
  // moment (a daemon may be applying actions while it answers `verify`).
  const auto lock = store.LockRecords();
  VerifySummary summary;
  const CaseStore cases(store);

  auto audit = cases.Audit();
  if (!audit.ok()) return audit.error();
  if (Status chain = VerifyChain(*audit); !chain.ok()) return chain.error();
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
  auto clusters = store.Clusters();
  if (!clusters.ok()) return clusters.error();
  const bool clusters_kept = !clusters->empty();
  for (const auto& c : *all) {
    if (Status st = CheckCase(store, cases, c, clusters_kept, summary); !st.ok()) return st.error();
    ++summary.cases;
  }
  // Item indexes against item records (storage/item_index.h).
  auto indexed = store.VerifyItemIndex();
  if (!indexed.ok()) return indexed.error();
  summary.items = *indexed;
  return summary;
}

}  // namespace pw::workflow
