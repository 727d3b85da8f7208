// `provwatch parse FILE|URL [--json]` run as outside checks run it: the JSON
// contract's exact shape, the readable listing, and errors naming the input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

#include "tests/support/http_server.h"
#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"

namespace pw::daemon {
namespace {

using ::testing::HasSubstr;
using pw::testing::ProcessResult;
using pw::testing::TempDir;
using pw::testing::TestHttpServer;
using pw::testing::WriteFile;
using namespace std::chrono_literals;
using Json = nlohmann::json;

constexpr const char* kRss = R"(<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Báo Lai Châu</title><link>https://baolaichau.vn/</link>
  <description>Tin &lt;b&gt;tỉnh&lt;/b&gt;</description><language>vi</language>
  <item>
    <title>Khánh thành cầu mới</title>
    <link>https://baolaichau.vn/a.html</link>
    <guid isPermaLink="false">lc-1</guid>
    <description><![CDATA[<p>Sáng nay <b>khánh thành</b>.</p>]]></description>
    <author>Tòa soạn</author>
    <category>Thời sự</category><category>Giao thông</category>
    <pubDate>Thứ sáu, 20/11/2026 08:15 (GMT+7)</pubDate>
  </item>
  <item><title>Không ngày</title></item>
</channel>
</rss>)";

class ParseCommandTest : public ::testing::Test {
 protected:
  ProcessResult Pw(std::vector<std::string> args) {
    args.insert(args.begin(), PW_BINARY);
    return pw::testing::Run(args, dir.path(), "", 30s);
  }
  TempDir dir;
};

TEST_F(ParseCommandTest, PrintsTheJsonContractForALocalFile) {
  WriteFile(dir.Sub("lc.xml"), kRss);
  const auto r = Pw({"parse", dir.Sub("lc.xml"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json doc = Json::parse(r.out);  // one JSON document, nothing else
  std::set<std::string> keys;
  for (const auto& [key, value] : doc.items()) keys.insert(key);
  EXPECT_EQ(keys, (std::set<std::string>{"format", "recovered", "feed", "items"}));
  EXPECT_EQ(doc["format"], "rss2");
  EXPECT_EQ(doc["recovered"], false);
  EXPECT_EQ(doc["feed"], (Json{{"title", "Báo Lai Châu"},
                               {"link", "https://baolaichau.vn/"},
                               {"description", "Tin tỉnh"},
                               {"language", "vi"}}));
  ASSERT_EQ(doc["items"].size(), 2u);
  EXPECT_EQ(doc["items"][0], (Json{{"id", "lc-1"},
                                   {"title", "Khánh thành cầu mới"},
                                   {"link", "https://baolaichau.vn/a.html"},
                                   {"summary", "Sáng nay khánh thành."},
                                   {"content", "<p>Sáng nay <b>khánh thành</b>.</p>"},
                                   {"published", "2026-11-20T01:15:00Z"},
                                   {"updated", nullptr},
                                   {"author", "Tòa soạn"},
                                   {"categories", {"Thời sự", "Giao thông"}}}));
  const Json& bare = doc["items"][1];
  EXPECT_TRUE(bare["published"].is_null());
  EXPECT_EQ(bare["categories"], Json::array());
  EXPECT_EQ(bare["content"], "");
}

TEST_F(ParseCommandTest, FlagsAnIllFormedDocumentAsRecovered) {
  WriteFile(dir.Sub("bad.xml"),
            "<rss><channel><title>A&nbsp;B & C</title><item><title>x</item></channel>");
  const auto r = Pw({"parse", dir.Sub("bad.xml"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json doc = Json::parse(r.out);
  EXPECT_EQ(doc["recovered"], true);
  EXPECT_EQ(doc["feed"]["title"], "A B & C");
  ASSERT_EQ(doc["items"].size(), 1u);
  EXPECT_EQ(doc["items"][0]["title"], "x");
}

TEST_F(ParseCommandTest, FetchesAUrlAndHonoursTheHttpCharset) {
  TestHttpServer server;
  TestHttpServer::Response latin;
  latin.content_type = "application/rss+xml; charset=iso-8859-1";
  latin.body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><title>caf\xE9</title>"
               "<item><link>/rel.html</link></item></channel></rss>";
  server.Set("/latin.xml", latin);
  const auto r = Pw({"parse", server.Url("/latin.xml"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json doc = Json::parse(r.out);
  EXPECT_EQ(doc["feed"]["title"], "café");
  EXPECT_EQ(doc["items"][0]["link"], server.Url("/rel.html"));  // resolved against the URL
}

TEST_F(ParseCommandTest, PrintsAReadableListingWithoutJson) {
  WriteFile(dir.Sub("lc.xml"), kRss);
  const auto r = Pw({"parse", dir.Sub("lc.xml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("title: Báo Lai Châu"));
  EXPECT_THAT(r.out, HasSubstr("items: 2"));
  EXPECT_THAT(r.out, HasSubstr("[1] Khánh thành cầu mới"));
  EXPECT_THAT(r.out, HasSubstr("published: 2026-11-20T01:15:00Z"));
  EXPECT_THAT(r.out, HasSubstr("categories: Thời sự, Giao thông"));
}

TEST_F(ParseCommandTest, NamesTheInputAndExitsOneOnEveryKindOfFailure) {
  TestHttpServer server;  // knows no path: every request is a 404
  WriteFile(dir.Sub("page.html"), "<html><body>not a feed</body></html>");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {dir.Sub("missing.xml"), "cannot read the file"},
      {dir.Sub("page.html"), "not a feed"},
      {server.Url("/gone.xml"), "HTTP status 404"},
  };
  for (const auto& [input, reason] : cases) {
    const auto r = Pw({"parse", input, "--json"});
    EXPECT_EQ(r.exit_code, 1) << input;
    EXPECT_THAT(r.err, HasSubstr(input)) << input;
    EXPECT_THAT(r.err, HasSubstr(reason)) << input;
    EXPECT_EQ(r.out, "") << input;
  }
}

}  // namespace
}  // namespace pw::daemon
