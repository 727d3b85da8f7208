// Alerts (issue 6): signatures, MIME, the Atom feed read back by provwatch's
// own parser, one alert per story cluster, webhook retries and dead letters
// against a loopback receiver, e-mail into a real SMTP sink, and a daemon run
// that delivers through all three channels.
#include <sodium.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "config/alerts_config.h"
#include "crawler/feed_parser.h"
#include "daemon/alert_command.h"
#include "daemon/alerts_delivery.h"
#include "daemon/alerts_engine.h"
#include "daemon/alerts_feed.h"
#include "daemon/alerts_store.h"
#include "daemon/mail.h"
#include "daemon/webhook.h"
#include "storage/store.h"
#include "tests/support/http_server.h"
#include "tests/support/smtp_sink.h"
#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"
#include "workflow/case_store.h"

namespace pw::daemon {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;
using pw::testing::DecodeEncodedWords;
using pw::testing::ParseMime;
using pw::testing::Received;
using pw::testing::SmtpSink;
using pw::testing::TempDir;
using pw::testing::TestHttpServer;
using namespace std::chrono_literals;

constexpr UnixTime kNow = 1'795'662'000;  // 2026-11-26 03:00 UTC

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

AlertEntry SampleEntry() {
  AlertEntry e;
  e.id = "urn:uuid:0b7f5a52-3c1e-4d2a-9f00-5e1d2c3b4a59";
  e.user = "an";
  e.kind = "candidate";
  e.cluster_id = "k00000000000000aa";
  e.item_key = "url:https://news.invalid/b/2";
  e.source_id = "bao-b";
  e.title = "Tin đồn bịa đặt về lãnh đạo tỉnh Lai Châu & \"mạng\"";
  e.link = "https://news.invalid/b/2?x=1&y=2";
  e.summary = "Điểm 8 (nghi sai lệch). Chủ đề: false-info. Nguồn đăng: bao-b, bao-c.\nVì sao: «bịa đặt» <b>";
  e.score = 8;
  e.topics = {"false-info", "response"};
  e.outlets = {"bao-b", "bao-c"};
  e.published = kNow - 3600;
  e.updated = kNow;
  return e;
}

// ---- signatures and MIME -------------------------------------------------------

TEST(WebhookSignature, IsTheHmacSha256OfTheBodyKeyedWithTheSecret) {
  // RFC 4231-style known answer (the Wikipedia HMAC example).
  EXPECT_EQ(SignWebhookBody("key", "The quick brown fox jumps over the lazy dog"),
            "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  const std::string sig = SignWebhookBody("bí mật", "{\"a\":1}");
  EXPECT_TRUE(VerifyWebhookSignature("bí mật", "{\"a\":1}", sig));
  EXPECT_FALSE(VerifyWebhookSignature("bí mật", "{\"a\":2}", sig));
  EXPECT_FALSE(VerifyWebhookSignature("other", "{\"a\":1}", sig));
}

TEST(Mail, EncodesAVietnameseSubjectAsShortEncodedWordsThatDecodeBack) {
  const std::string subject =
      "[provwatch] Cảnh báo: Tin đồn bịa đặt về lãnh đạo tỉnh Lai Châu lan truyền trên mạng xã hội";
  const std::string encoded = EncodeMimeHeader(subject);
  EXPECT_NE(encoded.find("\r\n "), std::string::npos);  // long enough to be folded
  std::istringstream words(encoded);
  std::string word;
  while (words >> word) EXPECT_LE(word.size(), 75u) << word;
  EXPECT_EQ(DecodeEncodedWords(encoded), subject);
  EXPECT_EQ(EncodeMimeHeader("plain ascii"), "plain ascii");
}

TEST(Mail, BuildsMultipartAlternativeWithDateAndMessageId) {
  const std::string raw = BuildMailMessage({"pw@tinh.invalid", "an@tinh.invalid", "Cảnh báo", "Văn bản", "<p>Trang</p>"},
                                           kNow, "<abc@tinh.invalid>", "BOUNDARY");
  const Received r = ParseMime(raw);
  EXPECT_EQ(r.headers.at("date"), "Thu, 26 Nov 2026 03:00:00 +0000");
  EXPECT_EQ(r.headers.at("message-id"), "<abc@tinh.invalid>");
  EXPECT_EQ(DecodeEncodedWords(r.headers.at("subject")), "Cảnh báo");
  EXPECT_EQ(r.parts.at("text/plain"), "Văn bản");
  EXPECT_EQ(r.parts.at("text/html"), "<p>Trang</p>");
}

// ---- the Atom feed -------------------------------------------------------------

TEST(AlertFeed, IsWellFormedAtomThatProvwatchsParserReadsBackWithEveryField) {
  AlertEntry source = SampleEntry();
  source.id = "urn:uuid:11111111-2222-4333-8444-555555555555";
  source.kind = "source";
  source.title = "Nguồn có vấn đề: Báo C";
  source.topics = {};
  source.updated = kNow - 60;
  const std::string atom = RenderAlertFeed("an", "", {SampleEntry(), source}, "https://pw.invalid/alerts/t.atom");
  EXPECT_THAT(atom, HasSubstr("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
  EXPECT_THAT(atom, HasSubstr("<id>tag:provwatch.invalid,2026:alerts/an</id>"));
  EXPECT_THAT(atom, HasSubstr("<updated>2026-11-26T03:00:00Z</updated>"));
  EXPECT_THAT(atom, HasSubstr("<author><name>provwatch</name></author>"));

  auto feed = crawler::ParseFeed(atom, "https://pw.invalid/");
  ASSERT_TRUE(feed.ok()) << feed.error().message;
  EXPECT_EQ(feed->format, "atom1");
  EXPECT_FALSE(feed->recovered) << "not well-formed XML:\n" << atom;
  EXPECT_EQ(feed->title, "Cảnh báo provwatch của an");
  ASSERT_EQ(feed->items.size(), 2u);
  const FeedItem& e = feed->items[0];
  EXPECT_EQ(e.guid, "urn:uuid:0b7f5a52-3c1e-4d2a-9f00-5e1d2c3b4a59");
  EXPECT_EQ(e.title, SampleEntry().title);
  EXPECT_EQ(e.link, "https://news.invalid/b/2?x=1&y=2");
  // The parser gives the summary as clean text: the line break becomes a space.
  EXPECT_EQ(e.summary, "Điểm 8 (nghi sai lệch). Chủ đề: false-info. Nguồn đăng: bao-b, bao-c. Vì sao: «bịa đặt» <b>");
  ASSERT_TRUE(e.published.has_value());
  EXPECT_EQ(*e.published, kNow - 3600);
  ASSERT_TRUE(e.updated.has_value());
  EXPECT_EQ(*e.updated, kNow);
  EXPECT_EQ(e.author, "bao-b");
  EXPECT_THAT(e.categories, ::testing::IsSupersetOf({"false-info", "response", "bao-b", "bao-c"}));
  EXPECT_EQ(feed->items[1].title, "Nguồn có vấn đề: Báo C");

  // ?topic=: only the alerts of that topic, under their own feed id.
  const std::string topic = RenderAlertFeed("an", "false-info", {SampleEntry(), source}, "");
  auto only = crawler::ParseFeed(topic, "https://pw.invalid/");
  ASSERT_TRUE(only.ok());
  EXPECT_FALSE(only->recovered);
  ASSERT_EQ(only->items.size(), 1u);
  EXPECT_THAT(topic, HasSubstr("<id>tag:provwatch.invalid,2026:alerts/an/false-info</id>"));
}

// ---- generation ------------------------------------------------------------------

class AlertStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::Store::Open(dir.Sub("data"), storage::Store::Mode::kReadWrite);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store = std::move(*opened);
    workflow::CaseStore cases(*store);
    ASSERT_TRUE(cases.PutUser({"an", workflow::Role::kMonitor, "", false, 1}).ok());
    ASSERT_TRUE(cases.PutUser({"hoa", workflow::Role::kAdmin, "", true, 1}).ok());
    config.profile.id = "lai-chau";
  }

  json Request(const json& req) { return json::parse(ExecuteAlertRequest(*store, req.dump(), kNow - 7200)); }

  Item Copy(const std::string& n, const std::string& source) {
    Item item;
    item.key = "url:https://news.invalid/" + n;
    item.source_id = source;
    item.cluster_id = "k00000000000000aa";
    item.entry.link = "https://news.invalid/" + n;
    item.entry.title = "Tin đồn bịa đặt về Lai Châu " + n;
    item.fetched_at = kNow;
    item.score.mentions_province = true;
    item.score.candidate = true;
    item.score.value = 8;
    item.score.topics = {Topic{"false-info", "Thông tin sai sự thật", 8, "cong-an", false}};
    return item;
  }

  std::size_t Count(std::string_view prefix) {
    std::size_t n = 0;
    EXPECT_TRUE(store->ScanRecords(storage::RecordFamily::kAlerts, prefix, [&](auto, auto) -> Status {
                  ++n;
                  return {};
                }).ok());
    return n;
  }

  TempDir dir;
  std::unique_ptr<storage::Store> store;
  config::Config config;
};

TEST_F(AlertStoreTest, RaisesOneAlertPerUserAndStoryClusterNotOnePerRepublishedCopy) {
  ASSERT_TRUE(Request({{"op", "alert.add"}, {"user", "an"}, {"webhook", "http://127.0.0.1:9/h"},
                       {"email", "an@tinh.invalid"}})["ok"].get<bool>());
  ASSERT_TRUE(Request({{"op", "alert.add"}, {"user", "an"}, {"topics", {"false-info"}},
                       {"email", "an@tinh.invalid"}})["ok"].get<bool>());
  auto first = GenerateAlerts(*store, config, {Copy("1", "bao-a"), Copy("2", "bao-b")}, kNow);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, 1u);
  auto again = GenerateAlerts(*store, config, {Copy("3", "bao-c")}, kNow + 60);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0u);
  EXPECT_EQ(Count("entry/an/"), 1u);
  // One webhook and one e-mail (the two rules share the address), written with the entry.
  EXPECT_EQ(Count("outbox/"), 2u);
  auto entries = LoadEntries(*store, "an");
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ((*entries)[0].rules.size(), 2u);
  EXPECT_THAT((*entries)[0].summary, HasSubstr("Điểm 8"));
}

TEST_F(AlertStoreTest, MatchesProfileTopicsMinimumScoreAndNothingFetchedBeforeTheRule) {
  AlertRule rule;
  rule.user = "an";
  rule.created = kNow - 10;
  Item item = Copy("1", "bao-a");
  EXPECT_TRUE(RuleMatches(rule, item, "lai-chau"));
  rule.topics = {"border"};
  EXPECT_FALSE(RuleMatches(rule, item, "lai-chau"));
  rule.topics = {"false-info"};
  rule.profile = "phu-tho";
  EXPECT_FALSE(RuleMatches(rule, item, "lai-chau"));
  rule.profile = "";
  rule.min_score = 9;
  EXPECT_FALSE(RuleMatches(rule, item, "lai-chau"));
  item.score.candidate = false;  // below the threshold, above a low minimum
  rule.min_score = 3;
  EXPECT_TRUE(RuleMatches(rule, item, "lai-chau"));
  rule.min_score = 0;
  EXPECT_FALSE(RuleMatches(rule, item, "lai-chau"));
  item.score.candidate = true;
  item.fetched_at = kNow - 3600;
  EXPECT_FALSE(RuleMatches(rule, item, "lai-chau"));
}

TEST_F(AlertStoreTest, AnUnhealthySourceAlertsItsOwnerOrTheAdminsOncePerSpell) {
  config::SourceConfig owned;
  owned.id = "bao-a";
  owned.name = "Báo A";
  owned.url = "https://a.invalid/rss";
  owned.owner = "an";
  storage::SourceState state;
  state.failing_since = kNow - 86400 * 2;
  state.unhealthy = "failing for 2 days (13 consecutive failures)";
  auto raised = AlertUnhealthySource(*store, config, owned, state, kNow);
  ASSERT_TRUE(raised.ok()) << raised.error().message;
  EXPECT_EQ(*raised, 1u);
  EXPECT_EQ(*AlertUnhealthySource(*store, config, owned, state, kNow + 600), 0u);  // same spell
  EXPECT_EQ(Count("entry/an/src:bao-a:"), 1u);
  config::SourceConfig unowned = owned;
  unowned.id = "bao-b";
  unowned.owner = "";
  EXPECT_EQ(*AlertUnhealthySource(*store, config, unowned, state, kNow), 1u);
  EXPECT_EQ(Count("entry/hoa/src:bao-b:"), 1u);  // the admin
  state.failing_since = kNow + 86400;            // a new spell
  EXPECT_EQ(*AlertUnhealthySource(*store, config, owned, state, kNow + 86400 * 3), 1u);
}

TEST_F(AlertStoreTest, TheFeedIsBehindItsSecretTokenOnly) {
  const json url = Request({{"op", "alert.feed-url"}, {"user", "an"}});
  ASSERT_TRUE(url["ok"].get<bool>()) << url.dump();
  const std::string path = url["path"];
  ASSERT_THAT(path, ::testing::MatchesRegex("/alerts/[0-9a-f]{32}\\.atom"));
  EXPECT_EQ(Request({{"op", "alert.feed-url"}, {"user", "an"}})["path"], path);  // stable
  ASSERT_TRUE(Request({{"op", "alert.add"}, {"user", "an"}})["ok"].get<bool>());
  ASSERT_TRUE(GenerateAlerts(*store, config, {Copy("1", "bao-a")}, kNow).ok());
  const std::string token = path.substr(8, 32);
  const FeedAnswer ok = AnswerAlertFeed(*store, token, "", "");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.content_type, "application/atom+xml; charset=utf-8");
  EXPECT_THAT(ok.body, HasSubstr("Tin đồn bịa đặt về Lai Châu 1"));
  EXPECT_EQ(AnswerAlertFeed(*store, std::string(32, 'a'), "", "").status, 404);
  EXPECT_EQ(AnswerAlertFeed(*store, "../etc", "", "").status, 404);
  EXPECT_EQ(Request({{"op", "alert.add"}, {"user", "nobody"}})["code"], 2);
}

// ---- delivery --------------------------------------------------------------------

config::AlertsConfig FastRetries(int dead_after) {
  config::AlertsConfig policy;
  policy.retry_initial = 20ms;
  policy.retry_max = 80ms;
  policy.dead_letter_after = dead_after;
  policy.webhook_timeout = 5s;
  return policy;
}

// Runs delivery passes until `done` holds or 10 s pass.
template <typename Done>
void Drive(AlertDelivery& delivery, Done done) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    delivery.RunDue(NowMs());
    std::this_thread::sleep_for(10ms);
  }
}

TEST_F(AlertStoreTest, AWebhookIsRetriedWithBackoffUntilTheReceiverAcceptsItAndEveryAttemptIsSigned) {
  TestHttpServer receiver;
  TestHttpServer::Response refuse;
  refuse.status = 503;
  receiver.Set("/hook", refuse);
  const json added = Request({{"op", "alert.add"}, {"user", "an"}, {"webhook", receiver.Url("/hook")},
                              {"secret", "khóa bí mật"}});
  ASSERT_TRUE(added["ok"].get<bool>());
  ASSERT_EQ(*GenerateAlerts(*store, config, {Copy("1", "bao-a")}, kNow), 1u);

  AlertDelivery delivery(*store, {}, FastRetries(8));
  Drive(delivery, [&] { return receiver.requests().size() >= 2; });
  TestHttpServer::Response accept;
  accept.status = 204;
  receiver.Set("/hook", accept);
  Drive(delivery, [&] { return Count("outbox/") == 0; });

  const auto requests = receiver.requests();
  ASSERT_GE(requests.size(), 3u);
  EXPECT_EQ(Count("outbox/"), 0u);
  EXPECT_EQ(Count("dead/"), 0u);
  const std::string delivery_id = requests[0].headers.at("x-provwatch-delivery");
  for (const auto& r : requests) {
    EXPECT_EQ(r.method, "POST");
    EXPECT_TRUE(VerifyWebhookSignature("khóa bí mật", r.body, r.headers.at("x-provwatch-signature")))
        << r.headers.at("x-provwatch-signature");
    EXPECT_EQ(r.headers.at("x-provwatch-delivery"), delivery_id);  // the receiver can dedup
  }
  const json body = json::parse(requests.back().body);
  EXPECT_EQ(body["delivery"], delivery_id);
  EXPECT_EQ(body["alert"]["title"], "Tin đồn bịa đặt về Lai Châu 1");
  EXPECT_EQ(body["alert"]["outlets"], json::array({"bao-a"}));
}

TEST_F(AlertStoreTest, AReceiverThatAlwaysFailsGetsADeadLetterThatRetryRequeues) {
  TestHttpServer receiver;
  TestHttpServer::Response fail;
  fail.status = 500;
  receiver.Set("/hook", fail);
  ASSERT_TRUE(Request({{"op", "alert.add"}, {"user", "an"}, {"webhook", receiver.Url("/hook")}})["ok"].get<bool>());
  ASSERT_EQ(*GenerateAlerts(*store, config, {Copy("1", "bao-a")}, kNow), 1u);
  AlertDelivery delivery(*store, {}, FastRetries(3));
  Drive(delivery, [&] { return Count("dead/") == 1; });
  EXPECT_EQ(receiver.requests().size(), 3u);  // exactly dead_letter_after attempts
  EXPECT_EQ(Count("outbox/"), 0u);
  const json dead = Request({{"op", "alert.dead-letters"}});
  ASSERT_EQ(dead["dead_letters"].size(), 1u);
  EXPECT_EQ(dead["dead_letters"][0]["attempts"], 3);
  EXPECT_THAT(dead["dead_letters"][0]["last_error"].get<std::string>(), HasSubstr("HTTP status 500"));

  const json retried = Request({{"op", "alert.retry"}, {"id", dead["dead_letters"][0]["id"]}});
  ASSERT_TRUE(retried["ok"].get<bool>()) << retried.dump();
  EXPECT_EQ(Count("dead/"), 0u);
  EXPECT_EQ(Count("outbox/"), 1u);
  TestHttpServer::Response accept;
  receiver.Set("/hook", accept);
  Drive(delivery, [&] { return Count("outbox/") == 0; });
  EXPECT_EQ(receiver.requests().size(), 4u);
}

TEST_F(AlertStoreTest, TheSmtpSinkReceivesTheAlertWithItsVietnameseSubjectAndBody) {
  SmtpSink sink(dir);
  config::SmtpConfig smtp;
  smtp.url = sink.Url();
  smtp.from = "provwatch@tinh.invalid";
  smtp.starttls = config::SmtpConfig::StartTls::kTry;  // the sink offers none: plain text goes on
  ASSERT_TRUE(Request({{"op", "alert.add"}, {"user", "an"}, {"email", "an@tinh.invalid"}})["ok"].get<bool>());
  ASSERT_EQ(*GenerateAlerts(*store, config, {Copy("1", "bao-a")}, kNow), 1u);
  AlertDelivery delivery(*store, smtp, FastRetries(8));
  const DeliveryStats stats = delivery.RunDue(NowMs());
  EXPECT_EQ(stats.sent, 1u);
  const auto messages = sink.Messages(1);
  ASSERT_EQ(messages.size(), 1u);
  const Received mail = ParseMime(messages[0]);
  EXPECT_EQ(DecodeEncodedWords(mail.headers.at("subject")), "[provwatch] Cảnh báo: Tin đồn bịa đặt về Lai Châu 1");
  EXPECT_EQ(mail.headers.at("to"), "an@tinh.invalid");
  EXPECT_TRUE(mail.headers.count("date") && mail.headers.count("message-id"));
  EXPECT_THAT(mail.headers.at("content-type"), HasSubstr("multipart/alternative"));
  EXPECT_THAT(mail.parts.at("text/plain"), HasSubstr("Tin đồn bịa đặt về Lai Châu 1\nhttps://news.invalid/1"));
  EXPECT_THAT(mail.parts.at("text/plain"), HasSubstr("Nguồn đăng: bao-a"));
  EXPECT_THAT(mail.parts.at("text/html"), HasSubstr("<h1>Tin đồn bịa đặt về Lai Châu 1</h1>"));

  // starttls = "required" against a server without STARTTLS: refused, nothing sent.
  smtp.starttls = config::SmtpConfig::StartTls::kRequired;
  const Status refused = SendMail(smtp, "an@tinh.invalid", "Thử", "Nội dung");
  EXPECT_FALSE(refused.ok());
  EXPECT_EQ(sink.Messages(2, 300ms).size(), 1u);
}

}  // namespace
}  // namespace pw::daemon
