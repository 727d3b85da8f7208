// Integration: hostile and unlucky servers on loopback, polled into a real
// RocksDB in a temporary directory. Each misbehaviour must end in a recorded,
// readable error in the source's state while the other sources of the same
// cycle land; scheduling state (next due, circuit, health, moved URL) must
// survive in the store.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "config/config.h"
#include "daemon/poller.h"
#include "tests/daemon/cycle.h"
#include "tests/daemon/fixtures.h"
#include "tests/support/gzip.h"
#include "tests/support/http_server.h"
#include "tests/support/temp_dir.h"

namespace pw::daemon {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;
using pw::testing::TempDir;
using pw::testing::TestHttpServer;
using pw::testing::WriteFile;
using namespace std::chrono_literals;

UnixTime WallNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

using pw::testing::Gzip;

bool ValidUtf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    }
    i += n;
  }
  return true;
}

class HostileServersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir.Sub("profile.toml"), pw::testing::kTestProfile);
    pw::testing::ServeTestFeeds(server);
  }

  config::Config Load(const std::string& settings, const std::string& sources) {
    WriteFile(dir.Sub("provwatch.toml"),
              "profile_file = \"profile.toml\"\ndata_dir = \"data\"\n" + settings + sources);
    auto cfg = config::LoadConfig(dir.Sub("provwatch.toml"));
    EXPECT_TRUE(cfg.ok()) << cfg.error().message;
    return *cfg;
  }

  static std::string Source(const std::string& id, const std::string& url) {
    return "[[sources]]\nid = \"" + id + "\"\nurl = \"" + url + "\"\n";
  }

  CycleStats Cycle(const config::Config& cfg, storage::Store& store) {
    return testing::RunCycle(cfg, store, [&](const PollOutcome& o) { outcomes[o.source_id] = o; });
  }

  std::unique_ptr<storage::Store> OpenStore(const config::Config& cfg) {
    return testing::OpenStore(cfg.data_dir);
  }

  static storage::SourceState State(storage::Store& store, const std::string& id) {
    auto state = store.GetSource(id);
    EXPECT_TRUE(state.ok());
    EXPECT_TRUE(state.ok() && state->has_value()) << id << " has no saved state";
    return state.ok() && *state ? **state : storage::SourceState{};
  }

  TempDir dir;
  TestHttpServer server;
  std::map<std::string, PollOutcome> outcomes;
};

TEST_F(HostileServersTest, EveryMisbehavingServerEndsInARecordedErrorWhileTheOthersLand) {
  TestHttpServer::Response slow;
  slow.body = pw::testing::kFeedA;
  slow.delay_ms = 4000;
  server.Set("/slow.xml", slow);
  TestHttpServer::Response reset;
  reset.reset = true;
  server.Set("/reset.xml", reset);
  TestHttpServer::Response loop;
  loop.status = 301;
  loop.headers = {{"Location", "/loop.xml"}};
  server.Set("/loop.xml", loop);
  TestHttpServer::Response huge;
  huge.stream_bytes = 1ull << 30;  // 1 GB, generated as it is sent
  server.Set("/huge.xml", huge);
  TestHttpServer::Response bomb;
  bomb.body = Gzip(std::string(32u << 20, '\0'));  // 32 MB of zeros in about 32 KB
  bomb.headers = {{"Content-Encoding", "gzip"}};
  server.Set("/bomb.xml", bomb);
  TestHttpServer::Response busy;
  busy.status = 429;
  busy.headers = {{"Retry-After", "7200"}};
  server.Set("/busy.xml", busy);
  TestHttpServer::Response invalid;
  // Not recoverable as a feed (a truncated feed would be recovered, and flagged, by the parser).
  invalid.body = "<?xml version=\"1.0\"?>\n<<<không phải XML>>> &&& </rss>";
  invalid.content_type = "text/plain";
  server.Set("/invalid.xml", invalid);
  TestHttpServer::Response charset;  // declared UTF-8, bytes in windows-1252
  charset.body =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>x</title>"
      "<item><title>Caf\xe9 \xe0 Lai Ch\xe2u</title><link>https://news.invalid/c/1</link></item>"
      "</channel></rss>";
  server.Set("/charset.xml", charset);

  const auto cfg = Load("timeout = \"1s\"\nmax_body_bytes = 1048576\nlow_speed_time = \"10s\"\n",
                        Source("a", server.Url("/a.xml")) + Source("slow", server.Url("/slow.xml")) +
                            Source("reset", server.Url("/reset.xml")) +
                            Source("loop", server.Url("/loop.xml")) +
                            Source("huge", server.Url("/huge.xml")) +
                            Source("bomb", server.Url("/bomb.xml")) +
                            Source("busy", server.Url("/busy.xml")) +
                            Source("invalid", server.Url("/invalid.xml")) +
                            Source("charset", server.Url("/charset.xml")) +
                            Source("b", server.Url("/b.atom")));
  auto store = OpenStore(cfg);
  const UnixTime before = WallNow();
  const CycleStats stats = Cycle(cfg, *store);

  EXPECT_EQ(stats.sources, 10u);
  EXPECT_EQ(stats.stored, 4u + (outcomes["charset"].error.empty() ? 1u : 0u))
      << "the good sources land whatever the others do";
  EXPECT_EQ(outcomes["a"].error, "");
  EXPECT_EQ(outcomes["b"].error, "");

  const std::map<std::string, std::string> expected = {
      {"slow", "timed out after 1000 ms"},
      {"loop", "too many redirects"},
      {"huge", "body larger than 1048576 bytes"},
      {"bomb", "body larger than 1048576 bytes"},
      {"busy", "HTTP status 429 (retry after 7200 s)"},
      {"invalid", "cannot parse the feed"},
  };
  for (const auto& [id, message] : expected) {
    const auto state = State(*store, id);
    EXPECT_THAT(state.last_error, HasSubstr(message)) << id;
    EXPECT_EQ(state.consecutive_failures, 1) << id;
    EXPECT_FALSE(state.last_error_kind.empty()) << id;
  }
  EXPECT_EQ(State(*store, "slow").last_error_kind, "timeout");
  EXPECT_EQ(State(*store, "huge").last_error_kind, "too-large");
  EXPECT_EQ(State(*store, "busy").last_error_kind, "http");
  EXPECT_EQ(State(*store, "invalid").last_error_kind, "parse");

  const auto reset_state = State(*store, "reset");
  EXPECT_THAT(reset_state.last_error,
              AnyOf(HasSubstr("reset"), HasSubstr("empty reply"), HasSubstr("Recv failure")));
  EXPECT_EQ(reset_state.last_error_kind, "network");

  // The 1 GB body was refused early: the server never got to send much of it.
  EXPECT_LT(server.streamed_bytes(), 64ull << 20);

  // Retry-After pushes the next poll past what the backoff alone would give.
  EXPECT_GE(State(*store, "busy").next_due, before + 7200);
  EXPECT_LT(State(*store, "slow").next_due, before + 3600) << "plain backoff: minutes, not hours";

  // Wrong charset: a recorded error, or text recovered as valid UTF-8.
  const auto charset_state = State(*store, "charset");
  if (outcomes["charset"].error.empty()) {
    ASSERT_EQ(outcomes["charset"].stored.size(), 1u);
    EXPECT_TRUE(ValidUtf8(outcomes["charset"].stored[0].entry.title));
  } else {
    EXPECT_FALSE(charset_state.last_error.empty());
  }
}

TEST_F(HostileServersTest, ConditionalGetGivesA304OnTheSecondPoll) {
  const auto cfg = Load("", Source("a", server.Url("/a.xml")));
  auto store = OpenStore(cfg);
  ASSERT_EQ(Cycle(cfg, *store).stored, 3u);
  EXPECT_EQ(State(*store, "a").last_status, 200);
  const CycleStats again = Cycle(cfg, *store);
  EXPECT_EQ(again.not_modified, 1u);
  const auto state = State(*store, "a");
  EXPECT_EQ(state.last_status, 304);
  EXPECT_EQ(state.consecutive_failures, 0);
  EXPECT_EQ(state.etag, "\"a-v1\"");
}

TEST_F(HostileServersTest, PerHostCapKeepsTenSourcesToTwoConcurrentRequests) {
  std::string sources;
  for (int i = 0; i < 10; ++i) {
    TestHttpServer::Response r;
    r.body = pw::testing::kFeedA;
    r.delay_ms = 100;  // long enough for requests to overlap if they could
    server.Set("/f" + std::to_string(i) + ".xml", r);
    sources += Source("f" + std::to_string(i), server.Url("/f" + std::to_string(i) + ".xml"));
  }
  const auto cfg = Load("max_per_host = 2\n", sources);
  auto store = OpenStore(cfg);
  const CycleStats stats = Cycle(cfg, *store);
  EXPECT_EQ(stats.sources, 10u);
  EXPECT_EQ(stats.failed, 0u);
  EXPECT_EQ(server.requests().size(), 10u);
  EXPECT_LE(server.max_concurrent(), 2);
  EXPECT_EQ(server.max_concurrent(), 2) << "the cap limits, it does not serialise";
}

TEST_F(HostileServersTest, APermanentRedirectSeenOnTwoPollsMovesTheSource) {
  TestHttpServer::Response moved;
  moved.status = 301;
  moved.headers = {{"Location", server.Url("/new.xml")}};
  server.Set("/old.xml", moved);
  TestHttpServer::Response feed;
  feed.body = pw::testing::kFeedA;
  server.Set("/new.xml", feed);
  const auto cfg = Load("", Source("m", server.Url("/old.xml")));
  auto store = OpenStore(cfg);

  Cycle(cfg, *store);
  auto state = State(*store, "m");
  EXPECT_EQ(state.url, "") << "one redirect is not enough to move a source";
  EXPECT_EQ(state.pending_redirect, server.Url("/new.xml"));

  Cycle(cfg, *store);
  state = State(*store, "m");
  EXPECT_EQ(state.url, server.Url("/new.xml"));
  EXPECT_EQ(state.moved_from, server.Url("/old.xml"));

  const auto count_old = [&] {
    int n = 0;
    for (const auto& r : server.requests()) n += r.path == "/old.xml" ? 1 : 0;
    return n;
  };
  const int old_before = count_old();
  Cycle(cfg, *store);
  EXPECT_EQ(count_old(), old_before) << "the third poll goes straight to the new URL";
  EXPECT_EQ(outcomes["m"].url, server.Url("/new.xml"));
  EXPECT_EQ(outcomes["m"].error, "");
}

TEST_F(HostileServersTest, ATemporaryRedirectNeverMovesTheSource) {
  TestHttpServer::Response moved;
  moved.status = 302;
  moved.headers = {{"Location", server.Url("/a.xml")}};
  server.Set("/tmp.xml", moved);
  const auto cfg = Load("", Source("t", server.Url("/tmp.xml")));
  auto store = OpenStore(cfg);
  Cycle(cfg, *store);
  Cycle(cfg, *store);
  const auto state = State(*store, "t");
  EXPECT_EQ(state.url, "");
  EXPECT_EQ(state.pending_redirect, "");
}

TEST_F(HostileServersTest, ARestartedDaemonPollsOnlyTheSourcesThatAreDue) {
  const auto cfg = Load("", Source("a", server.Url("/a.xml")) + Source("b", server.Url("/b.atom")));
  auto store = OpenStore(cfg);
  Cycle(cfg, *store);
  const UnixTime now = WallNow();
  EXPECT_GT(State(*store, "a").next_due, now + 600) << "15 min ± 10 % away";
  // b's saved due time has passed, as if the daemon had been down for a while.
  auto b = State(*store, "b");
  b.next_due = now - 60;
  ASSERT_TRUE(store->PutSource("b", b).ok());
  const std::size_t requests_before = server.requests().size();

  boost::asio::io_context io;
  boost::asio::thread_pool pool(2);
  std::vector<std::string> polled;
  {
    Poller poller(io, pool, *store, std::make_shared<const Settings>(cfg),
                  [&](const PollOutcome& o) { polled.push_back(o.source_id); });
    poller.Start();
    boost::asio::steady_timer stop(io, 1500ms);
    stop.async_wait([&](const boost::system::error_code&) { poller.Stop(); });
    io.run();
    pool.join();
  }
  EXPECT_EQ(polled, std::vector<std::string>{"b"});
  ASSERT_EQ(server.requests().size(), requests_before + 1);
  EXPECT_EQ(server.requests().back().path, "/b.atom");
}

TEST_F(HostileServersTest, TheTenthConsecutiveFailureParksTheSource) {
  const auto cfg = Load("", Source("gone", server.Url("/gone.xml")));
  auto store = OpenStore(cfg);
  storage::SourceState st;
  st.consecutive_failures = 9;
  st.failing_since = WallNow() - 3 * 86400;
  ASSERT_TRUE(store->PutSource("gone", st).ok());
  const UnixTime before = WallNow();
  Cycle(cfg, *store);
  const auto state = State(*store, "gone");
  EXPECT_EQ(state.consecutive_failures, 10);
  EXPECT_TRUE(state.circuit_open);
  EXPECT_GE(state.next_due, before + 4 * 3600) << "parked: retried every 6 h (jittered)";
  EXPECT_THAT(state.unhealthy, HasSubstr("failing for 3 days"));

  // A success closes the circuit and clears the health record.
  TestHttpServer::Response back;
  back.body = pw::testing::kFeedA;
  server.Set("/gone.xml", back);
  Cycle(cfg, *store);
  const auto healed = State(*store, "gone");
  EXPECT_FALSE(healed.circuit_open);
  EXPECT_EQ(healed.consecutive_failures, 0);
  EXPECT_EQ(healed.unhealthy, "");
  EXPECT_EQ(healed.failing_since, 0);
}

}  // namespace
}  // namespace pw::daemon
