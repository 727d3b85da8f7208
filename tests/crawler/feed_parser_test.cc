#include "crawler/feed_parser.h"

#include <gtest/gtest.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

namespace pw::crawler {
namespace {

namespace fs = std::filesystem;

const std::string kCorpus = PW_SHARED_DIR "/corpus";

Feed ParseOk(std::string_view body, std::string_view base_url = "") {
  auto result = ParseFeed(body, base_url);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  return result.ok() ? std::move(result).value() : Feed{};
}

std::string ErrorOf(std::string_view body) {
  auto result = ParseFeed(body, "");
  EXPECT_FALSE(result.ok());
  return result.ok() ? "" : result.error().message;
}

Feed ParseCorpusFile(const std::string& relative) {
  return ParseOk(testing::ReadFile(kCorpus + "/" + relative));
}

bool IsNfc(const std::string& utf8) {
  UErrorCode status = U_ZERO_ERROR;
  std::vector<UChar> utf16(utf8.size() + 1);
  int32_t length = 0;
  u_strFromUTF8(utf16.data(), static_cast<int32_t>(utf16.size()), &length, utf8.data(),
                static_cast<int32_t>(utf8.size()), &status);
  const UNormalizer2* nfc = unorm2_getNFCInstance(&status);
  const bool normal = unorm2_isNormalized(nfc, utf16.data(), length, &status);
  return U_SUCCESS(status) && normal;
}

std::vector<fs::path> XmlFilesUnder(const std::string& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  return files;
}

// ---- RSS ----

constexpr std::string_view kRss = R"(<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Báo Lai Châu &amp; đời sống</title>
  <link>https://baolaichau.vn/</link>
  <item>
    <title>Lai Châu <![CDATA[<b>khánh thành</b>]]> cầu mới</title>
    <link>
      https://baolaichau.vn/tin/cau-moi.html
    </link>
    <guid isPermaLink="false">lc-1001</guid>
    <description><![CDATA[<p>Sáng nay, <a href="/x">UBND tỉnh</a> khánh thành cầu.</p>]]></description>
    <author>toasoan@baolaichau.vn (Tòa soạn)</author>
    <pubDate>Sat, 18 Feb 2017 15:16:55 +0700</pubDate>
  </item>
  <item>
    <title>Second</title>
    <link>/tin/second.html</link>
    <content:encoded>&lt;p&gt;Full &lt;em&gt;text&lt;/em&gt;&lt;/p&gt;</content:encoded>
    <dc:creator>Nguyễn Văn A</dc:creator>
    <dc:date>2017-02-18T15:16:55+07:00</dc:date>
  </item>
</channel>
</rss>)";

TEST(FeedParser, ReadsRssChannelAndItemFields) {
  const Feed feed = ParseOk(kRss, "https://baolaichau.vn/rss/home.rss");
  EXPECT_EQ(feed.format, "rss2");
  EXPECT_EQ(feed.title, "Báo Lai Châu & đời sống");
  EXPECT_EQ(feed.link, "https://baolaichau.vn/");
  ASSERT_EQ(feed.items.size(), 2u);
  const FeedItem& item = feed.items[0];
  EXPECT_EQ(item.title, "Lai Châu khánh thành cầu mới");
  EXPECT_EQ(item.link, "https://baolaichau.vn/tin/cau-moi.html");
  EXPECT_EQ(item.guid, "lc-1001");
  EXPECT_EQ(item.summary, "Sáng nay, UBND tỉnh khánh thành cầu.");
  EXPECT_EQ(item.author, "toasoan@baolaichau.vn (Tòa soạn)");
  EXPECT_EQ(item.published, UnixTime{1487405815});
}

TEST(FeedParser, FallsBackToContentEncodedDcCreatorAndDcDate) {
  const Feed feed = ParseOk(kRss, "https://baolaichau.vn/rss/home.rss");
  ASSERT_EQ(feed.items.size(), 2u);
  const FeedItem& item = feed.items[1];
  EXPECT_EQ(item.summary, "Full text");
  EXPECT_EQ(item.author, "Nguyễn Văn A");
  EXPECT_EQ(item.published, UnixTime{1487405815});
  EXPECT_EQ(item.link, "https://baolaichau.vn/tin/second.html");  // relative, resolved
  EXPECT_EQ(item.guid, "");
}

TEST(FeedParser, UsesAPermalinkGuidAsTheLinkOnlyWhenItIsOne) {
  const Feed feed = ParseOk(R"(<rss version="2.0"><channel>
    <item><guid>https://vnexpress.net/a-1.html</guid></item>
    <item><guid isPermaLink="false">https://vnexpress.net/a-2.html</guid></item>
    <item><guid>tag:vnexpress.net,2017:3</guid></item>
  </channel></rss>)");
  ASSERT_EQ(feed.items.size(), 3u);
  EXPECT_EQ(feed.items[0].link, "https://vnexpress.net/a-1.html");
  EXPECT_EQ(feed.items[1].link, "");
  EXPECT_EQ(feed.items[2].link, "");
}

TEST(FeedParser, LeavesPublishedEmptyWhenTheDateCannotBeRead) {
  const Feed feed = ParseOk(
      "<rss><channel><item><title>x</title><pubDate>hôm qua</pubDate></item></channel></rss>");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_FALSE(feed.items[0].published.has_value());
}

TEST(FeedParser, ReadsNakedXhtmlInADescriptionAsHtml) {
  const Feed feed = ParseOk(
      "<rss><channel><item><description><p>Một <b>đoạn</b></p><p>Hai &amp; ba</p>"
      "</description></item></channel></rss>");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].summary, "Một đoạn Hai & ba");
}

// ---- Atom ----

constexpr std::string_view kAtom = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.vn/news/">
  <title type="html">Tin &lt;b&gt;Phú Thọ&lt;/b&gt;</title>
  <link rel="self" href="https://example.vn/feed.atom"/>
  <link href="index.html"/>
  <author><name>Ban biên tập</name></author>
  <entry>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <title type="text">1 &lt; 2 &amp; &lt;b&gt; stays</title>
    <link rel="enclosure" href="https://example.vn/a.mp3"/>
    <link rel="alternate" type="text/html" href="2024/bai-viet.html"/>
    <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Đoạn <em>một</em></p><p>Đoạn hai</p></div></summary>
    <author><name>Trần Thị B</name></author>
    <published>2017-02-18T15:16:55+07:00</published>
    <updated>2020-01-01T00:00:00Z</updated>
  </entry>
  <entry xml:base="/other/">
    <id>tag:example.vn,2024:2</id>
    <title>Second</title>
    <link href="b.html"/>
    <content type="html">&lt;p&gt;Nội dung&amp;nbsp;đầy đủ&lt;/p&gt;</content>
    <updated>2017-02-18T08:16:55Z</updated>
  </entry>
</feed>)";

TEST(FeedParser, ReadsAtomFeedAndEntryFields) {
  const Feed feed = ParseOk(kAtom, "https://example.vn/feed.atom");
  EXPECT_EQ(feed.format, "atom1");
  EXPECT_EQ(feed.title, "Tin Phú Thọ");
  EXPECT_EQ(feed.link, "https://example.vn/news/index.html");
  ASSERT_EQ(feed.items.size(), 2u);
  const FeedItem& entry = feed.items[0];
  EXPECT_EQ(entry.guid, "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a");
  EXPECT_EQ(entry.title, "1 < 2 & <b> stays");  // type="text" is not HTML
  EXPECT_EQ(entry.link, "https://example.vn/news/2024/bai-viet.html");
  EXPECT_EQ(entry.summary, "Đoạn một Đoạn hai");
  EXPECT_EQ(entry.author, "Trần Thị B");
  EXPECT_EQ(entry.published, UnixTime{1487405815});  // published wins over updated
}

TEST(FeedParser, FallsBackToAtomContentUpdatedAndTheFeedAuthor) {
  const Feed feed = ParseOk(kAtom, "https://example.vn/feed.atom");
  ASSERT_EQ(feed.items.size(), 2u);
  const FeedItem& entry = feed.items[1];
  EXPECT_EQ(entry.summary, "Nội dung đầy đủ");
  EXPECT_EQ(entry.published, UnixTime{1487405815});
  EXPECT_EQ(entry.author, "Ban biên tập");
  EXPECT_EQ(entry.link, "https://example.vn/other/b.html");  // nested xml:base
}

TEST(FeedParser, ResolvesAtomLinksAgainstTheDocumentUrlWithoutXmlBase) {
  const Feed feed = ParseOk(
      R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="../a.html"/></entry></feed>)",
      "http://example.vn/feeds/x/atom.xml");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].link, "http://example.vn/feeds/a.html");
}

// ---- recovery ----

TEST(FeedParser, RecoversHtmlEntitiesThatXmlDoesNotDefine) {
  const Feed feed = ParseOk(
      "<rss><channel><title>Hà&nbsp;Nội &copy; 2024</title><item><title>A&nbsp;&ndash;&nbsp;B"
      "</title></item></channel></rss>");
  EXPECT_EQ(feed.title, "Hà Nội © 2024");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "A – B");
}

TEST(FeedParser, RecoversStrayAmpersandsAndBareLessThanSigns) {
  const Feed feed = ParseOk(
      "<rss><channel><item><title>AT&T: 1 < 2</title>"
      "<link>http://example.vn/?a=1&b=2</link></item></channel></rss>");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "AT&T: 1 < 2");
  EXPECT_EQ(feed.items[0].link, "http://example.vn/?a=1&b=2");
}

TEST(FeedParser, RecoversAByteOrderMarkAndBlankLinesBeforeTheDeclaration) {
  const Feed feed = ParseOk(
      "\xEF\xBB\xBF\n\n  <?xml version=\"1.0\"?>\n<rss><channel><title>ok</title></channel></rss>");
  EXPECT_EQ(feed.title, "ok");
}

TEST(FeedParser, RecoversADocumentWhoseClosingTagsAreMissing) {
  const Feed feed =
      ParseOk("<rss><channel><title>t</title><item><title>a</title></item></channel></rss");
  EXPECT_EQ(feed.items.size(), 1u);
  const Feed unclosed = ParseOk("<rss><channel><item><title>a</title></item>\n<!-- cut -->\n");
  EXPECT_EQ(unclosed.items.size(), 1u);
}

TEST(FeedParser, ConvertsADeclaredEightBitCharset) {
  const Feed feed = ParseOk(
      "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss><channel><title>caf\xE9</title>"
      "</channel></rss>");
  EXPECT_EQ(feed.title, "café");
}

TEST(FeedParser, ConvertsUtf16WithAByteOrderMark) {
  const std::string utf8 = "<rss><channel><title>Việt</title></channel></rss>";
  // UTF-16LE by hand: every code point here is in the BMP.
  std::string utf16 = "\xFF\xFE";
  for (std::size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    char32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xE0) {
      cp = c & 0x0F;
      len = 3;
    } else if (c >= 0xC0) {
      cp = c & 0x1F;
      len = 2;
    }
    for (std::size_t k = 1; k < len; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    utf16 += static_cast<char>(cp & 0xFF);
    utf16 += static_cast<char>(cp >> 8);
    i += len;
  }
  EXPECT_EQ(ParseOk(utf16).title, "Việt");
}

TEST(FeedParser, NormalisesTextToNfc) {
  const Feed feed = ParseOk(
      "<rss><channel><item><title>Vie\u0323\u0302t Nam</title>"
      "<description>Ho\u0300a Bi\u0300nh</description></item></channel></rss>");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "Việt Nam");
  EXPECT_EQ(feed.items[0].summary, "Hòa Bình");
}

// ---- refusal ----

TEST(FeedParser, RefusesWhatIsNotAFeedWithAReadableReason) {
  EXPECT_EQ(ErrorOf(""), "empty document");
  EXPECT_EQ(ErrorOf(" \n\t"), "empty document");
  EXPECT_EQ(ErrorOf("<html><body>hi</body></html>"), "not a feed: root element <html>");
  EXPECT_EQ(ErrorOf("<!DOCTYPE html><html><head><meta charset=utf-8><title>x</title></head>"
                    "<body><p>Tin<br>mới</p></body></html>"),
            "not a feed: an HTML page");
  EXPECT_EQ(ErrorOf(R"({"title": "no version"})"),
            "not a feed: JSON without a jsonfeed.org version");
  EXPECT_EQ(ErrorOf(R"({"version": )"),
            "not JSON: the document starts with '{' but does not parse");
}

TEST(FeedParser, ReportsWhatRecoveryCannotMendWithTheOffsetOfTheDamage) {
  // A '<' inside a tag name is beyond repair; a BOM and blank lines before
  // the document do not shift the reported offset off the original bytes.
  const std::string broken = "<rss><channel><item><ti<tle>a</title></item></channel></rss>";
  const std::string error = ErrorOf(broken);
  EXPECT_TRUE(error.starts_with("not XML: ")) << error;
  const auto at = error.rfind("at offset ");
  ASSERT_NE(at, std::string::npos) << error;
  const int offset = std::stoi(error.substr(at + 10));
  EXPECT_EQ(ErrorOf("\xEF\xBB\xBF\n\n" + broken), error.substr(0, at) + "at offset " +
                                                        std::to_string(offset + 5));
}

TEST(FeedParser, SurvivesGarbage) {
  const std::string garbage[] = {
      std::string("\x00\x01\x02\xff\xfe", 5),
      "<",
      "<<<<>>>>",
      "&&&&;;;",
      "<rss",
      "<rss><![CDATA[",
      "<rss><channel><item><title>&#xFFFFFFFF;&#0;</title></item></channel></rss>",
      "<?xml version='1.0' encoding='no-such-charset'?><rss/>",
      std::string(100000, '<'),
      "<rss>" + std::string(5000, 'x') + "</channel>",
      R"({"version": "https://jsonfeed.org/version/1", "items": )" + std::string(100000, '['),
      R"({"version": "https://jsonfeed.org/version/1", "items": [{"id": {"x": [1, 2]}}]})",
      std::string(100000, '{'),
      "<rss><channel><item><![CDATA[" + std::string(1000, ']') + "</item></channel></rss>",
      "<rss><channel><item><title>" + std::string(50000, '&') + "</title>"};
  for (const auto& body : garbage) {
    const auto result = ParseFeed(body, "http://example.vn/");
    if (!result.ok()) {
      EXPECT_FALSE(result.error().message.empty());
    }
  }
}

TEST(FeedParser, SurvivesDeepNesting) {
  std::string body = "<rss><channel><item><description>";
  for (int i = 0; i < 20000; ++i) body += "<div>";
  body += "deep";
  for (int i = 0; i < 20000; ++i) body += "</div>";
  body += "</description></item></channel></rss>";
  const Feed feed = ParseOk(body);
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].summary, "deep");
}

// ---- fields added for issue 3 ----

TEST(FeedParser, KeepsTheRawHtmlAsContentBesideTheCleanSummary) {
  const Feed feed = ParseOk(kRss, "https://baolaichau.vn/rss/home.rss");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].content,
            "<p>Sáng nay, <a href=\"/x\">UBND tỉnh</a> khánh thành cầu.</p>");
  EXPECT_EQ(feed.items[1].content, "<p>Full <em>text</em></p>");  // content:encoded, unescaped
  EXPECT_EQ(feed.items[1].summary, "Full text");
}

TEST(FeedParser, ReadsChannelDescriptionLanguageCategoriesAndUpdated) {
  const Feed feed = ParseOk(R"(<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
      xmlns:dcterms="http://purl.org/dc/terms/"><channel>
    <title>T</title><description>Tin &lt;b&gt;tỉnh&lt;/b&gt;</description><language>vi</language>
    <item><title>a</title><category>Thời sự</category><category domain="x">Xã hội</category>
      <dc:subject>Thời sự</dc:subject><dc:date>2026-11-20T08:15:00+07:00</dc:date>
      <dcterms:modified>2026-11-21T00:00:00Z</dcterms:modified></item>
  </channel></rss>)");
  EXPECT_EQ(feed.description, "Tin tỉnh");
  EXPECT_EQ(feed.language, "vi");
  EXPECT_FALSE(feed.recovered);
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].categories, (std::vector<std::string>{"Thời sự", "Xã hội"}));
  EXPECT_EQ(feed.items[0].published, UnixTime{1795137300});  // dc:date, as nothing else is given
  EXPECT_EQ(feed.items[0].updated, UnixTime{1795219200});
}

TEST(FeedParser, ReadsVietnameseLocalDatesInPubDateAsVietnamTime) {
  const Feed feed = ParseOk(
      "<rss><channel><item><pubDate>Thứ sáu, 20/11/2026 08:15 (GMT+7)</pubDate></item>"
      "<item><pubDate>08:15 ngày 20/11/2026</pubDate></item></channel></rss>");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].published, UnixTime{1795137300});
  EXPECT_EQ(feed.items[1].published, UnixTime{1795137300});
}

TEST(FeedParser, TakesTheAtomSelfLinkAsTheRssFeedLinkOnlyWithoutALink) {
  constexpr std::string_view kSelfOnly = R"(<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel>
      <atom:link rel="self" href="https://x.vn/rss"/></channel></rss>)";
  EXPECT_EQ(ParseOk(kSelfOnly).link, "https://x.vn/rss");
  constexpr std::string_view kBoth = R"(<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel>
      <atom:link rel="self" href="https://x.vn/rss"/><link>https://x.vn/</link></channel></rss>)";
  EXPECT_EQ(ParseOk(kBoth).link, "https://x.vn/");
}

TEST(FeedParser, FallsBackToMediaTitleAndDescription) {
  const Feed feed = ParseOk(R"(<rss xmlns:media="http://search.yahoo.com/mrss/"><channel><item>
      <media:group><media:title>Video</media:title>
      <media:description>Mô tả</media:description></media:group></item></channel></rss>)");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "Video");
  EXPECT_EQ(feed.items[0].summary, "Mô tả");
}

TEST(FeedParser, ReadsAtomSubtitleLanguageCategoriesUpdatedAndXhtmlContent) {
  const Feed feed = ParseOk(R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">
    <subtitle type="html">Tin &lt;i&gt;mới&lt;/i&gt;</subtitle>
    <entry><title>a</title><category term="thoi-su" label="Thời sự"/><category label="Khác"/>
      <updated>2026-11-20T01:15:00Z</updated>
      <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Đoạn <b>một</b></p></div></content>
    </entry></feed>)");
  EXPECT_EQ(feed.description, "Tin mới");
  EXPECT_EQ(feed.language, "vi");
  ASSERT_EQ(feed.items.size(), 1u);
  const FeedItem& entry = feed.items[0];
  EXPECT_EQ(entry.categories, (std::vector<std::string>{"thoi-su", "Khác"}));
  EXPECT_EQ(entry.updated, UnixTime{1795137300});
  EXPECT_EQ(entry.published, UnixTime{1795137300});  // no <published>: updated stands in
  EXPECT_EQ(entry.content, "<p>Đoạn <b>một</b></p>");
  EXPECT_EQ(entry.summary, "Đoạn một");
}

TEST(FeedParser, ReadsRss10RdfDocuments) {
  const Feed feed = ParseOk(R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://x.vn/rss"><title>Kênh</title><link>https://x.vn/</link>
    <description>Mô tả</description><dc:language>vi</dc:language></channel>
  <item rdf:about="https://x.vn/a"><title>Bài A</title><link>https://x.vn/a</link>
    <description>&lt;p&gt;Tóm tắt&lt;/p&gt;</description><dc:creator>B</dc:creator>
    <dc:date>2026-11-20T08:15+07:00</dc:date></item>
  <item rdf:about="https://x.vn/b"><title>Bài B</title><link>/b</link></item>
</rdf:RDF>)",
                            "https://x.vn/rss");
  EXPECT_EQ(feed.format, "rss10");
  EXPECT_EQ(feed.title, "Kênh");
  EXPECT_EQ(feed.link, "https://x.vn/");
  EXPECT_EQ(feed.description, "Mô tả");
  EXPECT_EQ(feed.language, "vi");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].guid, "https://x.vn/a");
  EXPECT_EQ(feed.items[0].summary, "Tóm tắt");
  EXPECT_EQ(feed.items[0].content, "<p>Tóm tắt</p>");
  EXPECT_EQ(feed.items[0].author, "B");
  EXPECT_EQ(feed.items[0].published, UnixTime{1795137300});
  EXPECT_EQ(feed.items[1].link, "https://x.vn/b");
}

TEST(FeedParser, ReadsRss090Documents) {
  const Feed feed = ParseOk(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>Old</title></channel>
      <item><title>One</title><link>http://x/1</link></item></rdf:RDF>)");
  EXPECT_EQ(feed.format, "rss090");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].link, "http://x/1");
}

TEST(FeedParser, ReadsJsonFeed) {
  const Feed feed = ParseOk(R"({
    "version": "https://jsonfeed.org/version/1.1", "title": "Tin Lai Châu",
    "home_page_url": "https://x.vn/", "description": "Mô tả", "language": "vi",
    "authors": [{"name": "Tòa soạn"}],
    "items": [
      {"id": "1", "url": "/a.html", "title": "Bài A", "content_html": "<p>Nội <b>dung</b></p>",
       "date_published": "2026-11-20T08:15:00+07:00", "date_modified": "2026-11-21T00:00:00Z",
       "tags": ["Thời sự", 3]},
      {"id": 2, "external_url": "https://y.vn/b", "content_text": "Chỉ   văn bản",
       "summary": "Tóm tắt", "author": {"name": "B"}},
      "not an item"
    ]})",
                            "https://x.vn/feed.json");
  EXPECT_EQ(feed.format, "json1");
  EXPECT_EQ(feed.title, "Tin Lai Châu");
  EXPECT_EQ(feed.link, "https://x.vn/");
  EXPECT_EQ(feed.description, "Mô tả");
  EXPECT_EQ(feed.language, "vi");
  ASSERT_EQ(feed.items.size(), 2u);
  const FeedItem& a = feed.items[0];
  EXPECT_EQ(a.guid, "1");
  EXPECT_EQ(a.link, "https://x.vn/a.html");
  EXPECT_EQ(a.summary, "Nội dung");
  EXPECT_EQ(a.content, "<p>Nội <b>dung</b></p>");
  EXPECT_EQ(a.author, "Tòa soạn");
  EXPECT_EQ(a.published, UnixTime{1795137300});
  EXPECT_EQ(a.updated, UnixTime{1795219200});
  EXPECT_EQ(a.categories, std::vector<std::string>{"Thời sự"});
  const FeedItem& b = feed.items[1];
  EXPECT_EQ(b.guid, "2");
  EXPECT_EQ(b.link, "https://y.vn/b");
  EXPECT_EQ(b.summary, "Tóm tắt");
  EXPECT_EQ(b.content, "Chỉ   văn bản");
  EXPECT_EQ(b.author, "B");
}

TEST(FeedParser, ReadsTheJsonFeedFixturesOfBothCorpora) {
  EXPECT_EQ(ParseCorpusFile("feedparser-tests/json/example.json").format, "json1");
  for (const auto& path : XmlFilesUnder(kCorpus + "/feed-rs-fixtures/jsonfeed")) {
    if (path.string().ends_with(".serde.json")) continue;
    const auto result = ParseFeed(testing::ReadFile(path.string()), "");
    ASSERT_TRUE(result.ok()) << path << ": " << result.error().message;
    EXPECT_FALSE(result->items.empty()) << path;
    EXPECT_FALSE(result->title.empty()) << path;
  }
}

// ---- character sets ----

TEST(FeedParser, LetTheHttpCharsetOverrideTheXmlDeclaration) {
  const std::string body =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><title>caf\xE9</title>"
      "</channel></rss>";
  auto latin = ParseFeed(body, "", "text/xml; charset=\"ISO-8859-1\"");
  ASSERT_TRUE(latin.ok());
  EXPECT_EQ(latin->title, "café");
  // Without the header the declaration wins and the byte is malformed UTF-8.
  auto declared = ParseFeed(body, "");
  ASSERT_TRUE(declared.ok());
  EXPECT_EQ(declared->title, "caf\uFFFD");
  // A byte-order mark beats both.
  auto bom = ParseFeed("\xEF\xBB\xBF<rss><channel><title>Việt</title></channel></rss>", "",
                       "application/rss+xml; charset=windows-1252");
  ASSERT_TRUE(bom.ok());
  EXPECT_EQ(bom->title, "Việt");
}

TEST(FeedParser, ComposesWindows1258WhoseVietnameseArrivesDecomposed) {
  // windows-1258 writes "ệ" as ê (0xEA) + combining dot below (0xF2).
  const std::string body =
      "<?xml version=\"1.0\" encoding=\"windows-1258\"?><rss><channel><title>Vi\xEA\xF2t "
      "Nam</title><item><title>Ho\xCC" "a Bi\xCC" "nh</title></item></channel></rss>";
  const Feed feed = ParseOk(body);
  EXPECT_EQ(feed.title, "Việt Nam");
  EXPECT_TRUE(IsNfc(feed.title));
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "Hòa Bình");
  auto by_header = ParseFeed(
      "<rss><channel><title>Vi\xEA\xF2t</title></channel></rss>", "", "text/xml;charset=cp1258");
  ASSERT_TRUE(by_header.ok());
  EXPECT_EQ(by_header->title, "Việt");
}

// ---- recovery flag ----

TEST(FeedParser, FlagsRecoveredDocumentsAndOnlyThose) {
  EXPECT_FALSE(ParseOk(kRss).recovered);
  EXPECT_FALSE(ParseOk(kAtom).recovered);
  EXPECT_FALSE(ParseOk("<rss><channel><title>&#7841; &#x1EA1; &amp;</title></channel></rss>")
                   .recovered);
  EXPECT_TRUE(ParseOk("<rss><channel><title>a&nbsp;b</title></channel></rss>").recovered);
  EXPECT_TRUE(ParseOk("<rss><channel><title>AT&T</title></channel></rss>").recovered);
  EXPECT_TRUE(ParseOk("<rss><channel><title>1 < 2</title></channel></rss>").recovered);
  EXPECT_TRUE(ParseOk("<rss><channel><title>x</title></channel>").recovered);
  EXPECT_TRUE(ParseOk("<rss><channel><title>&#150;</title></channel></rss>").recovered);
}

TEST(FeedParser, ExpandsEntitiesDeclaredInTheDoctypeWithoutFlaggingRecovery) {
  const auto feed = ParseFeed(R"(<!DOCTYPE rss [
  <!ENTITY id "tag:example.com,">
  <!ENTITY site 'Báo Lai Châu'>
  <!ENTITY evil "<b>markup</b>">
  <!ENTITY % param "x">
  <!ENTITY ext SYSTEM "http://example.com/ext.ent">
]>
<rss version="2.0"><channel><title>&site;</title>
<item><guid isPermaLink="false">&id;2006-05-04:/blog/</guid><link>https://x.vn/?s=&site;</link>
<description>&nbsp;&evil;&ext;</description></item></channel></rss>)",
                              "");
  ASSERT_TRUE(feed.ok()) << feed.error().message;
  EXPECT_EQ(feed->title, "Báo Lai Châu");
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].guid, "tag:example.com,2006-05-04:/blog/");
  // A value with markup is not expanded, and nothing external is fetched.
  EXPECT_EQ(feed->items[0].summary, "&evil;&ext;");
  EXPECT_TRUE(feed->recovered) << "&nbsp; is still a repair";
  const auto clean = ParseFeed("<!DOCTYPE rss [<!ENTITY a \"A\">]><rss><channel><title>&a;</title>"
                               "</channel></rss>", "");
  ASSERT_TRUE(clean.ok());
  EXPECT_EQ(clean->title, "A");
  EXPECT_FALSE(clean->recovered);
}

TEST(FeedParser, BoundsTheExpansionOfDeclaredEntities) {
  std::string doc = "<!DOCTYPE rss [<!ENTITY big \"" + std::string(256, 'x') +
                    "\">]><rss><channel><title>";
  for (int i = 0; i < 10000; ++i) doc += "&big;";  // 2.5 MB if all were expanded
  doc += "</title></channel></rss>";
  const auto feed = ParseFeed(doc, "");
  ASSERT_TRUE(feed.ok()) << feed.error().message;
  EXPECT_LE(feed->title.size(), (1u << 20) + 5 * 10000u);
  EXPECT_GE(feed->title.size(), 1u << 19);
}

TEST(FeedParser, TakesTheLanguageFromContentLanguageOnlyWhenTheFeedHasNone) {
  const auto none = ParseFeed("<rss><channel><title>t</title></channel></rss>", "", "",
                              "VI, en");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->language, "vi");
  const auto own = ParseFeed("<rss><channel><language>en-us</language></channel></rss>", "", "",
                             "vi");
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->language, "en-us");
}

TEST(FeedParser, RecoversBadNestingAsABrowserWould) {
  // </item> closes the open <title> first; </b> closes nothing and is dropped.
  const Feed feed = ParseOk(
      "<rss><channel><item><title>a</item><item><title>b</b></title></item></channel></rss>");
  EXPECT_TRUE(feed.recovered);
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].title, "a");
  EXPECT_EQ(feed.items[1].title, "b");
}

TEST(FeedParser, RecoversATruncatedDocumentWithTheItemsItHolds) {
  const std::string whole =
      "<rss><channel><title>t</title><item><title>một</title></item>"
      "<item><title>hai</title><description><![CDATA[<p>cắt";
  for (std::size_t cut : {whole.size(), whole.size() - 3, whole.size() - 12}) {
    const Feed feed = ParseOk(whole.substr(0, cut));
    EXPECT_TRUE(feed.recovered) << cut;
    ASSERT_EQ(feed.items.size(), 2u) << cut;
    EXPECT_EQ(feed.items[0].title, "một");
    EXPECT_EQ(feed.items[1].title, "hai");
  }
  const Feed mid_tag = ParseOk("<rss><channel><item><title>x</title></item><ite");
  EXPECT_EQ(mid_tag.items.size(), 1u);
}

// ---- corpus ----

TEST(FeedParserCorpus, ParsesEveryConformanceCaseWithoutCrashing) {
  int parsed = 0;
  int total = 0;
  for (const auto& path : XmlFilesUnder(kCorpus + "/feedparser-tests")) {
    ++total;
    parsed += ParseFeed(testing::ReadFile(path.string()), "http://127.0.0.1:8097/").ok() ? 1 : 0;
  }
  for (const auto& path : XmlFilesUnder(kCorpus + "/feed-rs-fixtures")) {
    ++total;
    (void)ParseFeed(testing::ReadFile(path.string()), "https://example.com/").ok();
  }
  EXPECT_GT(total, 2000);
  EXPECT_GT(parsed, 1900);  // the rest are RDF, CDF and JSON Feed cases
}

TEST(FeedParserCorpus, ReadsNearlyAllWellFormedRssAndAtomCases) {
  for (const std::string dir :
       {"/feedparser-tests/wellformed/rss", "/feedparser-tests/wellformed/atom10"}) {
    int ok = 0;
    int total = 0;
    std::vector<std::string> failures;
    for (const auto& path : XmlFilesUnder(kCorpus + dir)) {
      ++total;
      const auto result = ParseFeed(testing::ReadFile(path.string()), "");
      if (result.ok()) {
        ++ok;
      } else {
        failures.push_back(path.filename().string() + ": " + result.error().message);
      }
    }
    EXPECT_GT(total, 150) << dir;
    // Only rss_version_090.xml (an RDF document) may fail.
    EXPECT_GE(ok, total - 1) << dir << "; first failure: " << (failures.empty() ? "" : failures[0]);
  }
}

TEST(FeedParserCorpus, MatchesFeedparserExpectationsOnSelectedCases) {
  const std::string wf = "feedparser-tests/wellformed/";
  EXPECT_EQ(ParseCorpusFile(wf + "rss/channel_title.xml").title, "Example feed");
  EXPECT_EQ(ParseCorpusFile(wf + "rss/channel_title_apos.xml").title, "Mark's title");
  EXPECT_EQ(ParseCorpusFile(wf + "rss/channel_title_lt.xml").title, "1 < 2");
  EXPECT_EQ(ParseCorpusFile(wf + "rss/channel_link.xml").link, "http://example.com/");
  EXPECT_EQ(ParseCorpusFile(wf + "rss/item_pubDate.xml").items.at(0).published,
            UnixTime{1072986501});
  EXPECT_EQ(ParseCorpusFile(wf + "rss/item_guid_isPermaLink_map_link.xml").items.at(0).link,
            "http://guid.example.com/");
  EXPECT_EQ(ParseCorpusFile(wf + "rss/item_guid_conflict_link.xml").items.at(0).link,
            "http://link.example.com/");
  EXPECT_EQ(ParseCorpusFile(wf + "rss/item_description_escaped_markup.xml").items.at(0).summary,
            "Example description");
  EXPECT_EQ(ParseCorpusFile(wf + "rss/item_content_encoded.xml").items.at(0).summary,
            "Example content");
  EXPECT_EQ(ParseCorpusFile(wf + "rss/item_dc_creator.xml").items.at(0).author, "Example editor");
  EXPECT_EQ(ParseCorpusFile(wf + "rss/rss_namespace_1.xml").format, "rss2");
  EXPECT_EQ(ParseCorpusFile(wf + "atom10/entry_content_inline_markup.xml").items.at(0).summary,
            "Example Atom");
  EXPECT_EQ(ParseCorpusFile(wf + "atom10/entry_link_no_rel.xml").items.at(0).link,
            "http://www.example.com/");
  EXPECT_EQ(ParseCorpusFile(wf + "atom10/entry_link_multiple.xml").items.at(0).link,
            "http://www.example.com/");
  EXPECT_EQ(ParseCorpusFile(wf + "atom10/entry_link_no_href_link_priority.xml").items.at(0).link,
            "http://www.example.com/alternate");
  EXPECT_EQ(ParseCorpusFile(wf + "atom10/entry_author_name.xml").items.at(0).author,
            "Example author");
  EXPECT_EQ(ParseCorpusFile(wf + "atom10/entry_id.xml").items.at(0).guid, "http://example.com/");
  EXPECT_EQ(ParseCorpusFile(wf + "atom10/feed_title_escaped_markup.xml").title, "Example Atom");
  EXPECT_EQ(ParseCorpusFile(wf + "atom10/ampersand_in_attr.xml").title, "Example test");
  EXPECT_EQ(ParseCorpusFile(wf + "atom10/relative_uri_inherit_2.xml").title, "Example test");
  EXPECT_EQ(ParseCorpusFile("feedparser-tests/entities/hellip.xml").title, "testing \u2026 entity");
  EXPECT_EQ(ParseCorpusFile("feedparser-tests/illformed/rss_item_link_corrupted_ampersands.xml")
                .items.at(0)
                .link,
            "http://link/get?a=1&b=2");
}

// Every entities/ case is "testing &NAME; entity" in a title and names the
// expected code point in its Expect line ('testing \u2026 entity').
TEST(FeedParserCorpus, DecodesEveryHtmlEntityCase) {
  int checked = 0;
  for (const auto& path : XmlFilesUnder(kCorpus + "/feedparser-tests/entities")) {
    const std::string text = testing::ReadFile(path.string());
    const std::string needle = "== 'testing \\";
    const auto expect = text.find(needle);
    if (expect == std::string::npos) continue;
    const char kind = text[expect + needle.size()];
    if (kind != 'u' && kind != 'x') continue;
    const auto hex = text.substr(expect + needle.size() + 1, kind == 'u' ? 4 : 2);
    const char32_t cp = static_cast<char32_t>(std::stoul(hex, nullptr, 16));
    const auto result = ParseFeed(text, "");
    ASSERT_TRUE(result.ok()) << path;
    const std::string& title = result->title;
    ASSERT_TRUE((title.starts_with("testing ") && title.ends_with(" entity")) ||
                title == "testing entity")
        << path << ": " << title;
    if (cp == 0xA0) {  // a no-break space collapses like any space
      EXPECT_EQ(title, "testing entity") << path;
    } else {
      const std::string middle = title.substr(8, title.size() - 15);
      EXPECT_FALSE(middle.empty()) << path;
      EXPECT_EQ(middle.find('&'), std::string::npos) << path << ": not decoded: " << title;
    }
    ++checked;
  }
  EXPECT_GT(checked, 240);
}

// ---- Vietnamese feeds ----

TEST(FeedParserVietnamese, ReadsAllVnExpressSnapshotsWithNfcTitles) {
  int files = 0;
  for (const auto& path : XmlFilesUnder(kCorpus + "/vn-rss-feeds/vnexpress-2017-js-extracted")) {
    ++files;
    const Feed feed =
        ParseOk(testing::ReadFile(path.string()), "http://vnexpress.net/rss/tin-moi-nhat.rss");
    EXPECT_EQ(feed.format, "rss2");
    EXPECT_EQ(feed.title, "Tin mới nhất - VnExpress RSS") << path;
    ASSERT_EQ(feed.items.size(), 25u) << path;
    int untitled = 0;
    for (const FeedItem& item : feed.items) {
      EXPECT_TRUE(IsNfc(item.summary)) << path << ": " << item.summary;
      if (item.title.empty()) {
        ++untitled;  // the Nov 2017 snapshot has one "<title/>" placeholder item
        continue;
      }
      EXPECT_TRUE(IsNfc(item.title)) << path << ": " << item.title;
      EXPECT_TRUE(item.link.starts_with("http://") || item.link.starts_with("https://"))
          << item.link;
      EXPECT_EQ(item.summary.find('<'), std::string::npos) << item.summary;
      EXPECT_TRUE(item.published.has_value()) << path << ": " << item.title;
    }
    EXPECT_LE(untitled, 1) << path;
  }
  EXPECT_EQ(files, 6);
}

TEST(FeedParserVietnamese, ReadsTheFirstVnExpressItemExactly) {
  const Feed feed = ParseCorpusFile(
      "vn-rss-feeds/vnexpress-2017-js-extracted/vnexpress-tin-moi-nhat-20170218T1521.xml");
  ASSERT_FALSE(feed.items.empty());
  const FeedItem& item = feed.items[0];
  EXPECT_EQ(item.title, "Giang Kim Đạt bị đề nghị tử hình");
  EXPECT_EQ(item.link,
            "http://vnexpress.net/tin-tuc/phap-luat/giang-kim-dat-bi-de-nghi-tu-hinh-3543450.html");
  EXPECT_EQ(item.guid, item.link);
  EXPECT_EQ(item.summary,
            "Đại diện cơ quan công tố cho rằng, có đủ cơ sở quy kết Đạt và các bị cáo khác phạm "
            "tội nên đề nghị tử hình vì tội Tham ô 260 tỷ đồng.");
  EXPECT_EQ(item.published, UnixTime{1487405815});  // Sat, 18 Feb 2017 15:16:55 +0700
}

TEST(FeedParserVietnamese, ComposesADecomposedVnExpressTitle) {
  const Feed feed = ParseCorpusFile(
      "vn-rss-feeds/vnexpress-2017-js-extracted/vnexpress-tin-moi-nhat-20170830T2004.xml");
  bool found = false;
  for (const FeedItem& item : feed.items)
    found = found || item.title == "Nước cờ mạo hiểm của Oppo Việt Nam";
  EXPECT_TRUE(found);
}

TEST(FeedParserVietnamese, RecoversTheRawAmpersandsOfThe2025Feed) {
  const Feed feed =
      ParseCorpusFile("vn-rss-feeds/vnexpress-2025-sample/vnexpress-the-gioi-20250206-1item.xml");
  EXPECT_EQ(feed.link, "https://vnexpress.net/rss/the-gioi.rss");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "Israel nối gót Mỹ rời Hội đồng Nhân quyền LHQ");
  EXPECT_EQ(feed.items[0].published, UnixTime{1738848648});
}

}  // namespace
}  // namespace pw::crawler
