// Integration: a loopback HTTP server serving feeds, one poll cycle into a
// real RocksDB in a temporary directory, then the assertions on what landed.
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "config/config.h"
#include "daemon/poller.h"
#include "tests/daemon/cycle.h"
#include "workflow/case_store.h"
#include "tests/daemon/fixtures.h"
#include "tests/support/http_server.h"
#include "tests/support/temp_dir.h"

namespace pw::daemon {
namespace {

using ::testing::HasSubstr;
using pw::testing::TempDir;
using pw::testing::TestHttpServer;
using pw::testing::WriteFile;

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir.Sub("profile.toml"), pw::testing::kTestProfile);
    pw::testing::ServeTestFeeds(server);
    TestHttpServer::Response broken;
    broken.body = "<html><body>Trang đang bảo trì {</body";
    server.Set("/broken.xml", broken);
  }

  config::Config LoadWithSources(const std::string& sources) {
    WriteFile(dir.Sub("provwatch.toml"),
              "profile_file = \"profile.toml\"\ndata_dir = \"data\"\n" + sources);
    auto cfg = config::LoadConfig(dir.Sub("provwatch.toml"));
    EXPECT_TRUE(cfg.ok()) << cfg.error().message;
    return *cfg;
  }

  std::string Source(const std::string& id, const std::string& url) {
    return "[[sources]]\nid = \"" + id + "\"\nurl = \"" + url + "\"\n";
  }

  /// One PollAll cycle, as `provwatch run --once` does it.
  CycleStats Cycle(const config::Config& cfg, storage::Store& store) {
    return testing::RunCycle(cfg, store, [&](const PollOutcome& o) { outcomes.push_back(o); });
  }

  std::unique_ptr<storage::Store> OpenStore(const config::Config& cfg) {
    return testing::OpenStore(cfg.data_dir);
  }

  TempDir dir;
  TestHttpServer server;
  std::vector<PollOutcome> outcomes;
};

std::set<std::string> Keys(const std::vector<Item>& items) {
  std::set<std::string> keys;
  for (const auto& i : items) keys.insert(i.key);
  return keys;
}

TEST_F(PipelineTest, OneCycleStoresEveryItemOnceAndFlagsTheCandidates) {
  auto cfg = LoadWithSources(Source("a", server.Url("/a.xml")) + Source("b", server.Url("/b.atom")));
  auto store = OpenStore(cfg);
  CycleStats stats = Cycle(cfg, *store);

  EXPECT_EQ(stats.sources, 2u);
  EXPECT_EQ(stats.failed, 0u);
  EXPECT_EQ(stats.parsed, 5u);
  EXPECT_EQ(stats.stored, 4u) << "the article in both feeds is stored once";
  EXPECT_EQ(stats.candidates, 2u);

  auto items = store->Items(false);
  ASSERT_TRUE(items.ok());
  EXPECT_EQ(Keys(*items), (std::set<std::string>{"url:https://news.invalid/a/1",
                                                  "url:https://news.invalid/a/2",
                                                  "url:https://news.invalid/a/3",
                                                  "url:https://news.invalid/b/2"}));
  auto candidates = store->Items(true);
  ASSERT_TRUE(candidates.ok());
  EXPECT_EQ(Keys(*candidates), (std::set<std::string>{"url:https://news.invalid/a/1",
                                                       "url:https://news.invalid/b/2"}));
  for (const auto& c : *candidates) {
    EXPECT_TRUE(c.score.mentions_province);
    EXPECT_GE(c.score.value, 5);
    EXPECT_FALSE(c.score.matches.empty());
  }
  // The candidate's explanation points at the words in the original title.
  const Item& first = (*candidates)[0];
  ASSERT_EQ(first.key, "url:https://news.invalid/a/1");
  bool found = false;
  for (const auto& m : first.score.matches) {
    if (m.rule == "false-info" && m.field == "title") {
      EXPECT_EQ(first.entry.title.substr(m.start, m.end - m.start), "tin giả");
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(PipelineTest, SecondCycleStoresNothingTwiceAndSendsValidators) {
  auto cfg = LoadWithSources(Source("a", server.Url("/a.xml")) + Source("b", server.Url("/b.atom")));
  auto store = OpenStore(cfg);
  ASSERT_EQ(Cycle(cfg, *store).stored, 4u);

  CycleStats again = Cycle(cfg, *store);
  EXPECT_EQ(again.stored, 0u);
  EXPECT_EQ(again.failed, 0u);
  EXPECT_EQ(again.not_modified, 2u) << "both sources answered 304 to the validators";
  auto items = store->Items(false);
  ASSERT_TRUE(items.ok());
  EXPECT_EQ(items->size(), 4u);

  bool sent_etag = false, sent_since = false;
  for (const auto& r : server.requests()) {
    if (r.path == "/a.xml" && r.headers.count("if-none-match")) {
      sent_etag = r.headers.at("if-none-match") == "\"a-v1\"";
    }
    if (r.path == "/b.atom" && r.headers.count("if-modified-since")) sent_since = true;
  }
  EXPECT_TRUE(sent_etag);
  EXPECT_TRUE(sent_since);
}

TEST_F(PipelineTest, ChangedFeedWithoutValidatorsStoresOnlyTheNewItem) {
  auto cfg = LoadWithSources(Source("a", server.Url("/plain.xml")));
  TestHttpServer::Response plain;
  plain.body = pw::testing::kFeedA;
  server.Set("/plain.xml", plain);
  auto store = OpenStore(cfg);
  ASSERT_EQ(Cycle(cfg, *store).stored, 3u);

  std::string changed = pw::testing::kFeedA;
  changed.insert(changed.find("<item>"),
                 "<item><title>Mường Tè làm rõ tin giả về dịch bệnh</title>"
                 "<link>https://news.invalid/a/4</link></item>\n");
  plain.body = changed;
  server.Set("/plain.xml", plain);
  CycleStats again = Cycle(cfg, *store);
  EXPECT_EQ(again.parsed, 4u);
  EXPECT_EQ(again.stored, 1u);
  EXPECT_EQ(again.candidates, 1u);
}

// One story, republished by another outlet under its own link with the
// title edited, joins the first outlet's cluster; an unrelated story about
// the province is a cluster of its own, and items not about it none.
TEST_F(PipelineTest, ARepublishedStoryJoinsTheFirstOutletsCluster) {
  const std::string story =
      "<description>Mạng xã hội lan truyền thông tin sai sự thật rằng lũ quét đã cuốn trôi cả bản "
      "ở huyện Mường Tè, tỉnh Lai Châu. Chính quyền địa phương khẳng định không có thiệt hại về "
      "người, lực lượng chức năng đang xác minh nguồn phát tán.</description>";
  // The copy edits the body too ("cả bản" becomes "hai bản").
  std::string edited = story;
  edited.replace(edited.find("cả bản"), std::string("cả bản").size(), "hai bản");
  auto feed = [&](const std::string& title, const std::string& link, const std::string& extra,
                  const std::string& body) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>T</title>"
           "<item><title>" + title + "</title><link>" + link + "</link>" + body + "</item>" + extra +
           "</channel></rss>";
  };
  TestHttpServer::Response first, copy;
  first.body = feed("Tin giả về lũ quét ở Mường Tè", "https://first.invalid/1",
                    "<item><title>Lai Châu khai mạc lễ hội hoa ban</title><link>https://first.invalid/2</link>"
                    "<description>Du khách đến Lai Châu dự lễ hội.</description></item>"
                    "<item><title>Hà Nội thông xe cầu mới</title><link>https://first.invalid/3</link></item>",
                    story);
  copy.body = feed("Cảnh báo tin giả về lũ quét ở Mường Tè (Lai Châu)", "https://copy.invalid/x", "", edited);
  server.Set("/first.xml", first);
  server.Set("/copy.xml", copy);
  auto cfg = LoadWithSources(Source("first", server.Url("/first.xml")) + Source("copy", server.Url("/copy.xml")));
  auto store = OpenStore(cfg);
  ASSERT_EQ(Cycle(cfg, *store).stored, 4u);

  auto items = store->Items(false).value();
  std::map<std::string, std::string> cluster_of;
  for (const Item& i : items) cluster_of[i.entry.link] = i.cluster_id;
  ASSERT_FALSE(cluster_of["https://first.invalid/1"].empty());
  EXPECT_EQ(cluster_of["https://copy.invalid/x"], cluster_of["https://first.invalid/1"]);
  EXPECT_FALSE(cluster_of["https://first.invalid/2"].empty());
  EXPECT_NE(cluster_of["https://first.invalid/2"], cluster_of["https://first.invalid/1"]);
  EXPECT_TRUE(cluster_of["https://first.invalid/3"].empty());  // not about the province

  auto cluster = store->GetCluster(cluster_of["https://first.invalid/1"]).value();
  ASSERT_TRUE(cluster.has_value());
  EXPECT_EQ(cluster->items, 2u);
  EXPECT_EQ(cluster->candidates, 2u);
  EXPECT_THAT(cluster->outlets, ::testing::UnorderedElementsAre("first", "copy"));

  // Both candidates went to one workflow case: the cluster's.
  workflow::CaseStore cases(*store);
  auto list = cases.List();
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->size(), 1u);
  const workflow::Case& c = list->front();
  EXPECT_EQ(c.cluster_id, cluster->id);
  EXPECT_EQ(c.state, workflow::CaseState::kDetected);
  std::vector<std::string> case_links;
  for (const Item& i : items) {
    if (std::find(c.item_keys.begin(), c.item_keys.end(), i.key) != c.item_keys.end()) case_links.push_back(i.entry.link);
  }
  EXPECT_THAT(case_links, ::testing::UnorderedElementsAre("https://first.invalid/1", "https://copy.invalid/x"));
  EXPECT_EQ(c.item_keys.size(), 2u);
  EXPECT_FALSE(c.topics.empty());
  EXPECT_EQ(c.topics.front(), "false-info");
}

TEST_F(PipelineTest, BrokenSourcesAreReportedAndTheOthersStillLand) {
  auto cfg = LoadWithSources(Source("a", server.Url("/a.xml")) +
                             Source("broken", server.Url("/broken.xml")) +
                             Source("missing", server.Url("/missing.xml")) +
                             Source("b", server.Url("/b.atom")));
  auto store = OpenStore(cfg);
  CycleStats stats = Cycle(cfg, *store);
  EXPECT_EQ(stats.sources, 4u);
  EXPECT_EQ(stats.failed, 2u);
  EXPECT_EQ(stats.stored, 4u);

  std::map<std::string, std::string> errors;
  for (const auto& o : outcomes) errors[o.source_id] = o.error;
  EXPECT_THAT(errors["broken"], HasSubstr("cannot parse the feed"));
  EXPECT_THAT(errors["missing"], HasSubstr("404"));
  EXPECT_EQ(errors["a"], "");
  EXPECT_EQ(errors["b"], "");

  // The failure is remembered with the source, for `provwatch sources` later.
  auto state = store->GetSource("missing");
  ASSERT_TRUE(state.ok());
  ASSERT_TRUE(state->has_value());
  EXPECT_EQ((*state)->consecutive_failures, 1);
  EXPECT_EQ((*state)->last_status, 404);
  EXPECT_THAT((*state)->last_error, HasSubstr("404"));
}

TEST_F(PipelineTest, UnreachableHostIsAnErrorNotAStop) {
  std::string refused;
  {
    TestHttpServer gone;
    refused = gone.Url("/feed.xml");
  }
  auto cfg = LoadWithSources(Source("gone", refused) + Source("a", server.Url("/a.xml")));
  auto store = OpenStore(cfg);
  CycleStats stats = Cycle(cfg, *store);
  EXPECT_EQ(stats.failed, 1u);
  EXPECT_EQ(stats.stored, 3u);
  for (const auto& o : outcomes) {
    if (o.source_id == "gone") {
      EXPECT_FALSE(o.error.empty());
    }
  }
}

}  // namespace
}  // namespace pw::daemon
