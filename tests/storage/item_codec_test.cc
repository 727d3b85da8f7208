#include "storage/item_codec.h"

#include <cmath>
#include <limits>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/storage/item_testing.h"

namespace pw::storage {
namespace {

using testing::ExpectSameItem;
using testing::SampleItem;

Item RoundTrip(const Item& item) {
  Result<Item> got = DecodeItem(item.key, EncodeItem(item));
  if (!got.ok()) ADD_FAILURE() << got.error().message;
  return got.ok() ? std::move(got).value() : Item{};
}

TEST(ItemCodec, RoundTripsEveryFieldIncludingVietnameseTextAndMatches) {
  const Item item = SampleItem("url:https://baophutho.vn/a", true);
  ExpectSameItem(item, RoundTrip(item));
}

TEST(ItemCodec, KeepsAnAbsentPublishedDateApartFromZero) {
  Item without = SampleItem("k1", false);
  without.entry.published.reset();
  EXPECT_FALSE(RoundTrip(without).entry.published.has_value());
  EXPECT_EQ(EncodeItem(without).find("published"), std::string::npos);

  Item zero = SampleItem("k2", false);
  zero.entry.published = 0;
  EXPECT_EQ(RoundTrip(zero).entry.published, std::optional<UnixTime>(0));
}

TEST(ItemCodec, RoundTripsExtremeNumbersExactly) {
  Item item = SampleItem("k", false);
  item.fetched_at = std::numeric_limits<UnixTime>::max();
  item.entry.published = -86'400;  // before 1970
  item.score.value = 1.0 / 3.0;
  item.score.matches[0].start = std::numeric_limits<std::size_t>::max();
  item.score.matches[0].weight = 1e-300;
  ExpectSameItem(item, RoundTrip(item));
}

TEST(ItemCodec, ReadsANonFiniteScoreBackAsNaN) {
  Item item = SampleItem("k", false);
  item.score.value = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(std::isnan(RoundTrip(item).score.value));
}

TEST(ItemCodec, ReplacesInvalidUtf8InsteadOfFailing) {
  Item item = SampleItem("k", false);
  item.entry.title = "Tin n\xff\xfe";
  EXPECT_EQ(RoundTrip(item).entry.title, "Tin n\xEF\xBF\xBD\xEF\xBF\xBD");  // two U+FFFD
}

TEST(ItemCodec, LeavesMissingFieldsAtTheirDefaults) {
  Result<Item> item = DecodeItem("k", R"({"source_id":"s","entry":{"title":"Tiêu đề"}})");
  ASSERT_TRUE(item.ok()) << item.error().message;
  EXPECT_EQ(item->key, "k");
  EXPECT_EQ(item->source_id, "s");
  EXPECT_EQ(item->entry.title, "Tiêu đề");
  EXPECT_EQ(item->fetched_at, 0);
  EXPECT_FALSE(item->entry.published.has_value());
  EXPECT_TRUE(item->score.matches.empty());
}

TEST(ItemCodec, RejectsRecordsThatAreNotItemObjects) {
  for (const char* bad : {"", "not json", "[1,2]", R"({"entry":5})", R"({"fetched_at":"x"})",
                          R"({"score":{"matches":{}}})", R"({"entry":{"title":7}})"}) {
    const Result<Item> item = DecodeItem("k", bad);
    ASSERT_FALSE(item.ok()) << bad;
    EXPECT_NE(item.error().message.find("item record"), std::string::npos)
        << bad << ": " << item.error().message;
  }
}

TEST(ItemCodec, WritesTheBinaryFormSmallerThanJson) {
  const Item item = SampleItem("k", true);
  const std::string binary = EncodeItem(item);
  EXPECT_TRUE(IsBinaryItemRecord(binary));
  EXPECT_FALSE(IsBinaryItemRecord(EncodeItemJson(item)));
  EXPECT_LT(binary.size(), EncodeItemJson(item).size() * 3 / 4);
}

TEST(ItemCodec, ReadsJsonRecordsWrittenBeforeTheBinaryForm) {
  const Item item = SampleItem("url:https://baophutho.vn/a", true);
  Result<Item> got = DecodeItem(item.key, EncodeItemJson(item));
  ASSERT_TRUE(got.ok()) << got.error().message;
  ExpectSameItem(item, *got);
  // A record exactly as the JSON encoder wrote it before the binary form.
  const Result<Item> old = DecodeItem(
      "url:a", R"({"entry":{"author":"","guid":"g","link":"https://a.vn/1","published":1767220000,)"
               R"("summary":"Tóm tắt","title":"Tiêu đề"},"fetched_at":1767225600,"score":{"candidate":false,)"
               R"("matches":[],"mentions_province":true,"value":0.0},"source_id":"s","cluster":"k00ff"})");
  ASSERT_TRUE(old.ok()) << old.error().message;
  EXPECT_EQ(old->entry.title, "Tiêu đề");
  EXPECT_EQ(old->entry.published, std::optional<UnixTime>(1'767'220'000));
  EXPECT_EQ(old->cluster_id, "k00ff");
  EXPECT_TRUE(old->score.mentions_province);
}

TEST(ItemCodec, RoundTripsEmptyAndDefaultItemsInBinary) {
  Item item;
  item.key = "k";
  ExpectSameItem(item, RoundTrip(item));
  item.score.value = -0.0;
  item.fetched_at = std::numeric_limits<UnixTime>::min();
  ExpectSameItem(item, RoundTrip(item));
}

TEST(ItemCodec, RejectsEveryTruncationOfABinaryRecordAndTrailingBytes) {
  const std::string full = EncodeItem(SampleItem("k", true));
  for (std::size_t n = 1; n < full.size(); ++n) {
    const Result<Item> got = DecodeItem("k", std::string_view(full).substr(0, n));
    ASSERT_FALSE(got.ok()) << "prefix of " << n << " bytes";
    EXPECT_NE(got.error().message.find("item record"), std::string::npos) << got.error().message;
  }
  EXPECT_FALSE(DecodeItem("k", full + "x").ok());
  std::string huge_count = full.substr(0, 2) + std::string("\xff\xff\xff\xff\xff\xff\xff\xff\x7f");
  EXPECT_FALSE(DecodeItem("k", huge_count).ok());
}

TEST(ItemCodec, ReplacesInvalidUtf8AsTheJsonFormDid) {
  Item item = SampleItem("k", false);
  for (const char* bad : {"a\xe2\x82" "b", "\xf0\x9f\x98", "\xed\xa0\x80x", "\xc0\xaf", "ok \xe1\xbb\x87 \x80"}) {
    item.entry.summary = bad;
    const Result<Item> json = DecodeItem("k", EncodeItemJson(item));
    ASSERT_TRUE(json.ok());
    EXPECT_EQ(RoundTrip(item).entry.summary, json->entry.summary) << bad;
  }
}

TEST(ItemCodec, CandidateRecordHoldsScoreTitleAndSource) {
  const Item item = SampleItem("k", true);
  const auto j = nlohmann::json::parse(EncodeCandidate(item));
  EXPECT_EQ(j.at("title"), item.entry.title);
  EXPECT_EQ(j.at("source_id"), item.source_id);
  EXPECT_EQ(j.at("score").at("value").get<double>(), item.score.value);
  EXPECT_EQ(j.at("score").at("matches").size(), 2u);
  EXPECT_EQ(j.at("score").at("matches")[0].at("term"), "sai lệch");
}

TEST(SourceStateCodec, RoundTripsEveryField) {
  const SourceState state = testing::SampleSource();
  Result<SourceState> got = DecodeSourceState(EncodeSourceState(state));
  ASSERT_TRUE(got.ok()) << got.error().message;
  testing::ExpectSameSource(state, *got);
}

TEST(SourceStateCodec, RejectsAFieldOfTheWrongType) {
  const Result<SourceState> got = DecodeSourceState(R"({"etag": 12})");
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.error().message.find("source state record"), std::string::npos);
}

TEST(SourceStateCodec, RoundTripsTheSchedulingHealthAndRedirectFields) {
  SourceState state;
  state.last_error_kind = "timeout";
  state.next_due = 1'800'000'123;
  state.failing_since = 1'799'900'000;
  state.circuit_open = true;
  state.items_per_day = 12.5;
  state.tracked_since = 1'790'000'000;
  state.last_new_item = 1'799'000'000;
  state.items_seen = 4'000'000'000ull;
  state.url = "https://moi.invalid/rss";
  state.moved_from = "http://cu.invalid/rss";
  state.pending_redirect = "https://khac.invalid/rss";
  state.unhealthy = "failing for 2 days (13 consecutive failures)";
  const Result<SourceState> got = DecodeSourceState(EncodeSourceState(state));
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->last_error_kind, "timeout");
  EXPECT_EQ(got->next_due, state.next_due);
  EXPECT_EQ(got->failing_since, state.failing_since);
  EXPECT_TRUE(got->circuit_open);
  EXPECT_EQ(got->items_per_day, 12.5);
  EXPECT_EQ(got->tracked_since, state.tracked_since);
  EXPECT_EQ(got->last_new_item, state.last_new_item);
  EXPECT_EQ(got->items_seen, state.items_seen);
  EXPECT_EQ(got->url, state.url);
  EXPECT_EQ(got->moved_from, state.moved_from);
  EXPECT_EQ(got->pending_redirect, state.pending_redirect);
  EXPECT_EQ(got->unhealthy, state.unhealthy);
}

TEST(SourceStateCodec, ReadsAnUnknownRateAndAnOldRecordWithoutTheNewFields) {
  const Result<SourceState> fresh = DecodeSourceState(EncodeSourceState(SourceState{}));
  ASSERT_TRUE(fresh.ok());
  EXPECT_FALSE(fresh->items_per_day.has_value());
  const Result<SourceState> old = DecodeSourceState(R"({"etag":"x","consecutive_failures":2})");
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->next_due, 0);
  EXPECT_FALSE(old->circuit_open);
  EXPECT_FALSE(old->items_per_day.has_value());
  EXPECT_EQ(old->url, "");
}

}  // namespace
}  // namespace pw::storage
