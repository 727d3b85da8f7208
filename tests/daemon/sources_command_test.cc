// `provwatch sources ...` and `provwatch run` without a configuration file,
// through the real binary against feeds on a loopback server.
#include "daemon/sources_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>
#include <sstream>

#include "storage/store.h"
#include "tests/daemon/fixtures.h"
#include "tests/support/http_server.h"
#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"

namespace pw::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using pw::testing::ProcessResult;
using pw::testing::TempDir;
using pw::testing::TestHttpServer;
using pw::testing::WriteFile;
using namespace std::chrono_literals;

using pw::testing::Lines;

TEST(SourceIdFor, MakesIdsFromHostPathAndQueryInTheConfigurationAlphabet) {
  const std::set<std::string> none;
  EXPECT_EQ(SourceIdFor("https://www.BaoLaiChau.vn/rss/Tin-Moi.rss", none), "baolaichau.vn-rss-tin-moi.rss");
  EXPECT_EQ(SourceIdFor("http://127.0.0.1:8080/f/1.xml?cat=5&x=%C3%A1#top", none),
            "127.0.0.1-8080-f-1.xml-cat-5-x-c3-a1");
  EXPECT_EQ(SourceIdFor("http://user:pw@a.vn/", none), "a.vn");
  EXPECT_EQ(SourceIdFor("file:///srv/feeds/Báo.xml", none), "srv-feeds-b-o.xml");
  EXPECT_EQ(SourceIdFor("https:///", none), "source");
  const std::string long_id = SourceIdFor("https://a.vn/" + std::string(200, 'x'), none);
  EXPECT_EQ(long_id.size(), 64u);
  EXPECT_EQ(SourceIdFor("https://a.vn/rss", {"a.vn-rss", "a.vn-rss-2"}), "a.vn-rss-3");
  EXPECT_EQ(SourceIdFor("https://a.vn/" + std::string(200, 'x'), {long_id}).size(), 64u);
  EXPECT_NE(SourceIdFor("https://a.vn/" + std::string(200, 'x'), {long_id}), long_id);
}

TEST(RegisteredSources, SurviveReopeningAndAreReadableReadOnly) {
  TempDir dir;
  {
    auto store = storage::Store::Open(dir.Sub("data"), storage::Store::Mode::kReadWrite);
    ASSERT_TRUE(store.ok()) << store.error().message;
    ASSERT_TRUE((*store)->PutRegisteredSources({{"b", "https://b.vn/rss", "Báo B", 600, 1700000000},
                                                {"a", "https://a.vn/rss", "", 900, 1700000001}})
                    .ok());
    EXPECT_FALSE((*store)->PutRegisteredSources({{"", "https://c.vn/rss", "", 900, 0}}).ok());
  }
  auto store = storage::Store::Open(dir.Sub("data"), storage::Store::Mode::kReadOnly);
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto sources = (*store)->RegisteredSources();
  ASSERT_TRUE(sources.ok()) << sources.error().message;
  ASSERT_EQ(sources->size(), 2u);
  EXPECT_EQ((*sources)[0].id, "a") << "id order";
  EXPECT_EQ((*sources)[1].name, "Báo B");
  EXPECT_EQ((*sources)[1].interval_seconds, 600);
  EXPECT_EQ((*sources)[1].added_at, 1700000000);
  EXPECT_FALSE((*store)->PutRegisteredSources({}).ok()) << "read-only";
}

TEST(SourcesList, ItemsADayComeFromTheLastSevenDaysOfTheSourceIndex) {
  TempDir dir;
  const UnixTime now = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
  {
    auto store = storage::Store::Open(dir.Sub("data"), storage::Store::Mode::kReadWrite);
    ASSERT_TRUE(store.ok()) << store.error().message;
    ASSERT_TRUE((*store)->PutRegisteredSources({{"a", "https://a.vn/rss", "", 900, now - 30 * 86400},
                                                {"a2", "https://a2.vn/rss", "", 900, now - 30 * 86400}})
                    .ok());
    std::vector<Item> items;
    auto add = [&](std::string key, std::string source, UnixTime published) {
      Item item;
      item.key = std::move(key);
      item.source_id = std::move(source);
      item.entry.title = "Tin " + item.key;
      item.entry.published = published;
      item.fetched_at = now;
      items.push_back(std::move(item));
    };
    for (int i = 0; i < 14; ++i) add("a-" + std::to_string(i), "a", now - 3600 - i * 40000);  // within 7 days
    add("a-old", "a", now - 8 * 86400);                                                       // older
    add("a2-1", "a2", now - 60);
    ASSERT_TRUE((*store)->PutNew(items).ok());
  }
  std::ostringstream out, err;
  ASSERT_EQ(pw::daemon::ListSources({dir.Sub("data"), ""}, /*json=*/true, Lang::kEn, out, err), 0) << err.str();
  std::map<std::string, double> per_day;  // one JSON object a line
  for (const std::string& line : Lines(out.str())) {
    const auto s = nlohmann::json::parse(line);
    per_day[s["id"]] = s["items_per_day"].get<double>();
  }
  ASSERT_EQ(per_day.size(), 2u) << out.str();
  EXPECT_DOUBLE_EQ(per_day["a"], 2.0);  // 14 in 7 days; the older one not counted
  EXPECT_DOUBLE_EQ(per_day["a2"], 1.0 / 7.0);
}

class SourcesCli : public ::testing::Test {
 protected:
  void SetUp() override {
    pw::testing::ServeTestFeeds(server);
    TestHttpServer::Response page;
    page.content_type = "text/html; charset=utf-8";
    page.body = "<!DOCTYPE html><html><head><title>Báo</title>"
                "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Tin mới\" href=\"/a.xml\">"
                "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Cổng\" href=\"b.atom\">"
                "</head><body></body></html>";
    server.Set("/news/index.html", page);
    TestHttpServer::Response bare = page;
    bare.body = "<html><body><p>Không có RSS</p></body></html>";
    server.Set("/bare.html", bare);
  }

  ProcessResult Pw(std::vector<std::string> args) {
    args.insert(args.begin(), PW_BINARY);
    return pw::testing::Run(args, dir.path(), "", 60s);
  }

  TempDir dir;
  TestHttpServer server;
  const std::string data = dir.Sub("data");
};

TEST_F(SourcesCli, AddsAFeedOnceAndOffersThePageFeedsBeforeAddingThem) {
  auto feed = Pw({"sources", "add", server.Url("/a.xml"), "--data", data});
  ASSERT_EQ(feed.exit_code, 0) << feed.err;
  EXPECT_THAT(feed.out, HasSubstr("Đã thêm nguồn 127.0.0.1-"));
  auto again = Pw({"sources", "add", server.Url("/a.xml"), "--data", data});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("đã có"));

  auto offers = Pw({"sources", "add", server.Url("/news/index.html"), "--data", data});
  ASSERT_EQ(offers.exit_code, 0) << offers.err;
  EXPECT_THAT(offers.out, HasSubstr("1. [rss] Tin mới  " + server.Url("/a.xml")));
  EXPECT_THAT(offers.out, HasSubstr("2. [atom] Cổng  " + server.Url("/news/b.atom")));
  EXPECT_THAT(offers.out, HasSubstr("--pick N"));
  EXPECT_EQ(Lines(Pw({"sources", "--data", data}).out).size(), 2u) << "header and one source";

  EXPECT_EQ(Pw({"sources", "add", server.Url("/news/index.html"), "--data", data, "--pick", "3"}).exit_code, 2);
  auto all = Pw({"--lang", "en", "sources", "add", server.Url("/news/index.html"), "--data", data, "--all"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_THAT(all.out, HasSubstr("Already registered: " + server.Url("/a.xml")));
  EXPECT_THAT(all.out, HasSubstr("Added source 127.0.0.1-"));
  EXPECT_EQ(Lines(Pw({"sources", "--data", data}).out).size(), 3u);

  auto bare = Pw({"sources", "add", server.Url("/bare.html"), "--data", data});
  EXPECT_EQ(bare.exit_code, 1);
  EXPECT_THAT(bare.out, HasSubstr("không khai báo nguồn tin RSS/Atom nào"));
  auto missing = Pw({"sources", "add", server.Url("/nope.xml"), "--data", data});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("404"));
}

TEST_F(SourcesCli, ImportedListRunsWithoutAConfigurationAndTheRerunIsAll304) {
  // Five good feeds (the same two documents under several paths), a 404, a bad line, a duplicate.
  std::string list = "# nguồn tin thử\n";
  for (int i = 0; i < 4; ++i) {
    TestHttpServer::Response feed;
    feed.body = pw::testing::kFeedA;
    feed.headers = {{"ETag", "\"v" + std::to_string(i) + "\""}};
    server.Set("/feeds/" + std::to_string(i) + ".xml", feed);
    list += server.Url("/feeds/" + std::to_string(i) + ".xml") + "\n";
  }
  list += server.Url("/b.atom") + "\n\nnot a url\n" + server.Url("/missing.xml") + "\n" +
          server.Url("/feeds/0.xml") + "\n";
  WriteFile(dir.Sub("list.txt"), list);

  auto imported = Pw({"--lang", "en", "sources", "import", dir.Sub("list.txt"), "--data", data});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_THAT(imported.out, HasSubstr("6 added, 1 duplicates, 1 errors"));
  EXPECT_THAT(imported.err, HasSubstr("list.txt:8: not an http://"));

  const std::regex summary(
      R"(feeds polled (\d+), 200: (\d+), 304: (\d+), errors: (\d+), new items: (\d+), wall seconds: (\d+\.\d+))");
  auto first = Pw({"run", "--once", "--data", data, "--profile", "lai-chau"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto lines = Lines(first.out);
  ASSERT_FALSE(lines.empty());
  std::smatch m;
  ASSERT_TRUE(std::regex_match(lines.back(), m, summary)) << first.out;
  EXPECT_EQ(m[1], "6");
  EXPECT_EQ(m[2], "5");
  EXPECT_EQ(m[3], "0");
  EXPECT_EQ(m[4], "1");
  EXPECT_EQ(m[5], "4") << "3 items of feed A (4 copies, stored once) and 1 more of feed B";
  EXPECT_THAT(first.out, Not(HasSubstr("[127.0.0.1"))) << "per-source lines only with --verbose";
  EXPECT_LE(lines.size(), 2u);

  auto second = Pw({"run", "--once", "--data", data, "--profile", "lai-chau", "--verbose"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  lines = Lines(second.out);
  ASSERT_TRUE(std::regex_match(lines.back(), m, summary)) << second.out;
  EXPECT_EQ(m[1], "6");
  EXPECT_EQ(m[2], "0");
  EXPECT_EQ(m[3], "5");
  EXPECT_EQ(m[4], "1");
  EXPECT_EQ(m[5], "0");
  EXPECT_THAT(second.out, HasSubstr("(304)"));

  auto listing = Pw({"sources", "--data", data, "--json"});
  ASSERT_EQ(listing.exit_code, 0) << listing.err;
  ASSERT_EQ(Lines(listing.out).size(), 6u);
  for (const auto& line : Lines(listing.out)) {
    const auto j = nlohmann::json::parse(line);
    if (j["url"] == server.Url("/missing.xml")) {
      EXPECT_EQ(j["last_status"], 404);
      EXPECT_EQ(j["consecutive_failures"], 2);
      EXPECT_EQ(j["error_kind"], "http");
      EXPECT_TRUE(j["last_success"].is_null());
    } else {
      EXPECT_EQ(j["last_status"], 304) << line;
      EXPECT_TRUE(j["last_success"].is_string()) << line;
      EXPECT_EQ(j["consecutive_failures"], 0) << line;
    }
  }
  auto table = Pw({"sources", "--data", data});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(Lines(table.out).front(), HasSubstr("Lỗi liên tiếp"));
  EXPECT_THAT(table.out, HasSubstr("404"));
}

TEST_F(SourcesCli, ExportedOpmlImportsIntoAnotherStoreAndExportsTheSame) {
  WriteFile(dir.Sub("in.opml"),
            "<?xml version=\"1.0\"?><opml version=\"1.0\"><body><outline text=\"Nhóm\">"
            "<outline text=\"A &amp; B\" xmlUrl=\"" + server.Url("/a.xml") + "?x=1&amp;y=2\"/>"
            "<outline text=\"Cổng\" xmlUrl=\"" + server.Url("/b.atom") + "\"/>"
            "</outline></body></opml>");
  ASSERT_EQ(Pw({"sources", "import", dir.Sub("in.opml"), "--data", data}).exit_code, 0);
  auto exported = Pw({"sources", "export", "--data", data});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_THAT(exported.out, HasSubstr("<opml version=\"2.0\">"));
  EXPECT_THAT(exported.out, HasSubstr("xmlUrl=\"" + server.Url("/a.xml") + "?x=1&amp;y=2\""));
  EXPECT_THAT(exported.out, HasSubstr("text=\"A &amp; B\""));

  WriteFile(dir.Sub("out.opml"), exported.out);
  auto reimported = Pw({"sources", "import", dir.Sub("out.opml"), "--data", dir.Sub("data2")});
  ASSERT_EQ(reimported.exit_code, 0) << reimported.err;
  EXPECT_THAT(reimported.out, HasSubstr(": 2 nguồn mới, 0 trùng lặp, 0 dòng lỗi"));
  EXPECT_EQ(Pw({"sources", "export", "--data", dir.Sub("data2")}).out, exported.out);

  auto dup = Pw({"sources", "import", dir.Sub("out.opml"), "--data", data});
  EXPECT_THAT(dup.out, HasSubstr(": 0 nguồn mới, 2 trùng lặp"));
  EXPECT_EQ(Pw({"sources", "import", dir.Sub("no-such-file"), "--data", data}).exit_code, 2);
}

TEST_F(SourcesCli, RunNeedsAProfileWithoutAConfigurationAndEndsWithTheSummaryWithOne) {
  auto bare = Pw({"run", "--once", "--data", data});
  EXPECT_EQ(bare.exit_code, 2);
  EXPECT_THAT(bare.err, HasSubstr("--profile"));
  auto unknown = Pw({"run", "--once", "--data", data, "--profile", "ha-noi"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("unknown profile"));
  EXPECT_FALSE(std::filesystem::exists(data)) << "nothing is created for a bad profile";

  WriteFile(dir.Sub("profile.toml"), pw::testing::kTestProfile);
  WriteFile(dir.Sub("pw.toml"), "profile_file = \"profile.toml\"\ndata_dir = \"cfg-data\"\n"
                                "[[sources]]\nid = \"a\"\nurl = \"" + server.Url("/a.xml") + "\"\n");
  auto with_config = Pw({"run", "--config", dir.Sub("pw.toml"), "--once"});
  ASSERT_EQ(with_config.exit_code, 0) << with_config.err;
  EXPECT_THAT(with_config.out, HasSubstr("[a]")) << "with --config every source is described";
  EXPECT_THAT(Lines(with_config.out).back(),
              ::testing::StartsWith("feeds polled 1, 200: 1, 304: 0, errors: 0, new items: 3, wall seconds: "));
  auto listed = Pw({"--lang", "en", "sources", "--config", dir.Sub("pw.toml")});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("Last success"));
  EXPECT_THAT(Lines(listed.out).back(), HasSubstr(server.Url("/a.xml")));
}

}  // namespace
}  // namespace pw::daemon
