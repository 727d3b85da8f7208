// Store: readers of the item indexes and clusters, retention, index rebuild.
// Key encodings: storage/item_index.h.
#include <memory>
#include <vector>

#include <rocksdb/iterator.h>
#include <rocksdb/snapshot.h>
#include <rocksdb/write_batch.h>

#include "storage/item_codec.h"
#include "storage/item_index.h"
#include "storage/store.h"
#include "storage/store_impl.h"

namespace pw::storage {
namespace {

constexpr std::size_t kSweepBatch = 1000;

rocksdb::WriteOptions Unsynced() { return rocksdb::WriteOptions(); }

// The item key at the end of an index key whose fixed-size prefix is `prefix_size` bytes.
std::string_view Tail(const rocksdb::Slice& key, std::size_t prefix_size) {
  return std::string_view(key.data() + prefix_size, key.size() - prefix_size);
}

}  // namespace

Result<std::optional<Item>> Store::GetItem(std::string_view key) const {
  const Impl& s = *impl_;
  std::string value;
  const rocksdb::Status st = s.db->Get(rocksdb::ReadOptions(), s.cf[kItems], ToSlice(key), &value);
  if (st.IsNotFound()) return std::optional<Item>();
  if (!st.ok()) return RocksError("read item from", s.dir, st);
  Result<Item> item = DecodeItem(key, value);
  if (!item.ok()) return Error{"read item from " + s.dir + ": key " + std::string(key) + ": " + item.error().message};
  return std::optional<Item>(std::move(item).value());
}

namespace {

// The entries of the time index (or of one source's index) in [from, to):
// they share `prefix`, then <time:8> <item key>.
struct IndexRange {
  std::string prefix, lower, upper;
};

IndexRange IndexRangeOf(std::optional<std::string_view> source_id, UnixTime from, UnixTime to) {
  std::string prefix = source_id ? SourceIndexPrefix(*source_id) : std::string("t");
  std::string lower = prefix + EncodeTime(from);
  std::string upper = prefix + EncodeTime(to);
  return {std::move(prefix), std::move(lower), std::move(upper)};
}

}  // namespace

Result<std::vector<Item>> Store::ItemsBetween(UnixTime from, UnixTime to,
                                              std::optional<std::string_view> source_id) const {
  const Impl& s = *impl_;
  std::vector<Item> out;
  if (s.cf[kItemIndex] == nullptr || from >= to) return out;
  const IndexRange range = IndexRangeOf(source_id, from, to);
  std::unique_ptr<rocksdb::Iterator> it(s.db->NewIterator(rocksdb::ReadOptions(), s.cf[kItemIndex]));
  for (it->Seek(range.lower); it->Valid() && it->key().compare(range.upper) < 0; it->Next()) {
    const std::string_view key = Tail(it->key(), range.prefix.size() + 8);
    Result<std::optional<Item>> item = GetItem(key);
    if (!item.ok()) return item.error();
    if (!*item) {
      return Error{"read items from " + s.dir + ": the time index names " + std::string(key) +
                   ", which has no item record"};
    }
    out.push_back(std::move(**item));
  }
  if (!it->status().ok()) return RocksError("read item index from", s.dir, it->status());
  return out;
}

Result<std::size_t> Store::CountItemsBetween(UnixTime from, UnixTime to,
                                             std::optional<std::string_view> source_id) const {
  const Impl& s = *impl_;
  std::size_t n = 0;
  if (s.cf[kItemIndex] == nullptr || from >= to) return n;
  const IndexRange range = IndexRangeOf(source_id, from, to);
  const rocksdb::Slice upper(range.upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(s.db->NewIterator(ro, s.cf[kItemIndex]));
  for (it->Seek(range.lower); it->Valid(); it->Next()) ++n;
  if (!it->status().ok()) return RocksError("read item index from", s.dir, it->status());
  return n;
}

Result<Store::ItemPage> Store::ItemsNewestFirst(std::optional<std::string_view> source_id,
                                                const std::optional<std::string>& after, UnixTime from, UnixTime to,
                                                const std::function<bool(const Item&)>& keep, std::size_t limit,
                                                std::size_t max_read) const {
  const Impl& s = *impl_;
  ItemPage page;
  if (s.cf[kItemIndex] == nullptr || from >= to || limit == 0) return page;
  // Entries in [lower, upper) share `prefix`; a position is what follows it.
  IndexRange range = IndexRangeOf(source_id, from, to);
  const std::string& prefix = range.prefix;
  const std::string& lower = range.lower;
  std::string& upper = range.upper;
  if (after && prefix + *after < upper) upper = prefix + *after;
  // One snapshot for the index and the records, so a concurrent sweep cannot
  // remove an item between reading its entry and its record.
  rocksdb::ManagedSnapshot snapshot(s.db.get());
  rocksdb::ReadOptions options;
  options.snapshot = snapshot.snapshot();
  const rocksdb::Slice lower_bound(lower);
  options.iterate_lower_bound = &lower_bound;
  std::unique_ptr<rocksdb::Iterator> it(s.db->NewIterator(options, s.cf[kItemIndex]));
  const auto in_range = [&] { return it->Valid() && it->key().compare(lower_bound) >= 0; };
  it->SeekForPrev(upper);
  if (it->Valid() && it->key() == rocksdb::Slice(upper)) it->Prev();  // `upper` is exclusive
  std::string position;
  std::size_t read = 0;
  std::string value;
  while (in_range() && page.items.size() < limit && (max_read == 0 || read < max_read)) {
    ++read;
    const std::string_view item_key = Tail(it->key(), prefix.size() + 8);
    const rocksdb::Status st = s.db->Get(options, s.cf[kItems], ToSlice(item_key), &value);
    if (!st.ok()) {
      if (!st.IsNotFound()) return RocksError("read item from", s.dir, st);
      return Error{"read items from " + s.dir + ": the item index names " + std::string(item_key) +
                   ", which has no item record"};
    }
    Result<Item> item = DecodeItem(item_key, value);
    if (!item.ok()) {
      return Error{"read item from " + s.dir + ": key " + std::string(item_key) + ": " + item.error().message};
    }
    if (!keep || keep(*item)) page.items.push_back(std::move(item).value());
    position.assign(it->key().data() + prefix.size(), it->key().size() - prefix.size());
    it->Prev();
  }
  if (!it->status().ok()) return RocksError("read item index from", s.dir, it->status());
  if (in_range()) page.next = std::move(position);
  return page;
}

Result<std::optional<Cluster>> Store::GetCluster(std::string_view cluster_id) const {
  const Impl& s = *impl_;
  if (s.cf[kClusters] == nullptr) return std::optional<Cluster>();
  std::string value;
  const rocksdb::Status st = s.db->Get(rocksdb::ReadOptions(), s.cf[kClusters], ToSlice(cluster_id), &value);
  if (st.IsNotFound()) return std::optional<Cluster>();
  if (!st.ok()) return RocksError("read cluster from", s.dir, st);
  Result<Cluster> c = DecodeCluster(cluster_id, value);
  if (!c.ok()) return Error{"read clusters from " + s.dir + ": " + c.error().message};
  return std::optional<Cluster>(std::move(c).value());
}

Result<std::vector<Cluster>> Store::Clusters() const {
  const Impl& s = *impl_;
  std::vector<Cluster> out;
  if (s.cf[kClusters] == nullptr) return out;
  std::unique_ptr<rocksdb::Iterator> it(s.db->NewIterator(rocksdb::ReadOptions(), s.cf[kClusters]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    Result<Cluster> c = DecodeCluster(it->key().ToStringView(), it->value().ToStringView());
    if (!c.ok()) return Error{"read clusters from " + s.dir + ": " + c.error().message};
    out.push_back(std::move(c).value());
  }
  if (!it->status().ok()) return RocksError("read clusters from", s.dir, it->status());
  return out;
}

Result<std::vector<std::string>> Store::ClusterItemKeys(std::string_view cluster_id) const {
  const Impl& s = *impl_;
  std::vector<std::string> out;
  if (s.cf[kItemIndex] == nullptr) return out;
  const std::string prefix = ClusterIndexPrefix(cluster_id);
  std::unique_ptr<rocksdb::Iterator> it(s.db->NewIterator(rocksdb::ReadOptions(), s.cf[kItemIndex]));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    out.emplace_back(Tail(it->key(), prefix.size()));
  }
  if (!it->status().ok()) return RocksError("read item index from", s.dir, it->status());
  return out;
}

Result<SweepStats> Store::Sweep(UnixTime cutoff, const std::function<void(const SweepStats&)>& progress) {
  Impl& s = *impl_;
  if (s.mode == Mode::kReadOnly) return ReadOnlyError("sweep", s.dir);
  SweepStats stats;

  // Items: collect a chunk of expired keys, then delete them with their index
  // entries in one batch, under the write lock (PutNew reads what it writes).
  std::string resume;
  bool more = true;
  while (more) {
    rocksdb::WriteBatch batch;
    std::size_t in_batch = 0;
    {
      const std::lock_guard<std::mutex> lock(s.put_mutex);
      std::unique_ptr<rocksdb::Iterator> it(s.db->NewIterator(rocksdb::ReadOptions(), s.cf[kItems]));
      it->Seek(resume);
      for (; it->Valid() && in_batch < kSweepBatch; it->Next()) {
        ++stats.items_scanned;
        Result<Item> item = DecodeItem(it->key().ToStringView(), it->value().ToStringView());
        if (!item.ok()) {
          return Error{"sweep " + s.dir + ": key " + it->key().ToString() + ": " + item.error().message};
        }
        if (item->fetched_at >= cutoff || item->score.candidate) continue;
        const UnixTime t = IndexTime(*item);
        rocksdb::Status st = batch.Delete(s.cf[kItems], it->key());
        if (st.ok()) st = batch.Delete(s.cf[kItemIndex], TimeIndexKey(t, item->key));
        if (st.ok()) st = batch.Delete(s.cf[kItemIndex], SourceIndexKey(item->source_id, t, item->key));
        if (st.ok() && !item->cluster_id.empty()) {
          st = batch.Delete(s.cf[kItemIndex], ClusterIndexKey(item->cluster_id, item->key));
        }
        if (!st.ok()) return RocksError("sweep", s.dir, st);
        ++in_batch;
      }
      if (!it->status().ok()) return RocksError("sweep", s.dir, it->status());
      more = it->Valid();
      if (more) resume = it->key().ToString();
      if (in_batch > 0) {
        const rocksdb::Status w = s.db->Write(Unsynced(), &batch);
        if (!w.ok()) return RocksError("sweep", s.dir, w);
      }
    }
    stats.items_removed += in_batch;
    if (progress) progress(stats);
  }

  // Clusters: those last seen before the cutoff that never held a candidate.
  Result<std::vector<Cluster>> clusters = Clusters();
  if (!clusters.ok()) return clusters.error();
  rocksdb::WriteBatch batch;
  const std::lock_guard<std::mutex> lock(s.put_mutex);
  for (const Cluster& c : *clusters) {
    if (c.last_seen >= cutoff || c.candidates > 0) continue;
    rocksdb::Status st = batch.Delete(s.cf[kClusters], c.id);
    for (int band = 0; band < 8 && st.ok(); ++band) {
      st = batch.Delete(s.cf[kClusterBands], BandKey(band, c.signature, c.id));
    }
    if (!st.ok()) return RocksError("sweep", s.dir, st);
    ++stats.clusters_removed;
  }
  if (stats.clusters_removed > 0) {
    s.bands.Clear();  // reloaded from the family on next use
    const rocksdb::Status w = s.db->Write(Unsynced(), &batch);
    if (!w.ok()) return RocksError("sweep", s.dir, w);
  }
  if (progress) progress(stats);
  return stats;
}

Result<std::size_t> Store::VerifyItemIndex() const {
  const Impl& s = *impl_;
  std::size_t items = 0;
  if (s.cf[kItemIndex] == nullptr) return items;  // an older database, read-only
  const std::string& dir = s.dir;
  // Every item has its entries.
  std::unique_ptr<rocksdb::Iterator> it(s.db->NewIterator(rocksdb::ReadOptions(), s.cf[kItems]));
  std::size_t expected_entries = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    Result<Item> item = DecodeItem(it->key().ToStringView(), it->value().ToStringView());
    if (!item.ok()) return Error{"item " + it->key().ToString() + ": " + item.error().message};
    std::vector<std::string> keys;
    AppendIndexKeys(*item, keys);
    for (const std::string& key : keys) {
      rocksdb::PinnableSlice value;
      const rocksdb::Status st = s.db->Get(rocksdb::ReadOptions(), s.cf[kItemIndex], key, &value);
      if (st.IsNotFound()) {
        const char* which = key[0] == 't' ? "time" : key[0] == 's' ? "source" : "cluster";
        return Error{"item " + item->key + ": missing from the " + which + " index"};
      }
      if (!st.ok()) return RocksError("read item index from", dir, st);
    }
    expected_entries += keys.size();
    ++items;
  }
  if (!it->status().ok()) return RocksError("read items from", dir, it->status());
  // And no entry is left over (counted: every expected entry exists, so a
  // larger count means an entry for a missing item or under a stale key).
  std::size_t entries = 0;
  std::unique_ptr<rocksdb::Iterator> idx(s.db->NewIterator(rocksdb::ReadOptions(), s.cf[kItemIndex]));
  for (idx->SeekToFirst(); idx->Valid(); idx->Next()) ++entries;
  if (!idx->status().ok()) return RocksError("read item index from", dir, idx->status());
  if (entries != expected_entries) {
    return Error{"item index: " + std::to_string(entries) + " entries for " + std::to_string(items) +
                 " items, " + std::to_string(expected_entries) + " expected (an entry names a missing item)"};
  }
  return items;
}

Result<std::size_t> Store::RebuildItemIndex() {
  Impl& s = *impl_;
  if (s.mode == Mode::kReadOnly) return ReadOnlyError("rebuild item index of", s.dir);
  const std::lock_guard<std::mutex> lock(s.put_mutex);
  std::size_t indexed = 0;
  rocksdb::WriteBatch batch;
  std::unique_ptr<rocksdb::Iterator> it(s.db->NewIterator(rocksdb::ReadOptions(), s.cf[kItems]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    Result<Item> item = DecodeItem(it->key().ToStringView(), it->value().ToStringView());
    if (!item.ok()) {
      return Error{"rebuild item index of " + s.dir + ": key " + it->key().ToString() + ": " +
                   item.error().message};
    }
    if (rocksdb::Status st = IndexNewItem(s, batch, *item); !st.ok()) {
      return RocksError("rebuild item index of", s.dir, st);
    }
    if (++indexed % kSweepBatch == 0) {
      if (rocksdb::Status w = s.db->Write(Unsynced(), &batch); !w.ok()) return RocksError("rebuild item index of", s.dir, w);
      batch.Clear();
    }
  }
  if (!it->status().ok()) return RocksError("rebuild item index of", s.dir, it->status());
  if (rocksdb::Status w = s.db->Write(Unsynced(), &batch); !w.ok()) return RocksError("rebuild item index of", s.dir, w);
  return indexed;
}

}  // namespace pw::storage
