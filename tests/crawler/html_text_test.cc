#include "crawler/html_text.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "crawler/text_util.h"

namespace pw::crawler {
namespace {

TEST(DecodeHtmlEntities, DecodesNamedDecimalAndHexReferences) {
  EXPECT_EQ(DecodeHtmlEntities("&amp; &lt;&gt; &eacute; &#7841; &#x1EA1; &hellip;"),
            "& <> é ạ ạ …");
}

TEST(DecodeHtmlEntities, KeepsUnknownReferencesAndBareAmpersands) {
  EXPECT_EQ(DecodeHtmlEntities("AT&T &bogus; &amp &#; &#xZZ;"), "AT&T &bogus; &amp &#; &#xZZ;");
}

TEST(DecodeHtmlEntities, ReadsC1ReferencesAsWindows1252) {
  EXPECT_EQ(DecodeHtmlEntities("don&#146;t &#150; &#x80;"), "don\u2019t \u2013 \u20AC");
}

TEST(DecodeHtmlEntities, TurnsInvalidCodePointsIntoReplacementCharacters) {
  EXPECT_EQ(DecodeHtmlEntities("&#0;&#xD800;&#x110000;&#99999999999;"), "\uFFFD\uFFFD\uFFFD\uFFFD");
}

TEST(HtmlToText, RemovesTagsAndSeparatesBlocksButNotInlineElements) {
  EXPECT_EQ(HtmlToText("<p>Hà</p><p>Nội</p>"), "Hà Nội");
  EXPECT_EQ(HtmlToText("<b>Vi</b><i>ệt</i> Nam"), "Việt Nam");
  EXPECT_EQ(HtmlToText("dòng một<br>dòng hai<br/>dòng ba"), "dòng một dòng hai dòng ba");
}

TEST(HtmlToText, DropsTheVnExpressThumbnailMarkup) {
  EXPECT_EQ(HtmlToText("<a href=\"http://vnexpress.net/a.html\"><img width=130 height=100 "
                       "src=\"http://img.vnecdn.net/a.jpg\" ></a></br>Đại diện cơ quan công tố"),
            "Đại diện cơ quan công tố");
}

TEST(HtmlToText, DropsCommentsScriptsAndStyles) {
  EXPECT_EQ(HtmlToText("a<!-- hidden -->b<script>alert('<x>')</script> c<style>p{}</style>"),
            "ab c");
}

TEST(HtmlToText, KeepsLessThanSignsThatStartNoTag) {
  EXPECT_EQ(HtmlToText("1 < 2 and 3 > 2"), "1 < 2 and 3 > 2");
  EXPECT_EQ(HtmlToText("broken <a href"), "broken <a href");
}

TEST(HtmlToText, DoesNotEndATagAtAQuotedGreaterThan) {
  EXPECT_EQ(HtmlToText("<a title=\"x > y\">link</a> text"), "link text");
}

TEST(HtmlToText, LetsAnUnclosedQuoteRunToTheEndAsBrowsersDo) {
  EXPECT_EQ(HtmlToText("before <img alt=\"x> after"), "before");
}

TEST(HtmlToText, StaysLinearOnPathologicalMarkup) {
  std::string many_lt;
  for (int i = 0; i < 200'000; ++i) many_lt += "<a ";
  many_lt += ">";  // one '>' at the very end
  std::string quotes;
  for (int i = 0; i < 200'000; ++i) quotes += "<a x=\">";
  std::string no_gt;  // each "<a" could start a tag, none can end
  for (int i = 0; i < 200'000; ++i) no_gt += "<a";
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(HtmlToText(no_gt), no_gt);
  EXPECT_EQ(HtmlToText(many_lt), "");
  EXPECT_EQ(HtmlToText(quotes), "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(HtmlToText, DecodesEntitiesAfterRemovingTagsSoEscapedMarkupStaysText) {
  EXPECT_EQ(HtmlToText("&lt;b&gt; is bold &amp; <b>this</b> too"), "<b> is bold & this too");
}

TEST(HtmlToText, CollapsesWhitespaceIncludingNoBreakSpaces) {
  EXPECT_EQ(HtmlToText("\n  Hà&nbsp;&nbsp; Nội\t\r\n  Việt\u00A0Nam  "), "Hà Nội Việt Nam");
}

TEST(TextUtil, ToNfcComposesDecomposedVietnamese) {
  // "Việt" with the dot below and circumflex as combining marks.
  EXPECT_EQ(ToNfc("Vie\u0323\u0302t Nam"), "Việt Nam");
  EXPECT_EQ(ToNfc("ascii stays"), "ascii stays");
}

TEST(TextUtil, ToNfcReplacesMalformedUtf8) { EXPECT_EQ(ToNfc("caf\xE9!"), "caf\uFFFD!"); }

TEST(TextUtil, FinishTextReadsC1ControlsAsWindows1252) {
  EXPECT_EQ(FinishText("don\u0092t"), "don\u2019t");
}

}  // namespace
}  // namespace pw::crawler
