// Article links on listing pages: configured selectors and automatic detection.
#include "crawler/link_select.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

namespace pw::crawler {
namespace {

using ::testing::ElementsAre;

constexpr const char* kListing = R"(<!DOCTYPE html><html lang="vi"><head>
<base href="https://baolaichau.vn/thoi-su/"><title>Thời sự</title></head><body>
<header><nav class="main-nav"><a href="/chinh-tri/">Chính trị</a>
<a href="/bai-gioi-thieu-ve-toa-soan-bao-123.html">Giới thiệu</a></nav></header>
<div class="list-news">
  <article class="item"><h3 class="title-news"><a href="khanh-thanh-cau-moi-o-muong-te-20251124081500.html">Khánh thành cầu</a></h3>
    <p class="sapo">Sáng nay…</p></article>
  <article class="item"><h3 class="title-news"><a href="/kinh-te/thu-hoach-che-vu-dong-tai-lai-chau-4988123.html#comments">Chè</a></h3></article>
  <div class="item video"><a class="thumb" href="/video/clip-lu-quet-ngay-24-11-99.html"><img src="a.jpg"></a></div>
</div>
<div class="tags"><a href="/tag/lai-chau-tin-moi-nhat-2025.html">Lai Châu</a></div>
<div class="pagination"><a href="/thoi-su/trang-2-cua-chuyen-muc-thoi-su.html">2</a></div>
<a href="https://facebook.com/sharer?u=bai-viet-ve-lai-chau-12345">Chia sẻ</a>
<a href="/dang-nhap">Đăng nhập</a>
<footer><a href="/lien-he-voi-toa-soan-bao-lai-chau-2025.html">Liên hệ</a></footer>
</body></html>)";

TEST(LinkSelect, SelectorsNameTheLinksInDocumentOrderResolvedAgainstBase) {
  auto sel = ParseSelectors({"h3.title-news a", "div.video > a.thumb"});
  ASSERT_TRUE(sel.ok()) << sel.error().message;
  EXPECT_THAT(SelectLinks(kListing, "https://baolaichau.vn/thoi-su/index.html", *sel),
              ElementsAre("https://baolaichau.vn/thoi-su/khanh-thanh-cau-moi-o-muong-te-20251124081500.html",
                          "https://baolaichau.vn/kinh-te/thu-hoach-che-vu-dong-tai-lai-chau-4988123.html",
                          "https://baolaichau.vn/video/clip-lu-quet-ngay-24-11-99.html"));
}

TEST(LinkSelect, ASelectedContainerGivesItsFirstLinkAndAttributesMatch) {
  auto sel = ParseSelectors({"article.item h3[class=\"title-news\"]"});
  ASSERT_TRUE(sel.ok()) << sel.error().message;
  EXPECT_EQ(SelectLinks(kListing, "https://baolaichau.vn/", *sel).size(), 2u);
  auto by_id = ParseSelectors({"#x a, a[data-id]"});
  ASSERT_TRUE(by_id.ok());
  EXPECT_THAT(SelectLinks(R"(<div id="x"><a href="/a">A</a></div><a data-id="7" href="/b">B</a><a href="/c">C</a>)",
                          "http://h.vn/", *by_id),
              ElementsAre("http://h.vn/a", "http://h.vn/b"));
}

TEST(LinkSelect, ChildCombinatorRequiresTheDirectParent) {
  auto sel = ParseSelectors({"ul > li > a"});
  ASSERT_TRUE(sel.ok());
  EXPECT_THAT(SelectLinks("<ul><li><a href='/1'>1</a></li><li><span><a href='/2'>2</a></span></li></ul>",
                          "http://h.vn/", *sel),
              ElementsAre("http://h.vn/1"));
}

TEST(LinkSelect, BadSelectorsAreErrorsNamingTheSelector) {
  auto unclosed = ParseSelectors({"a[href"});
  ASSERT_FALSE(unclosed.ok());
  EXPECT_EQ(unclosed.error().message, "\"a[href\": unclosed '['");
  EXPECT_FALSE(ParseSelectors({"> a"}).ok());
  EXPECT_FALSE(ParseSelectors({"a."}).ok());
  EXPECT_FALSE(ParseSelectors({"a:hover"}).ok());
}

TEST(LinkSelect, AutomaticDetectionKeepsArticlesAndSkipsNavigation) {
  EXPECT_THAT(FindArticleLinks(kListing, "https://www.baolaichau.vn/thoi-su/"),
              ElementsAre("https://baolaichau.vn/thoi-su/khanh-thanh-cau-moi-o-muong-te-20251124081500.html",
                          "https://baolaichau.vn/kinh-te/thu-hoach-che-vu-dong-tai-lai-chau-4988123.html",
                          "https://baolaichau.vn/video/clip-lu-quet-ngay-24-11-99.html"));
}

TEST(LinkSelect, ArticleUrlShapes) {
  EXPECT_TRUE(LooksLikeArticleUrl("https://vnexpress.net/mua-lu-o-mien-trung-4988123.html"));
  EXPECT_FALSE(LooksLikeArticleUrl("https://baomoi.vn/tin-nong-lai-chau-c12345.epi"));
  EXPECT_TRUE(LooksLikeArticleUrl("https://x.vn/2025/11/24/khanh-thanh-cau-moi-muong-te/"));
  EXPECT_TRUE(LooksLikeArticleUrl("https://laichau.gov.vn/Pages/tin-tuc.aspx?ItemID=12345"));
  EXPECT_TRUE(LooksLikeArticleUrl("https://x.vn/tin-tuc/khanh-thanh-cau-moi-muong-te.htm"));
  EXPECT_FALSE(LooksLikeArticleUrl("https://x.vn/thoi-su/"));
  EXPECT_FALSE(LooksLikeArticleUrl("https://x.vn/"));
  EXPECT_FALSE(LooksLikeArticleUrl("https://x.vn/tag/lai-chau-tin-moi-2025.html"));
  EXPECT_FALSE(LooksLikeArticleUrl("https://x.vn/uploads/anh-lu-quet-2025-11.jpg"));
  EXPECT_FALSE(LooksLikeArticleUrl("https://x.vn/tin-moi"));
}

// The saved VnExpress International home page (../shared/corpus/vn-html-pages):
// every link found is an article of the site (numeric id before .html).
TEST(LinkSelect, FindsTheArticlesOfARealNewsHomePage) {
  std::ifstream in(PW_SHARED_DIR "/corpus/vn-html-pages/e.vnexpress.net-homepage-2025.html",
                   std::ios::binary);
  if (!in) GTEST_SKIP() << "corpus not found at " PW_SHARED_DIR;
  std::stringstream ss;
  ss << in.rdbuf();
  const auto links = FindArticleLinks(ss.str(), "https://e.vnexpress.net/");
  std::cout << "e.vnexpress.net home page: " << links.size() << " article links\n";
  // The page links 62 distinct articles (URLs ending in a 7-digit id and
  // .html, fragments aside); menus, topics, apps and share links must not
  // come along.
  EXPECT_EQ(links.size(), 62u);
  const std::regex article(R"(https://e\.vnexpress\.net/.+-\d{7}\.html)");
  for (const auto& link : links) EXPECT_TRUE(std::regex_match(link, article)) << link;
  auto sel = ParseSelectors({"h3.title_news_site a", "h4.title_news_site a"});
  ASSERT_TRUE(sel.ok());
  const auto selected = SelectLinks(ss.str(), "https://e.vnexpress.net/", *sel);
  std::cout << "with selectors: " << selected.size() << " links\n";
  EXPECT_GE(selected.size(), 60u);
  for (const auto& link : selected) EXPECT_TRUE(std::regex_match(link, article)) << link;
}

}  // namespace
}  // namespace pw::crawler
