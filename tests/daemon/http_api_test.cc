// The HTTP API in-process on loopback (http_fixture.h): authentication,
// CSRF, rate limiting, API tokens, every endpoint's permission for each role,
// state-secret cases, bad requests, and the OpenAPI description.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/daemon/http_fixture.h"

namespace pw::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;
using pw::testing::HttpRequestTo;
using pw::testing::ParseHttpResponse;
using pw::testing::RawExchange;

json Body(const testing::HttpResult& r) { return json::parse(r.body, nullptr, false); }

TEST_F(HttpApiTest, TheCookieIsSecureBehindTheTlsProxyOnly) {
  const std::string body = R"({"user":"mon","password":"mat-khau-thu-123"})";
  auto proxied = HttpRequestTo(port, "POST", "/api/login", {{"X-Forwarded-Proto", "https"}}, body);
  ASSERT_EQ(proxied.status, 200) << proxied.body;
  ASSERT_EQ(proxied.set_cookies.size(), 1u);
  EXPECT_THAT(proxied.set_cookies[0], HasSubstr("; Secure"));
  auto plain = HttpRequestTo(port, "POST", "/api/login", {}, body);
  ASSERT_EQ(plain.set_cookies.size(), 1u);
  EXPECT_THAT(plain.set_cookies[0], Not(HasSubstr("Secure")));
}

TEST_F(HttpApiTest, LoginSetsAStrictHttpOnlyCookieAndMeAnswersWithIt) {
  auto r = HttpRequestTo(port, "POST", "/api/login", {}, R"({"user":"mon","password":"mat-khau-thu-123"})");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.set_cookies.size(), 1u);
  EXPECT_THAT(r.set_cookies[0], HasSubstr("pw_session="));
  EXPECT_THAT(r.set_cookies[0], HasSubstr("HttpOnly"));
  EXPECT_THAT(r.set_cookies[0], HasSubstr("SameSite=Strict"));
  EXPECT_THAT(r.set_cookies[0], HasSubstr("Path=/"));
  const json login = Body(r);
  EXPECT_EQ(login["user"]["name"], "mon");
  EXPECT_EQ(login["user"]["role"], "monitor");
  EXPECT_EQ(login["csrf"].get<std::string>().size(), 32u);
  const std::string cookie = r.set_cookies[0].substr(0, r.set_cookies[0].find(';'));
  auto me = HttpRequestTo(port, "GET", "/api/me", {{"Cookie", cookie}});
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(Body(me)["csrf"], login["csrf"]);
  // The session id is stored only hashed: the cookie's value is nowhere in the store.
  bool found = false;
  ASSERT_TRUE(store->ScanRecords(storage::RecordFamily::kAuth, "", [&](std::string_view k, std::string_view v) {
    found = found || k.find(cookie.substr(11)) != std::string_view::npos ||
            v.find(cookie.substr(11)) != std::string_view::npos;
    return Status();
  }).ok());
  EXPECT_FALSE(found);
  EXPECT_EQ(HttpRequestTo(port, "GET", "/api/me").status, 401);
  EXPECT_EQ(HttpRequestTo(port, "GET", "/api/me", {{"Cookie", "pw_session=" + std::string(64, 'a')}}).status, 401);
}

TEST_F(HttpApiTest, WrongPasswordIs401AndRepeatedFailuresAre429WithRetryAfter) {
  for (int i = 0; i < 5; ++i) {
    auto r = HttpRequestTo(port, "POST", "/api/login", {}, R"({"user":"mon","password":"wrong-password"})");
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(Body(r)["code"], "bad-credentials");
  }
  // Refused now even with the right password, and told when to come back.
  auto r = HttpRequestTo(port, "POST", "/api/login", {}, R"({"user":"mon","password":"mat-khau-thu-123"})");
  EXPECT_EQ(r.status, 429);
  ASSERT_TRUE(r.headers.count("retry-after"));
  EXPECT_GT(std::stol(r.headers["retry-after"]), 0);
  EXPECT_THAT(Body(r)["error"].get<std::string>(), HasSubstr(" / "));
  // Another user is not locked out by mon's failures.
  EXPECT_EQ(HttpRequestTo(port, "POST", "/api/login", {}, R"({"user":"lead","password":"mat-khau-thu-123"})").status, 200);
}

TEST_F(HttpApiTest, ChangesByCookieNeedTheCsrfHeader) {
  const auto [cookie, csrf] = Login("mon");
  const std::string confirm = R"({"kind":"confirm"})";
  auto without = HttpRequestTo(port, "POST", "/api/cases/" + open_id + "/actions", {{"Cookie", cookie}}, confirm);
  EXPECT_EQ(without.status, 403);
  EXPECT_EQ(Body(without)["code"], "csrf");
  auto wrong = HttpRequestTo(port, "POST", "/api/cases/" + open_id + "/actions",
                             {{"Cookie", cookie}, {"X-CSRF-Token", "nope"}}, confirm);
  EXPECT_EQ(wrong.status, 403);
  // Nothing was written by the refused requests.
  EXPECT_EQ(workflow::CaseStore(*store).Get(open_id).value()->state, workflow::CaseState::kDetected);
  auto with = HttpRequestTo(port, "POST", "/api/cases/" + open_id + "/actions",
                            {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}, confirm);
  EXPECT_EQ(with.status, 200) << with.body;
  EXPECT_EQ(Body(with)["case"]["state"], "confirmed");
  // The same move again: the workflow refuses it (409), not a crash.
  auto again = HttpRequestTo(port, "POST", "/api/cases/" + open_id + "/actions",
                             {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}, confirm);
  EXPECT_EQ(again.status, 409) << again.body;
}

TEST_F(HttpApiTest, LogoutInvalidatesTheSession) {
  const auto [cookie, csrf] = Login("lead");
  EXPECT_EQ(HttpRequestTo(port, "GET", "/api/me", {{"Cookie", cookie}}).status, 200);
  EXPECT_EQ(HttpRequestTo(port, "POST", "/api/logout", {{"Cookie", cookie}}).status, 403);  // CSRF
  auto out = HttpRequestTo(port, "POST", "/api/logout", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(out.status, 200);
  ASSERT_EQ(out.set_cookies.size(), 1u);
  EXPECT_THAT(out.set_cookies[0], HasSubstr("Max-Age=0"));
  EXPECT_EQ(HttpRequestTo(port, "GET", "/api/me", {{"Cookie", cookie}}).status, 401);
}

TEST_F(HttpApiTest, ApiTokensAuthenticateWithoutCsrf) {
  AuthStore auth(*store);
  const std::string token = auth.CreateToken("mon", kNow).value();
  auto me = HttpRequestTo(port, "GET", "/api/me", {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(Body(me)["user"]["name"], "mon");
  auto act = HttpRequestTo(port, "POST", "/api/cases/" + open_id + "/actions",
                           {{"Authorization", "Bearer " + token}}, R"({"kind":"dismiss","reason":"tin đúng"})");
  EXPECT_EQ(act.status, 200) << act.body;
  EXPECT_EQ(HttpRequestTo(port, "GET", "/api/me", {{"Authorization", "Bearer pwt_" + std::string(64, '0')}}).status, 401);
  // Only the token's hash is stored.
  EXPECT_FALSE(store->GetRecord(storage::RecordFamily::kAuth, "tok/" + token).value().has_value());
}

// Every endpoint, every role: the expected status (404 for the secret case
// for the uncleared, as for a wrong id).
TEST_F(HttpApiTest, EveryEndpointEnforcesRoles) {
  const std::string item = "/api/items/url%3Ahttps%3A%2F%2Fnews.invalid%2Fmot";
  struct Row {
    std::string method, target, body;
    std::map<std::string, int> status;  // by user
  };
  const std::vector<Row> rows = {
      {"GET", "/api/me", "", {{"mon", 200}, {"agc", 200}, {"lead", 200}, {"adm", 200}, {"aud", 200}}},
      {"GET", "/api/items", "", {{"mon", 200}, {"agc", 403}, {"lead", 200}, {"adm", 200}, {"aud", 403}}},
      {"GET", item, "", {{"mon", 200}, {"agc", 403}, {"lead", 200}, {"adm", 200}, {"aud", 403}}},
      {"GET", "/api/clusters", "", {{"mon", 200}, {"agc", 403}, {"lead", 200}, {"adm", 200}, {"aud", 403}}},
      {"GET", "/api/clusters/none", "", {{"mon", 404}, {"agc", 403}, {"lead", 404}, {"adm", 404}, {"aud", 403}}},
      {"GET", "/api/sources", "", {{"mon", 200}, {"agc", 403}, {"lead", 200}, {"adm", 200}, {"aud", 403}}},
      {"POST", "/api/rules/test", R"({"text":"Tin giả về Mường Tè, Lai Châu"})",
       {{"mon", 200}, {"agc", 403}, {"lead", 200}, {"adm", 200}, {"aud", 403}}},
      {"GET", "/api/cases", "", {{"mon", 200}, {"agc", 200}, {"lead", 200}, {"adm", 200}, {"aud", 200}}},
      {"GET", "/api/cases/" + open_id, "", {{"mon", 200}, {"agc", 404}, {"lead", 200}, {"adm", 200}, {"aud", 200}}},
      {"GET", "/api/cases/" + secret_id, "", {{"mon", 404}, {"agc", 404}, {"lead", 404}, {"adm", 200}, {"aud", 404}}},
      {"GET", "/api/audit", "", {{"mon", 403}, {"agc", 403}, {"lead", 403}, {"adm", 200}, {"aud", 200}}},
      {"POST", "/api/cases/" + open_id + "/actions", R"({"kind":"close"})",
       {{"mon", 403}, {"agc", 404}, {"lead", 409}, {"adm", 409}, {"aud", 403}}},
      {"POST", "/api/cases/" + secret_id + "/actions", R"({"kind":"confirm"})",
       {{"mon", 404}, {"agc", 404}, {"lead", 404}, {"aud", 404}}},
  };
  std::map<std::string, std::pair<std::string, std::string>> sessions;
  for (const char* user : {"mon", "agc", "lead", "adm", "aud"}) sessions[user] = Login(user);
  for (const Row& row : rows) {
    for (const auto& [user, expected] : row.status) {
      const auto& [cookie, csrf] = sessions[user];
      auto r = HttpRequestTo(port, row.method, row.target, {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}, row.body);
      EXPECT_EQ(r.status, expected) << user << " " << row.method << " " << row.target << ": " << r.body;
      if (r.status >= 400) {
        EXPECT_TRUE(Body(r).contains("error") && Body(r).contains("code")) << r.body;
      }
    }
    // Without a session: 401 everywhere.
    EXPECT_EQ(HttpRequestTo(port, row.method, row.target, {}, row.body).status, 401) << row.target;
  }
}

TEST_F(HttpApiTest, SecretCasesAndTheirItemsAreInvisibleToTheUncleared) {
  auto cases = Body(Get("mon", "/api/cases"));
  ASSERT_EQ(cases["cases"].size(), 1u);
  EXPECT_EQ(cases["cases"][0]["id"], open_id);
  auto items = Body(Get("mon", "/api/items?candidate=1"));
  ASSERT_EQ(items["items"].size(), 1u);
  EXPECT_EQ(items["items"][0]["key"], "url:https://news.invalid/mot");
  EXPECT_EQ(Get("mon", "/api/items/url%3Ahttps%3A%2F%2Fnews.invalid%2Fhai").status, 404);
  EXPECT_THAT(Get("mon", "/api/items?q=hai").body, Not(HasSubstr("news.invalid/hai")));
  EXPECT_THAT(Get("mon", "/api/audit").body, Not(HasSubstr(secret_id)));
  EXPECT_THAT(HttpRequestTo(port, "GET", "/metrics").body, Not(HasSubstr("provwatch_cases{state=\"detected\"} 2")));
  // The cleared admin sees both, ranked by score (hai: 9 before mot: 7).
  auto all = Body(Get("adm", "/api/items?candidate=1"));
  ASSERT_EQ(all["items"].size(), 2u);
  EXPECT_EQ(all["items"][0]["key"], "url:https://news.invalid/hai");
  EXPECT_EQ(Body(Get("adm", "/api/cases"))["cases"].size(), 2u);
  EXPECT_THAT(Get("adm", "/api/audit").body, HasSubstr(secret_id));
}

/// Follows `next` from `first` until it is null; the keys in the order served.
std::vector<std::string> PageThrough(const std::function<testing::HttpResult(const std::string&)>& get,
                                     const std::string& first, int* pages = nullptr) {
  std::vector<std::string> keys;
  std::string target = first;
  for (int n = 1; n <= 50; ++n) {
    auto r = get(target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    const json page = Body(r);
    if (!page.contains("items")) break;
    EXPECT_LE(page["items"].size(), 2u);
    for (const auto& i : page["items"]) keys.push_back(i["key"]);
    if (pages != nullptr) *pages = n;
    if (page["next"].is_null()) break;
    target = first + "&cursor=" + page["next"].get<std::string>();
  }
  return keys;
}

std::string Key(const std::string& n) { return "url:https://news.invalid/" + n; }

TEST_F(HttpApiTest, ItemsPageNewestFirstFromTheIndexEachOnceAndNeverTheSecretCases) {
  // An item of `source` published `age` seconds before kNow (not a candidate).
  const auto Published = [](const std::string& n, const std::string& source, UnixTime age) {
    Item item = Candidate(n);
    item.source_id = source;
    item.score.candidate = false;
    item.entry.published = kNow - age;
    return item;
  };
  ASSERT_EQ(store->PutNew({Published("p1", "a", 3600), Published("p2", "b", 7200), Published("p3", "a", 10800),
                           Published("p4", "b", 14400), Published("p5", "a", 18000)})
                .value(),
            5u);
  const auto as_mon = [this](const std::string& target) { return Get("mon", target); };
  // mot and hai were first seen a minute ago (no publication time); hai is
  // the secret case's item.
  EXPECT_THAT(PageThrough(as_mon, "/api/items?limit=2"),
              ::testing::ElementsAre(Key("mot"), Key("p1"), Key("p2"), Key("p3"), Key("p4"), Key("p5")));
  EXPECT_THAT(PageThrough([this](const std::string& t) { return Get("adm", t); }, "/api/items?limit=2"),
              ::testing::ElementsAre(Key("mot"), Key("hai"), Key("p1"), Key("p2"), Key("p3"), Key("p4"), Key("p5")));
  EXPECT_THAT(PageThrough(as_mon, "/api/items?limit=2&source=a"),
              ::testing::ElementsAre(Key("p1"), Key("p3"), Key("p5")));
  EXPECT_THAT(PageThrough(as_mon, "/api/items?limit=2&source=tin"), ::testing::ElementsAre(Key("mot")));
  // kNow is 2026-11-26T03:00:00Z: p1 at 02:00, p2 01:00, p3 00:00, p4 23:00
  // and p5 22:00 the day before. `until` is exclusive.
  EXPECT_THAT(PageThrough(as_mon, "/api/items?limit=2&since=2026-11-25T23:00:00&until=2026-11-26T01:00:01"),
              ::testing::ElementsAre(Key("p2"), Key("p3"), Key("p4")));
  EXPECT_THAT(PageThrough(as_mon, "/api/items?limit=2&since=2026-11-25T23:00:00&until=2026-11-26T01:00:00"),
              ::testing::ElementsAre(Key("p3"), Key("p4")));
  EXPECT_THAT(PageThrough(as_mon, "/api/items?limit=2&since=2026-11-25T23:00:00&until=2026-11-26T01:00:01&source=b"),
              ::testing::ElementsAre(Key("p2"), Key("p4")));
  EXPECT_THAT(PageThrough(as_mon, "/api/items?limit=2&q=hai"), ::testing::ElementsAre());

  // An item arriving between two pages neither repeats nor hides one.
  const json first = Body(Get("mon", "/api/items?limit=2"));
  ASSERT_EQ(first["items"].size(), 2u);
  ASSERT_TRUE(first["next"].is_string());
  ASSERT_EQ(store->PutNew({Published("p0", "b", 0), Published("p1b", "b", 3601)}).value(), 2u);
  const json second = Body(Get("mon", "/api/items?limit=2&cursor=" + first["next"].get<std::string>()));
  ASSERT_EQ(second["items"].size(), 2u);
  EXPECT_EQ(second["items"][0]["key"], Key("p1b"));
  EXPECT_EQ(second["items"][1]["key"], Key("p2"));

  EXPECT_EQ(Get("mon", "/api/items?cursor=zz").status, 400);
  EXPECT_EQ(Get("mon", "/api/items?cursor=00").status, 400);
  EXPECT_EQ(Get("mon", "/api/items?candidate=1&cursor=abc").status, 400);
}

TEST_F(HttpApiTest, CandidatesPageByScoreWithAnOffsetCursor) {
  auto first = Body(Get("adm", "/api/items?candidate=1&limit=1"));
  ASSERT_EQ(first["items"].size(), 1u);
  EXPECT_EQ(first["items"][0]["key"], Key("hai"));
  ASSERT_EQ(first["next"], "1");
  auto second = Body(Get("adm", "/api/items?candidate=1&limit=1&cursor=1"));
  ASSERT_EQ(second["items"].size(), 1u);
  EXPECT_EQ(second["items"][0]["key"], Key("mot"));
  EXPECT_TRUE(second["next"].is_null());
}

TEST_F(HttpApiTest, AgenciesAreNamedForEveryRole) {
  for (const char* user : {"mon", "agc", "aud"}) {
    auto r = Get(user, "/api/agencies");
    ASSERT_EQ(r.status, 200) << user << ": " << r.body;
    std::map<std::string, std::string> names;
    const json body = Body(r);
    for (const auto& a : body["agencies"]) names[a["id"]] = a["name"];
    EXPECT_EQ(names["cong-an"], "Công an tỉnh Lai Châu") << user;
    EXPECT_EQ(names.size(), settings->config.profile.workflow.agencies.size());
  }
  EXPECT_EQ(HttpRequestTo(port, "GET", "/api/agencies").status, 401);
}

TEST_F(HttpApiTest, AnAgencySeesOnlyTheCasesItsAgencyWorks) {
  EXPECT_EQ(Body(Get("agc", "/api/cases"))["cases"].size(), 0u);
  ASSERT_EQ(Post("mon", "/api/cases/" + open_id + "/actions", R"({"kind":"triage-confirm"})").status, 200);
  ASSERT_EQ(Post("mon", "/api/cases/" + open_id + "/actions", R"({"kind":"report"})").status, 200);
  auto assigned = Post("lead", "/api/cases/" + open_id + "/actions", R"({"kind":"assign","lead":"cong-an"})");
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  auto mine = Body(Get("agc", "/api/cases"));
  ASSERT_EQ(mine["cases"].size(), 1u);
  EXPECT_EQ(Get("agc", "/api/cases/" + open_id).status, 200);
  EXPECT_EQ(Body(Get("agc", "/api/cases?state=assigned"))["cases"].size(), 1u);
  EXPECT_EQ(Body(Get("agc", "/api/cases?state=closed"))["cases"].size(), 0u);
}

TEST_F(HttpApiTest, ClustersListAndShowTheirItems) {
  Item third = Candidate("ba");
  third.score.candidate = false;
  const std::vector<std::uint64_t> signatures = {0x5a5a5a5a5a5a5a5aull};
  std::vector<std::string> clusters;
  ASSERT_EQ(store->PutNew({third}, nullptr, &signatures, &clusters).value(), 1u);
  ASSERT_EQ(clusters.size(), 1u);
  ASSERT_FALSE(clusters[0].empty());
  auto list = Body(Get("mon", "/api/clusters"));
  ASSERT_EQ(list["clusters"].size(), 1u);
  EXPECT_EQ(list["clusters"][0]["id"], clusters[0]);
  auto one = Get("lead", "/api/clusters/" + clusters[0]);
  ASSERT_EQ(one.status, 200) << one.body;
  const json c = Body(one);
  ASSERT_EQ(c["items"].size(), 1u);
  EXPECT_EQ(c["items"][0]["key"], third.key);
  EXPECT_EQ(c["item_count"], 1);
  EXPECT_TRUE(c.contains("growth"));
  EXPECT_EQ(Body(Get("mon", "/api/clusters?spreading=1"))["clusters"].size(), 0u);
}

TEST_F(HttpApiTest, ItemDetailCarriesTheExplanationAndTheRuleTesterExplainsText) {
  auto item = Body(Get("mon", "/api/items/url%3Ahttps%3A%2F%2Fnews.invalid%2Fmot"));
  EXPECT_EQ(item["title"], "Tin giả về Mường Tè mot");
  ASSERT_TRUE(item.contains("explanation"));
  EXPECT_TRUE(item["explanation"]["verdict"].contains("candidate"));
  EXPECT_THAT(item["explanation"]["marked"]["title"].get<std::string>(), HasSubstr("«["));
  auto tested = Post("mon", "/api/rules/test", R"({"text":"Lan truyền tin giả về lũ quét ở Mường Tè, Lai Châu"})");
  ASSERT_EQ(tested.status, 200) << tested.body;
  const json e = Body(tested);
  EXPECT_TRUE(e["verdict"]["mentions_province"].get<bool>());
  EXPECT_FALSE(e["points"].empty());
  EXPECT_THAT(e["text_vi"].get<std::string>(), HasSubstr("Kết luận"));
  EXPECT_EQ(Post("mon", "/api/rules/test", R"({"text":"x","profile":"no-such"})").status, 400);
  EXPECT_EQ(Post("mon", "/api/rules/test", R"({})").status, 400);
}

TEST_F(HttpApiTest, BadRequestsGet4xxAndTheServerKeepsServing) {
  auto line = ParseHttpResponse(RawExchange(port, "GARBAGE\r\n\r\n"));
  EXPECT_EQ(line.status, 400);
  EXPECT_EQ(Body(line)["code"], "bad-request");
  auto big = ParseHttpResponse(RawExchange(
      port, "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n" + std::string(200000, 'a')));
  EXPECT_EQ(big.status, 413);
  auto json_bad = HttpRequestTo(port, "POST", "/api/login", {}, "{not json");
  EXPECT_EQ(json_bad.status, 400);
  EXPECT_EQ(Body(json_bad)["code"], "bad-json");
  auto unknown = HttpRequestTo(port, "GET", "/api/nothing-here");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(Body(unknown)["code"], "not-found");
  auto method = HttpRequestTo(port, "DELETE", "/api/cases");
  EXPECT_EQ(method.status, 405);
  auto header = ParseHttpResponse(RawExchange(
      port, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'b') + "\r\n\r\n"));
  EXPECT_EQ(header.status, 431);
  auto action = Post("mon", "/api/cases/" + open_id + "/actions", R"({"kind":"fly"})");
  EXPECT_EQ(action.status, 400) << action.body;
  EXPECT_EQ(Get("mon", "/api/items?since=yesterday").status, 400);
  // Still serving, and keep-alive answers two pipelined requests in order.
  EXPECT_EQ(HttpRequestTo(port, "GET", "/healthz").status, 200);
  const std::string two = RawExchange(port,
                                      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                                      "GET /api/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const std::size_t first = two.find("HTTP/1.1 200"), second = two.find("HTTP/1.1 401");
  EXPECT_NE(first, std::string::npos) << two;
  EXPECT_NE(second, std::string::npos) << two;
  EXPECT_LT(first, second);
}

TEST_F(HttpApiTest, OpenApiDescribesExactlyTheRoutes) {
  auto r = HttpRequestTo(port, "GET", "/api/openapi.json");
  ASSERT_EQ(r.status, 200);
  const json doc = Body(r);
  ASSERT_TRUE(doc.is_object()) << r.body.substr(0, 200);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  std::set<std::string> described, routed;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      std::string m = method;
      for (char& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      described.insert(m + " " + path);
    }
  }
  for (const std::string& route : api->router().Routes()) routed.insert(route);
  EXPECT_EQ(described, routed);
}

TEST_F(HttpApiTest, ServesThePageHealthAndMetrics) {
  auto page = HttpRequestTo(port, "GET", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_THAT(page.headers["content-type"], HasSubstr("text/html"));
  EXPECT_THAT(page.body, HasSubstr("<html"));
  EXPECT_TRUE(page.headers.count("cache-control"));
  EXPECT_EQ(HttpRequestTo(port, "GET", "/static/no-such.js").status, 404);
  EXPECT_EQ(HttpRequestTo(port, "GET", "/static/..%2Fapi.cc").status, 404);
  auto health = HttpRequestTo(port, "GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_TRUE(Body(health)["ok"].get<bool>());
  metrics.Poll("");
  metrics.Poll("operation timed out");
  metrics.Alerted(120);
  auto m = HttpRequestTo(port, "GET", "/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_THAT(m.headers["content-type"], HasSubstr("text/plain"));
  EXPECT_THAT(m.body, HasSubstr("provwatch_polls_total 2\n"));
  EXPECT_THAT(m.body, HasSubstr("provwatch_fetch_errors_total{kind=\"timeout\"} 1\n"));
  EXPECT_THAT(m.body, HasSubstr("provwatch_publication_to_alert_seconds_bucket{le=\"300\"} 1\n"));
  EXPECT_THAT(m.body, HasSubstr("provwatch_cases{state=\"detected\"} 1\n"));  // the secret one not counted
}

}  // namespace
}  // namespace pw::daemon
