// robots.txt: group selection, longest match, wildcards, the cache.
#include "crawler/robots.h"

#include <gtest/gtest.h>

namespace pw::crawler {
namespace {

constexpr const char* kRobots =
    "# comment line\r\n"
    "User-agent: Googlebot\r\n"
    "Disallow: /\r\n"
    "\r\n"
    "User-agent: *\r\n"
    "Disallow: /admin/\r\n"
    "Disallow: /tim-kiem\r\n"
    "Allow: /admin/public/\r\n"
    "Sitemap: https://x.vn/sitemap.xml\r\n";

TEST(Robots, TokenIsTheFirstWordOfTheUserAgentLowerCased) {
  EXPECT_EQ(RobotsToken("provwatch/0.1 (+https://provwatch.invalid)"), "provwatch");
  EXPECT_EQ(RobotsToken("  ProvWatch "), "provwatch");
}

TEST(Robots, StarGroupAppliesWhenNoGroupNamesUs) {
  const auto rules = ParseRobots(kRobots, "provwatch");
  EXPECT_TRUE(RobotsAllows(rules, "https://x.vn/thoi-su/bai-viet-123.html"));
  EXPECT_FALSE(RobotsAllows(rules, "https://x.vn/admin/login"));
  EXPECT_FALSE(RobotsAllows(rules, "https://x.vn/tim-kiem?q=lai+chau"));
  EXPECT_TRUE(RobotsAllows(rules, "https://x.vn/admin/public/a.html")) << "longer allow wins";
  EXPECT_TRUE(RobotsAllows(rules, "https://x.vn")) << "empty path is /";
}

TEST(Robots, OurOwnGroupReplacesTheStarGroup) {
  const auto rules = ParseRobots(
      "User-agent: *\nDisallow: /\n\nUser-agent: ProvWatch/2.0\nDisallow: /private\n", "provwatch");
  EXPECT_TRUE(RobotsAllows(rules, "https://x.vn/news/a.html"));
  EXPECT_FALSE(RobotsAllows(rules, "https://x.vn/private/a.html"));
  const auto other = ParseRobots("User-agent: *\nDisallow: /\n", "provwatch");
  EXPECT_FALSE(RobotsAllows(other, "https://x.vn/news/a.html"));
  EXPECT_TRUE(RobotsAllows(other, "https://x.vn/robots.txt")) << "robots.txt itself is always allowed";
}

TEST(Robots, ConsecutiveUserAgentLinesShareAGroupAndGroupsForUsMerge) {
  const auto rules = ParseRobots(
      "User-agent: a\nUser-agent: provwatch\nDisallow: /x\n"
      "User-agent: b\nDisallow: /y\n"
      "User-agent: provwatch\nDisallow: /z\n",
      "provwatch");
  EXPECT_FALSE(RobotsAllows(rules, "http://h/x1"));
  EXPECT_TRUE(RobotsAllows(rules, "http://h/y1")) << "b's rules are not ours";
  EXPECT_FALSE(RobotsAllows(rules, "http://h/z1"));
}

TEST(Robots, WildcardsAndEndAnchor) {
  const auto rules = ParseRobots(
      "User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?print=\nAllow: /*.pdf$public\n", "provwatch");
  EXPECT_FALSE(RobotsAllows(rules, "https://x.vn/docs/a.pdf"));
  EXPECT_TRUE(RobotsAllows(rules, "https://x.vn/docs/a.pdf?x=1")) << "$ anchors at the end";
  EXPECT_FALSE(RobotsAllows(rules, "https://x.vn/bai-1.html?print=1"));
  EXPECT_TRUE(RobotsAllows(rules, "https://x.vn/bai-1.html"));
}

TEST(Robots, EqualLengthTieGoesToAllowAndEmptyDisallowAllowsAll) {
  const auto tie = ParseRobots("User-agent: *\nDisallow: /page\nAllow: /page\n", "provwatch");
  EXPECT_TRUE(RobotsAllows(tie, "https://x.vn/page.html"));
  const auto none = ParseRobots("User-agent: *\nDisallow:\n", "provwatch");
  EXPECT_TRUE(RobotsAllows(none, "https://x.vn/anything"));
  EXPECT_TRUE(RobotsAllows(ParseRobots("", "provwatch"), "https://x.vn/a"));
}

TEST(Robots, RulesBeforeAnyUserAgentAreIgnored) {
  const auto rules = ParseRobots("Disallow: /\nUser-agent: *\nDisallow: /a\n", "provwatch");
  EXPECT_TRUE(RobotsAllows(rules, "https://x.vn/b"));
  EXPECT_FALSE(RobotsAllows(rules, "https://x.vn/a"));
}

TEST(Robots, DisallowAllBlocksEverythingButRobotsTxt) {
  RobotsRules rules;
  rules.disallow_all = true;
  EXPECT_FALSE(RobotsAllows(rules, "https://x.vn/"));
}

TEST(Robots, OriginIsSchemeHostAndPortLowerCased) {
  EXPECT_EQ(RobotsOrigin("HTTPS://Bao.VN:8443/a/b?c#d"), "https://bao.vn:8443");
  EXPECT_EQ(RobotsOrigin("http://user:pw@x.vn/a"), "http://x.vn");
  EXPECT_EQ(RobotsOrigin("file:///tmp/a.html"), "");
}

TEST(Robots, CacheForgetsEntriesAfterTheirTimeToLive) {
  RobotsCache cache(std::chrono::hours(24));
  cache.Put("https://x.vn", ParseRobots("User-agent: *\nDisallow: /a\n", "p"), 1000);
  ASSERT_TRUE(cache.Get("https://x.vn", 1000 + 3600).has_value());
  EXPECT_FALSE(RobotsAllows(*cache.Get("https://x.vn", 1000 + 3600), "https://x.vn/a"));
  EXPECT_FALSE(cache.Get("https://x.vn", 1000 + 24 * 3600).has_value());
  EXPECT_FALSE(cache.Get("https://y.vn", 1000).has_value());
}

}  // namespace
}  // namespace pw::crawler
