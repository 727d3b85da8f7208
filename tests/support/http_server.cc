#include "tests/support/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <thread>

namespace pw::testing {
namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void Die(const char* what) {
  std::perror(what);
  std::abort();
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::string Trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 410:
      return "Gone";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

std::string HeaderValue(const TestHttpServer::Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (Lower(k) == name) return v;
  }
  return {};
}

// If-None-Match carries a list ("a", W/"b") or "*"; weak comparison suffices
// for a GET (RFC 9110 13.1.2).
bool EtagMatches(const std::string& header, const std::string& etag) {
  if (etag.empty()) return false;
  const auto strip_weak = [](std::string t) { return t.rfind("W/", 0) == 0 ? t.substr(2) : t; };
  std::size_t pos = 0;
  while (pos <= header.size()) {
    auto comma = header.find(',', pos);
    if (comma == std::string::npos) comma = header.size();
    const std::string candidate = Trim(header.substr(pos, comma - pos));
    if (candidate == "*" || strip_weak(candidate) == strip_weak(etag)) return true;
    pos = comma + 1;
  }
  return false;
}

struct Connection {
  int fd = -1;
  std::string in;
  std::string out;
  std::string delayed;                        // response waiting for its delay
  std::optional<Clock::time_point> ready_at;  // when `delayed` may be sent
  bool close_after_write = false;
  bool dead = false;
  int drip_ms = 0;                            // `delayed` goes out a byte at a time
  std::uint64_t stream_left = 0;              // generated body bytes still to send
  bool active = false;                        // a request is being answered
  bool busy() const { return ready_at.has_value() || !out.empty() || stream_left > 0; }
};

}  // namespace

struct TestHttpServer::Impl {
  int listen_fd = -1;
  int wake_read = -1;
  int wake_write = -1;
  std::uint16_t port = 0;
  std::atomic<bool> stopping{false};
  std::thread thread;

  mutable std::mutex mu;  // guards responses and requests
  std::map<std::string, Response> responses;
  std::vector<Request> requests;

  std::vector<std::unique_ptr<Connection>> connections;  // server thread only
  int current = 0;                           // server thread only
  std::atomic<int> max_concurrent{0};
  std::atomic<std::uint64_t> streamed{0};

  void Begin(Connection& c) {
    if (c.active) return;
    c.active = true;
    max_concurrent = std::max(max_concurrent.load(), ++current);
  }
  void End(Connection& c) {
    if (!c.active) return;
    c.active = false;
    --current;
  }

  Impl() {
    listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (listen_fd < 0) Die("TestHttpServer: socket");
    const int one = 1;
    ::setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      Die("TestHttpServer: bind");
    }
    if (::listen(listen_fd, 256) != 0) Die("TestHttpServer: listen");
    socklen_t len = sizeof addr;
    if (::getsockname(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      Die("TestHttpServer: getsockname");
    }
    port = ntohs(addr.sin_port);
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_NONBLOCK | O_CLOEXEC) != 0) Die("TestHttpServer: pipe2");
    wake_read = pipe_fds[0];
    wake_write = pipe_fds[1];
    thread = std::thread([this] { Run(); });
  }

  ~Impl() {
    stopping = true;
    const char byte = 'x';
    while (::write(wake_write, &byte, 1) < 0 && errno == EINTR) {
    }
    thread.join();
    for (auto& c : connections) ::close(c->fd);
    ::close(listen_fd);
    ::close(wake_read);
    ::close(wake_write);
  }

  void Run() {
    std::vector<pollfd> fds;
    while (!stopping) {
      fds.clear();
      fds.push_back({listen_fd, POLLIN, 0});
      fds.push_back({wake_read, POLLIN, 0});
      for (auto& c : connections) {
        fds.push_back({c->fd, static_cast<short>(POLLIN | (c->out.empty() ? 0 : POLLOUT)), 0});
      }
      if (::poll(fds.data(), fds.size(), PollTimeoutMs()) < 0 && errno != EINTR) Die("poll");
      if (stopping) break;
      // Connections first: accepting appends to `connections`, shifting nothing before it.
      for (std::size_t i = 0; i < connections.size(); ++i) {
        Service(*connections[i], fds[i + 2].revents);
      }
      if (fds[0].revents & POLLIN) Accept();
      ReleaseDelayed();
      for (auto& c : connections) Respond(*c);
      std::erase_if(connections, [this](const std::unique_ptr<Connection>& c) {
        if (!c->dead) return false;
        End(*c);
        ::close(c->fd);
        return true;
      });
    }
  }

  int PollTimeoutMs() const {
    std::optional<Clock::time_point> next;
    for (const auto& c : connections) {
      if (c->ready_at && (!next || *c->ready_at < *next)) next = c->ready_at;
    }
    if (!next) return -1;  // the wake pipe ends the wait on shutdown
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(*next - Clock::now()).count();
    return wait < 0 ? 0 : static_cast<int>(wait);
  }

  void Accept() {
    while (true) {
      const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;  // EAGAIN, or a transient error the next poll retries
      auto c = std::make_unique<Connection>();
      c->fd = fd;
      connections.push_back(std::move(c));
    }
  }

  void Service(Connection& c, short revents) {
    if (revents & (POLLIN | POLLHUP | POLLERR)) {
      char buf[16384];
      while (true) {
        const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
        if (n > 0) {
          c.in.append(buf, static_cast<std::size_t>(n));
          continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) c.dead = true;
        if (n < 0 && errno == EINTR) continue;
        break;
      }
    }
    if (!c.dead && (revents & POLLOUT)) Flush(c);
  }

  void Flush(Connection& c) {
    while (true) {
      if (c.out.empty() && c.stream_left > 0) {
        // Generated on demand: a 1 GB body never sits in memory.
        const auto chunk = static_cast<std::size_t>(std::min<std::uint64_t>(c.stream_left, 65536));
        c.out.assign(chunk, 'x');
        c.stream_left -= chunk;
        streamed += chunk;
      }
      if (c.out.empty()) break;
      const ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
      if (n > 0) {
        c.out.erase(0, static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      c.dead = true;
      return;
    }
    if (c.ready_at || c.stream_left > 0) return;  // more to come
    End(c);
    if (c.close_after_write) c.dead = true;
  }

  void ReleaseDelayed() {
    const auto now = Clock::now();
    for (auto& c : connections) {
      if (c->ready_at && *c->ready_at <= now) {
        c->ready_at.reset();
        if (c->drip_ms > 0 && c->delayed.size() > 1) {
          c->out += c->delayed.front();
          c->delayed.erase(0, 1);
          c->ready_at = now + std::chrono::milliseconds(c->drip_ms);
        } else {
          c->out += std::move(c->delayed);
          c->delayed.clear();
        }
        Flush(*c);
      }
    }
  }

  // Answers the next complete request on an idle connection (one at a time,
  // so pipelined requests are answered in order).
  void Respond(Connection& c) {
    while (!c.dead && !c.busy()) {
      const auto end = c.in.find("\r\n\r\n");
      if (end == std::string::npos) return;
      Request request;
      std::string version;
      std::size_t content_length = 0;
      {
        const std::string head = c.in.substr(0, end);
        std::size_t line_end = head.find("\r\n");
        const std::string first = head.substr(0, line_end);
        const auto sp1 = first.find(' ');
        const auto sp2 = first.find(' ', sp1 == std::string::npos ? 0 : sp1 + 1);
        if (sp1 == std::string::npos || sp2 == std::string::npos) {
          c.out = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
          c.close_after_write = true;
          Flush(c);
          return;
        }
        request.method = first.substr(0, sp1);
        request.path = first.substr(sp1 + 1, sp2 - sp1 - 1);
        version = first.substr(sp2 + 1);
        while (line_end != std::string::npos) {
          const auto start = line_end + 2;
          line_end = head.find("\r\n", start);
          const std::string line = head.substr(
              start, line_end == std::string::npos ? std::string::npos : line_end - start);
          const auto colon = line.find(':');
          if (colon == std::string::npos) continue;
          request.headers[Lower(Trim(line.substr(0, colon)))] = Trim(line.substr(colon + 1));
        }
        if (auto it = request.headers.find("content-length"); it != request.headers.end()) {
          content_length = std::strtoull(it->second.c_str(), nullptr, 10);
        }
      }
      if (c.in.size() < end + 4 + content_length) return;  // body still coming
      request.body = c.in.substr(end + 4, content_length);
      c.in.erase(0, end + 4 + content_length);

      const std::string connection =
          Lower(request.headers.count("connection") ? request.headers.at("connection") : "");
      c.close_after_write =
          connection == "close" || (version == "HTTP/1.0" && connection != "keep-alive");

      Response response;
      bool found = false;
      {
        std::lock_guard lock(mu);
        requests.push_back(request);
        auto it = responses.find(request.path);
        if (it == responses.end())
          it = responses.find(request.path.substr(0, request.path.find('?')));
        if (it != responses.end()) {
          response = it->second;
          found = true;
        }
      }
      Begin(c);
      if (found && response.reset) {
        const linger hard{1, 0};  // close() then sends RST, not FIN
        ::setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
        c.dead = true;
        return;
      }
      if (found && response.stream_bytes > 0) {
        c.close_after_write = true;  // the body ends with the connection
        c.stream_left = response.stream_bytes;
      }
      std::string wire = Render(request, found ? &response : nullptr, c.close_after_write);
      c.drip_ms = found ? response.drip_ms : 0;
      if (found && response.drip_ms > 0) {
        // Headers now, then the body a byte at a time.
        const auto head_end = wire.find("\r\n\r\n") + 4;
        c.delayed = wire.substr(head_end);
        wire.resize(head_end);
        c.ready_at = Clock::now() + std::chrono::milliseconds(std::max(response.delay_ms, response.drip_ms));
        c.out = std::move(wire);
        Flush(c);
      } else if (found && response.delay_ms > 0) {
        c.delayed = std::move(wire);
        c.ready_at = Clock::now() + std::chrono::milliseconds(response.delay_ms);
      } else {
        c.out = std::move(wire);
        Flush(c);
      }
    }
  }

  static std::string Render(const Request& request, const Response* found, bool close) {
    Response r;
    if (found != nullptr) {
      r = *found;
    } else {
      r.status = 404;
      r.content_type = "text/plain; charset=utf-8";
      r.body = "not found\n";
    }
    if (found != nullptr && r.status == 200) {
      const auto header = [&](const char* name) {
        const auto it = request.headers.find(name);
        return it == request.headers.end() ? std::string{} : it->second;
      };
      const std::string inm = header("if-none-match");
      const std::string ims = header("if-modified-since");
      const std::string etag = HeaderValue(r, "etag");
      const std::string last_modified = HeaderValue(r, "last-modified");
      // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 13.2.2).
      const bool unchanged = !inm.empty()
                                 ? EtagMatches(inm, etag)
                                 : (!ims.empty() && !last_modified.empty() && ims == last_modified);
      if (unchanged) {
        r.status = 304;
        r.body.clear();
      }
    }
    std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + Reason(r.status) + "\r\n";
    if (r.status != 304 && !r.content_type.empty())
      out += "Content-Type: " + r.content_type + "\r\n";
    for (const auto& [name, value] : r.headers) out += name + ": " + value + "\r\n";
    if (r.status != 304 && r.stream_bytes == 0) {
      out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
    }
    out += close ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n";
    if (r.status != 304 && request.method != "HEAD" && r.stream_bytes == 0) out += r.body;
    return out;
  }
};

TestHttpServer::TestHttpServer() : impl_(std::make_unique<Impl>()) {}

TestHttpServer::~TestHttpServer() = default;

std::uint16_t TestHttpServer::port() const { return impl_->port; }

std::string TestHttpServer::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(impl_->port) + path;
}

void TestHttpServer::Set(const std::string& path, Response response) {
  std::lock_guard lock(impl_->mu);
  impl_->responses[path] = std::move(response);
}

std::vector<TestHttpServer::Request> TestHttpServer::requests() const {
  std::lock_guard lock(impl_->mu);
  return impl_->requests;
}

int TestHttpServer::max_concurrent() const { return impl_->max_concurrent; }

std::uint64_t TestHttpServer::streamed_bytes() const { return impl_->streamed; }

}  // namespace pw::testing
