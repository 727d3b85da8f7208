#pragma once
/// Helpers shared by the storage tests: sample items and a field-by-field
/// comparison (core types have no operator==).
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "core/item.h"
#include "storage/store.h"

namespace pw::storage::testing {

/// An item with every field set, Vietnamese text included.
inline Item SampleItem(const std::string& key, bool candidate) {
  Item item;
  item.key = key;
  item.source_id = "baophutho";
  item.fetched_at = 1'767'225'600;
  item.entry.guid = "guid-" + key;
  item.entry.link = "https://baophutho.vn/tin-" + key;
  item.entry.title = "Thông tin sai lệch về dự án ở Việt Trì được làm rõ";
  item.entry.summary = "UBND tỉnh Phú Thọ đề nghị Sở Văn hóa, Thể thao và Du lịch phối hợp.";
  item.entry.author = "Nguyễn Thị Hương";
  item.entry.published = 1'767'220'000;
  item.entry.updated = 1'767'221'000;
  item.entry.content = "<p>UBND tỉnh <b>Phú Thọ</b> đề nghị &amp; phối hợp.</p>";
  item.entry.categories = {"Thời sự", "Phú Thọ"};
  item.score.mentions_province = true;
  item.score.candidate = candidate;
  item.score.value = 0.1 + 0.2;  // not exactly 0.3: catches a lossy encoding
  item.score.matches = {
      {"sai-lech", "sai lệch", "title", 14, 23, 2.5},
      {"tinh", "Phú Thọ", "text", 13, 23, 0},
  };
  item.score.topics = {{"sai-lech", "Thông tin sai lệch", 2.5, "van-phong-ubnd", false}};
  item.score.relevance = 0.4;
  return item;
}

inline void ExpectSameItem(const Item& want, const Item& got) {
  EXPECT_EQ(want.key, got.key);
  EXPECT_EQ(want.source_id, got.source_id);
  EXPECT_EQ(want.fetched_at, got.fetched_at);
  EXPECT_EQ(want.entry.guid, got.entry.guid);
  EXPECT_EQ(want.entry.link, got.entry.link);
  EXPECT_EQ(want.entry.title, got.entry.title);
  EXPECT_EQ(want.entry.summary, got.entry.summary);
  EXPECT_EQ(want.entry.author, got.entry.author);
  EXPECT_EQ(want.entry.published, got.entry.published);
  EXPECT_EQ(want.entry.updated, got.entry.updated);
  EXPECT_EQ(want.entry.content, got.entry.content);
  EXPECT_EQ(want.entry.categories, got.entry.categories);
  EXPECT_EQ(want.score.mentions_province, got.score.mentions_province);
  EXPECT_EQ(want.score.candidate, got.score.candidate);
  if (std::isnan(want.score.value)) {
    EXPECT_TRUE(std::isnan(got.score.value));
  } else {
    EXPECT_EQ(want.score.value, got.score.value);  // exact, not near
  }
  ASSERT_EQ(want.score.topics.size(), got.score.topics.size());
  for (std::size_t i = 0; i < want.score.topics.size(); ++i) {
    EXPECT_EQ(want.score.topics[i].rule, got.score.topics[i].rule);
    EXPECT_EQ(want.score.topics[i].label, got.score.topics[i].label);
    EXPECT_EQ(want.score.topics[i].weight, got.score.topics[i].weight);
    EXPECT_EQ(want.score.topics[i].agency, got.score.topics[i].agency);
    EXPECT_EQ(want.score.topics[i].refutation, got.score.topics[i].refutation);
  }
  EXPECT_EQ(want.score.refutation, got.score.refutation);
  EXPECT_EQ(want.score.relevance, got.score.relevance);
  ASSERT_EQ(want.score.matches.size(), got.score.matches.size());
  for (std::size_t i = 0; i < want.score.matches.size(); ++i) {
    const Match& w = want.score.matches[i];
    const Match& g = got.score.matches[i];
    EXPECT_EQ(w.rule, g.rule) << "match " << i;
    EXPECT_EQ(w.term, g.term) << "match " << i;
    EXPECT_EQ(w.field, g.field) << "match " << i;
    EXPECT_EQ(w.start, g.start) << "match " << i;
    EXPECT_EQ(w.end, g.end) << "match " << i;
    EXPECT_EQ(w.weight, g.weight) << "match " << i;
  }
}

inline void ExpectSameSource(const SourceState& want, const SourceState& got) {
  EXPECT_EQ(want.etag, got.etag);
  EXPECT_EQ(want.last_modified, got.last_modified);
  EXPECT_EQ(want.last_success, got.last_success);
  EXPECT_EQ(want.last_attempt, got.last_attempt);
  EXPECT_EQ(want.last_error, got.last_error);
  EXPECT_EQ(want.consecutive_failures, got.consecutive_failures);
  EXPECT_EQ(want.last_status, got.last_status);
}

inline SourceState SampleSource() {
  SourceState s;
  s.etag = "W/\"5f3a-đ\"";
  s.last_modified = "Thu, 01 Jan 2026 00:00:00 GMT";
  s.last_success = 1'767'225'600;
  s.last_attempt = 1'767'229'200;
  s.last_error = "kết nối bị từ chối (connection refused)";
  s.consecutive_failures = 3;
  s.last_status = 503;
  return s;
}

}  // namespace pw::storage::testing
