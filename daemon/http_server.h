#pragma once
/// The daemon's HTTP/1.1 server (Boost.Beast): accepts on the io_context
/// thread, reads each request with timeouts and limits, hands it to
/// `dispatch` on the worker pool (handlers touch the store), and writes the
/// answer back on the io thread. The only translation unit that includes
/// Beast (compile time on 2 cores: BUILD-NOTES.md).
///
/// Per connection: the header must arrive within header_timeout and the body
/// within body_timeout; a header over 16 KiB is a 431, a body over body_limit a
/// 413, a malformed request a 400 with a JSON reason (then the connection is
/// closed); keep-alive otherwise, idle up to idle_timeout. Pipelining:
/// requests are answered one at a time, in order; the next is not read while
/// one is being handled, so at most `pipeline_limit` requests are served per
/// read-ahead buffer and the bytes queued are bounded by the read buffer
/// (header limit + body limit).
///
/// Lifetime: Start binds and listens at once (port 0: the kernel picks one,
/// see port()); Stop (io thread) closes the acceptor and every connection.
/// `dispatch` must stay callable until the io_context and the workers have
/// finished.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "core/result.h"
#include "daemon/http_router.h"

namespace pw::daemon {

struct HttpLimits {
  std::size_t body_limit = 1 << 20;  ///< 1 MiB
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds body_timeout{30};
  std::chrono::seconds idle_timeout{60};
  std::size_t max_connections = 256;  ///< further connections are closed at once
};

/// "127.0.0.1:8080" / "[::1]:0" -> host and port; Error when malformed.
Result<std::pair<std::string, std::uint16_t>> ParseListenAddress(const std::string& text);

class HttpServer {
 public:
  using Dispatch = std::function<HttpResponse(HttpRequest&&)>;

  static Result<std::unique_ptr<HttpServer>> Start(boost::asio::io_context& io,
                                                   boost::asio::thread_pool& workers,
                                                   const std::string& listen, HttpLimits limits,
                                                   Dispatch dispatch);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// The bound port (the one the kernel picked for port 0).
  std::uint16_t port() const;
  /// Stops accepting and closes every connection; call on the io thread.
  void Stop();

  struct Impl;

 private:
  explicit HttpServer(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace pw::daemon
