// The routes beside the JSON API: the weekly digest page (GET /digest, as the
// logged-in user may see it) and the personal Atom alert feed
// (GET /alerts/{token}.atom, behind its secret token).
#include <gmock/gmock.h>

#include "daemon/alerts_store.h"
#include "tests/daemon/http_fixture.h"

namespace pw::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The fixture's cases are opened at kNow (2026-11-26): a week around it.
constexpr const char* kWeek = "/digest?from=2026-11-23&to=2026-11-29";

TEST_F(HttpApiTest, TheDigestPageNeedsALoginAndIsVietnameseHtmlWithCharts) {
  EXPECT_EQ(testing::HttpRequestTo(port, "GET", kWeek, {}).status, 401);
  const auto page = Get("lead", kWeek);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, HasSubstr("<svg"));
  EXPECT_THAT(page.body, HasSubstr("Bản tin tuần"));
  const auto english = Get("lead", std::string(kWeek) + "&lang=en");
  ASSERT_EQ(english.status, 200);
  EXPECT_THAT(english.body, Not(HasSubstr("Bản tin tuần")));
  EXPECT_EQ(Get("lead", std::string(kWeek) + "&format=pdf").status, 400);
  EXPECT_EQ(Get("lead", "/digest?week=2026-W99").status, 400);
}

TEST_F(HttpApiTest, TheDigestCountsTheSecretCaseOnlyForTheCleared) {
  const auto uncleared = Get("lead", std::string(kWeek) + "&format=json");
  const auto cleared = Get("adm", std::string(kWeek) + "&format=json");
  ASSERT_EQ(uncleared.status, 200) << uncleared.body;
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  const auto u = nlohmann::json::parse(uncleared.body, nullptr, false);
  const auto c = nlohmann::json::parse(cleared.body, nullptr, false);
  ASSERT_TRUE(u.contains("cases_opened")) << uncleared.body;
  EXPECT_EQ(u["cases_opened"].get<int>(), 1);
  EXPECT_EQ(c["cases_opened"].get<int>(), 2);
}

TEST_F(HttpApiTest, TheAlertFeedIsServedBehindItsTokenWithoutALogin) {
  const auto token = EnsureFeedToken(*store, "mon");
  ASSERT_TRUE(token.ok()) << token.error().message;
  const auto feed = testing::HttpRequestTo(port, "GET", "/alerts/" + *token + ".atom", {});
  ASSERT_EQ(feed.status, 200) << feed.body;
  EXPECT_THAT(feed.body, HasSubstr("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
  EXPECT_EQ(testing::HttpRequestTo(port, "GET", "/alerts/" + std::string(32, '0') + ".atom", {}).status, 404);
  EXPECT_EQ(testing::HttpRequestTo(port, "GET", "/alerts/" + *token, {}).status, 404);
}

}  // namespace
}  // namespace pw::daemon
