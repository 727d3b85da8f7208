// Feed discovery in HTML pages: <link rel="alternate"> as feed readers read it.
#include "crawler/feed_discovery.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pw::crawler {
namespace {

std::vector<std::string> Urls(const std::vector<DiscoveredFeed>& feeds) {
  std::vector<std::string> urls;
  for (const auto& f : feeds) urls.push_back(f.url);
  return urls;
}

TEST(FeedDiscovery, FindsRssAndAtomLinksResolvedAgainstThePageUrl) {
  const auto feeds = DiscoverFeeds(R"(<!DOCTYPE html><html><head>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="  Tin   mới
  nhất " href="/rss/tin-moi.rss">
<link rel="alternate" type="application/atom+xml" title="Thời sự &amp; chính trị" href="atom.xml">
<link rel="alternate" hreflang="en" href="/en/">
</head><body><p>Xin chào</p></body></html>)",
                                   "https://baolaichau.vn/chuyen-muc/thoi-su/index.html");
  ASSERT_EQ(feeds.size(), 2u);
  EXPECT_EQ(feeds[0].url, "https://baolaichau.vn/rss/tin-moi.rss");
  EXPECT_EQ(feeds[0].title, "Tin mới nhất");
  EXPECT_EQ(feeds[0].kind, "rss");
  EXPECT_EQ(feeds[1].url, "https://baolaichau.vn/chuyen-muc/thoi-su/atom.xml");
  EXPECT_EQ(feeds[1].title, "Thời sự & chính trị");
  EXPECT_EQ(feeds[1].kind, "atom");
}

TEST(FeedDiscovery, ResolvesRelativeHrefsAgainstTheFirstBaseHref) {
  const auto feeds = DiscoverFeeds(
      "<html><head><base href=\"/portal/\"><base href=\"/ignored/\">"
      "<link rel=alternate type=application/rss+xml href=feed.rss>"
      "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"//cdn.vn/x.rss\">"
      "</head></html>",
      "http://laichau.gov.vn/a/b.html");
  EXPECT_THAT(Urls(feeds), ::testing::ElementsAre("http://laichau.gov.vn/portal/feed.rss",
                                                  "http://cdn.vn/x.rss"));
}

TEST(FeedDiscovery, MatchesRelAndTypeLikeBrowsersAndSkipsEmptyAndRepeatedLinks) {
  const auto feeds = DiscoverFeeds(
      "<head>"
      "<LINK REL=\"Alternate Feed\" TYPE=\"Application/RSS+XML; charset=utf-8\" HREF=\"/a.rss\">"
      "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/a.rss\">"  // repeat
      "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"   \">"     // empty
      "<link rel=\"alternate stylesheet\" type=\"text/css\" href=\"/alt.css\">"
      "<link rel=\"feed\" type=\"application/rss+xml\" href=\"/not-alternate.rss\">"
      "<link rel=\"alternate\" type=\"application/json\" href=\"/x.json\">"
      "</head><body>"
      // Misplaced in <body>, as some CMS templates do: still announced.
      "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/late.atom\">",
      "https://a.vn/");
  EXPECT_THAT(Urls(feeds), ::testing::ElementsAre("https://a.vn/a.rss", "https://a.vn/late.atom"));
}

TEST(FeedDiscovery, APageWithoutFeedsOrNotHtmlAtAllGivesNone) {
  EXPECT_TRUE(DiscoverFeeds("<html><body><a href=\"/rss\">RSS</a></body></html>", "https://a.vn/").empty());
  EXPECT_TRUE(DiscoverFeeds("", "https://a.vn/").empty());
  EXPECT_TRUE(DiscoverFeeds(std::string("\0\xff\xfe<link", 7), "https://a.vn/").empty());
}

TEST(FeedDiscovery, TellsHtmlPagesFromFeedsByTypeThenByContent) {
  EXPECT_TRUE(LooksLikeHtml("", "text/html; charset=utf-8"));
  EXPECT_TRUE(LooksLikeHtml("<?xml?><rss/>", "application/xhtml+xml"));
  EXPECT_FALSE(LooksLikeHtml("<!DOCTYPE html>", "application/rss+xml"));
  EXPECT_TRUE(LooksLikeHtml("\n  <!doctype HTML><html>", "application/octet-stream"));
  EXPECT_TRUE(LooksLikeHtml("<HTML><body>", ""));
  EXPECT_FALSE(LooksLikeHtml("<?xml version=\"1.0\"?><rss version=\"2.0\"/>", ""));
}

}  // namespace
}  // namespace pw::crawler
