#include "crawler/url.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace pw::crawler {
namespace {

struct UrlCase {
  std::string ref;
  std::string expected;
  friend void PrintTo(const UrlCase& c, std::ostream* os) { *os << '"' << c.ref << '"'; }
};

class ResolveUrlRfc3986 : public ::testing::TestWithParam<UrlCase> {};

// RFC 3986 section 5.4: the normal and abnormal examples, base as given there.
TEST_P(ResolveUrlRfc3986, MatchesTheRfcExamples) {
  EXPECT_EQ(ResolveUrl("http://a/b/c/d;p?q", GetParam().ref), GetParam().expected)
      << GetParam().ref;
}

INSTANTIATE_TEST_SUITE_P(
    Rfc3986, ResolveUrlRfc3986,
    ::testing::Values(UrlCase{"g:h", "g:h"}, UrlCase{"g", "http://a/b/c/g"},
                      UrlCase{"./g", "http://a/b/c/g"}, UrlCase{"g/", "http://a/b/c/g/"},
                      UrlCase{"/g", "http://a/g"}, UrlCase{"//g", "http://g"},
                      UrlCase{"?y", "http://a/b/c/d;p?y"}, UrlCase{"g?y", "http://a/b/c/g?y"},
                      UrlCase{"#s", "http://a/b/c/d;p?q#s"}, UrlCase{"g#s", "http://a/b/c/g#s"},
                      UrlCase{"g?y#s", "http://a/b/c/g?y#s"}, UrlCase{";x", "http://a/b/c/;x"},
                      UrlCase{"g;x", "http://a/b/c/g;x"}, UrlCase{"", "http://a/b/c/d;p?q"},
                      UrlCase{".", "http://a/b/c/"}, UrlCase{"./", "http://a/b/c/"},
                      UrlCase{"..", "http://a/b/"}, UrlCase{"../", "http://a/b/"},
                      UrlCase{"../g", "http://a/b/g"}, UrlCase{"../..", "http://a/"},
                      UrlCase{"../../", "http://a/"}, UrlCase{"../../g", "http://a/g"},
                      UrlCase{"../../../g", "http://a/g"}, UrlCase{"../../../../g", "http://a/g"},
                      UrlCase{"/./g", "http://a/g"}, UrlCase{"/../g", "http://a/g"},
                      UrlCase{"g.", "http://a/b/c/g."}, UrlCase{".g", "http://a/b/c/.g"},
                      UrlCase{"g..", "http://a/b/c/g.."}, UrlCase{"..g", "http://a/b/c/..g"},
                      UrlCase{"./../g", "http://a/b/g"}, UrlCase{"./g/.", "http://a/b/c/g/"},
                      UrlCase{"g/./h", "http://a/b/c/g/h"}, UrlCase{"g/../h", "http://a/b/c/h"},
                      UrlCase{"g;x=1/./y", "http://a/b/c/g;x=1/y"},
                      UrlCase{"g;x=1/../y", "http://a/b/c/y"}));

TEST(ResolveUrl, LeavesAbsoluteLinksAlone) {
  EXPECT_EQ(ResolveUrl("http://vnexpress.net/rss/", "https://dantri.com.vn/a.htm"),
            "https://dantri.com.vn/a.htm");
}

TEST(ResolveUrl, ReturnsTheReferenceWhenThereIsNoUsableBase) {
  EXPECT_EQ(ResolveUrl("", "/tin-tuc/a.html"), "/tin-tuc/a.html");
  EXPECT_EQ(ResolveUrl("not a url", "a.html"), "a.html");
}

TEST(ResolveUrl, IgnoresWhitespaceAroundBothParts) {
  EXPECT_EQ(ResolveUrl("  http://vnexpress.net/rss/tin-moi-nhat.rss\n", "\n  /a.html  "),
            "http://vnexpress.net/a.html");
}

TEST(ResolveUrl, ResolvesAgainstAHostWithoutPath) {
  EXPECT_EQ(ResolveUrl("https://baolaichau.vn", "tin/a.html"), "https://baolaichau.vn/tin/a.html");
}

}  // namespace
}  // namespace pw::crawler
