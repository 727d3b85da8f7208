// Integration: sources of type "html" against a loopback server — a listing
// page linking to articles, robots.txt, one poll cycle into a real RocksDB.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "config/config.h"
#include "crawler/feed_parser.h"
#include "daemon/html_source.h"
#include "daemon/poller.h"
#include "tests/daemon/cycle.h"
#include "tests/daemon/fixtures.h"
#include "tests/support/http_server.h"
#include "tests/support/temp_dir.h"

namespace pw::daemon {
namespace {

using ::testing::HasSubstr;
using pw::testing::TempDir;
using pw::testing::TestHttpServer;
using pw::testing::WriteFile;

// 2025-11-24 08:15 +07:00
constexpr UnixTime k0815 = 1763946900;

constexpr const char* kListing = R"(<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Thời sự - Báo Thử</title></head><body>
<nav class="menu"><a href="/chuyen-muc/thoi-su/">Thời sự</a><a href="/dang-nhap">Đăng nhập</a></nav>
<div class="list">
 <article><h3 class="title"><a href="/thoi-su/bac-bo-tin-gia-ve-sat-lo-o-muong-te-1001.html">Bác bỏ tin giả</a></h3></article>
 <article><h3><a href="/thoi-su/mua-lon-o-sin-ho-lai-chau-1002.html">Mưa lớn</a></h3></article>
 <article><h3><a href="/private/bai-viet-noi-bo-chua-cong-khai-1003.html">Nội bộ</a></h3></article>
</div>
<footer><a href="/lien-he-voi-toa-soan-bao-thu-2025.html">Liên hệ</a></footer>
</body></html>)";

std::string ArticlePage(const std::string& title, const std::string& date_meta,
                        const std::string& body) {
  return "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>" + title +
         " - Báo Thử</title>" + date_meta + "</head><body><article><h1>" + title +
         "</h1><div class=\"content\">" + body +
         "</div><div class=\"related\"><p>Tin liên quan: một bài khác rất dài về Lai Châu.</p>"
         "</div></article></body></html>";
}

class HtmlSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir.Sub("profile.toml"), pw::testing::kTestProfile);
    Serve("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain");
    Serve("/news/", kListing);
    Serve("/thoi-su/bac-bo-tin-gia-ve-sat-lo-o-muong-te-1001.html",
          ArticlePage("Bác bỏ tin giả về sạt lở ở Mường Tè",
                      "<meta property=\"article:published_time\" content=\"2025-11-24T08:15:00+07:00\">",
                      "<p>Chính quyền huyện Mường Tè làm rõ thông tin lan truyền trên mạng.</p>"
                      "<p>Không có sạt lở nào xảy ra trong tuần qua.</p>"));
    Serve("/thoi-su/mua-lon-o-sin-ho-lai-chau-1002.html",
          ArticlePage("Mưa lớn ở Sìn Hồ", "",
                      "<div class=\"date\">Thứ Hai, 24/11/2025 - 08:15</div>"
                      "<p>Mưa lớn kéo dài ở Sìn Hồ, tỉnh Lai Châu.</p>"));
    Serve("/private/bai-viet-noi-bo-chua-cong-khai-1003.html",
          ArticlePage("Bài nội bộ", "", "<p>Không được thu thập.</p>"));
  }

  void Serve(const std::string& path, const std::string& body,
             const std::string& type = "text/html; charset=utf-8",
             std::vector<std::pair<std::string, std::string>> headers = {}) {
    TestHttpServer::Response r;
    r.body = body;
    r.content_type = type;
    r.headers = std::move(headers);
    server.Set(path, r);
  }

  config::Config Load(const std::string& extra = "") {
    WriteFile(dir.Sub("provwatch.toml"),
              "profile_file = \"profile.toml\"\ndata_dir = \"data\"\n"
              "[[sources]]\nid = \"bao-thu\"\nurl = \"" + server.Url("/news/") +
                  "\"\ntype = \"html\"\n" + extra);
    auto cfg = config::LoadConfig(dir.Sub("provwatch.toml"));
    EXPECT_TRUE(cfg.ok()) << cfg.error().message;
    return *cfg;
  }

  CycleStats Cycle(const config::Config& cfg, storage::Store& store) {
    outcomes.clear();
    return testing::RunCycle(cfg, store, [&](const PollOutcome& o) { outcomes.push_back(o); });
  }

  /// Requests to `path` since the server started.
  std::size_t Hits(const std::string& path) const {
    const auto all = server.requests();
    return static_cast<std::size_t>(std::count_if(all.begin(), all.end(),
                                                  [&](const auto& r) { return r.path == path; }));
  }
  std::size_t ArticleHits() const {
    const auto all = server.requests();
    return static_cast<std::size_t>(std::count_if(all.begin(), all.end(), [](const auto& r) {
      return r.path.ends_with(".html");
    }));
  }

  std::map<std::string, Item> StoredByKey(storage::Store& store) {
    std::map<std::string, Item> out;
    auto items = store.Items(false);
    EXPECT_TRUE(items.ok());
    if (items.ok()) {
      for (auto& i : *items) out.emplace(i.key, std::move(i));
    }
    return out;
  }

  TempDir dir;
  TestHttpServer server;
  std::vector<PollOutcome> outcomes;
};

TEST_F(HtmlSourceTest, StoresTheAllowedArticlesAndRecordsTheDisallowedOne) {
  auto cfg = Load();
  auto store = testing::OpenStore(cfg.data_dir);
  const CycleStats stats = Cycle(cfg, *store);

  EXPECT_EQ(stats.sources, 1u);
  EXPECT_EQ(stats.failed, 0u);
  EXPECT_EQ(stats.stored, 2u);
  EXPECT_EQ(stats.candidates, 1u) << "articles are scored like feed items";
  const auto items = StoredByKey(*store);
  ASSERT_EQ(items.size(), 2u);
  const std::string base = server.Url("");
  const auto a = items.find("url:" + base + "/thoi-su/bac-bo-tin-gia-ve-sat-lo-o-muong-te-1001.html");
  ASSERT_NE(a, items.end());
  EXPECT_EQ(a->second.entry.title, "Bác bỏ tin giả về sạt lở ở Mường Tè");
  ASSERT_TRUE(a->second.entry.published.has_value());
  EXPECT_EQ(*a->second.entry.published, k0815);
  EXPECT_EQ(a->second.entry.summary,
            "Chính quyền huyện Mường Tè làm rõ thông tin lan truyền trên mạng. "
            "Không có sạt lở nào xảy ra trong tuần qua.");
  EXPECT_TRUE(a->second.score.candidate);
  EXPECT_EQ(a->second.source_id, "bao-thu");
  const auto b = items.find("url:" + base + "/thoi-su/mua-lon-o-sin-ho-lai-chau-1002.html");
  ASSERT_NE(b, items.end());
  EXPECT_EQ(b->second.entry.title, "Mưa lớn ở Sìn Hồ");
  ASSERT_TRUE(b->second.entry.published.has_value()) << "from the Vietnamese date text";
  EXPECT_EQ(*b->second.entry.published, k0815);
  EXPECT_THAT(b->second.entry.summary, HasSubstr("Mưa lớn kéo dài ở Sìn Hồ"));
  EXPECT_THAT(b->second.entry.summary, ::testing::Not(HasSubstr("Tin liên quan")));

  EXPECT_EQ(Hits("/robots.txt"), 1u);
  EXPECT_EQ(Hits("/news/"), 1u);
  EXPECT_EQ(Hits("/private/bai-viet-noi-bo-chua-cong-khai-1003.html"), 0u);
  EXPECT_EQ(ArticleHits(), 2u) << "nav, footer and log-in links are not articles";

  ASSERT_EQ(outcomes.size(), 1u);
  ASSERT_EQ(outcomes[0].warnings.size(), 1u);
  EXPECT_THAT(outcomes[0].warnings[0], HasSubstr("robots.txt disallows"));
  auto state = store->GetSource("bao-thu");
  ASSERT_TRUE(state.ok() && state->has_value());
  EXPECT_THAT((*state)->last_error,
              HasSubstr("robots.txt disallows " + base + "/private/bai-viet-noi-bo-chua-cong-khai-1003.html"));
  EXPECT_EQ((*state)->last_error_kind, "robots");
  EXPECT_EQ((*state)->consecutive_failures, 0);
  EXPECT_GT((*state)->last_success, 0);

  // Second cycle: the listing is fetched again (no validators), nothing else.
  const CycleStats again = Cycle(cfg, *store);
  EXPECT_EQ(again.failed, 0u);
  EXPECT_EQ(again.stored, 0u);
  EXPECT_EQ(Hits("/news/"), 2u);
  EXPECT_EQ(ArticleHits(), 2u) << "no article is fetched twice, the disallowed one never";
  EXPECT_EQ(StoredByKey(*store).size(), 2u);
}

TEST_F(HtmlSourceTest, AnUnchangedListingFetchesNothingElse) {
  Serve("/news/", kListing, "text/html; charset=utf-8", {{"ETag", "\"list-v1\""}});
  auto cfg = Load();
  auto store = testing::OpenStore(cfg.data_dir);
  EXPECT_EQ(Cycle(cfg, *store).stored, 2u);
  const std::size_t before = server.requests().size();
  const CycleStats again = Cycle(cfg, *store);
  EXPECT_EQ(again.not_modified, 1u);
  EXPECT_EQ(again.failed, 0u);
  const auto all = server.requests();
  ASSERT_EQ(all.size(), before + 2) << "robots.txt (a new daemon) and the listing's 304";
  EXPECT_EQ(all.back().path, "/news/");
  EXPECT_EQ(all.back().headers.at("if-none-match"), "\"list-v1\"");
}

TEST_F(HtmlSourceTest, RobotsOffFetchesEveryArticleAndSelectorsNarrowTheLinks) {
  auto cfg = Load("robots = false\n");
  auto store = testing::OpenStore(cfg.data_dir);
  EXPECT_EQ(Cycle(cfg, *store).stored, 3u);
  EXPECT_EQ(Hits("/robots.txt"), 0u);

  TempDir other;
  auto narrow = Load("selectors = [\"h3.title a\"]\nrobots = false\n");
  narrow.data_dir = other.Sub("data");
  auto store2 = testing::OpenStore(narrow.data_dir);
  EXPECT_EQ(Cycle(narrow, *store2).stored, 1u);
}

TEST_F(HtmlSourceTest, ADisallowedListingIsARecordedRobotsError) {
  Serve("/robots.txt", "User-agent: provwatch\nDisallow: /news/\n", "text/plain");
  auto cfg = Load();
  auto store = testing::OpenStore(cfg.data_dir);
  const CycleStats stats = Cycle(cfg, *store);
  EXPECT_EQ(stats.failed, 1u);
  EXPECT_EQ(Hits("/news/"), 0u);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].error, "robots.txt disallows " + server.Url("/news/"));
  auto state = store->GetSource("bao-thu");
  ASSERT_TRUE(state.ok() && state->has_value());
  EXPECT_EQ((*state)->last_error_kind, "robots");
  EXPECT_EQ((*state)->consecutive_failures, 1);
}

TEST_F(HtmlSourceTest, RobotsTxtIsFetchedOncePerHostAndAServerErrorBlocksThePoll) {
  auto cfg = Load("[[sources]]\nid = \"bao-thu-2\"\nurl = \"" + server.Url("/news/") +
                  "?trang=2\"\ntype = \"html\"\n");
  auto store = testing::OpenStore(cfg.data_dir);
  EXPECT_EQ(Cycle(cfg, *store).failed, 0u);
  EXPECT_EQ(Hits("/robots.txt"), 1u) << "two sources on one host share one robots.txt";

  TestHttpServer::Response down;
  down.status = 503;
  down.body = "busy";
  server.Set("/robots.txt", down);
  TempDir other;
  cfg.data_dir = other.Sub("data");
  auto store2 = testing::OpenStore(cfg.data_dir);
  EXPECT_EQ(Cycle(cfg, *store2).failed, 2u);
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_THAT(outcomes[0].error, HasSubstr("robots.txt unreachable (HTTP status 503)"));
}

TEST_F(HtmlSourceTest, AFailedArticleIsRetriedOnTheNextPoll) {
  Serve("/news/", kListing, "text/html; charset=utf-8", {{"ETag", "\"list-v1\""}});
  TestHttpServer::Response gone;
  gone.status = 500;
  server.Set("/thoi-su/mua-lon-o-sin-ho-lai-chau-1002.html", gone);
  auto cfg = Load();
  auto store = testing::OpenStore(cfg.data_dir);
  EXPECT_EQ(Cycle(cfg, *store).stored, 1u);
  auto state = store->GetSource("bao-thu");
  ASSERT_TRUE(state.ok() && state->has_value());
  EXPECT_EQ((*state)->last_error_kind, "article");
  EXPECT_THAT((*state)->last_error, HasSubstr("HTTP status 500"));
  EXPECT_EQ((*state)->etag, "") << "no validators: the listing must be read again";

  SetUp();  // the article is back
  EXPECT_EQ(Cycle(cfg, *store).stored, 1u);
}

TEST(HtmlSourceConfig, NewSourceFieldsAreValidatedWithTheirLine) {
  auto parse = [](const std::string& source) {
    return config::ParseConfig("profile = \"lai-chau\"\n[[sources]]\nid = \"s\"\n"
                               "url = \"https://x.vn/\"\n" + source,
                               "t.toml");
  };
  auto ok = parse("type = \"html\"\nselectors = [\"h3 a\"]\nmax_articles = 5\nrobots = false\n");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->sources[0].type, "html");
  EXPECT_EQ(ok->sources[0].selectors, std::vector<std::string>{"h3 a"});
  EXPECT_EQ(ok->sources[0].max_articles, 5);
  EXPECT_FALSE(ok->sources[0].robots);
  auto defaults = parse("");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->sources[0].type, "feed");
  EXPECT_EQ(defaults->sources[0].max_articles, 30);
  EXPECT_TRUE(defaults->sources[0].robots);

  auto bad_type = parse("type = \"rss\"\n");
  ASSERT_FALSE(bad_type.ok());
  EXPECT_EQ(bad_type.error().message,
            "t.toml:5: sources[1].type: \"rss\": expected \"feed\" or \"html\"");
  auto feed_selectors = parse("selectors = [\"a\"]\n");
  ASSERT_FALSE(feed_selectors.ok());
  EXPECT_THAT(feed_selectors.error().message, HasSubstr("only for a source with type = \"html\""));
  auto zero = parse("type = \"html\"\nmax_articles = 0\n");
  ASSERT_FALSE(zero.ok());
  EXPECT_THAT(zero.error().message, HasSubstr("t.toml:6: sources[1].max_articles"));
  EXPECT_FALSE(parse("type = \"html\"\nrobots = \"no\"\n").ok());
  EXPECT_FALSE(parse("type = \"html\"\nselectors = [\"  \"]\n").ok());
}

TEST(HtmlSourceJson, ArticlesRoundTripThroughTheJsonFeedStandIn) {
  FeedItem item;
  item.link = "https://x.vn/a-1.html";
  item.title = "Tiêu đề & \"ngoặc\"";
  item.summary = "Tóm tắt";
  item.content = "Đoạn 1\n\nĐoạn 2";
  item.author = "Tác giả";
  item.published = k0815;
  item.categories = {"Thời sự"};
  const std::string json = ArticlesAsJsonFeed({item}, "Báo", "vi");
  EXPECT_THAT(json, HasSubstr("\"date_published\":\"2025-11-24T01:15:00Z\""));
  auto feed = crawler::ParseFeed(json, "https://x.vn/");
  ASSERT_TRUE(feed.ok()) << feed.error().message;
  EXPECT_EQ(feed->language, "vi");
  ASSERT_EQ(feed->items.size(), 1u);
  const FeedItem& back = feed->items[0];
  EXPECT_EQ(back.link, item.link);
  EXPECT_EQ(back.title, item.title);
  EXPECT_EQ(back.summary, item.summary);
  EXPECT_EQ(back.content, item.content);
  EXPECT_EQ(back.author, item.author);
  EXPECT_EQ(back.published, item.published);
  EXPECT_EQ(back.categories, item.categories);
}

}  // namespace
}  // namespace pw::daemon
