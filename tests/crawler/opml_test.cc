// Source lists: OPML read and written, plain URL lists read.
#include "crawler/opml.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pugixml.hpp>

namespace pw::crawler {
namespace {

using ::testing::HasSubstr;

std::vector<std::string> Urls(const SourceList& list) {
  std::vector<std::string> urls;
  for (const auto& f : list.feeds) urls.push_back(f.url);
  return urls;
}

TEST(Opml, ReadsNestedOutlinesWithTitlesAndWalksFoldersWithoutListingThem) {
  const auto list = ParseSourceList(R"(<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>Báo</title></head><body>
  <outline text="Tin tỉnh">
    <outline text="Báo Lai Châu" type="rss" xmlUrl="https://baolaichau.vn/rss" htmlUrl="https://baolaichau.vn/"/>
    <outline text="Sâu hơn"><outline title="VnExpress &amp; co" text="x" xmlurl="https://vnexpress.net/rss/thoi-su.rss"/></outline>
  </outline>
  <outline text="Cổng" XMLURL=" http://laichau.gov.vn/feed "/>
</body></opml>)");
  ASSERT_TRUE(list.ok()) << list.error().message;
  EXPECT_EQ(list->format, "opml");
  EXPECT_THAT(Urls(*list), ::testing::ElementsAre("https://baolaichau.vn/rss",
                                                  "https://vnexpress.net/rss/thoi-su.rss",
                                                  "http://laichau.gov.vn/feed"));
  EXPECT_EQ(list->feeds[0].title, "Báo Lai Châu");
  EXPECT_EQ(list->feeds[0].html_url, "https://baolaichau.vn/");
  EXPECT_EQ(list->feeds[1].title, "VnExpress & co") << "title wins over text";
  EXPECT_TRUE(list->problems.empty());
}

TEST(Opml, ReportsABadOutlineWithItsLineAndKeepsTheOthers) {
  const auto list = ParseSourceList(
      "<opml version=\"2.0\"><body>\n"
      "<outline text=\"a\" xmlUrl=\"https://a.vn/rss\"/>\n"
      "<outline text=\"b\" xmlUrl=\"javascript:alert(1)\"/>\n"
      "<outline text=\"c\" xmlUrl=\"https://c.vn/rss\"/>\n"
      "</body></opml>\n");
  ASSERT_TRUE(list.ok()) << list.error().message;
  EXPECT_THAT(Urls(*list), ::testing::ElementsAre("https://a.vn/rss", "https://c.vn/rss"));
  ASSERT_EQ(list->problems.size(), 1u);
  EXPECT_EQ(list->problems[0].line, 3);
  EXPECT_THAT(list->problems[0].message, HasSubstr("javascript:alert(1)"));
}

TEST(Opml, RefusesXmlThatIsNotWellFormedOpml) {
  const auto broken = ParseSourceList("<opml><body>\n<outline xmlUrl=\"https://a.vn\">\n</opml>");
  ASSERT_FALSE(broken.ok());
  EXPECT_THAT(broken.error().message, HasSubstr("not OPML"));
  EXPECT_THAT(broken.error().message, HasSubstr("line 3"));
  const auto rss = ParseSourceList("<rss version=\"2.0\"><channel/></rss>");
  ASSERT_FALSE(rss.ok());
  EXPECT_THAT(rss.error().message, HasSubstr("root element <rss>"));
}

TEST(Opml, ReadsAPlainListSkippingCommentsAndBlanksAndNumberingBadLines) {
  const auto list = ParseSourceList(
      "\xEF\xBB\xBF# nguồn tin\r\n"
      "https://a.vn/rss\r\n"
      "\n"
      "   \n"
      "  HTTP://B.vn/feed.xml  \n"
      "a.vn/no-scheme\n"
      "https://has space.vn/x\n"
      "file:///srv/feeds/c.xml");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->format, "text");
  EXPECT_THAT(Urls(*list), ::testing::ElementsAre("https://a.vn/rss", "HTTP://B.vn/feed.xml",
                                                  "file:///srv/feeds/c.xml"));
  ASSERT_EQ(list->problems.size(), 2u);
  EXPECT_EQ(list->problems[0].line, 6);
  EXPECT_EQ(list->problems[1].line, 7);
  EXPECT_THAT(list->problems[1].message, HasSubstr("spaces"));
}

TEST(Opml, WrittenDocumentIsValidEscapedXmlThatReadsBackTheSameFeeds) {
  const std::vector<ListedFeed> feeds = {
      {"https://a.vn/rss?x=1&y=<2>", "Tin \"nóng\" & <mới>", "https://a.vn/"},
      {"https://b.vn/atom", "", ""},
      {"https://c.vn/rss", "Bell\x07 char", ""},
  };
  const std::string opml = WriteOpml(feeds, "Nguồn & tỉnh");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(opml.c_str())) << opml;
  EXPECT_STREQ(doc.document_element().attribute("version").value(), "2.0");
  EXPECT_STREQ(doc.select_node("/opml/head/title").node().text().get(), "Nguồn & tỉnh");

  const auto back = ParseSourceList(opml);
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_EQ(back->feeds.size(), 3u);
  EXPECT_EQ(back->feeds[0].url, feeds[0].url);
  EXPECT_EQ(back->feeds[0].title, feeds[0].title);
  EXPECT_EQ(back->feeds[0].html_url, feeds[0].html_url);
  EXPECT_EQ(back->feeds[1].title, "https://b.vn/atom") << "an untitled feed is named by its URL";
  EXPECT_EQ(back->feeds[2].title, "Bell  char") << "control characters cannot be in XML";
  EXPECT_EQ(WriteOpml(back->feeds, "Nguồn & tỉnh"), WriteOpml(
      {feeds[0], {"https://b.vn/atom", "https://b.vn/atom", ""}, {"https://c.vn/rss", "Bell  char", ""}},
      "Nguồn & tỉnh"));
}

}  // namespace
}  // namespace pw::crawler
