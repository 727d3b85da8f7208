#include "storage/store.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <rocksdb/db.h>

#include "storage/item_codec.h"
#include "tests/storage/item_testing.h"
#include "tests/support/temp_dir.h"

namespace pw::storage {
namespace {

using ::testing::HasSubstr;
using testing::ExpectSameItem;
using testing::SampleItem;

// The database opened behind the Store's back, to plant records the API
// cannot write and to look at the column families as they are on disk.
class RawDb {
 public:
  RawDb(const std::string& dir, bool read_only) {
    // Every family on disk must be opened; handles_ is indexed like kNames.
    std::vector<std::string> on_disk;
    EXPECT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &on_disk).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const char* name : kNames) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    for (const std::string& name : on_disk) {
      if (std::find(std::begin(kNames), std::end(kNames), name) == std::end(kNames)) {
        families.emplace_back(name, rocksdb::ColumnFamilyOptions());
      }
    }
    rocksdb::DB* raw = nullptr;
    const rocksdb::Status s =
        read_only ? rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), dir, families, &handles_, &raw)
                  : rocksdb::DB::Open(rocksdb::DBOptions(), dir, families, &handles_, &raw);
    EXPECT_TRUE(s.ok()) << s.ToString();
    db_.reset(raw);
  }
  ~RawDb() {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    if (db_) db_->Close().PermitUncheckedError();
  }

  void Put(std::size_t cf, const std::string& key, const std::string& value) {
    ASSERT_TRUE(db_->Put(rocksdb::WriteOptions(), handles_[cf], key, value).ok());
  }
  std::string Get(std::size_t cf, const std::string& key) {
    std::string value;
    const rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handles_[cf], key, &value);
    return s.ok() ? value : "<" + s.ToString() + ">";
  }
  std::vector<std::string> Keys(std::size_t cf) {
    std::vector<std::string> keys;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[cf]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) keys.push_back(it->key().ToString());
    return keys;
  }

  static constexpr std::size_t kItems = 1, kCandidates = 2, kMeta = 4;
  static constexpr const char* kNames[] = {"default", "items", "candidates", "sources", "meta", "registry"};

 private:
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

std::unique_ptr<Store> MustOpen(const std::string& dir, Store::Mode mode = Store::Mode::kReadWrite) {
  Result<std::unique_ptr<Store>> store = Store::Open(dir, mode);
  if (!store.ok()) {
    ADD_FAILURE() << store.error().message;
    return nullptr;
  }
  return std::move(store).value();
}

std::vector<std::string> KeysOf(const std::vector<Item>& items) {
  std::vector<std::string> keys;
  for (const Item& i : items) keys.push_back(i.key);
  return keys;
}

class StoreTest : public ::testing::Test {
 protected:
  pw::testing::TempDir tmp_;
  const std::string dir_ = tmp_.Sub("data");
};

TEST_F(StoreTest, CreatesMissingParentDirsAndWritesSchemaVersionTwo) {
  const std::string nested = tmp_.Sub("var/lib/provwatch");
  ASSERT_NE(MustOpen(nested), nullptr);
  RawDb raw(nested, /*read_only=*/true);
  EXPECT_EQ(raw.Get(RawDb::kMeta, "schema_version"), "2");
}

TEST_F(StoreTest, RefusesADataDirWithANewerSchemaVersion) {
  ASSERT_NE(MustOpen(dir_), nullptr);
  RawDb(dir_, false).Put(RawDb::kMeta, "schema_version", "7");
  const std::string want = "data dir " + dir_ + " has schema version 7; this provwatch knows 2";
  for (Store::Mode mode : {Store::Mode::kReadWrite, Store::Mode::kReadOnly}) {
    Result<std::unique_ptr<Store>> store = Store::Open(dir_, mode);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().message, want);
  }
  // Refusing must not have "repaired" the version.
  EXPECT_EQ(RawDb(dir_, true).Get(RawDb::kMeta, "schema_version"), "7");
}

TEST_F(StoreTest, ReadOnlyOpenOfAMissingDirIsAnErrorNamingItAndCreatesNothing) {
  Result<std::unique_ptr<Store>> store = Store::Open(dir_, Store::Mode::kReadOnly);
  ASSERT_FALSE(store.ok());
  EXPECT_THAT(store.error().message, HasSubstr(dir_));
  EXPECT_THAT(store.error().message, HasSubstr("does not exist"));
  EXPECT_FALSE(std::filesystem::exists(dir_));
}

TEST_F(StoreTest, OpeningAPathThatIsAFileIsAnErrorNamingIt) {
  pw::testing::WriteFile(dir_, "not a database");
  for (Store::Mode mode : {Store::Mode::kReadWrite, Store::Mode::kReadOnly}) {
    Result<std::unique_ptr<Store>> store = Store::Open(dir_, mode);
    ASSERT_FALSE(store.ok());
    EXPECT_THAT(store.error().message, HasSubstr(dir_));
  }
  EXPECT_EQ(pw::testing::ReadFile(dir_), "not a database");
}

TEST_F(StoreTest, SecondReadWriteOpenFailsMentioningTheLock) {
  auto first = MustOpen(dir_);
  ASSERT_NE(first, nullptr);
  Result<std::unique_ptr<Store>> second = Store::Open(dir_, Store::Mode::kReadWrite);
  ASSERT_FALSE(second.ok());
  EXPECT_THAT(second.error().message, HasSubstr(dir_));
  EXPECT_THAT(second.error().message, HasSubstr("is another provwatch running?"));
  // The failed open must leave the first store working.
  EXPECT_EQ(first->PutNew({SampleItem("k", false)}).value(), 1u);
}

TEST_F(StoreTest, ReadOnlyStoreOpensWhileAReadWriteStoreHoldsTheLock) {
  auto writer = MustOpen(dir_);
  ASSERT_NE(writer, nullptr);
  ASSERT_EQ(writer->PutNew({SampleItem("a", true), SampleItem("b", false)}).value(), 2u);
  ASSERT_TRUE(writer->PutSource("baophutho", testing::SampleSource()).ok());

  // No Sync(): the reader replays the writer's WAL.
  auto reader = MustOpen(dir_, Store::Mode::kReadOnly);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(KeysOf(reader->Items(false).value()), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(KeysOf(reader->Items(true).value()), (std::vector<std::string>{"a"}));
  EXPECT_TRUE(reader->GetSource("baophutho").value().has_value());

  // The writer keeps writing while the reader is open.
  EXPECT_EQ(writer->PutNew({SampleItem("c", false)}).value(), 1u);
  EXPECT_TRUE(writer->Sync().ok());
}

TEST_F(StoreTest, ReadOnlyStoreRefusesWritesAndWritesNothing) {
  ASSERT_NE(MustOpen(dir_), nullptr);
  auto reader = MustOpen(dir_, Store::Mode::kReadOnly);
  ASSERT_NE(reader, nullptr);

  Result<std::size_t> put = reader->PutNew({SampleItem("a", true)});
  ASSERT_FALSE(put.ok());
  EXPECT_THAT(put.error().message, HasSubstr("read-only"));
  EXPECT_THAT(put.error().message, HasSubstr(dir_));
  const Status source = reader->PutSource("s", testing::SampleSource());
  ASSERT_FALSE(source.ok());
  EXPECT_THAT(source.error().message, HasSubstr("read-only"));
  EXPECT_TRUE(reader->Sync().ok());
  reader.reset();

  auto writer = MustOpen(dir_);
  EXPECT_FALSE(writer->Contains("a").value());
  EXPECT_FALSE(writer->GetSource("s").value().has_value());
}

TEST_F(StoreTest, SecondPutNewOfTheSameItemsReturnsZeroAndChangesNothing) {
  auto store = MustOpen(dir_);
  const std::vector<Item> items = {SampleItem("a", true), SampleItem("b", false)};
  ASSERT_EQ(store->PutNew(items).value(), 2u);
  EXPECT_EQ(store->PutNew(items).value(), 0u);

  // First seen wins: a re-fetch with a new title and score changes nothing.
  std::vector<Item> changed = items;
  for (Item& i : changed) {
    i.entry.title = "Tiêu đề đã sửa";
    i.score.candidate = !i.score.candidate;
  }
  EXPECT_EQ(store->PutNew(changed).value(), 0u);

  const std::vector<Item> stored = store->Items(false).value();
  ASSERT_EQ(stored.size(), 2u);
  ExpectSameItem(items[0], stored[0]);
  ExpectSameItem(items[1], stored[1]);
  EXPECT_EQ(KeysOf(store->Items(true).value()), (std::vector<std::string>{"a"}));
}

TEST_F(StoreTest, PutNewCountsOnlyTheItemsNotStoredYet) {
  auto store = MustOpen(dir_);
  ASSERT_EQ(store->PutNew({SampleItem("a", false)}).value(), 1u);
  EXPECT_EQ(store->PutNew({SampleItem("a", false), SampleItem("b", false)}).value(), 1u);
  EXPECT_EQ(KeysOf(store->Items(false).value()), (std::vector<std::string>{"a", "b"}));
}

TEST_F(StoreTest, DuplicatesWithinOneCallAreWrittenOnceAndTheFirstWins) {
  auto store = MustOpen(dir_);
  Item first = SampleItem("a", false);
  Item second = SampleItem("a", true);
  second.entry.title = "bản sau";
  EXPECT_EQ(store->PutNew({first, second, first}).value(), 1u);

  const std::vector<Item> stored = store->Items(false).value();
  ASSERT_EQ(stored.size(), 1u);
  ExpectSameItem(first, stored[0]);
  EXPECT_TRUE(store->Items(true).value().empty());
}

TEST_F(StoreTest, WrittenFlagsMarkExactlyTheItemsStoredByThisCall) {
  auto store = MustOpen(dir_);
  ASSERT_EQ(store->PutNew({SampleItem("url:old", false)}).value(), 1u);
  std::vector<bool> written;
  const std::vector<Item> batch = {SampleItem("url:old", false), SampleItem("url:new", true),
                                   SampleItem("url:new", false), SampleItem("url:other", false)};
  EXPECT_EQ(store->PutNew(batch, &written).value(), 2u);
  EXPECT_EQ(written, (std::vector<bool>{false, true, false, true}));
  EXPECT_EQ(store->PutNew(batch, &written).value(), 0u);
  EXPECT_EQ(written, (std::vector<bool>(4, false)));
}

TEST_F(StoreTest, CandidatesAreRecordedOnlyInTheCandidatesFamily) {
  {
    auto store = MustOpen(dir_);
    // Out of key order on purpose: listing must come back sorted by key.
    ASSERT_EQ(store->PutNew({SampleItem("url:c", false), SampleItem("url:a", true),
                             SampleItem("url:b", false)})
                  .value(),
              3u);
    EXPECT_EQ(KeysOf(store->Items(false).value()),
              (std::vector<std::string>{"url:a", "url:b", "url:c"}));
    const std::vector<Item> candidates = store->Items(true).value();
    ASSERT_EQ(candidates.size(), 1u);
    ExpectSameItem(SampleItem("url:a", true), candidates[0]);
  }
  RawDb raw(dir_, /*read_only=*/true);
  EXPECT_EQ(raw.Keys(RawDb::kCandidates), (std::vector<std::string>{"url:a"}));
  EXPECT_EQ(raw.Keys(RawDb::kItems), (std::vector<std::string>{"url:a", "url:b", "url:c"}));
  const auto candidate = nlohmann::json::parse(raw.Get(RawDb::kCandidates, "url:a"));
  EXPECT_EQ(candidate.at("title"), SampleItem("url:a", true).entry.title);
  EXPECT_EQ(candidate.at("source_id"), "baophutho");
  EXPECT_TRUE(candidate.at("score").at("candidate").get<bool>());
}

TEST_F(StoreTest, DataSurvivesCloseAndReopen) {
  Item without_date = SampleItem("url:b", false);
  without_date.entry.published.reset();
  const std::vector<Item> items = {SampleItem("url:a", true), without_date};
  {
    auto store = MustOpen(dir_);
    ASSERT_EQ(store->PutNew(items).value(), 2u);
    ASSERT_TRUE(store->PutSource("baophutho", testing::SampleSource()).ok());
    ASSERT_TRUE(store->Sync().ok());
  }
  auto store = MustOpen(dir_);
  ASSERT_NE(store, nullptr);
  const std::vector<Item> stored = store->Items(false).value();
  ASSERT_EQ(stored.size(), 2u);
  ExpectSameItem(items[0], stored[0]);
  ExpectSameItem(items[1], stored[1]);
  EXPECT_EQ(KeysOf(store->Items(true).value()), (std::vector<std::string>{"url:a"}));
  const auto source = store->GetSource("baophutho").value();
  ASSERT_TRUE(source.has_value());
  testing::ExpectSameSource(testing::SampleSource(), *source);
  EXPECT_EQ(store->PutNew(items).value(), 0u);
}

TEST_F(StoreTest, ContainsReportsOnlyStoredKeys) {
  auto store = MustOpen(dir_);
  ASSERT_EQ(store->PutNew({SampleItem("url:https://baophutho.vn/a", false)}).value(), 1u);
  EXPECT_TRUE(store->Contains("url:https://baophutho.vn/a").value());
  EXPECT_FALSE(store->Contains("url:https://baophutho.vn/b").value());
  EXPECT_FALSE(store->Contains("").value());
}

TEST_F(StoreTest, SourceStateIsNulloptUntilSavedAndThenReplaced) {
  auto store = MustOpen(dir_);
  EXPECT_FALSE(store->GetSource("baophutho").value().has_value());

  ASSERT_TRUE(store->PutSource("baophutho", testing::SampleSource()).ok());
  SourceState later = testing::SampleSource();
  later.consecutive_failures = 0;
  later.last_error.clear();
  later.last_status = 304;
  ASSERT_TRUE(store->PutSource("baophutho", later).ok());

  const auto got = store->GetSource("baophutho").value();
  ASSERT_TRUE(got.has_value());
  testing::ExpectSameSource(later, *got);
  EXPECT_FALSE(store->GetSource("baophu").value().has_value());
}

TEST_F(StoreTest, PutNewRejectsAnItemWithAnEmptyKeyAndWritesNothing) {
  auto store = MustOpen(dir_);
  Result<std::size_t> put = store->PutNew({SampleItem("a", false), SampleItem("", false)});
  ASSERT_FALSE(put.ok());
  EXPECT_THAT(put.error().message, HasSubstr("empty key"));
  EXPECT_TRUE(store->Items(false).value().empty());
}

TEST_F(StoreTest, ConcurrentPutNewCountsEachKeyOnce) {
  auto store = MustOpen(dir_);
  std::vector<Item> items;
  for (int i = 0; i < 40; ++i) items.push_back(SampleItem("k" + std::to_string(i), i % 3 == 0));

  std::atomic<std::size_t> total{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 5; ++round) {
        Result<std::size_t> n = store->PutNew(items);
        if (n.ok()) total += *n;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(total.load(), items.size());
  EXPECT_EQ(store->Items(false).value().size(), items.size());
}

TEST_F(StoreTest, ACorruptRecordIsAnErrorNamingTheKeyAndTheDir) {
  ASSERT_NE(MustOpen(dir_), nullptr);
  RawDb(dir_, false).Put(RawDb::kItems, "url:broken", "{not json");
  auto store = MustOpen(dir_);
  Result<std::vector<Item>> items = store->Items(false);
  ASSERT_FALSE(items.ok());
  EXPECT_THAT(items.error().message, HasSubstr("url:broken"));
  EXPECT_THAT(items.error().message, HasSubstr(dir_));
}

TEST_F(StoreTest, ACandidateWithoutItsItemIsAnErrorRatherThanSkipped) {
  ASSERT_NE(MustOpen(dir_), nullptr);
  RawDb(dir_, false).Put(RawDb::kCandidates, "url:orphan", "{}");
  auto store = MustOpen(dir_);
  Result<std::vector<Item>> items = store->Items(true);
  ASSERT_FALSE(items.ok());
  EXPECT_THAT(items.error().message, HasSubstr("url:orphan"));
}

TEST_F(StoreTest, ItemRecordsWrittenAsJsonBeforeTheBinaryFormStillReadAndVerify) {
  const Item old = SampleItem("url:old", true);
  const Item fresh = SampleItem("url:new", false);
  {
    auto store = MustOpen(dir_);
    ASSERT_EQ(store->PutNew({old, fresh}).value(), 2u);
  }
  // As a database written before the binary record holds it.
  RawDb(dir_, false).Put(RawDb::kItems, old.key, EncodeItemJson(old));
  auto store = MustOpen(dir_);
  ASSERT_NE(store, nullptr);
  const std::vector<Item> stored = store->Items(false).value();
  ASSERT_EQ(stored.size(), 2u);
  ExpectSameItem(fresh, stored[0]);
  ExpectSameItem(old, stored[1]);
  ExpectSameItem(old, store->Items(true).value().at(0));
  ExpectSameItem(old, store->GetItem(old.key).value().value());
  EXPECT_EQ(store->VerifyItemIndex().value(), 2u);
  EXPECT_EQ(store->ItemsBetween(0, std::numeric_limits<UnixTime>::max()).value().size(), 2u);
}

TEST_F(StoreTest, EvidenceBytesAreTheJsonFormOfTheRecordWhateverItsStoredForm) {
  const Item item = SampleItem("url:a", true);
  auto store = MustOpen(dir_);
  ASSERT_EQ(store->PutNew({item}).value(), 1u);
  const std::string archived = store->ItemRecordBytes(item.key).value().value();
  EXPECT_EQ(archived, EncodeItemJson(item));
  EXPECT_EQ(nlohmann::json::parse(archived).at("entry").at("title"), item.entry.title);
  EXPECT_FALSE(store->ItemRecordBytes("url:none").value().has_value());
}

}  // namespace
}  // namespace pw::storage
