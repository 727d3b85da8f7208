// Alerts end to end: the real binary stores a story republished by two
// outlets and raises ONE alert, delivered to a signed webhook, an SMTP sink
// and the user's Atom feed; a delivery pending when the daemon is killed
// (SIGKILL) is resumed by the next start.
#include <signal.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

#include "crawler/feed_parser.h"
#include "daemon/alerts_feed.h"
#include "daemon/webhook.h"
#include "storage/store.h"
#include "tests/daemon/fixtures.h"
#include "tests/support/http_server.h"
#include "tests/support/smtp_sink.h"
#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"

namespace pw::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;
using pw::testing::Child;
using pw::testing::ProcessResult;
using pw::testing::TempDir;
using pw::testing::TestHttpServer;
using namespace std::chrono_literals;

// One story (a summary of 25+ words, so a new title keeps its signature) as
// two outlets publish it.
std::string Feed(const std::string& outlet, const std::string& title, const std::string& link) {
  return R"(<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>)" + outlet +
         R"(</title><link>https://news.invalid/</link><item><title>)" + title + "</title><link>" + link +
         R"(</link><description>Một số tài khoản mạng xã hội lan truyền tin đồn bịa đặt rằng lãnh đạo tỉnh Lai Châu đã bỏ trốn sau vụ sạt lở ở Mường Tè, đây là thông tin sai sự thật gây hoang mang cho người dân trong tỉnh.</description></item></channel></rss>)";
}

class AlertCli : public ::testing::Test {
 protected:
  void SetUp() override {
    TestHttpServer::Response a, b;
    a.body = Feed("Báo A", "Tin đồn bịa đặt về lãnh đạo tỉnh Lai Châu", "https://news.invalid/a/1");
    b.body = Feed("Báo B", "Lai Châu: cảnh giác với tin đồn bịa đặt", "https://news-b.invalid/2");
    feeds.Set("/a.xml", a);
    feeds.Set("/b.xml", b);
    pw::testing::WriteFile(dir.Sub("profile.toml"), pw::testing::kTestProfile);
  }

  void WriteConfig(const std::string& smtp_url, const std::string& extra = "") {
    pw::testing::WriteFile(
        dir.Sub("pw.toml"),
        "profile_file = \"profile.toml\"\ndata_dir = \"data\"\nlog_level = \"info\"\n"
        "[smtp]\nurl = \"" + smtp_url + "\"\nfrom = \"provwatch@tinh.invalid\"\nstarttls = \"off\"\n"
        "[alerts]\nretry_initial = \"1s\"\nretry_max = \"2s\"\n" + extra +
        "[[sources]]\nid = \"bao-a\"\nurl = \"" + feeds.Url("/a.xml") + "\"\n"
        "[[sources]]\nid = \"bao-b\"\nurl = \"" + feeds.Url("/b.xml") + "\"\n");
  }

  ProcessResult Pw(std::vector<std::string> args) {
    args.insert(args.begin(), PW_BINARY);
    return pw::testing::Run(args, dir.path(), "", 60s);
  }
  std::string Ok(const std::vector<std::string>& args) {
    auto r = Pw(args);
    EXPECT_EQ(r.exit_code, 0) << ::testing::PrintToString(args) << "\n" << r.err;
    return r.out;
  }

  std::vector<TestHttpServer::Request> Posts(const std::string& path) const {
    std::vector<TestHttpServer::Request> out;
    for (auto& r : receiver.requests()) {
      if (r.path == path) out.push_back(r);
    }
    return out;
  }

  TempDir dir;
  std::string data = dir.Sub("data");
  TestHttpServer feeds;
  TestHttpServer receiver;
};

// The weekly digest goes to the [digest] recipients once its scheduled time
// (default Monday 07:00, UTC+7) has come, once: the sweep's clock is set to
// Monday 23/11/2026 07:30 local time.
TEST_F(AlertCli, TheWeeklyDigestIsMailedOnceWhenItsTimeHasCome) {
  pw::testing::SmtpSink sink(dir);
  WriteConfig(sink.Url(), "[digest]\nrecipients = [\"lanhdao@tinh.invalid\"]\n");
  ::setenv("PROVWATCH_TEST_NOW", "1795393800", 1);
  const ProcessResult first = Pw({"run", "--config", dir.Sub("pw.toml"), "--once"});
  const ProcessResult second = Pw({"run", "--config", dir.Sub("pw.toml"), "--once"});
  ::unsetenv("PROVWATCH_TEST_NOW");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_THAT(first.err, HasSubstr("weekly digest sent to 1 recipients"));
  EXPECT_THAT(second.err, Not(HasSubstr("weekly digest sent")));

  const auto mails = sink.Messages(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(sink.Messages(2, 300ms).size(), 1u);
  const pw::testing::Received mail = pw::testing::ParseMime(mails[0]);
  EXPECT_THAT(mail.headers.at("to"), HasSubstr("lanhdao@tinh.invalid"));
  EXPECT_THAT(pw::testing::DecodeEncodedWords(mail.headers.at("subject")), HasSubstr("Bản tin tuần"));
  EXPECT_THAT(mail.parts.at("text/html"), HasSubstr("<svg"));
  EXPECT_THAT(mail.parts.at("text/plain"), HasSubstr("16/11/2026"));  // the week before: 16-22/11
}

TEST_F(AlertCli, ARunRaisesOneAlertPerStoryAndDeliversItByWebhookMailAndFeed) {
  pw::testing::SmtpSink sink(dir);
  WriteConfig(sink.Url());
  TestHttpServer::Response accept;
  accept.status = 200;
  receiver.Set("/hook", accept);
  Ok({"user", "add", "an", "--role", "monitor", "--data", data});
  const std::string added = Ok({"alert", "add", "--user", "an", "--webhook", receiver.Url("/hook"), "--secret",
                                "khóa-thử", "--topic", "false-info", "--data", data});
  EXPECT_THAT(added, HasSubstr("Đã thêm quy tắc cảnh báo r-"));
  Ok({"alert", "add", "--user", "an", "--email", "an@tinh.invalid", "--data", data});
  EXPECT_THAT(Ok({"alert", "list", "--user", "an", "--data", data}), HasSubstr("false-info"));
  const std::string path = Ok({"alert", "feed-url", "--user", "an", "--data", data});
  ASSERT_THAT(path, ::testing::MatchesRegex("/alerts/[0-9a-f]{32}\\.atom\n"));

  const ProcessResult run = Pw({"run", "--config", dir.Sub("pw.toml"), "--once"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("new items: 2"));

  const auto posts = Posts("/hook");
  ASSERT_EQ(posts.size(), 1u) << run.err;  // two copies, one story, one alert
  EXPECT_TRUE(VerifyWebhookSignature("khóa-thử", posts[0].body, posts[0].headers.at("x-provwatch-signature")));
  const json body = json::parse(posts[0].body);
  EXPECT_EQ(body["delivery"], posts[0].headers.at("x-provwatch-delivery"));
  EXPECT_THAT(body["alert"]["title"].get<std::string>(), HasSubstr("Lai Châu"));

  const auto mails = sink.Messages(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(sink.Messages(2, 200ms).size(), 1u);
  const pw::testing::Received mail = pw::testing::ParseMime(mails[0]);
  EXPECT_EQ(pw::testing::DecodeEncodedWords(mail.headers.at("subject")),
            "[provwatch] Cảnh báo: " + body["alert"]["title"].get<std::string>());
  EXPECT_THAT(mail.parts.at("text/plain"), HasSubstr("Vì sao:"));
  EXPECT_THAT(mail.parts.at("text/plain"), HasSubstr("bịa đặt"));

  auto store = storage::Store::Open(data, storage::Store::Mode::kReadOnly);
  ASSERT_TRUE(store.ok());
  const FeedAnswer answer = AnswerAlertFeed(**store, path.substr(8, 32), "false-info", "");
  ASSERT_EQ(answer.status, 200);
  auto feed = crawler::ParseFeed(answer.body, "http://127.0.0.1/");
  ASSERT_TRUE(feed.ok());
  EXPECT_FALSE(feed->recovered);
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_THAT(feed->items[0].summary, HasSubstr("bịa đặt"));
  EXPECT_THAT(feed->items[0].categories, ::testing::IsSupersetOf({"bao-a", "bao-b"}));  // both outlets
}

TEST_F(AlertCli, ADeliveryPendingWhenTheDaemonIsKilledIsSentAfterTheRestart) {
  WriteConfig("smtp://127.0.0.1:9");
  TestHttpServer::Response refuse;
  refuse.status = 503;
  receiver.Set("/hook", refuse);
  Ok({"user", "add", "an", "--role", "monitor", "--data", data});
  Ok({"alert", "add", "--user", "an", "--webhook", receiver.Url("/hook"), "--data", data});
  {
    Child daemon({PW_BINARY, "run", "--config", dir.Sub("pw.toml")}, dir.path());
    ASSERT_TRUE(daemon.WaitForOutput("attempt 1 failed", 20s)) << daemon.Stderr();
    // Through the control socket while the daemon holds the store.
    EXPECT_THAT(Ok({"alert", "list", "--user", "an", "--data", data}), HasSubstr("webhook:"));
    daemon.Signal(SIGKILL);
    daemon.Wait(10s);
  }
  const auto failed = Posts("/hook");
  ASSERT_GE(failed.size(), 1u);
  TestHttpServer::Response accept;
  receiver.Set("/hook", accept);
  Child daemon({PW_BINARY, "run", "--config", dir.Sub("pw.toml")}, dir.path());
  ASSERT_TRUE(daemon.WaitForOutput(") sent", 20s)) << daemon.Stderr();
  daemon.Signal(SIGTERM);
  EXPECT_EQ(daemon.Wait(20s).exit_code, 0);
  const auto posts = Posts("/hook");
  ASSERT_GT(posts.size(), failed.size());
  EXPECT_EQ(posts.back().headers.at("x-provwatch-delivery"), failed[0].headers.at("x-provwatch-delivery"));
  EXPECT_THAT(Ok({"alert", "dead-letters", "--data", data}), HasSubstr("Không có thư chết"));
}

TEST_F(AlertCli, BadAlertConfigurationNamesTheLine) {
  pw::testing::WriteFile(dir.Sub("bad.toml"),
                         "profile_file = \"profile.toml\"\n[smtp]\nurl = \"smtp://h:25\"\nfrom = \"a@b.c\"\n"
                         "starttls = \"yes\"\n");
  const ProcessResult r = Pw({"check-config", dir.Sub("bad.toml")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("bad.toml:5: smtp.starttls: \"yes\": expected \"off\", \"try\" or \"required\""));
  pw::testing::WriteFile(dir.Sub("bad2.toml"), "profile_file = \"profile.toml\"\n[alerts]\ndead_letter_after = 0\n");
  EXPECT_THAT(Pw({"check-config", dir.Sub("bad2.toml")}).err,
              HasSubstr("bad2.toml:3: alerts.dead_letter_after: must be a whole number from 1 to 100"));
}

}  // namespace
}  // namespace pw::daemon
