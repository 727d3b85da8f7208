#pragma once
/// Story clusters: one story, republished, retitled or edited by many
/// outlets, is one cluster that records when it was first seen, by which
/// outlets, and how fast it grows. A cluster whose rate of new items jumps is
/// marked as spreading, which is what a press officer must see first.
///
/// Which items are clustered: those that mention the province (the items a
/// press officer triages). Everything else is stored unclustered, so the
/// banded index stays the size of the province's own news, not of the web.
///
/// Membership: an item joins the cluster whose signature (analysis/simhash.h,
/// the first item's SimHash) is nearest within kMaxClusterDistance bits, among
/// clusters seen in the last kClusterWindow; otherwise it starts a cluster.
/// The store does this inside the same WriteBatch as the item (store.h PutNew).
///
/// This header is plain data and pure functions; storage/cluster.cc also
/// holds the RocksDB side (band index), used by store.cc only.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/item.h"
#include "core/result.h"

namespace pw::storage {

/// Signatures at most this many bits apart are one story (the SimHash test
/// bounds: edited copies within 7 bits, unrelated stories over 14 apart).
inline constexpr int kMaxClusterDistance = 7;
/// A story not seen for this long takes no new members: a new item about it is
/// a new cluster (a story that comes back a month later is news again).
inline constexpr UnixTime kClusterWindow = 30 * 24 * 3600;

/// Growth is counted in hours; the last kGrowthHours hours are kept.
inline constexpr int kGrowthHours = 72;

struct Cluster {
  std::string id;                 ///< "k" + 16 hex digits (see NewClusterId)
  std::uint64_t signature = 0;    ///< the first item's SimHash
  std::string first_item;         ///< key of the item that started it
  std::string title;              ///< its title
  UnixTime first_seen = 0;
  UnixTime last_seen = 0;
  std::uint64_t items = 0;        ///< items in the cluster
  std::uint64_t candidates = 0;   ///< of which candidates
  std::vector<std::string> outlets;  ///< distinct source ids, in the order they joined
  /// New items per hour, oldest first: (hour start, count), at most kGrowthHours
  /// entries, hours with no item left out.
  std::vector<std::pair<UnixTime, std::uint32_t>> growth;
  bool spreading = false;         ///< as of the last item that joined
  UnixTime spreading_since = 0;   ///< when it last became spreading (0: never)
};

/// Spreading: at least kSpreadMinItems new items in the last kSpreadWindow,
/// and at least kSpreadFactor times the average per window over the
/// kSpreadBaselineWindows windows before it (a story that was quiet and
/// suddenly gets republished everywhere, not one that trickles steadily).
inline constexpr UnixTime kSpreadWindow = 3 * 3600;
inline constexpr int kSpreadBaselineWindows = 8;  // the day before the window
inline constexpr std::uint32_t kSpreadMinItems = 4;
inline constexpr double kSpreadFactor = 3.0;

/// A new cluster for `item` with `signature`: id derived from the item key.
Cluster NewCluster(const Item& item, std::uint64_t signature);

/// Adds `item` (seen at item.fetched_at) to `cluster`: counts, outlets,
/// growth, and the spreading flag re-evaluated at that time.
void JoinCluster(Cluster& cluster, const Item& item);

/// Whether the cluster's growth shows spreading at `now` (see above).
bool IsSpreading(const Cluster& cluster, UnixTime now);

/// JSON record of a cluster (the id is the key).
std::string EncodeCluster(const Cluster& cluster);
Result<Cluster> DecodeCluster(std::string_view id, std::string_view json);

}  // namespace pw::storage
