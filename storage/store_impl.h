#pragma once
/// Internals of Store shared by the files that implement its parts
/// (store.cc: items and sources; other storage/*.cc: cases, clusters, ...).
/// Not for use outside storage/.
#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/slice.h>
#include <rocksdb/status.h>

#include "core/result.h"
#include "storage/store.h"

namespace pw::storage {

// Indices into Store::Impl::cf; kCfNames gives the on-disk names.
// Families after kRegistry were added after the first release: a read-only
// open of an older database skips those it lacks (their handle stays null and
// they read as empty); a read-write open creates them.
enum Cf : std::size_t {
  kDefault, kItems, kCandidates, kSources, kMeta, kRegistry,
  kItemIndex,     // item indexes (by time, source, cluster)
  kClusters,      // story clusters
  kClusterBands,  // SimHash band index -> cluster
  kCases,         // workflow cases
  kCaseEvents,    // case history and the hash-chained audit log
  kUsers,         // users
  kAgencies,      // agencies
  kAuth,          // credentials, sessions, API tokens
  kAlerts,        // alert rules, alert entries, delivery outbox
  kCfCount
};
// "default" is unused but RocksDB requires it to be opened.
inline constexpr std::array<const char*, kCfCount> kCfNames = {
    "default", "items", "candidates", "sources", "meta", "registry", "item_index",
    "clusters", "cluster_bands", "cases", "case_events", "users", "agencies", "auth", "alerts"};

// "write batch to /var/lib/provwatch: IO error: No space left on device"
inline Error RocksError(std::string_view op, const std::string& dir, const rocksdb::Status& s) {
  return Error{std::string(op) + " " + dir + ": " + s.ToString()};
}

inline Error ReadOnlyError(std::string_view op, const std::string& dir) {
  return Error{std::string(op) + " " + dir + ": the store is open read-only"};
}

inline rocksdb::Slice ToSlice(std::string_view s) { return {s.data(), s.size()}; }

struct Store::Impl {
  std::string dir;
  Mode mode = Mode::kReadWrite;
  std::unique_ptr<rocksdb::DB> db;
  std::array<rocksdb::ColumnFamilyHandle*, kCfCount> cf{};
  // Makes PutNew's look-up-then-write atomic, so that two callers racing with
  // the same key cannot both count it as new.
  std::mutex put_mutex;
  // Serialises read-modify-write sequences on workflow records (LockRecords).
  std::mutex records_mutex;

  ~Impl() {
    if (!db) return;
    // RocksDB requires every handle to be destroyed before the DB is closed.
    for (rocksdb::ColumnFamilyHandle*& h : cf) {
      if (h != nullptr) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
      h = nullptr;
    }
    // A compaction that the last writes started is abandoned rather than
    // waited for: it is redone on the next open, and a `run --once` must not
    // spend its last half second compacting. Written data is in the WAL and
    // the table files already; a compaction's output is only installed whole.
    rocksdb::CancelAllBackgroundWork(db.get(), /*wait=*/true);
    // Nothing left to report to: a close error loses no acknowledged write,
    // since those are already in the WAL.
    db->Close().PermitUncheckedError();
  }

  // Reads and checks the schema version; writes it into a fresh database;
  // sets migrate_from_1 for a version 1 database opened read-write.
  Status CheckSchema();  // store.cc
  bool migrate_from_1 = false;
};

}  // namespace pw::storage
