#pragma once
/// Store: provwatch's RocksDB database.
///
/// Column families (key encodings beside the code that makes them, store.cc):
///   items       key = Item::key (e.g. "url:https://host/path")  value = the Item, binary
///               (item_codec.h; records written before it are JSON and read as well)
///   candidates  key = Item::key                                  value = JSON {score, title, source_id}
///   sources     key = source id                                  value = JSON of SourceState
///   meta        "schema_version" -> decimal string (see IsKnownSchemaVersion)
///   registry    key = source id                                  value = JSON of RegisteredSource
///               (absent from databases made before it; read-only opens then see no sources)
///   item_index, clusters, cluster_bands, cases, case_events, users, agencies:
///               see the files of storage/ that fill them (store_impl.h lists them);
///               a read-only open of a database that lacks one reads it as empty
///
/// Thread rules: one Store per process (RocksDB locks the directory in
/// read-write mode); every method is safe to call from several threads.
/// A read-only Store can be opened while a daemon holds the read-write one.
///
/// Durability: PutNew and PutSource return once the write is in RocksDB's
/// write-ahead log (not fsynced): it survives a crash or kill of the process,
/// not a power loss. Sync() makes everything written so far durable.
///
/// Read-only mode (DB::OpenForReadOnly) sees the data as it was at Open and
/// takes no lock. RocksDB documents a reader opened beside a live writer as
/// "undefined behaviour, though it can often succeed if quickly closed": the
/// writer may delete files the reader uses. It is meant for short-lived
/// commands (list, export) beside a running daemon; a long-lived reader that
/// must follow the daemon would need DB::OpenAsSecondary instead.
///
/// The destructor closes the column family handles and then the database.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/item.h"
#include "core/result.h"
#include "storage/cluster.h"

namespace pw::storage {

/// What the crawler remembers about a source between polls.
struct SourceState {
  std::string etag;
  std::string last_modified;
  UnixTime last_success = 0;
  UnixTime last_attempt = 0;
  std::string last_error;
  int consecutive_failures = 0;
  long last_status = 0;
  /// What kind of failure last_error is: "network", "timeout", "too-large",
  /// "http", "parse" or "storage"; empty after a success.
  std::string last_error_kind;
  // ---- scheduling (crawler/schedule.h) ----
  UnixTime next_due = 0;           ///< when the daemon polls next (0 = now)
  UnixTime failing_since = 0;      ///< first failure of the current run (0 = not failing)
  bool circuit_open = false;       ///< parked after too many consecutive failures
  std::optional<double> items_per_day;  ///< publication rate estimate; nullopt = unknown
  UnixTime tracked_since = 0;      ///< first successful poll
  UnixTime last_new_item = 0;      ///< last poll that stored a new item
  std::uint64_t items_seen = 0;    ///< new items stored since tracked_since
  // ---- permanent redirects ----
  /// The source's address after a permanent redirect seen on two consecutive
  /// polls; empty = the configured URL. Applies only while the configuration
  /// still says `moved_from`.
  std::string url;
  std::string moved_from;          ///< the configured URL that `url` replaces
  std::string pending_redirect;    ///< a permanent target seen once, awaiting confirmation
  /// Empty when healthy; else why not, e.g. "failing for 2 days (13
  /// consecutive failures)" or "no new item for 9 days (used to publish 4.0 a day)".
  std::string unhealthy;
};

/// A source added by command (`provwatch sources add` or `import`), kept in
/// the store so that `provwatch run --data DIR` needs no configuration file.
struct RegisteredSource {
  std::string id;                         ///< [a-z0-9._-], unique in the store
  std::string url;                        ///< http://, https:// or file://
  std::string name;                       ///< for people; may be empty (the id is shown)
  std::int64_t interval_seconds = 15 * 60;
  UnixTime added_at = 0;
};

/// What a retention sweep removed.
struct SweepStats {
  std::size_t items_scanned = 0;
  std::size_t items_removed = 0;
  std::size_t clusters_removed = 0;
};

/// The workflow's records, which storage keeps as bytes under keys that
/// workflow/ chooses and encodes (DESIGN.md: storage knows core and config
/// only, not what a case is).
/// kAuth holds login credentials, sessions and API tokens (daemon/web);
/// kAlerts holds alert rules, alert feed entries and the delivery outbox
/// (daemon/alerts). Their key encodings live beside the code that writes them.
enum class RecordFamily { kCases, kCaseEvents, kUsers, kAgencies, kAuth, kAlerts };

/// Changes to workflow records, written together by Store::Commit.
class RecordBatch {
 public:
  void Put(RecordFamily family, std::string key, std::string value) {
    ops_.push_back({family, std::move(key), std::move(value), false});
  }
  void Delete(RecordFamily family, std::string key) { ops_.push_back({family, std::move(key), {}, true}); }
  bool empty() const { return ops_.empty(); }

  struct Op {
    RecordFamily family;
    std::string key;
    std::string value;
    bool erase = false;
  };
  const std::vector<Op>& ops() const { return ops_; }

 private:
  std::vector<Op> ops_;
};

/// The schema versions: "1" (items, candidates, sources, meta, registry) and
/// "2" (adds item_index, clusters, cluster_bands, cases, case_events, users,
/// agencies). True for a version this provwatch can open.
bool IsKnownSchemaVersion(std::string_view version);

class Store {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  /// Opens (creating in read-write mode) the database in `dir`. Errors name
  /// the directory and RocksDB's reason (e.g. the lock held by a running daemon).
  /// A new database gets the current schema version (2). A read-write open
  /// migrates a version 1 database (creates the families added since, then
  /// records version 2, synced); a read-only open reads it as it is (the
  /// missing families read as empty). Any other version is refused.
  /// Read-only mode never creates anything: a missing `dir` is an Error.
  static Result<std::unique_ptr<Store>> Open(const std::string& dir, Mode mode);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// Writes the items whose key is not stored yet — item record, plus a
  /// candidate record for candidates — in one WriteBatch, and returns how
  /// many were new. Items already stored are left untouched (first seen wins).
  /// Duplicates within `items` are written once. An item with an empty key
  /// fails the whole call, writing nothing. Error in read-only mode.
  /// When `written` is given, (*written)[i] tells whether items[i] was the one
  /// stored (false for items already stored and for repeats within `items`).
  ///
  /// Every new item is indexed by time and by source (storage/item_index.h).
  /// When `signatures` is given (one per item, 0 = not clustered), each new
  /// item with a signature joins its story cluster (storage/cluster.h), in the
  /// same batch; (*clusters)[i] then names the cluster of items[i] (empty when
  /// not written or not clustered).
  Result<std::size_t> PutNew(const std::vector<Item>& items, std::vector<bool>* written = nullptr,
                             const std::vector<std::uint64_t>* signatures = nullptr,
                             std::vector<std::string>* clusters = nullptr);

  /// True when an item with this key is stored.
  Result<bool> Contains(std::string_view key) const;

  /// Stored items in key order; with candidates_only, only those in the
  /// candidates column family.
  Result<std::vector<Item>> Items(bool candidates_only) const;

  // ---- indexes and clusters (store_index.cc) ----

  /// Items whose index time (publication, else first seen) is in [from, to),
  /// oldest first; with `source_id`, only that source's.
  Result<std::vector<Item>> ItemsBetween(UnixTime from, UnixTime to,
                                         std::optional<std::string_view> source_id = std::nullopt) const;

  /// How many items ItemsBetween(from, to, source_id) would return, counted
  /// from the index alone (no item record is read).
  Result<std::size_t> CountItemsBetween(UnixTime from, UnixTime to,
                                        std::optional<std::string_view> source_id = std::nullopt) const;

  /// One page of ItemsNewestFirst.
  struct ItemPage {
    std::vector<Item> items;
    /// Where the next page starts (pass it back as `after`), or nullopt when
    /// the index holds nothing further in range. Bytes, not text: the index
    /// position <time:8><item key> of the last entry read (item_index.h).
    std::optional<std::string> next;
  };

  /// Items whose index time is in [from, to), newest first (time, then item
  /// key, both descending), read from the time index — or, with `source_id`,
  /// from that source's index — only as far as the page needs: stops once
  /// `limit` items passed `keep` (every item passes when `keep` is empty), or
  /// once `max_read` index entries were read (0: no bound), so that a
  /// selective filter costs a bounded read a page. `after` (a previous page's
  /// `next`) resumes strictly below that position; positions do not move
  /// when items are added, so a page never repeats or skips an item that was
  /// there before. A `next` is given whenever reading stopped early, so the
  /// page after it may be empty. Positions are the same for both indexes.
  Result<ItemPage> ItemsNewestFirst(std::optional<std::string_view> source_id,
                                    const std::optional<std::string>& after, UnixTime from, UnixTime to,
                                    const std::function<bool(const Item&)>& keep, std::size_t limit,
                                    std::size_t max_read = 0) const;

  /// A story cluster, or nullopt.
  Result<std::optional<Cluster>> GetCluster(std::string_view cluster_id) const;
  /// Every cluster, in id order.
  Result<std::vector<Cluster>> Clusters() const;
  /// The keys of a cluster's items, in key order.
  Result<std::vector<std::string>> ClusterItemKeys(std::string_view cluster_id) const;
  /// One stored item, or nullopt.
  Result<std::optional<Item>> GetItem(std::string_view key) const;

  /// Retention: removes items first seen before `cutoff` that are not
  /// candidates, with their index entries, and clusters last seen before
  /// `cutoff` that hold no candidate (with their bands). Candidates, the
  /// clusters that hold them (and so every case's cluster) never expire.
  /// One WriteBatch per 1,000 items; `progress` (optional) is called after each.
  Result<SweepStats> Sweep(UnixTime cutoff, const std::function<void(const SweepStats&)>& progress = {});

  /// Checks that the item indexes agree with the item records: every item
  /// has its time and source entries (and its cluster entry when it has a
  /// cluster), and every entry names a stored item under the same time,
  /// source and cluster. Returns the number of items, or an Error naming the
  /// first disagreement.
  Result<std::size_t> VerifyItemIndex() const;

  /// Rebuilds the item_index family from the items (the migration of
  /// databases written before it existed). Returns the number of items indexed.
  Result<std::size_t> RebuildItemIndex();

  // ---- workflow records (records.cc) ----

  /// The data directory, for messages.
  const std::string& dir() const;
  /// The schema version stored in the meta family.
  Result<std::string> SchemaVersion() const;

  /// Writes `batch` as one RocksDB WriteBatch; with `sync`, the WAL is
  /// fsynced before returning (a workflow action is acknowledged only then).
  Status Commit(const RecordBatch& batch, bool sync);
  /// One record, or nullopt.
  Result<std::optional<std::string>> GetRecord(RecordFamily family, std::string_view key) const;
  /// Calls f(key, value) for each record whose key starts with `prefix`, in
  /// key order, until f returns an error (returned as is).
  Status ScanRecords(RecordFamily family, std::string_view prefix,
                     const std::function<Status(std::string_view key, std::string_view value)>& f) const;
  /// The record with the greatest key that starts with `prefix`, or nullopt.
  Result<std::optional<std::pair<std::string, std::string>>> LastRecord(RecordFamily family,
                                                                        std::string_view prefix) const;
  /// An item record as archived in evidence: its JSON form (item_codec.h
  /// EncodeItemJson; a record stored as JSON is returned byte for byte), or
  /// nullopt.
  Result<std::optional<std::string>> ItemRecordBytes(std::string_view key) const;
  /// Serialises read-modify-write sequences on workflow records (one audit
  /// chain head): hold it from the first read to the Commit.
  std::unique_lock<std::mutex> LockRecords();

  /// Source state, or nullopt if never saved.
  Result<std::optional<SourceState>> GetSource(std::string_view source_id) const;
  /// Replaces the stored state of `source_id`. Error in read-only mode.
  Status PutSource(std::string_view source_id, const SourceState& state);

  /// Syncs (fsyncs) the write-ahead log that all column families share, so
  /// that everything written before the call is durable. Memtables are not
  /// flushed: the synced WAL is replayed on the next Open. A no-op in
  /// read-only mode.
  Status Sync();

  /// Writes `sources` (each replacing a registered source with the same id)
  /// in one WriteBatch. Error in read-only mode, or for an empty id.
  Status PutRegisteredSources(const std::vector<RegisteredSource>& sources);

  /// Every registered source, in id order (empty when none was ever added).
  Result<std::vector<RegisteredSource>> RegisteredSources() const;

 /// For the other files of storage/ (store_impl.h): not for use elsewhere.
  struct Impl;
  Impl& internals() { return *impl_; }
  const Impl& internals() const { return *impl_; }

 private:
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pw::storage
