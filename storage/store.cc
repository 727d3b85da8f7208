#include "storage/store.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <mutex>
#include <unordered_set>
#include <utility>

#include <nlohmann/json.hpp>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/slice.h>
#include <rocksdb/status.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include "storage/item_codec.h"
#include "storage/item_index.h"
#include "storage/store_impl.h"

namespace pw::storage {
namespace {

// Bump when a record or key encoding changes incompatibly, and add the
// migration step to CheckSchema; Open refuses data written by a newer
// provwatch instead of misreading it.
//   1: items, candidates, sources, meta, registry
//   2: + item_index, clusters, cluster_bands, cases, case_events, users, agencies
//      (auth and alerts came later within version 2: a read-write open creates
//      them, a reader of an older database reads them as empty)
constexpr std::string_view kSchemaVersion = "2";
constexpr std::string_view kSchemaVersion1 = "1";
constexpr std::string_view kSchemaVersionKey = "schema_version";

// Writes are acknowledged once in the OS page cache (WAL written, not
// fsynced): they survive a crash of provwatch, and Sync() makes them survive
// a crash of the machine. Syncing every batch would cost an fsync per poll.
rocksdb::WriteOptions UnsyncedWrite() {
  rocksdb::WriteOptions wo;
  wo.sync = false;
  return wo;
}

rocksdb::WriteOptions SyncedWrite() {
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return wo;
}

// The items family is looked up once per polled item (PutNew's MultiGet),
// and in a cold cycle nearly every look-up misses. Without filters a miss
// reads the index of every table file, a cost that grows with the database
// (a 5,000-feed cold cycle spent more per item than a 1,000-feed one); with a
// 10-bit Bloom filter per table and one over the memtable most misses stop at
// a filter. Filters are built as tables are written: older tables without
// one still read, just without the shortcut.
//
// Writes: the items family takes nearly all the bytes of a cold cycle. Its
// first two levels are not compressed (Snappy on every flush was 4 % of a
// cold cycle's CPU); compaction compresses what moves deeper. Compaction of
// level 0 starts at 8 files rather than 4: with the filters a look-up pays
// little for more level-0 files, and a cycle does less rewriting.
void ConfigureItems(rocksdb::ColumnFamilyOptions& cf) {
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  cf.memtable_whole_key_filtering = true;
  cf.memtable_prefix_bloom_size_ratio = 0.02;
  cf.compression_per_level = {rocksdb::kNoCompression, rocksdb::kNoCompression, rocksdb::kSnappyCompression};
  cf.level0_file_num_compaction_trigger = 8;
}

}  // namespace

bool IsKnownSchemaVersion(std::string_view version) {
  return version == kSchemaVersion || version == kSchemaVersion1;
}

// Reads and checks the schema version; writes it into a fresh database and
// migrates an older one (read-write mode only).
Status Store::Impl::CheckSchema() {
  std::string version;
  const rocksdb::Status s =
      db->Get(rocksdb::ReadOptions(), cf[kMeta], ToSlice(kSchemaVersionKey), &version);
  if (s.IsNotFound()) {
    if (mode == Mode::kReadOnly) {
      return Error{"data dir " + dir + " has no schema version; it is not a provwatch database"};
    }
    // Synced: a database must never be left without its version.
    const rocksdb::Status w =
        db->Put(SyncedWrite(), cf[kMeta], ToSlice(kSchemaVersionKey), ToSlice(kSchemaVersion));
    if (!w.ok()) return RocksError("write schema version to", dir, w);
    return {};
  }
  if (!s.ok()) return RocksError("read schema version from", dir, s);
  if (version == kSchemaVersion1) {
    // Version 1 -> 2: the read-write open has just created the new column
    // families (create_missing_column_families); Open then indexes the items
    // (MigrateFrom1). A reader takes the database as it is: the missing
    // families read as empty.
    if (mode == Mode::kReadWrite) migrate_from_1 = true;
    return {};
  }
  if (version != kSchemaVersion) {
    return Error{"data dir " + dir + " has schema version " + version + "; this provwatch knows " +
                 std::string(kSchemaVersion)};
  }
  return {};
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir, Mode mode) {
  namespace fs = std::filesystem;
  const bool read_only = mode == Mode::kReadOnly;
  std::error_code ec;
  if (read_only) {
    // Checked here because RocksDB's message for it is about a CURRENT file,
    // and a reader must never create anything.
    if (!fs::exists(dir, ec)) {
      return Error{"data dir " + dir + " does not exist" + (ec ? " (" + ec.message() + ")" : "")};
    }
  } else {
    // RocksDB creates only the last path component.
    fs::create_directories(dir, ec);
    if (ec) return Error{"create data dir " + dir + ": " + ec.message()};
  }

  rocksdb::DBOptions options;
  options.create_if_missing = !read_only;
  options.create_missing_column_families = !read_only;
  options.keep_log_file_num = 5;  // RocksDB's own LOG files; default keeps 1000
  // The write-ahead log left by the last run is replayed into memtables and
  // kept, not flushed to a table file before Open returns: a restart (and a
  // warm `run --once` right after a cold one) does not wait for tens of MB
  // to be written again; the memtables flush later as they fill.
  options.avoid_flush_during_recovery = true;
  // Memory: all memtables together stay under 32 MB (default: 64 MB for each
  // of the families), which bounds a daemon's footprint whatever it ingests,
  // and bounds the write-ahead log that the next open replays: with 64 MB a
  // warm `run --once` right after a cold one of 1,000 feeds spent 0.45 of its
  // 0.65 s replaying it (bench/poll-bench, 2026-11-26).
  options.db_write_buffer_size = 32 << 20;
  if (read_only) {
    // Opens every table file up front, so that a compaction in a running
    // daemon that deletes files cannot pull them from under this reader.
    options.max_open_files = -1;
  }

  // A reader cannot create column families: those added after the first
  // release are skipped (and read as empty) when the database lacks them.
  std::vector<std::string> on_disk;
  if (read_only) rocksdb::DB::ListColumnFamilies(options, dir, &on_disk).PermitUncheckedError();
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const char* name : kCfNames) {
    if (read_only && !on_disk.empty() && std::find(on_disk.begin(), on_disk.end(), name) == on_disk.end()) {
      continue;
    }
    rocksdb::ColumnFamilyOptions cf;
    cf.write_buffer_size = 16 << 20;
    if (std::string_view(name) == kCfNames[kItems]) ConfigureItems(cf);
    // The item index takes three entries an item: like the items, its first
    // two levels are not compressed (Snappy there was 1.7 % of a cold cycle).
    if (std::string_view(name) == kCfNames[kItemIndex]) {
      cf.compression_per_level = {rocksdb::kNoCompression, rocksdb::kNoCompression, rocksdb::kSnappyCompression};
    }
    families.emplace_back(name, cf);
  }

  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status s =
      read_only ? rocksdb::DB::OpenForReadOnly(options, dir, families, &handles, &raw)
                : rocksdb::DB::Open(options, dir, families, &handles, &raw);
  if (!s.ok()) {
    // In another process RocksDB says "While lock file: <dir>/LOCK: Resource
    // temporarily unavailable", in this one "lock hold by current process ...
    // <dir>/LOCK: No locks available".
    if (s.IsIOError() && s.ToString().find("/LOCK: ") != std::string::npos) {
      return Error{"data dir " + dir + " is locked (is another provwatch running?): " + s.ToString()};
    }
    return RocksError(read_only ? "open (read-only) data dir" : "open data dir", dir, s);
  }

  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->mode = mode;
  impl->db.reset(raw);
  for (rocksdb::ColumnFamilyHandle* h : handles) {  // by name: later families may be missing
    for (std::size_t i = 0; i < kCfCount; ++i) {
      if (h->GetName() == kCfNames[i]) impl->cf[i] = h;
    }
  }

  if (Status st = impl->CheckSchema(); !st.ok()) return st.error();
  std::unique_ptr<Store> store(new Store(std::move(impl)));
  if (store->impl_->migrate_from_1) {
    // Index the items first, make that durable, and only then record version
    // 2: a crash in between repeats the migration (indexing is idempotent).
    auto indexed = store->RebuildItemIndex();
    if (!indexed.ok()) return Error{"migrate schema version 1 to 2 in " + dir + ": " + indexed.error().message};
    if (Status st = store->Sync(); !st.ok()) return st.error();
    const rocksdb::Status w = store->impl_->db->Put(SyncedWrite(), store->impl_->cf[kMeta],
                                                    ToSlice(kSchemaVersionKey), ToSlice(kSchemaVersion));
    if (!w.ok()) return RocksError("migrate schema version 1 to 2 in", dir, w);
    store->impl_->migrate_from_1 = false;
  }
  return store;
}

// Key encodings. In every column family but meta the key is a plain byte
// string chosen elsewhere, so that iteration order is the byte order of:
//   items, candidates: Item::key as made by pw::ItemKey ("url:https://host/path")
//   sources:           the source id from the configuration
//   meta:              fixed names ("schema_version")
// No prefix or separator is added: each kind of key has its own column family.

Result<std::size_t> Store::PutNew(const std::vector<Item>& items, std::vector<bool>* written,
                                  const std::vector<std::uint64_t>* signatures,
                                  std::vector<std::string>* clusters) {
  Impl& s = *impl_;
  if (written != nullptr) written->assign(items.size(), false);
  if (clusters != nullptr) clusters->assign(items.size(), std::string());
  if (signatures != nullptr && signatures->size() != items.size()) {
    return Error{"write batch to " + s.dir + ": " + std::to_string(signatures->size()) +
                 " signatures for " + std::to_string(items.size()) + " items; nothing was written"};
  }
  if (s.mode == Mode::kReadOnly) return ReadOnlyError("write batch to", s.dir);

  // First occurrence wins, as it does against stored items.
  std::vector<const Item*> unique;
  std::unordered_set<std::string_view> seen;
  unique.reserve(items.size());
  for (const Item& item : items) {
    if (item.key.empty()) {
      return Error{"write batch to " + s.dir + ": item \"" + item.entry.title + "\" from source \"" +
                   item.source_id + "\" has an empty key; nothing was written"};
    }
    if (seen.insert(item.key).second) unique.push_back(&item);
  }
  if (unique.empty()) return std::size_t{0};

  std::vector<rocksdb::Slice> keys;
  keys.reserve(unique.size());
  for (const Item* item : unique) keys.push_back(ToSlice(item->key));
  std::vector<rocksdb::PinnableSlice> values(unique.size());
  std::vector<rocksdb::Status> statuses(unique.size());

  const std::lock_guard<std::mutex> lock(s.put_mutex);
  s.db->MultiGet(rocksdb::ReadOptions(), s.cf[kItems], keys.size(), keys.data(), values.data(),
                 statuses.data());

  // One batch: items, candidate records, index entries, clusters and their
  // bands, so that a crash leaves all of an item's records or none. Each
  // family's entries go in in key order: a memtable insert then starts from
  // where the previous one ended (RocksDB keeps that splice). Inserts in the
  // order items came were the largest single cost of a cold cycle (14 % of
  // its CPU); in key order a 5,000-feed cold cycle took 7.8 s instead of
  // 9.4 s (bench/poll-bench corpus, idle machine, 2026-11-26).
  rocksdb::WriteBatch batch;
  ClusterAssigner assigner(s, s.bands);
  std::size_t added = 0;
  std::vector<std::size_t> added_index;
  struct Put {
    rocksdb::Slice key;
    std::string value;
  };
  std::vector<Put> item_puts, candidate_puts;
  std::vector<std::string> index_keys;
  item_puts.reserve(unique.size());
  index_keys.reserve(3 * unique.size());
  for (std::size_t i = 0; i < unique.size(); ++i) {
    if (statuses[i].ok()) continue;  // stored already: first seen wins
    if (!statuses[i].IsNotFound()) return RocksError("look up items in", s.dir, statuses[i]);
    const std::size_t at = static_cast<std::size_t>(unique[i] - items.data());
    const std::uint64_t signature = signatures != nullptr ? (*signatures)[at] : 0;
    Item clustered;
    const Item* item = unique[i];
    if (signature != 0) {
      clustered = *item;
      Result<std::string> cluster = assigner.Assign(clustered, signature);
      if (!cluster.ok()) return cluster.error();
      clustered.cluster_id = std::move(cluster).value();
      item = &clustered;
      if (clusters != nullptr) (*clusters)[at] = item->cluster_id;
    }
    item_puts.push_back({keys[i], EncodeItem(*item)});
    if (item->score.candidate) candidate_puts.push_back({keys[i], EncodeCandidate(*item)});
    AppendIndexKeys(*item, index_keys);
    ++added;
    added_index.push_back(at);
  }
  const auto by_key = [](const Put& a, const Put& b) { return a.key.compare(b.key) < 0; };
  std::sort(item_puts.begin(), item_puts.end(), by_key);
  std::sort(candidate_puts.begin(), candidate_puts.end(), by_key);
  std::sort(index_keys.begin(), index_keys.end());
  rocksdb::Status put;
  for (const Put& p : item_puts) put = put.ok() ? batch.Put(s.cf[kItems], p.key, p.value) : put;
  for (const Put& p : candidate_puts) put = put.ok() ? batch.Put(s.cf[kCandidates], p.key, p.value) : put;
  for (const std::string& key : index_keys) put = put.ok() ? batch.Put(s.cf[kItemIndex], key, rocksdb::Slice()) : put;
  if (!put.ok()) return RocksError("write batch to", s.dir, put);
  if (added == 0) return std::size_t{0};
  if (rocksdb::Status put = assigner.Write(batch); !put.ok()) return RocksError("write batch to", s.dir, put);

  const rocksdb::Status w = s.db->Write(UnsyncedWrite(), &batch);
  if (!w.ok()) return RocksError("write batch to", s.dir, w);
  assigner.Written();
  if (written != nullptr) {
    for (std::size_t i : added_index) (*written)[i] = true;
  }
  return added;
}

Result<bool> Store::Contains(std::string_view key) const {
  const Impl& s = *impl_;
  rocksdb::PinnableSlice value;
  const rocksdb::Status st = s.db->Get(rocksdb::ReadOptions(), s.cf[kItems], ToSlice(key), &value);
  if (st.IsNotFound()) return false;
  if (!st.ok()) return RocksError("read item from", s.dir, st);
  return true;
}

Result<std::vector<Item>> Store::Items(bool candidates_only) const {
  const Impl& s = *impl_;
  const char* op = candidates_only ? "read candidates from" : "read items from";
  const rocksdb::ReadOptions ro;
  std::unique_ptr<rocksdb::Iterator> it(
      s.db->NewIterator(ro, s.cf[candidates_only ? kCandidates : kItems]));
  std::vector<Item> out;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const rocksdb::Slice key = it->key();
    const std::string_view key_view(key.data(), key.size());
    Result<Item> item = Error{};
    if (candidates_only) {
      // No snapshot needed: items are never deleted, and an item is written
      // in the same batch as its candidate record, so it is always there.
      rocksdb::PinnableSlice value;
      const rocksdb::Status st = s.db->Get(ro, s.cf[kItems], key, &value);
      if (st.IsNotFound()) {
        return Error{std::string(op) + " " + s.dir + ": candidate " + std::string(key_view) +
                     " has no item record"};
      }
      if (!st.ok()) return RocksError(op, s.dir, st);
      item = DecodeItem(key_view, std::string_view(value.data(), value.size()));
    } else {
      const rocksdb::Slice value = it->value();
      item = DecodeItem(key_view, std::string_view(value.data(), value.size()));
    }
    if (!item.ok()) {
      return Error{std::string(op) + " " + s.dir + ": key " + std::string(key_view) + ": " +
                   item.error().message};
    }
    out.push_back(std::move(item).value());
  }
  if (!it->status().ok()) return RocksError(op, s.dir, it->status());
  return out;
}

Result<std::optional<SourceState>> Store::GetSource(std::string_view source_id) const {
  const Impl& s = *impl_;
  rocksdb::PinnableSlice value;
  const rocksdb::Status st =
      s.db->Get(rocksdb::ReadOptions(), s.cf[kSources], ToSlice(source_id), &value);
  if (st.IsNotFound()) return std::optional<SourceState>();
  if (!st.ok()) return RocksError("read source state from", s.dir, st);
  Result<SourceState> state = DecodeSourceState(std::string_view(value.data(), value.size()));
  if (!state.ok()) {
    return Error{"read source state from " + s.dir + ": source " + std::string(source_id) + ": " +
                 state.error().message};
  }
  return std::optional<SourceState>(std::move(state).value());
}

Status Store::PutSource(std::string_view source_id, const SourceState& state) {
  Impl& s = *impl_;
  if (s.mode == Mode::kReadOnly) return ReadOnlyError("write source state to", s.dir);
  const rocksdb::Status st =
      s.db->Put(UnsyncedWrite(), s.cf[kSources], ToSlice(source_id), EncodeSourceState(state));
  if (!st.ok()) return RocksError("write source state to", s.dir, st);
  return {};
}

Status Store::Sync() {
  Impl& s = *impl_;
  // A reader has written nothing that could be lost.
  if (s.mode == Mode::kReadOnly) return {};
  // Every column family shares the one WAL, so syncing it makes every
  // acknowledged write durable; flushing memtables would add an SST file per
  // call for no extra safety.
  const rocksdb::Status st = s.db->FlushWAL(/*sync=*/true);
  if (!st.ok()) return RocksError("sync WAL of", s.dir, st);
  return {};
}

// Registered sources: JSON {url, name, interval_seconds, added_at} under the
// source id in the registry column family. Missing fields read as defaults.
namespace {

std::string EncodeRegisteredSource(const RegisteredSource& r) {
  const nlohmann::json j = {{"url", r.url},
                            {"name", r.name},
                            {"interval_seconds", r.interval_seconds},
                            {"added_at", r.added_at}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<RegisteredSource> DecodeRegisteredSource(std::string_view id, std::string_view text) {
  try {
    const nlohmann::json j = nlohmann::json::parse(text);
    if (!j.is_object()) return Error{"not a JSON object"};
    RegisteredSource r;
    r.id = std::string(id);
    r.url = j.value("url", std::string());
    r.name = j.value("name", std::string());
    r.interval_seconds = j.value("interval_seconds", r.interval_seconds);
    r.added_at = j.value("added_at", UnixTime{0});
    return r;
  } catch (const nlohmann::json::exception& e) {
    return Error{e.what()};
  }
}

}  // namespace

Status Store::PutRegisteredSources(const std::vector<RegisteredSource>& sources) {
  Impl& s = *impl_;
  if (s.mode == Mode::kReadOnly) return ReadOnlyError("write registered sources to", s.dir);
  rocksdb::WriteBatch batch;
  for (const RegisteredSource& r : sources) {
    if (r.id.empty()) {
      return Error{"write registered sources to " + s.dir + ": source " + r.url +
                   " has an empty id; nothing was written"};
    }
    const rocksdb::Status put =
        batch.Put(s.cf[kRegistry], ToSlice(r.id), EncodeRegisteredSource(r));
    if (!put.ok()) return RocksError("write registered sources to", s.dir, put);
  }
  const rocksdb::Status w = s.db->Write(UnsyncedWrite(), &batch);
  if (!w.ok()) return RocksError("write registered sources to", s.dir, w);
  return {};
}

Result<std::vector<RegisteredSource>> Store::RegisteredSources() const {
  const Impl& s = *impl_;
  std::vector<RegisteredSource> out;
  if (s.cf[kRegistry] == nullptr) return out;  // an older database opened read-only
  std::unique_ptr<rocksdb::Iterator> it(s.db->NewIterator(rocksdb::ReadOptions(), s.cf[kRegistry]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string_view key(it->key().data(), it->key().size());
    Result<RegisteredSource> r =
        DecodeRegisteredSource(key, std::string_view(it->value().data(), it->value().size()));
    if (!r.ok()) {
      return Error{"read registered sources from " + s.dir + ": source " + std::string(key) + ": " +
                   r.error().message};
    }
    out.push_back(std::move(r).value());
  }
  if (!it->status().ok()) return RocksError("read registered sources from", s.dir, it->status());
  return out;
}

}  // namespace pw::storage
