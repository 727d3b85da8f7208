#include "crawler/fetcher.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

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

std::string Gzip(const std::string& data) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

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
  Fetcher fetcher(io);
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

}  // namespace
}  // namespace pw::crawler
