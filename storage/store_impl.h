#pragma once
/// Internals of Store shared by the files that implement its parts
/// (store.cc: items and sources; other storage/*.cc: cases, clusters, ...).
/// Not for use outside storage/.
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

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

// The cluster_bands family held in memory, so that clustering an item does
// not seek eight times in RocksDB (those seeks were a tenth of a cold
// 5,000-feed cycle's CPU and grew with the number of table files). Filled
// from the family on first use, updated after every batch that writes
// bands, emptied by a sweep that deletes some (reloaded on next use). Used
// under Store::Impl::put_mutex only. Key encodings: item_index.h.
struct BandCache {
  struct Entry {
    std::string cluster_id;
    std::uint64_t signature = 0;
    UnixTime last_seen = 0;
  };
  bool loaded = false;
  std::vector<Entry> entries;
  std::unordered_map<std::string, std::size_t> by_id;
  /// (band << 8 | band value) -> indices into entries.
  std::unordered_map<std::uint32_t, std::vector<std::size_t>> by_band;

  static std::uint32_t BandOf(int band, std::uint64_t signature) {
    return (static_cast<std::uint32_t>(band) << 8) | static_cast<std::uint32_t>((signature >> (8 * band)) & 0xff);
  }
  /// Adds a cluster or updates its last-seen time.
  void Put(const std::string& cluster_id, std::uint64_t signature, UnixTime last_seen) {
    if (const auto it = by_id.find(cluster_id); it != by_id.end()) {
      entries[it->second].last_seen = last_seen;
      return;
    }
    entries.push_back({cluster_id, signature, last_seen});
    by_id.emplace(cluster_id, entries.size() - 1);
    for (int band = 0; band < 8; ++band) by_band[BandOf(band, signature)].push_back(entries.size() - 1);
  }
  void Clear() { *this = BandCache{}; }
};

struct Store::Impl {
  std::string dir;
  Mode mode = Mode::kReadWrite;
  std::unique_ptr<rocksdb::DB> db;
  std::array<rocksdb::ColumnFamilyHandle*, kCfCount> cf{};
  // Makes PutNew's look-up-then-write atomic, so that two callers racing with
  // the same key cannot both count it as new.
  std::mutex put_mutex;
  BandCache bands;  // guarded by put_mutex
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
