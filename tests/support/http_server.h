#pragma once
/// TestHttpServer: a real HTTP/1.1 server on 127.0.0.1 (port chosen by the
/// kernel) for integration tests, serving canned responses from its own thread.
///
/// Conditional GET: when a response carries an "ETag" header and the request's
/// If-None-Match equals it (or Last-Modified and If-Modified-Since are equal),
/// the server answers 304 with no body. Unknown paths get 404.
/// Thread rules: Set()/requests() may be called from any thread while it runs.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace pw::testing {

class TestHttpServer {
 public:
  struct Response {
    int status = 200;
    std::string content_type = "application/rss+xml; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  ///< extra headers, e.g. {"ETag", "\"v1\""}
    int delay_ms = 0;  ///< wait before answering (for timeout tests)
  };
  struct Request {
    std::string method;
    std::string path;  ///< with query string
    std::map<std::string, std::string> headers;  ///< names lower-cased
  };

  TestHttpServer();   ///< starts listening; aborts if it cannot bind
  ~TestHttpServer();  ///< stops the thread and closes every connection
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  std::uint16_t port() const;
  /// "http://127.0.0.1:PORT" + path
  std::string Url(const std::string& path) const;
  void Set(const std::string& path, Response response);
  /// Every request received so far, in arrival order.
  std::vector<Request> requests() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pw::testing
