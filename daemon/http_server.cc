#include "daemon/http_server.h"

#include <charconv>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

namespace pw::daemon {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kHeaderLimit = 16 * 1024;

using BeastResponse = http::response<http::string_body>;

BeastResponse ToBeast(HttpResponse&& r, unsigned version, bool keep_alive, bool head) {
  BeastResponse out{static_cast<http::status>(r.status), version};
  out.set(http::field::server, "provwatch");
  out.set(http::field::content_type, r.content_type);
  out.set("X-Content-Type-Options", "nosniff");
  for (auto& [name, value] : r.headers) out.insert(name, value);
  const std::size_t size = r.body.size();
  if (!head) out.body() = std::move(r.body);
  out.keep_alive(keep_alive);
  out.content_length(size);
  return out;
}

HttpRequest FromBeast(http::request<http::string_body>&& in, const std::string& client) {
  HttpRequest r;
  r.method = std::string(in.method_string());
  r.target = std::string(in.target());
  const std::size_t q = r.target.find('?');
  r.path = r.target.substr(0, q);
  if (q != std::string::npos) r.query = ParseQuery(std::string_view(r.target).substr(q + 1));
  for (const auto& field : in) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers[name] = std::string(field.value());
  }
  r.body = std::move(in.body());
  r.client = client;
  return r;
}

// The answer to a request the transport refuses (bad bytes, too large).
HttpResponse TransportError(const beast::error_code& ec) {
  if (ec == http::error::body_limit) {
    return ErrorResponse(413, "body-too-large", "nội dung quá lớn / request body too large");
  }
  if (ec == http::error::header_limit) {
    return ErrorResponse(431, "header-too-large", "phần đầu quá lớn / request header too large");
  }
  return ErrorResponse(400, "bad-request",
                       "yêu cầu không hợp lệ / malformed request: " + ec.message());
}

bool IsDisconnect(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
         ec == beast::error::timeout || ec == asio::error::bad_descriptor ||
         ec == http::error::partial_message;
}

}  // namespace

Result<std::pair<std::string, std::uint16_t>> ParseListenAddress(const std::string& text) {
  const std::size_t colon = text.rfind(':');
  const auto bad = [&] {
    return Error{"--http \"" + text + "\": cần dạng ĐỊA_CHỈ:CỔNG / expected ADDR:PORT (e.g. 127.0.0.1:8080) or off"};
  };
  if (colon == std::string::npos || colon == 0) return bad();
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port_text = text.substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535 || port_text.empty()) {
    return bad();
  }
  boost::system::error_code aec;
  asio::ip::make_address(host, aec);
  if (aec) return bad();
  return std::make_pair(host, static_cast<std::uint16_t>(port));
}

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(asio::io_context& io_context, asio::thread_pool& pool, HttpLimits l, Dispatch d)
      : io(io_context), workers(pool), limits(l), dispatch(std::move(d)), acceptor(io_context) {}

  asio::awaitable<void> Accept();
  asio::awaitable<void> Serve(std::shared_ptr<beast::tcp_stream> stream);
  asio::awaitable<HttpResponse> Handle(HttpRequest request);

  asio::io_context& io;
  asio::thread_pool& workers;
  HttpLimits limits;
  Dispatch dispatch;
  tcp::acceptor acceptor;
  std::uint16_t port = 0;
  bool stopped = false;
  std::vector<std::weak_ptr<beast::tcp_stream>> streams;  // io thread only
};

// Runs `dispatch` on a worker and resumes the coroutine on the io thread.
// The worker never touches the coroutine: it fills the shared slot and posts
// a timer cancel to the io thread, which is what the coroutine waits on.
asio::awaitable<HttpResponse> HttpServer::Impl::Handle(HttpRequest request) {
  struct Slot {
    explicit Slot(asio::io_context& io) : done(io, asio::steady_timer::time_point::max()) {}
    asio::steady_timer done;
    HttpResponse response;
  };
  auto slot = std::make_shared<Slot>(io);
  auto self = shared_from_this();
  asio::post(workers, [self, slot, request = std::move(request)]() mutable {
    try {
      slot->response = self->dispatch(std::move(request));
    } catch (const std::exception& e) {
      spdlog::error("http: handler failed: {}", e.what());
      slot->response = ErrorResponse(500, "internal", "lỗi máy chủ / internal error");
    }
    asio::post(self->io, [slot] { slot->done.cancel(); });
  });
  boost::system::error_code ec;
  co_await slot->done.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  co_return std::move(slot->response);
}

asio::awaitable<void> HttpServer::Impl::Serve(std::shared_ptr<beast::tcp_stream> stream) {
  auto self = shared_from_this();
  beast::error_code ec;
  std::string client;
  {
    boost::system::error_code rec;
    auto peer = stream->socket().remote_endpoint(rec);
    client = rec ? "?" : peer.address().to_string();
  }
  beast::flat_buffer buffer(kHeaderLimit + limits.body_limit);
  auto redirect = asio::redirect_error(asio::use_awaitable, ec);
  for (bool first = true;; first = false) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(kHeaderLimit);
    parser.body_limit(limits.body_limit);
    stream->expires_after(first ? limits.header_timeout : limits.idle_timeout);
    co_await http::async_read_header(*stream, buffer, parser, redirect);
    if (!ec) {
      stream->expires_after(limits.body_timeout);
      co_await http::async_read(*stream, buffer, parser, redirect);
    }
    if (ec) {
      if (IsDisconnect(ec) || stopped) break;
      // A refusal the client can read, then close: the stream is out of step.
      BeastResponse out = ToBeast(TransportError(ec), 11, false, false);
      stream->expires_after(std::chrono::seconds(5));
      co_await http::async_write(*stream, out, redirect);
      break;
    }
    auto beast_request = parser.release();
    const bool keep_alive = beast_request.keep_alive();
    const unsigned version = beast_request.version();
    const bool head = beast_request.method() == http::verb::head;
    HttpResponse response = co_await Handle(FromBeast(std::move(beast_request), client));
    if (stopped) break;
    BeastResponse out = ToBeast(std::move(response), version, keep_alive, head);
    stream->expires_after(limits.body_timeout);
    co_await http::async_write(*stream, out, redirect);
    if (ec || !keep_alive) break;
  }
  beast::error_code ignored;
  stream->socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream->close();
}

asio::awaitable<void> HttpServer::Impl::Accept() {
  auto self = shared_from_this();
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (stopped || ec == asio::error::operation_aborted) co_return;
    if (ec) continue;  // e.g. too many open files: try the next one
    std::erase_if(streams, [](const auto& w) { return w.expired(); });
    if (streams.size() >= limits.max_connections) {
      socket.close(ec);
      continue;
    }
    auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
    streams.push_back(stream);
    asio::co_spawn(io, Serve(stream), asio::detached);
  }
}

HttpServer::HttpServer(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() {
  if (!impl_->stopped) Stop();
}

std::uint16_t HttpServer::port() const { return impl_->port; }

Result<std::unique_ptr<HttpServer>> HttpServer::Start(asio::io_context& io, asio::thread_pool& workers,
                                                      const std::string& listen, HttpLimits limits,
                                                      Dispatch dispatch) {
  auto address = ParseListenAddress(listen);
  if (!address) return address.error();
  auto impl = std::make_shared<Impl>(io, workers, limits, std::move(dispatch));
  const tcp::endpoint endpoint(asio::ip::make_address(address->first), address->second);
  boost::system::error_code ec;
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Error{"http " + listen + ": " + ec.message()};
  impl->port = impl->acceptor.local_endpoint().port();
  asio::co_spawn(io, impl->Accept(), asio::detached);
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

void HttpServer::Stop() {
  impl_->stopped = true;
  boost::system::error_code ec;
  impl_->acceptor.close(ec);
  for (auto& weak : impl_->streams) {
    if (auto stream = weak.lock()) stream->socket().close(ec);
  }
  impl_->streams.clear();
}

}  // namespace pw::daemon
