#pragma once
// An in-process HTTP API over a store in a temp dir: users of every role with
// passwords, two candidate items each with a case (one of them then marked
// state-secret by a cleared admin), the real HttpServer and Api on loopback.
#include <cstdlib>
#include <memory>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "config/bundled.h"
#include "daemon/api.h"
#include "daemon/auth.h"
#include "daemon/http_server.h"
#include "storage/store.h"
#include "tests/support/http_client.h"
#include "tests/support/temp_dir.h"
#include "workflow/case_store.h"

namespace pw::daemon {

constexpr const char* kPassword = "mat-khau-thu-123";

class HttpApiTest : public ::testing::Test {
 protected:
  static constexpr UnixTime kNow = 1'795'662'000;

  void SetUp() override {
    ::setenv("PROVWATCH_PWHASH", "min", 1);
    auto opened = storage::Store::Open(dir.path(), storage::Store::Mode::kReadWrite);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store = std::move(*opened);
    workflow::CaseStore cases(*store);
    AuthStore auth(*store);
    using workflow::Role;
    for (const workflow::UserRecord& u : std::vector<workflow::UserRecord>{
             {"mon", Role::kMonitor, "", false, 1},
             {"lead", Role::kLeader, "", false, 1},
             {"adm", Role::kAdmin, "", true, 1},
             {"aud", Role::kAuditor, "", false, 1},
             {"agc", Role::kAgency, "cong-an", false, 1}}) {
      ASSERT_TRUE(cases.PutUser(u).ok());
      ASSERT_TRUE(auth.SetPassword(u.name, kPassword, kNow).ok());
    }
    ASSERT_EQ(store->PutNew({Candidate("mot"), Candidate("hai")}).value(), 2u);
    open_id = cases.OpenForCandidate(Candidate("mot"), "", {"false-info"}, kNow, "lai-chau").value().first;
    secret_id = cases.OpenForCandidate(Candidate("hai"), "", {"false-info"}, kNow, "lai-chau").value().first;
    const workflow::Actor admin{"adm", Role::kAdmin, "", true};
    ASSERT_TRUE(cases.Act(secret_id, {workflow::ActionKind::kMarkSecret}, admin, {}, kNow).ok());

    config::Config cfg;
    cfg.data_dir = dir.path();
    cfg.profile = config::BundledProfile("lai-chau").value();
    settings = std::make_shared<const Settings>(std::move(cfg));
    api = std::make_unique<Api>(ApiDeps{*store, [this] { return settings; }, &metrics, dir.path()});
    HttpLimits limits;
    limits.body_limit = 64 * 1024;
    auto started = HttpServer::Start(io, workers, "127.0.0.1:0", limits,
                                     [this](HttpRequest&& r) { return api->Handle(std::move(r)); });
    ASSERT_TRUE(started.ok()) << started.error().message;
    server = std::move(*started);
    port = server->port();
    io_thread = std::thread([this] { io.run(); });
  }

  void TearDown() override {
    if (server) boost::asio::post(io, [this] { server->Stop(); });
    if (io_thread.joinable()) io_thread.join();
    workers.join();
  }

  static Item Candidate(const std::string& n) {
    Item item;
    item.key = "url:https://news.invalid/" + n;
    item.source_id = "tin";
    item.entry.link = "https://news.invalid/" + n;
    item.entry.title = "Tin giả về Mường Tè " + n;
    item.fetched_at = kNow - 60;
    item.score.candidate = true;
    item.score.mentions_province = true;
    item.score.value = n == "mot" ? 7 : 9;
    return item;
  }

  /// Logs in; returns {cookie header value, csrf}.
  std::pair<std::string, std::string> Login(const std::string& user) {
    auto r = testing::HttpRequestTo(port, "POST", "/api/login", {},
                                    nlohmann::json{{"user", user}, {"password", kPassword}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.set_cookies.size(), 1u);
    const std::string cookie = r.set_cookies.empty() ? "" : r.set_cookies[0].substr(0, r.set_cookies[0].find(';'));
    return {cookie, nlohmann::json::parse(r.body, nullptr, false).value("csrf", std::string())};
  }

  testing::HttpResult Get(const std::string& user, const std::string& target) {
    return testing::HttpRequestTo(port, "GET", target, {{"Cookie", Login(user).first}});
  }

  testing::HttpResult Post(const std::string& user, const std::string& target, const std::string& body) {
    const auto [cookie, csrf] = Login(user);
    return testing::HttpRequestTo(port, "POST", target, {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}, body);
  }

  testing::TempDir dir;
  std::unique_ptr<storage::Store> store;
  std::string open_id, secret_id;
  SettingsPtr settings;
  ServiceMetrics metrics;
  boost::asio::io_context io;
  boost::asio::thread_pool workers{2};
  std::unique_ptr<Api> api;
  std::unique_ptr<HttpServer> server;
  std::uint16_t port = 0;
  std::thread io_thread;
};

}  // namespace pw::daemon
