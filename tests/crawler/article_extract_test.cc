// Article pages to FeedItems, and HTML charsets: pages written for the tests.
#include "crawler/article_extract.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crawler/feed_date.h"
#include "crawler/html_charset.h"

namespace pw::crawler {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// 2025-11-24 08:15 +07:00
constexpr UnixTime k0815 = 1763946900;

constexpr const char* kArticle = R"(<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>Khánh thành cầu mới ở Mường Tè - Báo Lai Châu</title>
<meta property="og:title" content="Khánh thành cầu mới ở Mường Tè">
<meta property="article:published_time" content="2025-11-24T08:15:00+07:00">
<meta property="article:section" content="Thời sự">
<meta property="article:tag" content="Mường Tè">
<meta name="author" content="Quỳnh Anh">
<script>var x = "<p>không phải nội dung</p>";</script>
</head><body>
<header><nav><a href="/">Trang chủ</a><p>Menu đầu trang rất dài ở đây để thử thách bộ trích xuất.</p></nav></header>
<article>
  <h1>Khánh thành cầu mới ở Mường Tè</h1>
  <div class="date">Thứ Hai, 24/11/2025 - 08:15</div>
  <div class="fck_detail">
    <p>Sáng 24/11, tỉnh Lai Châu khánh thành cây cầu mới nối hai bờ sông Đà.</p>
    <figure><img src="a.jpg"><figcaption><p>Cây cầu nhìn từ trên cao. Ảnh: Báo Lai Châu</p></figcaption></figure>
    <p>Công trình dài 120 m, giúp người dân đi lại thuận tiện hơn trong mùa mưa lũ.</p>
    <h2>Niềm vui của bà con</h2>
    <p>Bà con các bản vùng cao phấn khởi khi cây cầu hoàn thành trước thời hạn.</p>
    <div class="box-tin-lien-quan"><p>Tin liên quan: Lai Châu khởi công đường mới.</p></div>
  </div>
</article>
<aside><p>Đọc nhiều nhất: một bài viết khác rất dài, rất dài, rất dài, rất dài, rất dài, rất dài.</p></aside>
<div class="comments"><p>Bình luận của bạn đọc, dài hơn cả bài viết để thử xem nó có bị lấy nhầm không.</p></div>
<footer><p>Báo Lai Châu - Cơ quan của Đảng bộ tỉnh Lai Châu.</p></footer>
</body></html>)";

TEST(ArticleExtract, TakesTitleDateAuthorAndTheMainTextOnly) {
  const auto a = ExtractArticle(kArticle, "https://baolaichau.vn/cau-moi-muong-te-123.html");
  const FeedItem& item = a.item;
  EXPECT_EQ(item.link, "https://baolaichau.vn/cau-moi-muong-te-123.html");
  EXPECT_EQ(item.title, "Khánh thành cầu mới ở Mường Tè");
  ASSERT_TRUE(item.published.has_value());
  EXPECT_EQ(*item.published, k0815);
  EXPECT_EQ(item.author, "Quỳnh Anh");
  EXPECT_EQ(a.language, "vi");
  EXPECT_EQ(item.content,
            "Sáng 24/11, tỉnh Lai Châu khánh thành cây cầu mới nối hai bờ sông Đà.\n\n"
            "Công trình dài 120 m, giúp người dân đi lại thuận tiện hơn trong mùa mưa lũ.\n\n"
            "Niềm vui của bà con\n\n"
            "Bà con các bản vùng cao phấn khởi khi cây cầu hoàn thành trước thời hạn.");
  EXPECT_THAT(item.summary, HasSubstr("sông Đà. Công trình"));
  for (const char* noise : {"Ảnh:", "Tin liên quan", "Bình luận", "Đọc nhiều", "Menu", "không phải"}) {
    EXPECT_THAT(item.summary, Not(HasSubstr(noise)));
  }
  EXPECT_THAT(item.categories, ::testing::ElementsAre("Thời sự", "Mường Tè"));
}

TEST(ArticleExtract, FallsBackToH1TimeElementAndClassAuthor) {
  const auto a = ExtractArticle(R"(<html><head><title>Trang | Báo</title></head><body>
<main><h1>  Mưa lớn ở
  Sìn Hồ </h1><span class="author-name">Minh Tuấn</span>
<time datetime="2025-11-24T01:15:00Z">24/11</time>
<div><p>Đoạn một của bài.</p><p>Đoạn hai của bài.</p></div></main></body></html>)",
                                "http://x.vn/a");
  EXPECT_EQ(a.item.title, "Mưa lớn ở Sìn Hồ");
  ASSERT_TRUE(a.item.published.has_value());
  EXPECT_EQ(*a.item.published, k0815);
  EXPECT_EQ(a.item.author, "Minh Tuấn");
  EXPECT_EQ(a.item.content, "Đoạn một của bài.\n\nĐoạn hai của bài.");
}

TEST(ArticleExtract, ReadsJsonLdWhenMetaAndTimeAreMissing) {
  const auto a = ExtractArticle(R"(<html><head><title>Bài JSON-LD</title>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"WebPage","name":"x"},
 {"@type":"NewsArticle","headline":"H","datePublished":"2025-11-24T08:15:00+07:00",
  "dateModified":"2025-11-24T09:00:00+07:00","author":[{"@type":"Person","name":"Lò Văn A"}]}]}</script>
</head><body><p>Nội dung.</p></body></html>)",
                                "http://x.vn/b");
  EXPECT_EQ(a.item.title, "Bài JSON-LD");
  ASSERT_TRUE(a.item.published.has_value());
  EXPECT_EQ(*a.item.published, k0815);
  ASSERT_TRUE(a.item.updated.has_value());
  EXPECT_EQ(*a.item.updated, k0815 + 45 * 60);
  EXPECT_EQ(a.item.author, "Lò Văn A");
  EXPECT_EQ(a.item.content, "Nội dung.");
}

TEST(ArticleExtract, ReadsVietnameseDateTextInTheArticle) {
  const auto a = ExtractArticle(R"(<html><body>
<div class="top-bar">Hôm nay: 26/11/2026</div>
<article><h1>Tiêu đề</h1><span class="time">Thứ hai, 24/11/2025, 08:15 (GMT+7)</span>
<p>Nội dung bài.</p></article></body></html>)",
                                "http://x.vn/c");
  ASSERT_TRUE(a.item.published.has_value());
  EXPECT_EQ(*a.item.published, k0815) << "the date in the article, not the page header's";
}

TEST(ArticleExtract, FindsVietnameseDatesInFreeText) {
  EXPECT_EQ(FindVietnameseDate("Cập nhật: Thứ Hai, 24/11/2025 - 08:15 bởi ..."), k0815);
  EXPECT_EQ(FindVietnameseDate("Đăng lúc 08:15 ngày 24/11/2025"), k0815);
  EXPECT_EQ(FindVietnameseDate("24/11/2025 01:15 GMT+0"), k0815);
  EXPECT_EQ(FindVietnameseDate("Chủ nhật, 23/11/2025"), k0815 - 8 * 3600 - 15 * 60 - 86400 + 0);
  EXPECT_FALSE(FindVietnameseDate("Mã số 1224/11/20251 không phải ngày").has_value());
  EXPECT_FALSE(FindVietnameseDate("Không có ngày tháng").has_value());
}

TEST(ArticleExtract, APageWithoutArticleGivesEmptyFields) {
  const auto a = ExtractArticle("", "http://x.vn/");
  EXPECT_EQ(a.item.title, "");
  EXPECT_EQ(a.item.content, "");
  EXPECT_FALSE(a.item.published.has_value());
}

// ---- charsets ----

TEST(HtmlCharset, MetaCharsetAndHttpEquivAreFound) {
  EXPECT_EQ(HtmlMetaCharset("<html><head><META CHARSET='Windows-1258'>"), "windows-1258");
  EXPECT_EQ(HtmlMetaCharset(R"(<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">)"),
            "iso-8859-1");
  EXPECT_EQ(HtmlMetaCharset("<!-- <meta charset=koi8-r> --><meta charset=utf-8>"), "utf-8");
  EXPECT_EQ(HtmlMetaCharset("<meta charset=utf-16>"), "utf-8");
  EXPECT_EQ(HtmlMetaCharset("<metadata charset=x><p>none</p>"), "");
}

TEST(HtmlCharset, Windows1258PageBecomesUtf8AndExtractsInNfc) {
  // "Việt Nam" in windows-1258: ê (0xEA) then a combining dot below (0xF2).
  const std::string page = "<html><head><meta charset=\"windows-1258\"><title>Vi\xEA\xF2t Nam</title>"
                           "</head><body><p>Vi\xEA\xF2t Nam</p></body></html>";
  const std::string utf8 = HtmlToUtf8(page, "text/html");
  const auto a = ExtractArticle(utf8, "http://x.vn/d");
  EXPECT_EQ(a.item.title, "Việt Nam");
  EXPECT_EQ(a.item.title, "Vi\xE1\xBB\x87t Nam") << "composed U+1EC7";
  EXPECT_EQ(a.item.content, "Việt Nam");
}

TEST(HtmlCharset, HttpCharsetWinsOverMetaAndBomWinsOverBoth) {
  const std::string latin1 = "<meta charset=utf-8><p>caf\xE9</p>";
  EXPECT_THAT(HtmlToUtf8(latin1, "text/html; charset=ISO-8859-1"), HasSubstr("café"));
  EXPECT_EQ(HtmlToUtf8("\xEF\xBB\xBF<p>é</p>", "text/html; charset=iso-8859-1"), "<p>é</p>");
  EXPECT_EQ(HtmlToUtf8("<p>é</p>", "text/html; charset=no-such-charset"), "<p>é</p>");
}

TEST(HtmlCharset, LanguageFromHtmlLangElseContentLanguage) {
  EXPECT_EQ(HtmlLanguage("<!doctype html><HTML LANG='vi-VN'>", "en"), "vi-vn");
  EXPECT_EQ(HtmlLanguage("<html><body>", "vi, en"), "vi");
  EXPECT_EQ(HtmlLanguage("<p>", ""), "");
}

}  // namespace
}  // namespace pw::crawler
