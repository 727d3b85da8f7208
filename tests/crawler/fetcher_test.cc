#include "crawler/fetcher.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/gzip.h"
#include "tests/support/http_server.h"
#include "tests/support/temp_dir.h"

namespace pw::crawler {
namespace {

namespace asio = boost::asio;
using pw::testing::TestHttpServer;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

FetchRequest Get(std::string url) {
  FetchRequest request;
  request.url = std::move(url);
  return request;
}

TestHttpServer::Response Reply(std::string body,
                               std::vector<std::pair<std::string, std::string>> headers = {}) {
  TestHttpServer::Response response;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

// Runs one transfer to completion. io.run() returning at all is part of the
// contract: a finished Fetcher leaves no timer and no watched socket behind.
FetchResponse FetchOne(FetchRequest request) {
  asio::io_context io;
  Fetcher fetcher(io);
  std::optional<FetchResponse> result;
  int calls = 0;
  fetcher.Fetch(std::move(request), [&](FetchResponse r) {
    ++calls;
    result = std::move(r);
  });
  EXPECT_EQ(fetcher.in_flight(), 1u);
  io.run();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(fetcher.in_flight(), 0u);
  return result.value_or(FetchResponse{});
}

using pw::testing::Gzip;

// Runs the io_context until `done` holds, for tests that stop mid-way.
template <typename Pred>
bool RunUntil(asio::io_context& io, Pred done, std::chrono::milliseconds limit = 5s) {
  const auto deadline = Clock::now() + limit;
  while (!done() && Clock::now() < deadline) {
    io.restart();
    io.run_for(10ms);
  }
  return done();
}

TEST(Fetcher, ReturnsBodyStatusAndValidatorsOfA200) {
  TestHttpServer server;
  server.Set("/feed.xml", Reply("<rss/>", {{"ETag", "\"v1\""},
                                           {"Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT"}}));
  const FetchResponse r = FetchOne(Get(server.Url("/feed.xml")));
  EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<rss/>");
  EXPECT_EQ(r.content_type, "application/rss+xml; charset=utf-8");
  EXPECT_EQ(r.etag, "\"v1\"");
  EXPECT_EQ(r.last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");
  EXPECT_EQ(r.url, server.Url("/feed.xml"));
  EXPECT_EQ(r.effective_url, server.Url("/feed.xml"));
  EXPECT_EQ(r.error, "");

  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].headers.at("user-agent"), "provwatch/0.1");
  EXPECT_NE(requests[0].headers.at("accept-encoding").find("gzip"), std::string::npos);
  EXPECT_EQ(requests[0].headers.count("if-none-match"), 0u);
}

TEST(Fetcher, SendsValidatorsAndReportsA304AsNotModified) {
  TestHttpServer server;
  server.Set("/feed.xml", Reply("<rss/>", {{"ETag", "\"v1\""},
                                           {"Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT"}}));
  FetchRequest by_etag = Get(server.Url("/feed.xml"));
  by_etag.etag = "\"v1\"";
  const FetchResponse r1 = FetchOne(by_etag);
  EXPECT_EQ(r1.status, 304);
  EXPECT_TRUE(r1.not_modified());
  EXPECT_FALSE(r1.ok());
  EXPECT_EQ(r1.body, "");
  EXPECT_EQ(r1.error, "");
  EXPECT_EQ(server.requests().back().headers.at("if-none-match"), "\"v1\"");

  FetchRequest by_date = Get(server.Url("/feed.xml"));
  by_date.last_modified = "Wed, 21 Oct 2015 07:28:00 GMT";
  EXPECT_TRUE(FetchOne(by_date).not_modified());
  EXPECT_EQ(server.requests().back().headers.at("if-modified-since"),
            "Wed, 21 Oct 2015 07:28:00 GMT");

  FetchRequest stale = Get(server.Url("/feed.xml"));
  stale.etag = "\"v0\"";
  const FetchResponse r3 = FetchOne(stale);
  EXPECT_TRUE(r3.ok());
  EXPECT_EQ(r3.body, "<rss/>");
}

TEST(Fetcher, ReportsA404AsAStatusThatIsNotOk) {
  TestHttpServer server;
  const FetchResponse r = FetchOne(Get(server.Url("/nowhere")));
  EXPECT_EQ(r.status, 404);
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.not_modified());
  EXPECT_EQ(r.error, "");
}

TEST(Fetcher, ReportsARefusedConnection) {
  std::string url;
  {
    TestHttpServer gone;  // a port that was just free and is closed again
    url = gone.Url("/feed.xml");
  }
  const FetchResponse r = FetchOne(Get(url));
  EXPECT_EQ(r.error, "connection refused");
  EXPECT_EQ(r.status, 0);
  EXPECT_FALSE(r.ok());
}

TEST(Fetcher, TimesOutASlowServerWithAReadableError) {
  const auto start = Clock::now();
  {
    TestHttpServer server;
    TestHttpServer::Response slow = Reply("late");
    slow.delay_ms = 5000;
    server.Set("/slow", slow);
    FetchRequest request = Get(server.Url("/slow"));
    request.total_timeout_ms = 300;
    const FetchResponse r = FetchOne(request);
    EXPECT_EQ(r.error, "timed out after 300 ms");
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.body, "");
  }  // the server shuts down with the delayed answer still pending
  EXPECT_LT(Clock::now() - start, 2s);
}

TEST(Fetcher, AbortsWhenTheDeclaredBodyExceedsTheCap) {
  TestHttpServer server;
  server.Set("/big", Reply(std::string(100'000, 'x')));
  FetchRequest request = Get(server.Url("/big"));
  request.max_body_bytes = 10'000;
  const FetchResponse r = FetchOne(request);
  EXPECT_EQ(r.error, "body larger than 10000 bytes");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.body, "");
}

TEST(Fetcher, AbortsWhenTheDecodedBodyExceedsTheCap) {
  TestHttpServer server;
  const std::string bomb = Gzip(std::string(4 * 1024 * 1024, '\0'));
  ASSERT_LT(bomb.size(), 65'536u);
  server.Set("/bomb", Reply(bomb, {{"Content-Encoding", "gzip"}}));
  FetchRequest request = Get(server.Url("/bomb"));
  request.max_body_bytes = 65'536;
  const FetchResponse r = FetchOne(request);
  EXPECT_EQ(r.error, "body larger than 65536 bytes");
  EXPECT_EQ(r.body, "");
}

TEST(Fetcher, DecodesAGzipBody) {
  TestHttpServer server;
  std::string text;
  for (int i = 0; i < 5000; ++i)
    text += "<item><title>Tin số " + std::to_string(i) + "</title></item>\n";
  const std::string compressed = Gzip(text);
  ASSERT_LT(compressed.size(), text.size() / 4);
  server.Set("/feed.xml", Reply(compressed, {{"Content-Encoding", "gzip"}}));
  const FetchResponse r = FetchOne(Get(server.Url("/feed.xml")));
  EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.body, text);
}

TEST(Fetcher, ReadsALargeBodyCompletely) {
  TestHttpServer server;
  std::string body(6 * 1024 * 1024, '\0');
  for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>('a' + i % 26);
  server.Set("/large", Reply(body));
  FetchRequest request = Get(server.Url("/large"));
  request.total_timeout_ms = 10'000;
  const FetchResponse r = FetchOne(request);
  EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.body.size(), body.size());
  EXPECT_TRUE(r.body == body);
}

TEST(Fetcher, FollowsRedirectsAndStopsRedirectLoops) {
  TestHttpServer server;
  TestHttpServer::Response moved = Reply("", {{"Location", "/new.xml"}});
  moved.status = 301;
  server.Set("/old.xml", moved);
  server.Set("/new.xml", Reply("<rss>moved</rss>", {{"ETag", "\"new\""}}));
  const FetchResponse r = FetchOne(Get(server.Url("/old.xml")));
  EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.body, "<rss>moved</rss>");
  EXPECT_EQ(r.effective_url, server.Url("/new.xml"));
  EXPECT_EQ(r.url, server.Url("/old.xml"));
  EXPECT_EQ(r.etag, "\"new\"");

  TestHttpServer::Response loop = Reply("", {{"Location", "/loop"}});
  loop.status = 302;
  server.Set("/loop", loop);
  EXPECT_EQ(FetchOne(Get(server.Url("/loop"))).error, "too many redirects (more than 5)");
}

TEST(Fetcher, ReadsFileUrlsAndReportsMissingFiles) {
  testing::TempDir dir;
  testing::WriteFile(dir.Sub("feed.xml"), "<rss>local</rss>");
  const FetchResponse r = FetchOne(Get("file://" + dir.Sub("feed.xml")));
  EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<rss>local</rss>");

  const FetchResponse missing = FetchOne(Get("file://" + dir.Sub("missing.xml")));
  EXPECT_EQ(missing.error, "cannot read file " + dir.Sub("missing.xml"));
  EXPECT_FALSE(missing.ok());
}

TEST(Fetcher, RefusesSchemesOtherThanHttpAndFile) {
  const FetchResponse r = FetchOne(Get("gopher://127.0.0.1/1"));
  EXPECT_EQ(r.error.rfind("unsupported URL scheme", 0), 0u) << r.error;
}

TEST(Fetcher, CompletesFiftyConcurrentTransfersOnOneThread) {
  TestHttpServer server;
  constexpr int kCount = 50;
  for (int i = 0; i < kCount; ++i) {
    TestHttpServer::Response slow = Reply("body " + std::to_string(i));
    slow.delay_ms = 300;  // all in flight at once, or this takes 15 s
    server.Set("/feed/" + std::to_string(i), slow);
  }
  asio::io_context io;
  FetcherOptions options;  // one host: lift the per-host cap to let them all run at once
  options.max_per_host = kCount;
  Fetcher fetcher(io, options);
  std::vector<std::string> bodies(kCount);
  int calls = 0;
  bool all_on_this_thread = true;
  const auto test_thread = std::this_thread::get_id();
  const auto start = Clock::now();
  for (int i = 0; i < kCount; ++i) {
    fetcher.Fetch(Get(server.Url("/feed/" + std::to_string(i))), [&, i](FetchResponse r) {
      ++calls;
      all_on_this_thread = all_on_this_thread && std::this_thread::get_id() == test_thread;
      bodies[static_cast<std::size_t>(i)] = r.ok() ? r.body : "error: " + r.error;
    });
  }
  EXPECT_EQ(fetcher.in_flight(), static_cast<std::size_t>(kCount));
  io.run();
  EXPECT_LT(Clock::now() - start, 5s);
  EXPECT_EQ(calls, kCount);
  EXPECT_TRUE(all_on_this_thread);
  EXPECT_EQ(fetcher.in_flight(), 0u);
  for (int i = 0; i < kCount; ++i)
    EXPECT_EQ(bodies[static_cast<std::size_t>(i)], "body " + std::to_string(i));
  EXPECT_EQ(server.requests().size(), static_cast<std::size_t>(kCount));
  EXPECT_GT(server.max_concurrent(), 6) << "more than the default per-host cap at once";
}

TEST(Fetcher, DestroyedMidTransferCallsNoCallback) {
  TestHttpServer server;
  TestHttpServer::Response slow = Reply("late");
  slow.delay_ms = 3000;
  server.Set("/slow", slow);
  asio::io_context io;
  auto fetcher = std::make_unique<Fetcher>(io);
  int calls = 0;
  for (int i = 0; i < 3; ++i)
    fetcher->Fetch(Get(server.Url("/slow")), [&](FetchResponse) { ++calls; });
  // Wait until every request is on the wire, so sockets are watched.
  ASSERT_TRUE(RunUntil(io, [&] { return server.requests().size() == 3; }));
  EXPECT_EQ(fetcher->in_flight(), 3u);
  fetcher.reset();
  const auto start = Clock::now();
  io.restart();
  io.run();  // nothing of the Fetcher may be left to run
  EXPECT_LT(Clock::now() - start, 1s);
  EXPECT_EQ(calls, 0);
}

TEST(Fetcher, DestroyedBeforeTheIoContextRunsCallsNoCallback) {
  TestHttpServer server;
  server.Set("/feed.xml", Reply("<rss/>"));
  asio::io_context io;
  int calls = 0;
  {
    Fetcher fetcher(io);
    fetcher.Fetch(Get(server.Url("/feed.xml")), [&](FetchResponse) { ++calls; });
  }
  io.run();
  EXPECT_EQ(calls, 0);
}

TEST(Fetcher, LetsACallbackDestroyTheFetcher) {
  TestHttpServer server;
  server.Set("/fast", Reply("fast"));
  TestHttpServer::Response slow = Reply("slow");
  slow.delay_ms = 2000;
  server.Set("/slow", slow);
  asio::io_context io;
  auto fetcher = std::make_unique<Fetcher>(io);
  std::vector<std::string> seen;
  fetcher->Fetch(Get(server.Url("/slow")), [&](FetchResponse r) { seen.push_back(r.body); });
  fetcher->Fetch(Get(server.Url("/fast")), [&](FetchResponse r) {
    seen.push_back(r.body);
    fetcher.reset();
  });
  const auto start = Clock::now();
  io.run();
  EXPECT_LT(Clock::now() - start, 1500ms);
  EXPECT_EQ(seen, std::vector<std::string>{"fast"});
}

TEST(Fetcher, LetsACallbackStartAnotherTransfer) {
  TestHttpServer server;
  server.Set("/first", Reply("first"));
  server.Set("/second", Reply("second"));
  asio::io_context io;
  Fetcher fetcher(io);
  std::vector<std::string> seen;
  fetcher.Fetch(Get(server.Url("/first")), [&](FetchResponse r) {
    seen.push_back(r.body);
    fetcher.Fetch(Get(server.Url("/second")), [&](FetchResponse r2) { seen.push_back(r2.body); });
  });
  io.run();
  EXPECT_EQ(seen, (std::vector<std::string>{"first", "second"}));
}

TEST(TestHttpServer, AnswersPipelinedKeepAliveRequestsInOrder) {
  TestHttpServer server;
  server.Set("/a", Reply("A"));
  server.Set("/b", Reply("B"));
  asio::io_context io;
  Fetcher fetcher(io);
  std::vector<std::string> seen;
  // Sequential transfers reuse curl's kept-alive connection to the server.
  fetcher.Fetch(Get(server.Url("/a")), [&](FetchResponse r) {
    seen.push_back(r.body);
    fetcher.Fetch(Get(server.Url("/b?x=1")), [&](FetchResponse r2) { seen.push_back(r2.body); });
  });
  io.run();
  EXPECT_EQ(seen, (std::vector<std::string>{"A", "B"}));
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].path, "/b?x=1");
}

TEST(TestHttpServer, ShutsDownPromptlyWithClientsStillConnected) {
  auto server = std::make_unique<TestHttpServer>();
  TestHttpServer::Response slow = Reply("late");
  slow.delay_ms = 10'000;
  server->Set("/slow", slow);
  std::vector<int> clients;
  for (int i = 0; i < 3; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(server->port());
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    clients.push_back(fd);
  }
  // One client waits for a delayed answer, the others sit idle.
  const std::string request = "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(::send(clients[0], request.data(), request.size(), 0),
            static_cast<ssize_t>(request.size()));
  const auto deadline = Clock::now() + 5s;
  while (server->requests().empty() && Clock::now() < deadline) std::this_thread::sleep_for(5ms);
  ASSERT_EQ(server->requests().size(), 1u);
  const auto start = Clock::now();
  server.reset();
  EXPECT_LT(Clock::now() - start, 500ms);
  char byte;
  EXPECT_EQ(::recv(clients[0], &byte, 1, 0), 0);  // closed without an answer
  for (int fd : clients) ::close(fd);
}

// Runs every request on one Fetcher with `options`; returns the responses in request order.
std::vector<FetchResponse> FetchAll(FetcherOptions options, std::vector<FetchRequest> requests) {
  asio::io_context io;
  Fetcher fetcher(io, std::move(options));
  std::vector<FetchResponse> out(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    fetcher.Fetch(std::move(requests[i]), [&out, i](FetchResponse r) { out[i] = std::move(r); });
  }
  io.run();
  EXPECT_EQ(fetcher.in_flight(), 0u);
  return out;
}

TEST(Fetcher, KeepsConcurrentTransfersToOneHostWithinThePerHostCap) {
  TestHttpServer server;
  TestHttpServer::Response slow = Reply("x");
  slow.delay_ms = 100;
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 8; ++i) {
    server.Set("/f" + std::to_string(i), slow);
    requests.push_back(Get(server.Url("/f" + std::to_string(i))));
  }
  FetcherOptions options;
  options.max_per_host = 3;
  const auto responses = FetchAll(options, std::move(requests));
  for (const auto& r : responses) EXPECT_EQ(r.body, "x");
  EXPECT_EQ(server.requests().size(), 8u);
  EXPECT_EQ(server.max_concurrent(), 3);
}

TEST(Fetcher, KeepsConcurrentTransfersWithinTheGlobalCapAcrossHosts) {
  TestHttpServer one, two;
  TestHttpServer::Response slow = Reply("x");
  slow.delay_ms = 100;
  one.Set("/f", slow);
  two.Set("/f", slow);
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 4; ++i) {
    requests.push_back(Get(one.Url("/f")));
    requests.push_back(Get(two.Url("/f")));
  }
  FetcherOptions options;
  options.max_transfers = 2;
  options.max_per_host = 2;
  // Measured by the Fetcher itself: never more than two running, the rest queued.
  asio::io_context io;
  Fetcher fetcher(io, options);
  int done = 0;
  std::size_t most_running = 0;
  for (auto& r : requests) {
    fetcher.Fetch(std::move(r), [&](FetchResponse resp) {
      EXPECT_EQ(resp.body, "x");
      ++done;
    });
    most_running = std::max(most_running, fetcher.in_flight() - fetcher.queued());
  }
  EXPECT_EQ(fetcher.queued(), 6u);
  ASSERT_TRUE(RunUntil(io, [&] {
    most_running = std::max(most_running, fetcher.in_flight() - fetcher.queued());
    return done == 8;
  }));
  EXPECT_EQ(most_running, 2u);
  EXPECT_LE(one.max_concurrent() + two.max_concurrent(), 4);
}

TEST(Fetcher, WaitsTheHostDelayBetweenTwoRequestsToOneHost) {
  TestHttpServer server;
  server.Set("/a", Reply("a"));
  FetcherOptions options;
  options.host_delay = 300ms;
  const auto start = Clock::now();
  const auto responses =
      FetchAll(options, {Get(server.Url("/a")), Get(server.Url("/a")), Get(server.Url("/a"))});
  EXPECT_GE(Clock::now() - start, 600ms) << "three starts, two delays";
  for (const auto& r : responses) EXPECT_EQ(r.body, "a");
}

TEST(Fetcher, AbortsADrippingBodyBelowTheLowSpeedLimit) {
  TestHttpServer server;
  TestHttpServer::Response drip = Reply(std::string(200, 'd'));
  drip.drip_ms = 100;  // 10 bytes/s
  server.Set("/drip", drip);
  FetchRequest request = Get(server.Url("/drip"));
  request.low_speed_bytes = 1000;
  request.low_speed_seconds = 1;
  const FetchResponse r = FetchOne(std::move(request));
  EXPECT_EQ(r.error, "too slow: less than 1000 bytes/s for 1 s");
  EXPECT_TRUE(r.body.empty());
}

TEST(Fetcher, ReportsAResetConnectionAsAReadableError) {
  TestHttpServer server;
  TestHttpServer::Response reset;
  reset.reset = true;
  server.Set("/reset", reset);
  const FetchResponse r = FetchOne(Get(server.Url("/reset")));
  EXPECT_FALSE(r.error.empty());
  EXPECT_EQ(r.status, 0);
}

TEST(Fetcher, StopsAHugeStreamedBodyAtTheCapWithoutReadingIt) {
  TestHttpServer server;
  TestHttpServer::Response huge;
  huge.stream_bytes = 1ull << 30;
  server.Set("/huge", huge);
  FetchRequest request = Get(server.Url("/huge"));
  request.max_body_bytes = 1 << 20;
  const FetchResponse r = FetchOne(std::move(request));
  EXPECT_EQ(r.error, "body larger than 1048576 bytes");
  EXPECT_LT(server.streamed_bytes(), 64ull << 20);
}

TEST(Fetcher, ExposesRetryAfterAndTheStatusOfEveryResponseOnTheChain) {
  TestHttpServer server;
  TestHttpServer::Response busy = Reply("later", {{"Retry-After", "120"}});
  busy.status = 503;
  server.Set("/busy", busy);
  TestHttpServer::Response moved = Reply("", {{"Location", "/busy"}});
  moved.status = 308;
  server.Set("/moved", moved);
  const FetchResponse r = FetchOne(Get(server.Url("/moved")));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.retry_after, "120");
  EXPECT_EQ(r.statuses, (std::vector<long>{308, 503}));
  EXPECT_TRUE(r.permanently_redirected());
}

TEST(Fetcher, TellsPermanentRedirectChainsFromTemporaryOnes) {
  TestHttpServer server;
  server.Set("/feed", Reply("feed"));
  TestHttpServer::Response perm = Reply("", {{"Location", "/feed"}});
  perm.status = 301;
  server.Set("/perm", perm);
  TestHttpServer::Response temp = Reply("", {{"Location", "/perm"}});
  temp.status = 302;
  server.Set("/temp", temp);

  const FetchResponse direct = FetchOne(Get(server.Url("/feed")));
  EXPECT_FALSE(direct.permanently_redirected());
  const FetchResponse permanent = FetchOne(Get(server.Url("/perm")));
  EXPECT_TRUE(permanent.permanently_redirected());
  EXPECT_EQ(permanent.effective_url, server.Url("/feed"));
  EXPECT_EQ(permanent.statuses, (std::vector<long>{301, 200}));
  const FetchResponse mixed = FetchOne(Get(server.Url("/temp")));
  EXPECT_EQ(mixed.body, "feed");
  EXPECT_FALSE(mixed.permanently_redirected()) << "a 302 on the chain makes the move temporary";
}

TEST(Fetcher, UsesTheConfiguredProxy) {
  TestHttpServer proxy;  // a plain HTTP proxy receives absolute-form request targets
  proxy.Set("http://feeds.invalid/rss", Reply("via proxy"));
  FetcherOptions options;
  options.proxy = proxy.Url("");
  const auto responses = FetchAll(options, {Get("http://feeds.invalid/rss")});
  EXPECT_EQ(responses[0].body, "via proxy");
  ASSERT_EQ(proxy.requests().size(), 1u);
}

TEST(Fetcher, NamesTheContentEncodingsItDecodes) {
  const std::string encodings = Fetcher::SupportedEncodings();
  EXPECT_NE(encodings.find("gzip"), std::string::npos);
  EXPECT_NE(encodings.find("deflate"), std::string::npos);
}

// TLS verification is never switched off: no source file may set either
// option to anything but its secure value.
TEST(Fetcher, NeverDisablesTlsVerification) {
  for (const char* file : {"/crawler/fetcher.cc", "/crawler/curl_handles.h"}) {
    std::ifstream in(std::string(PW_SOURCE_DIR) + file);
    ASSERT_TRUE(in) << file;
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    for (const char* bad : {"SSL_VERIFYPEER, 0", "SSL_VERIFYHOST, 0", "SSL_VERIFYHOST, 1",
                            "SSL_VERIFYSTATUS, 0", "PROXY_SSL_VERIFYPEER, 0"}) {
      EXPECT_EQ(text.find(bad), std::string::npos) << file << " contains " << bad;
    }
    if (std::string(file) == "/crawler/fetcher.cc") {
      EXPECT_NE(text.find("CURLOPT_SSL_VERIFYPEER, 1L"), std::string::npos);
      EXPECT_NE(text.find("CURLOPT_SSL_VERIFYHOST, 2L"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace pw::crawler
