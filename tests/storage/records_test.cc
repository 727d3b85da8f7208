// The workflow's records as bytes: one batch, prefix scans, the last key of
// a prefix (the audit chain's head), read-only refusal.
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/store.h"
#include "tests/support/temp_dir.h"

namespace pw::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class RecordsTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> Open(Store::Mode mode = Store::Mode::kReadWrite) {
    auto store = Store::Open(dir_, mode);
    EXPECT_TRUE(store.ok()) << store.error().message;
    return store.ok() ? std::move(store).value() : nullptr;
  }
  pw::testing::TempDir tmp_;
  const std::string dir_ = tmp_.Sub("data");
};

TEST_F(RecordsTest, ABatchLandsWholeAndScansFollowKeyOrderWithinTheirPrefix) {
  auto store = Open();
  RecordBatch batch;
  batch.Put(RecordFamily::kCaseEvents, "a/0002", "two");
  batch.Put(RecordFamily::kCaseEvents, "a/0001", "one");
  batch.Put(RecordFamily::kCaseEvents, "e/C-1/0001", "");
  batch.Put(RecordFamily::kCases, "c/C-1", "case");
  ASSERT_TRUE(store->Commit(batch, /*sync=*/true).ok());
  EXPECT_EQ(store->GetRecord(RecordFamily::kCases, "c/C-1").value(), std::optional<std::string>("case"));
  EXPECT_FALSE(store->GetRecord(RecordFamily::kUsers, "c/C-1").value().has_value());  // families apart

  std::vector<std::string> seen;
  ASSERT_TRUE(store->ScanRecords(RecordFamily::kCaseEvents, "a/", [&](std::string_view k, std::string_view v) {
    seen.push_back(std::string(k) + "=" + std::string(v));
    return Status{};
  }).ok());
  EXPECT_THAT(seen, ElementsAre("a/0001=one", "a/0002=two"));
  // An error from the callback stops the scan and comes back.
  Status stopped = store->ScanRecords(RecordFamily::kCaseEvents, "", [](std::string_view, std::string_view) {
    return Status(Error{"stop here"});
  });
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.error().message, "stop here");
}

TEST_F(RecordsTest, LastRecordIsTheGreatestKeyOfItsPrefixOnly) {
  auto store = Open();
  EXPECT_FALSE(store->LastRecord(RecordFamily::kCaseEvents, "a/").value().has_value());
  RecordBatch batch;
  batch.Put(RecordFamily::kCaseEvents, "a/0001", "one");
  batch.Put(RecordFamily::kCaseEvents, "a/0009", "nine");
  batch.Put(RecordFamily::kCaseEvents, "b/9999", "other prefix");
  batch.Put(RecordFamily::kCaseEvents, std::string("a\xff", 2), "past the prefix");
  ASSERT_TRUE(store->Commit(batch, false).ok());
  auto last = store->LastRecord(RecordFamily::kCaseEvents, "a/").value();
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->first, "a/0009");
  EXPECT_EQ(last->second, "nine");
  auto whole = store->LastRecord(RecordFamily::kCaseEvents, "").value();
  ASSERT_TRUE(whole.has_value());
  EXPECT_EQ(whole->first, "b/9999");
}

TEST_F(RecordsTest, DeletesInABatchAndReadOnlyStoresRefuseToWrite) {
  {
    auto store = Open();
    RecordBatch put;
    put.Put(RecordFamily::kUsers, "lan", "{}");
    ASSERT_TRUE(store->Commit(put, true).ok());
    RecordBatch del;
    del.Delete(RecordFamily::kUsers, "lan");
    ASSERT_TRUE(store->Commit(del, true).ok());
    EXPECT_FALSE(store->GetRecord(RecordFamily::kUsers, "lan").value().has_value());
  }
  auto reader = Open(Store::Mode::kReadOnly);
  RecordBatch put;
  put.Put(RecordFamily::kUsers, "lan", "{}");
  Status st = reader->Commit(put, true);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.error().message, HasSubstr("read-only"));
}

}  // namespace
}  // namespace pw::storage
