#pragma once
/// Item indexes and the cluster band index: key encodings and the code that
/// writes them inside an item WriteBatch. Internal to storage/ (store.cc's
/// PutNew and store_index.cc's readers).
///
/// item_index column family, value always empty:
///   't' <time:8> <item key>                     items by time
///   's' <source id> 0x00 <time:8> <item key>    items by source, then time
///   'c' <cluster id> 0x00 <item key>            items by cluster
/// cluster_bands column family:
///   <band:1> <band value:1> <signature:8> <cluster id>  ->  <last seen:8>
///   (eight entries a cluster, one per 8-bit band of its signature; two
///   signatures within kMaxClusterDistance = 7 bits agree on at least one band)
/// clusters column family: cluster id -> EncodeCluster JSON (cluster.h).
///
/// <time:8> is a UnixTime as 8 big-endian bytes with the sign bit flipped, so
/// byte order is time order (before 1970 too). Source ids and cluster ids
/// contain no 0x00 byte (config ids are [a-z0-9._-], cluster ids hex).
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include <rocksdb/write_batch.h>

#include "storage/cluster.h"
#include "storage/store_impl.h"

namespace pw::storage {

/// The time an item is indexed under: its publication time when it has one
/// that is not after it was first seen (plus a day of clock skew), else when
/// it was first seen.
UnixTime IndexTime(const Item& item);

std::string EncodeTime(UnixTime t);
UnixTime DecodeTime(std::string_view eight_bytes);

std::string TimeIndexKey(UnixTime t, std::string_view item_key);
std::string SourceIndexPrefix(std::string_view source_id);
std::string SourceIndexKey(std::string_view source_id, UnixTime t, std::string_view item_key);
std::string ClusterIndexPrefix(std::string_view cluster_id);
std::string ClusterIndexKey(std::string_view cluster_id, std::string_view item_key);

/// The cluster_bands key of band `band` (0..7) of a cluster.
std::string BandKey(int band, std::uint64_t signature, std::string_view cluster_id);

/// Appends the keys of an item's index entries (time, source, and its
/// cluster's when it has one) to `keys`.
void AppendIndexKeys(const Item& item, std::vector<std::string>& keys);

/// Adds the index entries of a new item (its cluster_id, if any, included).
rocksdb::Status IndexNewItem(const Store::Impl& s, rocksdb::WriteBatch& batch, const Item& item);

/// Puts the new items of one PutNew call into clusters. Used under
/// Store::Impl::put_mutex, so the band index it reads cannot change under it.
class ClusterAssigner {
 public:
  /// `bands`: the store's band cache (store_impl.h), loaded here on first use.
  ClusterAssigner(const Store::Impl& s, BandCache& bands) : s_(s), bands_(bands) {}

  /// The cluster `item` joins (created when none is near), recorded in the
  /// pending changes. Items of the same call join each other's clusters.
  Result<std::string> Assign(const Item& item, std::uint64_t signature);

  /// Writes every touched cluster record and its band entries.
  rocksdb::Status Write(rocksdb::WriteBatch& batch) const;

  /// Records the touched clusters in the band cache: call once the batch
  /// that Write filled is in the database.
  void Written() const;

 private:
  Result<Cluster*> Load(const std::string& id);
  /// Fills the band cache from the cluster_bands family.
  rocksdb::Status LoadBands();

  const Store::Impl& s_;
  BandCache& bands_;
  std::map<std::string, Cluster> touched_;
};

}  // namespace pw::storage
