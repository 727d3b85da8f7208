// Story clusters and item indexes: growth and spreading (pure), membership in
// the store (banded index, window, same batch), readers, retention, rebuild.
#include "storage/cluster.h"

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/store.h"
#include "storage/item_index.h"
#include "tests/storage/item_testing.h"
#include "tests/storage/raw_db.h"
#include "tests/support/temp_dir.h"

namespace pw::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;
using testing::SampleItem;

constexpr UnixTime kT0 = 1'767'225'600;  // 2026-01-01T00:00:00Z
constexpr std::uint64_t kStory = 0x0123'4567'89ab'cdefull;

Item At(const std::string& key, const std::string& source, UnixTime fetched_at, bool candidate = false) {
  Item item = SampleItem(key, candidate);
  item.source_id = source;
  item.fetched_at = fetched_at;
  item.entry.published = fetched_at - 60;
  return item;
}

std::vector<std::string> KeysOf(Result<std::vector<Item>> items) {
  EXPECT_TRUE(items.ok()) << items.error().message;
  std::vector<std::string> keys;
  if (items.ok()) {
    for (const Item& i : *items) keys.push_back(i.key);
  }
  return keys;
}

// `bits` low bits of the signature flipped: `bits` apart from kStory.
std::uint64_t Near(int bits) { return kStory ^ ((1ull << bits) - 1); }

TEST(ClusterGrowth, SteadyTrickleIsNotSpreadingButASuddenBurstIs) {
  Cluster c = NewCluster(At("a", "s1", kT0), kStory);
  // One item every two hours for a day: steady.
  for (int h = 0; h < 24; h += 2) JoinCluster(c, At("x" + std::to_string(h), "s1", kT0 + h * 3600));
  EXPECT_FALSE(c.spreading);
  EXPECT_EQ(c.items, 12u);
  // Then six outlets within one hour.
  const UnixTime burst = kT0 + 30 * 3600;
  for (int i = 0; i < 6; ++i) JoinCluster(c, At("b" + std::to_string(i), "o" + std::to_string(i), burst + i * 60));
  EXPECT_TRUE(c.spreading);
  EXPECT_GE(c.spreading_since, burst);
  EXPECT_EQ(c.outlets.size(), 7u);  // s1 and o0..o5, each once
  // Quiet again a day later.
  EXPECT_FALSE(IsSpreading(c, burst + 24 * 3600));
}

TEST(ClusterGrowth, KeepsOnlyTheLastSeventyTwoHoursOfGrowth) {
  Cluster c = NewCluster(At("a", "s1", kT0), kStory);
  for (int h = 0; h < 100; ++h) JoinCluster(c, At("x" + std::to_string(h), "s1", kT0 + h * 3600));
  ASSERT_EQ(c.growth.size(), static_cast<std::size_t>(kGrowthHours));
  EXPECT_EQ(c.growth.front().first, kT0 + (100 - kGrowthHours) * 3600);
  EXPECT_EQ(c.items, 100u);
}

TEST(ClusterCodec, RoundTripsEveryField) {
  Cluster c = NewCluster(At("a", "s1", kT0), 0xffff'0000'ffff'0001ull);
  JoinCluster(c, At("a", "s1", kT0));
  JoinCluster(c, At("b", "s2", kT0 + 7200, true));
  Result<Cluster> back = DecodeCluster(c.id, EncodeCluster(c));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->signature, c.signature);
  EXPECT_EQ(back->first_item, "a");
  EXPECT_EQ(back->title, c.title);
  EXPECT_EQ(back->items, 2u);
  EXPECT_EQ(back->candidates, 1u);
  EXPECT_EQ(back->outlets, (std::vector<std::string>{"s1", "s2"}));
  EXPECT_EQ(back->growth, c.growth);
  EXPECT_FALSE(DecodeCluster("k1", "[1]").ok());
}

class ClusterStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> Open(Store::Mode mode = Store::Mode::kReadWrite) {
    auto store = Store::Open(dir_, mode);
    EXPECT_TRUE(store.ok()) << store.error().message;
    return store.ok() ? std::move(store).value() : nullptr;
  }
  // PutNew with signatures; returns the cluster of each item.
  std::vector<std::string> Put(Store& store, const std::vector<Item>& items,
                               const std::vector<std::uint64_t>& signatures) {
    std::vector<bool> written;
    std::vector<std::string> clusters;
    auto put = store.PutNew(items, &written, &signatures, &clusters);
    EXPECT_TRUE(put.ok()) << put.error().message;
    return clusters;
  }

  pw::testing::TempDir tmp_;
  const std::string dir_ = tmp_.Sub("data");
};

TEST_F(ClusterStoreTest, NearCopiesFromOtherOutletsJoinOneClusterAndFarOnesStartTheirOwn) {
  auto store = Open();
  const auto first = Put(*store, {At("a", "baophutho", kT0)}, {kStory});
  ASSERT_FALSE(first[0].empty());
  // A retitled copy elsewhere, 5 bits apart, an hour later; an unrelated story.
  const auto later = Put(*store, {At("b", "vnexpress", kT0 + 3600), At("c", "tuoitre", kT0 + 3600)},
                         {Near(5), ~kStory});
  EXPECT_EQ(later[0], first[0]);
  EXPECT_NE(later[1], first[0]);
  EXPECT_FALSE(later[1].empty());

  auto cluster = store->GetCluster(first[0]);
  ASSERT_TRUE(cluster.ok() && cluster->has_value());
  EXPECT_EQ((*cluster)->items, 2u);
  EXPECT_EQ((*cluster)->first_item, "a");
  EXPECT_EQ((*cluster)->outlets, (std::vector<std::string>{"baophutho", "vnexpress"}));
  EXPECT_THAT(store->ClusterItemKeys(first[0]).value(), ElementsAre("a", "b"));
  // The item record names its cluster.
  EXPECT_EQ(store->GetItem("b").value()->cluster_id, first[0]);
  EXPECT_EQ(store->Clusters().value().size(), 2u);
}

TEST_F(ClusterStoreTest, ItemsOfOneBatchJoinEachOthersNewClusterAndUnsignedItemsStayOut) {
  auto store = Open();
  const auto ids = Put(*store, {At("a", "s1", kT0), At("b", "s2", kT0), At("c", "s3", kT0)},
                       {kStory, Near(7), 0});
  EXPECT_EQ(ids[0], ids[1]);
  EXPECT_TRUE(ids[2].empty());
  EXPECT_TRUE(store->GetItem("c").value()->cluster_id.empty());
  // Eight bits apart is another story.
  const auto far = Put(*store, {At("d", "s4", kT0)}, {Near(8)});
  EXPECT_NE(far[0], ids[0]);
}

TEST_F(ClusterStoreTest, AStoryQuietForLongerThanTheWindowStartsANewCluster) {
  auto store = Open();
  const auto first = Put(*store, {At("a", "s1", kT0)}, {kStory});
  const auto much_later = Put(*store, {At("b", "s1", kT0 + kClusterWindow + 3600)}, {kStory});
  EXPECT_NE(first[0], much_later[0]);
}

TEST_F(ClusterStoreTest, ClustersSurviveReopeningAndAreReadableReadOnly) {
  std::string id;
  {
    auto store = Open();
    id = Put(*store, {At("a", "s1", kT0)}, {kStory})[0];
  }
  {
    auto store = Open();
    EXPECT_EQ(Put(*store, {At("b", "s2", kT0 + 60)}, {Near(3)})[0], id);
  }
  auto reader = Open(Store::Mode::kReadOnly);
  EXPECT_EQ(reader->GetCluster(id).value()->items, 2u);
}

TEST_F(ClusterStoreTest, ItemsBetweenReadsTheTimeAndSourceIndexesInTimeOrder) {
  auto store = Open();
  ASSERT_TRUE(store->PutNew({At("late", "s1", kT0 + 7200), At("early", "s2", kT0), At("mid", "s1", kT0 + 3600)}).ok());
  EXPECT_THAT(KeysOf(store->ItemsBetween(kT0 - 3600, kT0 + 86400)), ElementsAre("early", "mid", "late"));
  EXPECT_THAT(KeysOf(store->ItemsBetween(kT0 - 3600, kT0 + 86400, "s1")), ElementsAre("mid", "late"));
  EXPECT_TRUE(store->ItemsBetween(kT0 + 7200, kT0 + 7200).value().empty());
}

TEST_F(ClusterStoreTest, CountItemsBetweenCountsWhatItemsBetweenReturns) {
  auto store = Open();
  ASSERT_TRUE(store->PutNew({At("late", "s1", kT0 + 7200), At("early", "s2", kT0), At("mid", "s1", kT0 + 3600),
                             At("other", "s10", kT0 + 3600)}).ok());
  EXPECT_EQ(store->CountItemsBetween(kT0 - 3600, kT0 + 86400).value(), 4u);
  EXPECT_EQ(store->CountItemsBetween(kT0 - 3600, kT0 + 86400, "s1").value(), 2u);  // not s10's
  EXPECT_EQ(store->CountItemsBetween(kT0 + 3600, kT0 + 7200, "s1").value(), 1u);   // [from, to)
  EXPECT_EQ(store->CountItemsBetween(kT0, kT0).value(), 0u);
  EXPECT_EQ(store->CountItemsBetween(kT0 - 3600, kT0 + 86400, "nobody").value(), 0u);
}

std::vector<std::string> KeysOf(const Store::ItemPage& page) {
  std::vector<std::string> keys;
  for (const Item& i : page.items) keys.push_back(i.key);
  return keys;
}

constexpr UnixTime kAll = std::numeric_limits<UnixTime>::max();

TEST_F(ClusterStoreTest, ItemsNewestFirstPagesTheTimeIndexWithACursorThatSurvivesNewItems) {
  auto store = Open();
  ASSERT_TRUE(store->PutNew({At("a", "s1", kT0), At("b", "s2", kT0 + 60), At("c", "s1", kT0 + 120),
                             At("d", "s2", kT0 + 180), At("e", "s1", kT0 + 240)})
                  .ok());
  auto first = store->ItemsNewestFirst(std::nullopt, std::nullopt, 0, kAll, {}, 2);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_THAT(KeysOf(*first), ElementsAre("e", "d"));
  ASSERT_TRUE(first->next.has_value());
  // Items arriving between pages, newer and older than the cursor: the newer
  // one does not shift the next page, the older one appears in its place.
  ASSERT_TRUE(store->PutNew({At("new", "s1", kT0 + 3600), At("older", "s2", kT0 + 90)}).ok());
  auto second = store->ItemsNewestFirst(std::nullopt, first->next, 0, kAll, {}, 2);
  ASSERT_TRUE(second.ok());
  EXPECT_THAT(KeysOf(*second), ElementsAre("c", "older"));
  auto third = store->ItemsNewestFirst(std::nullopt, second->next, 0, kAll, {}, 2);
  ASSERT_TRUE(third.ok());
  EXPECT_THAT(KeysOf(*third), ElementsAre("b", "a"));
  EXPECT_FALSE(third->next.has_value());  // nothing further: no empty last page
  // Items with equal times come in descending key order, and the cursor
  // separates them.
  ASSERT_TRUE(store->PutNew({At("x1", "s3", kT0 + 7200), At("x2", "s3", kT0 + 7200)}).ok());
  auto tie = store->ItemsNewestFirst(std::nullopt, std::nullopt, 0, kAll, {}, 1);
  EXPECT_THAT(KeysOf(*tie), ElementsAre("x2"));
  EXPECT_THAT(KeysOf(*store->ItemsNewestFirst(std::nullopt, tie->next, 0, kAll, {}, 1)), ElementsAre("x1"));
}

TEST_F(ClusterStoreTest, ItemsNewestFirstReadsOneSourceAndKeepsToTheTimeBounds) {
  auto store = Open();
  ASSERT_TRUE(store->PutNew({At("a", "s1", kT0), At("b", "s2", kT0 + 60), At("c", "s1", kT0 + 120),
                             At("d", "s10", kT0 + 180), At("e", "s1", kT0 + 240)})
                  .ok());
  // "s1" is a prefix of "s10": the 0x00 after the id keeps them apart.
  auto s1 = store->ItemsNewestFirst("s1", std::nullopt, 0, kAll, {}, 10);
  ASSERT_TRUE(s1.ok());
  EXPECT_THAT(KeysOf(*s1), ElementsAre("e", "c", "a"));
  EXPECT_FALSE(s1->next.has_value());
  auto s1_paged = store->ItemsNewestFirst("s1", std::nullopt, 0, kAll, {}, 2);
  EXPECT_THAT(KeysOf(*s1_paged), ElementsAre("e", "c"));
  EXPECT_THAT(KeysOf(*store->ItemsNewestFirst("s1", s1_paged->next, 0, kAll, {}, 2)), ElementsAre("a"));
  // [from, to) by index time (At: published a minute before fetched).
  EXPECT_THAT(KeysOf(*store->ItemsNewestFirst(std::nullopt, std::nullopt, kT0 + 60 - 60, kT0 + 180 - 60, {}, 10)),
              ElementsAre("c", "b"));
  EXPECT_THAT(KeysOf(*store->ItemsNewestFirst("s1", std::nullopt, kT0, kAll, {}, 10)), ElementsAre("e", "c"));
  EXPECT_TRUE(store->ItemsNewestFirst(std::nullopt, std::nullopt, kT0 + 7200, kAll, {}, 10)->items.empty());
  EXPECT_TRUE(store->ItemsNewestFirst("s9", std::nullopt, 0, kAll, {}, 10)->items.empty());
}

TEST_F(ClusterStoreTest, ItemsNewestFirstFiltersAndBoundsHowMuchAPageReads) {
  auto store = Open();
  std::vector<Item> items;
  for (int i = 0; i < 10; ++i) items.push_back(At("k" + std::to_string(i), "s1", kT0 + i * 60, i % 3 == 0));
  ASSERT_TRUE(store->PutNew(items).ok());
  const auto candidates = [](const Item& i) { return i.score.candidate; };
  auto page = store->ItemsNewestFirst(std::nullopt, std::nullopt, 0, kAll, candidates, 2);
  ASSERT_TRUE(page.ok());
  EXPECT_THAT(KeysOf(*page), ElementsAre("k9", "k6"));
  EXPECT_THAT(KeysOf(*store->ItemsNewestFirst(std::nullopt, page->next, 0, kAll, candidates, 2)),
              ElementsAre("k3", "k0"));
  // At most four entries read: k9..k6, then a cursor to go on from.
  auto bounded = store->ItemsNewestFirst(std::nullopt, std::nullopt, 0, kAll, candidates, 5, 4);
  EXPECT_THAT(KeysOf(*bounded), ElementsAre("k9", "k6"));
  ASSERT_TRUE(bounded->next.has_value());
  auto rest = store->ItemsNewestFirst(std::nullopt, bounded->next, 0, kAll, candidates, 5, 4);
  EXPECT_THAT(KeysOf(*rest), ElementsAre("k3"));
  auto last = store->ItemsNewestFirst(std::nullopt, rest->next, 0, kAll, candidates, 5, 4);
  EXPECT_THAT(KeysOf(*last), ElementsAre("k0"));
  EXPECT_FALSE(last->next.has_value());
}

TEST_F(ClusterStoreTest, SweepRemovesOldNonCandidatesAndTheirIndexButKeepsCandidatesAndTheirClusters) {
  auto store = Open();
  const auto ids = Put(*store,
                       {At("old", "s1", kT0), At("old-candidate", "s1", kT0, true), At("other", "s2", kT0),
                        At("new", "s1", kT0 + 100 * 86400)},
                       {~kStory, kStory, 0x5555'5555'5555'5555ull, 0});
  ASSERT_NE(ids[0], ids[1]);
  Result<SweepStats> swept = store->Sweep(kT0 + 90 * 86400);
  ASSERT_TRUE(swept.ok()) << swept.error().message;
  EXPECT_EQ(swept->items_scanned, 4u);
  EXPECT_EQ(swept->items_removed, 2u);      // old, other
  EXPECT_EQ(swept->clusters_removed, 2u);   // theirs; the candidate's stays
  EXPECT_FALSE(store->GetItem("old").value().has_value());
  EXPECT_TRUE(store->GetItem("old-candidate").value().has_value());
  EXPECT_TRUE(store->GetItem("new").value().has_value());
  EXPECT_FALSE(store->GetCluster(ids[0]).value().has_value());
  EXPECT_TRUE(store->GetCluster(ids[1]).value().has_value());
  EXPECT_TRUE(store->ClusterItemKeys(ids[0]).value().empty());
  EXPECT_THAT(KeysOf(store->ItemsBetween(0, kT0 + 200 * 86400)), UnorderedElementsAre("old-candidate", "new"));
  // The removed cluster's bands are gone: a copy of its story starts afresh.
  const auto again = Put(*store, {At("copy", "s3", kT0 + 1000)}, {~kStory});
  EXPECT_EQ(store->GetCluster(again[0]).value()->items, 1u);
}

TEST_F(ClusterStoreTest, VerifyItemIndexNamesAMissingOrAStrayEntry) {
  const Item item = At("a", "s1", kT0);
  {
    auto store = Open();
    ASSERT_TRUE(store->PutNew({item, At("b", "s2", kT0)}).ok());
    EXPECT_EQ(store->VerifyItemIndex().value(), 2u);
  }
  testing::RawDb(dir_).Delete("item_index", TimeIndexKey(IndexTime(item), "a"));
  {
    auto store = Open();
    auto checked = store->VerifyItemIndex();
    ASSERT_FALSE(checked.ok());
    EXPECT_EQ(checked.error().message, "item a: missing from the time index");
    ASSERT_EQ(store->RebuildItemIndex().value(), 2u);
    EXPECT_TRUE(store->VerifyItemIndex().ok());
  }
  testing::RawDb(dir_).Put("item_index", TimeIndexKey(kT0, "gone"), "");
  auto store = Open();
  auto checked = store->VerifyItemIndex();
  ASSERT_FALSE(checked.ok());
  EXPECT_THAT(checked.error().message, ::testing::HasSubstr("an entry names a missing item"));
}

TEST_F(ClusterStoreTest, RebuildItemIndexIndexesEveryStoredItem) {
  auto store = Open();
  ASSERT_TRUE(store->PutNew({At("a", "s1", kT0), At("b", "s2", kT0 + 10)}).ok());
  EXPECT_EQ(store->RebuildItemIndex().value(), 2u);
  EXPECT_EQ(store->ItemsBetween(0, kT0 + 86400).value().size(), 2u);  // rewritten, not doubled
}

}  // namespace
}  // namespace pw::storage
