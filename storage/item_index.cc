#include "storage/item_index.h"

#include <bit>
#include <memory>

#include <rocksdb/iterator.h>

namespace pw::storage {
namespace {

constexpr UnixTime kClockSkew = 24 * 3600;

std::uint64_t ReadBigEndian(std::string_view bytes) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[i]);
  return v;
}

void AppendBigEndian(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

// <band:1> <value:1>: the prefix of the band entries that share band `band`.
std::string BandPrefix(int band, std::uint64_t signature) {
  std::string prefix;
  prefix.push_back(static_cast<char>(band));
  prefix.push_back(static_cast<char>((signature >> (8 * band)) & 0xff));
  return prefix;
}


}  // namespace

UnixTime IndexTime(const Item& item) {
  if (item.entry.published && *item.entry.published <= item.fetched_at + kClockSkew) {
    return *item.entry.published;
  }
  return item.fetched_at;
}

std::string EncodeTime(UnixTime t) {
  std::string out;
  AppendBigEndian(out, static_cast<std::uint64_t>(t) ^ (1ull << 63));
  return out;
}

UnixTime DecodeTime(std::string_view eight_bytes) {
  return static_cast<UnixTime>(ReadBigEndian(eight_bytes) ^ (1ull << 63));
}

std::string TimeIndexKey(UnixTime t, std::string_view item_key) {
  std::string key = "t" + EncodeTime(t);
  key.append(item_key);
  return key;
}

// <tag> <id> 0x00: the prefix of one source's or one cluster's entries.
std::string TaggedPrefix(char tag, std::string_view id) {
  std::string key(1, tag);
  key.append(id);
  key.push_back('\0');
  return key;
}

std::string SourceIndexPrefix(std::string_view source_id) { return TaggedPrefix('s', source_id); }

std::string SourceIndexKey(std::string_view source_id, UnixTime t, std::string_view item_key) {
  std::string key = SourceIndexPrefix(source_id) + EncodeTime(t);
  key.append(item_key);
  return key;
}

std::string BandKey(int band, std::uint64_t signature, std::string_view cluster_id) {
  std::string key = BandPrefix(band, signature);
  AppendBigEndian(key, signature);
  key.append(cluster_id);
  return key;
}

std::string ClusterIndexPrefix(std::string_view cluster_id) { return TaggedPrefix('c', cluster_id); }

std::string ClusterIndexKey(std::string_view cluster_id, std::string_view item_key) {
  std::string key = ClusterIndexPrefix(cluster_id);
  key.append(item_key);
  return key;
}

void AppendIndexKeys(const Item& item, std::vector<std::string>& keys) {
  const UnixTime t = IndexTime(item);
  keys.push_back(TimeIndexKey(t, item.key));
  keys.push_back(SourceIndexKey(item.source_id, t, item.key));
  if (!item.cluster_id.empty()) keys.push_back(ClusterIndexKey(item.cluster_id, item.key));
}

rocksdb::Status IndexNewItem(const Store::Impl& s, rocksdb::WriteBatch& batch, const Item& item) {
  std::vector<std::string> keys;
  AppendIndexKeys(item, keys);
  for (const std::string& key : keys) {
    if (rocksdb::Status st = batch.Put(s.cf[kItemIndex], key, rocksdb::Slice()); !st.ok()) return st;
  }
  return rocksdb::Status::OK();
}

Result<Cluster*> ClusterAssigner::Load(const std::string& id) {
  if (auto it = touched_.find(id); it != touched_.end()) return &it->second;
  std::string value;
  const rocksdb::Status st = s_.db->Get(rocksdb::ReadOptions(), s_.cf[kClusters], ToSlice(id), &value);
  if (!st.ok()) return RocksError("read cluster " + id + " from", s_.dir, st);
  Result<Cluster> cluster = DecodeCluster(id, value);
  if (!cluster.ok()) return Error{"read clusters from " + s_.dir + ": " + cluster.error().message};
  return &touched_.emplace(id, std::move(cluster).value()).first->second;
}

Result<std::string> ClusterAssigner::Assign(const Item& item, std::uint64_t signature) {
  const UnixTime oldest = item.fetched_at - kClusterWindow;
  std::string best;
  int best_distance = kMaxClusterDistance + 1;
  auto consider = [&](std::string_view id, std::uint64_t other, UnixTime last_seen) {
    if (last_seen < oldest) return;
    const int d = std::popcount(signature ^ other);
    if (d < best_distance || (d == best_distance && id < best)) {
      best_distance = d;
      best = std::string(id);
    }
  };
  // Clusters of this call first (new ones are not in the band index yet).
  for (const auto& [id, c] : touched_) consider(id, c.signature, c.last_seen);
  if (!bands_.loaded) {
    if (rocksdb::Status st = LoadBands(); !st.ok()) return RocksError("read cluster bands from", s_.dir, st);
  }
  for (int band = 0; band < 8; ++band) {
    const auto it = bands_.by_band.find(BandCache::BandOf(band, signature));
    if (it == bands_.by_band.end()) continue;
    for (const std::size_t i : it->second) {
      const BandCache::Entry& e = bands_.entries[i];
      consider(e.cluster_id, e.signature, e.last_seen);
    }
  }
  Cluster* cluster = nullptr;
  if (!best.empty()) {
    Result<Cluster*> loaded = Load(best);
    if (!loaded.ok()) return loaded.error();
    cluster = *loaded;
  } else {
    Cluster fresh = NewCluster(item, signature);
    const std::string id = fresh.id;
    cluster = &touched_.insert_or_assign(id, std::move(fresh)).first->second;
  }
  JoinCluster(*cluster, item);
  return cluster->id;
}

rocksdb::Status ClusterAssigner::LoadBands() {
  bands_.Clear();
  if (s_.cf[kClusterBands] != nullptr) {
    std::unique_ptr<rocksdb::Iterator> it(s_.db->NewIterator(rocksdb::ReadOptions(), s_.cf[kClusterBands]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string_view key(it->key().data(), it->key().size());
      if (key.size() < 10 || it->value().size() != 8) continue;  // not ours; verify reports it
      bands_.Put(std::string(key.substr(10)), ReadBigEndian(key.substr(2, 8)),
                 DecodeTime(std::string_view(it->value().data(), 8)));
    }
    if (!it->status().ok()) {
      bands_.Clear();
      return it->status();
    }
  }
  bands_.loaded = true;
  return rocksdb::Status::OK();
}

void ClusterAssigner::Written() const {
  for (const auto& [id, c] : touched_) bands_.Put(id, c.signature, c.last_seen);
}

rocksdb::Status ClusterAssigner::Write(rocksdb::WriteBatch& batch) const {
  for (const auto& [id, c] : touched_) {
    rocksdb::Status st = batch.Put(s_.cf[kClusters], ToSlice(id), EncodeCluster(c));
    const std::string last_seen = EncodeTime(c.last_seen);
    for (int band = 0; band < 8 && st.ok(); ++band) {
      st = batch.Put(s_.cf[kClusterBands], BandKey(band, c.signature, id), last_seen);
    }
    if (!st.ok()) return st;
  }
  return rocksdb::Status::OK();
}

}  // namespace pw::storage
