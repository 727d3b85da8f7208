// The real daemon (`provwatch demo --http 127.0.0.1:0`) as a subprocess: demo
// accounts, the API over its data, accounts made with `provwatch user`, and
// sessions that survive a restart.
#include <csignal>
#include <cstdlib>
#include <regex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/http_client.h"
#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"

namespace pw::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;
using pw::testing::Child;
using pw::testing::HttpRequestTo;
using namespace std::chrono_literals;

json Body(const testing::HttpResult& r) { return json::parse(r.body, nullptr, false); }

/// A running demo daemon: its port and the demo accounts it printed.
struct Demo {
  Demo(const testing::TempDir& dir, const std::string& data)
      : child({PW_BINARY, "demo", "--http", "127.0.0.1:0", "--data", data}, dir.path()) {
    if (!child.WaitForOutput("http listening on 127.0.0.1:", 60s)) return;
    std::smatch m;
    const std::string err = child.Stderr();
    const std::regex listening("http listening on 127\\.0\\.0\\.1:([0-9]+)");
    if (std::regex_search(err, m, listening)) port = static_cast<std::uint16_t>(std::stoi(m[1]));
    const std::string out = child.Stdout();
    const std::regex account("(demo-[a-z]+)\t([a-z]+)\t([A-Za-z0-9]+)\n");
    for (auto it = std::sregex_iterator(out.begin(), out.end(), account); it != std::sregex_iterator(); ++it) {
      passwords[(*it)[1]] = (*it)[3];
    }
  }
  int Stop() {
    child.Signal(SIGTERM);
    return child.Wait(60s).exit_code;
  }
  Child child;
  std::uint16_t port = 0;
  std::map<std::string, std::string> passwords;
};

std::string LoginCookie(std::uint16_t port, const std::string& user, const std::string& password) {
  auto r = HttpRequestTo(port, "POST", "/api/login", {}, json{{"user", user}, {"password", password}}.dump());
  EXPECT_EQ(r.status, 200) << user << ": " << r.body;
  return r.set_cookies.empty() ? "" : r.set_cookies[0].substr(0, r.set_cookies[0].find(';'));
}

class HttpDaemon : public ::testing::Test {
 protected:
  void SetUp() override { ::setenv("PROVWATCH_PWHASH", "min", 1); }
  testing::TempDir dir;
  std::string data = dir.Sub("data");
};

TEST_F(HttpDaemon, DemoAccountsLogInAndSessionsSurviveARestart) {
  // An account made before the daemon runs, with the password from stdin.
  auto added = testing::Run({PW_BINARY, "user", "add", "ana", "--role", "monitor", "--password-stdin", "--data", data},
                            dir.path(), "mat-khau-cua-ana\n");
  ASSERT_EQ(added.exit_code, 0) << added.err;

  std::string cookie;
  std::map<std::string, std::string> first_passwords;
  {
    Demo demo(dir, data);
    ASSERT_NE(demo.port, 0) << demo.child.Stderr();
    ASSERT_EQ(demo.passwords.size(), 5u) << demo.child.Stdout();
    first_passwords = demo.passwords;
    cookie = LoginCookie(demo.port, "demo-monitor", demo.passwords["demo-monitor"]);
    LoginCookie(demo.port, "ana", "mat-khau-cua-ana");
    // The demo's candidates arrive with its first poll.
    json items;
    for (int i = 0; i < 100; ++i) {
      items = Body(HttpRequestTo(demo.port, "GET", "/api/items?candidate=1", {{"Cookie", cookie}}));
      if (!items["items"].empty()) break;
      std::this_thread::sleep_for(100ms);
    }
    ASSERT_FALSE(items["items"].empty());
    for (std::size_t i = 1; i < items["items"].size(); ++i) {
      EXPECT_GE(items["items"][i - 1]["score"].get<double>(), items["items"][i]["score"].get<double>());
    }
    // Through the control socket while the daemon runs: a token, a new password.
    auto token = testing::Run({PW_BINARY, "user", "token", "demo-admin", "--data", data}, dir.path());
    ASSERT_EQ(token.exit_code, 0) << token.err;
    const std::string bearer = "Bearer " + testing::Lines(token.out).at(0);
    auto me = HttpRequestTo(demo.port, "GET", "/api/me", {{"Authorization", bearer}});
    EXPECT_EQ(Body(me)["user"]["name"], "demo-admin") << me.body;
    auto passwd = testing::Run({PW_BINARY, "user", "passwd", "ana", "--data", data}, dir.path());
    ASSERT_EQ(passwd.exit_code, 0) << passwd.err;
    const std::string fresh = passwd.out.substr(passwd.out.rfind(": ") + 2, 16);
    LoginCookie(demo.port, "ana", fresh);
    EXPECT_EQ(HttpRequestTo(demo.port, "POST", "/api/login", {},
                            R"({"user":"ana","password":"mat-khau-cua-ana"})").status, 401);
    EXPECT_EQ(demo.Stop(), 0);
  }
  Demo again(dir, data);
  ASSERT_NE(again.port, 0) << again.child.Stderr();
  EXPECT_EQ(again.passwords, first_passwords);  // idempotent: the same accounts
  auto me = HttpRequestTo(again.port, "GET", "/api/me", {{"Cookie", cookie}});
  EXPECT_EQ(me.status, 200) << me.body;  // the stored session survived the restart
  const std::string csrf = Body(me).value("csrf", "");
  EXPECT_EQ(HttpRequestTo(again.port, "POST", "/api/logout", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}).status, 200);
  EXPECT_EQ(HttpRequestTo(again.port, "GET", "/api/me", {{"Cookie", cookie}}).status, 401);
  EXPECT_EQ(again.Stop(), 0);
}

TEST_F(HttpDaemon, OnceStartsNoServerUnlessAsked) {
  auto once = testing::Run({PW_BINARY, "demo", "--once", "--data", data}, dir.path());
  EXPECT_EQ(once.exit_code, 0) << once.err;
  EXPECT_THAT(once.err, Not(HasSubstr("http listening")));
  EXPECT_THAT(once.out, Not(HasSubstr("demo-admin")));
  auto bad = testing::Run({PW_BINARY, "demo", "--once", "--http", "nowhere", "--data", data}, dir.path());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("ADDR:PORT"));
}

}  // namespace
}  // namespace pw::daemon
