#include "crawler/fetcher.h"

#include <unistd.h>

#include <algorithm>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>

#include "crawler/curl_handles.h"

namespace pw::crawler {
namespace {

namespace asio = boost::asio;

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// The politeness key of a URL: scheme, host and port, lower-cased
// ("https://Bao.vn:443/x" -> "https://bao.vn:443"). file:// URLs share one
// key that no limit applies to.
std::string HostKey(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  std::string key;
  for (char c : url.substr(0, scheme_end + 3)) key += (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
  if (key == "file://") return {};
  std::string_view rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  for (char c : rest) key += (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
  return key;
}

}  // namespace

struct Fetcher::Impl : std::enable_shared_from_this<Impl> {
  /// One transfer; owned by `transfers` until it completes or is aborted.
  struct Transfer {
    FetchRequest request;
    FetchResponse response;
    std::function<void(FetchResponse)> done;
    CurlEasy easy;
    CurlSlist headers;
    char error[CURL_ERROR_SIZE] = {};
    bool body_too_large = false;
    std::string host;  // HostKey of the request
  };

  /// Per-host politeness state; pending transfers wait here for a slot.
  struct Host {
    std::deque<std::unique_ptr<Transfer>> pending;
    std::size_t active = 0;
    std::chrono::steady_clock::time_point next_start{};
  };

  /// One socket curl asked us to watch. Handlers hold it by weak_ptr: when
  /// curl forgets the socket the Watch dies and late handlers find nothing.
  struct Watch {
    explicit Watch(asio::io_context& io) : descriptor(io) {}
    ~Watch() {
      boost::system::error_code ignored;
      descriptor.cancel(ignored);
      // The fd belongs to curl: detach it from Asio, never close it.
      if (descriptor.is_open()) (void)descriptor.release();
    }
    asio::posix::stream_descriptor descriptor;
    int wanted = 0;  // CURL_POLL_IN / CURL_POLL_OUT bits
    bool read_armed = false;
    bool write_armed = false;
  };

  Impl(asio::io_context& io_context, FetcherOptions fetcher_options)
      : io(io_context), timer(io_context), pump_timer(io_context), options(std::move(fetcher_options)) {
    options.max_transfers = std::max<std::size_t>(options.max_transfers, 1);
    options.max_per_host = std::clamp<std::size_t>(options.max_per_host, 1, options.max_transfers);
    GlobalInit();
    multi.reset(curl_multi_init());
    if (!multi) return;  // every Fetch() then fails with a readable error
    // Connection limits match the transfer caps, so curl never queues behind
    // our back; HTTP/2 servers get every transfer to them multiplexed on one
    // connection, HTTP/1.1 servers keep-alive connections reused.
    curl_multi_setopt(multi.get(), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    // Through a proxy every connection goes to the proxy's host: the
    // per-origin cap is then ours alone, not curl's.
    curl_multi_setopt(multi.get(), CURLMOPT_MAX_HOST_CONNECTIONS,
                      static_cast<long>(options.proxy.empty() ? options.max_per_host
                                                              : options.max_transfers));
    curl_multi_setopt(multi.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS,
                      static_cast<long>(options.max_transfers));
    curl_multi_setopt(multi.get(), CURLMOPT_SOCKETFUNCTION, &Impl::OnSocket);
    curl_multi_setopt(multi.get(), CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi.get(), CURLMOPT_TIMERFUNCTION, &Impl::OnTimer);
    curl_multi_setopt(multi.get(), CURLMOPT_TIMERDATA, this);
  }

  ~Impl() { Shutdown(); }

  // ---- starting ----

  void Start(FetchRequest request, std::function<void(FetchResponse)> done) {
    auto t = std::make_unique<Transfer>();
    t->response.url = request.url;
    t->host = HostKey(request.url);
    t->request = std::move(request);
    t->done = std::move(done);
    const std::string key = t->host;
    hosts[key].pending.push_back(std::move(t));
    waiting.insert(key);
    ++queued_count;
    Pump();
  }

  // Starts every queued transfer the caps and host delays allow, and arms
  // pump_timer for the earliest host whose delay still holds one back.
  void Pump() {
    if (closed) return;
    const auto now = std::chrono::steady_clock::now();
    std::optional<std::chrono::steady_clock::time_point> wake;
    for (auto it = waiting.begin(); it != waiting.end() && active_total < options.max_transfers;) {
      Host& host = hosts[*it];
      const bool limited = !it->empty();  // file:// has no host limits
      while (!host.pending.empty() && active_total < options.max_transfers &&
             (!limited || host.active < options.max_per_host)) {
        if (limited && now < host.next_start) {
          if (!wake || host.next_start < *wake) wake = host.next_start;
          break;
        }
        auto t = std::move(host.pending.front());
        host.pending.pop_front();
        --queued_count;
        if (limited) host.next_start = now + options.host_delay;
        Launch(std::move(t), host);
      }
      it = host.pending.empty() ? waiting.erase(it) : std::next(it);
    }
    if (wake) {
      pump_timer.expires_at(*wake);
      pump_timer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
        if (ec == asio::error::operation_aborted) return;
        if (const auto self = weak.lock(); self && !self->closed) self->Pump();
      });
    }
  }

  void Launch(std::unique_ptr<Transfer> t, Host& host) {
    if (const char* problem = Configure(*t)) {
      FailSoon(std::move(t), problem);
      return;
    }
    CURL* easy = t->easy.get();
    transfers.emplace(easy, std::move(t));
    if (curl_multi_add_handle(multi.get(), easy) != CURLM_OK) {
      auto failed = std::move(transfers[easy]);
      transfers.erase(easy);
      FailSoon(std::move(failed), "cannot start transfer");
      return;
    }
    ++host.active;
    ++active_total;
  }

  // Sets up the easy handle; returns what went wrong, or nullptr.
  const char* Configure(Transfer& t) {
    if (!multi) return "cannot initialise libcurl";
    t.easy.reset(curl_easy_init());
    if (!t.easy) return "cannot initialise libcurl";
    const FetchRequest& r = t.request;
    // Validators come from servers; one with a line break must not smuggle
    // headers into our request, so it is not sent at all.
    auto safe = [](const std::string& v) { return v.find_first_of("\r\n") == std::string::npos; };
    if (!r.etag.empty() && safe(r.etag) &&
        !t.headers.Append(("If-None-Match: " + r.etag).c_str())) {
      return "out of memory";
    }
    if (!r.last_modified.empty() && safe(r.last_modified) &&
        !t.headers.Append(("If-Modified-Since: " + r.last_modified).c_str())) {
      return "out of memory";
    }
    CURL* e = t.easy.get();
    bool ok = true;
    auto set = [&](CURLoption option, auto value) {
      ok = ok && curl_easy_setopt(e, option, value) == CURLE_OK;
    };
    set(CURLOPT_URL, r.url.c_str());
    set(CURLOPT_ERRORBUFFER, t.error);
    set(CURLOPT_NOSIGNAL, 1L);
    set(CURLOPT_WRITEFUNCTION, &Impl::OnBody);
    set(CURLOPT_WRITEDATA, static_cast<void*>(&t));
    set(CURLOPT_HEADERFUNCTION, &Impl::OnHeader);
    set(CURLOPT_HEADERDATA, static_cast<void*>(&t));
    // Close sockets through us, so Asio lets go of an fd before it is closed
    // and possibly reused (also for connections closed by curl_multi_cleanup).
    set(CURLOPT_CLOSESOCKETFUNCTION, &Impl::OnCloseSocket);
    set(CURLOPT_CLOSESOCKETDATA, static_cast<void*>(this));
    set(CURLOPT_PROTOCOLS_STR, "http,https,file");
    set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");  // a feed must not redirect to file://
    set(CURLOPT_FOLLOWLOCATION, 1L);
    set(CURLOPT_MAXREDIRS, 5L);
    set(CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
    set(CURLOPT_USERAGENT, r.user_agent.c_str());
    set(CURLOPT_CONNECTTIMEOUT_MS, r.connect_timeout_ms);
    set(CURLOPT_TIMEOUT_MS, r.total_timeout_ms);
    if (r.low_speed_bytes > 0 && r.low_speed_seconds > 0) {
      set(CURLOPT_LOW_SPEED_LIMIT, r.low_speed_bytes);
      set(CURLOPT_LOW_SPEED_TIME, r.low_speed_seconds);
    }
    // HTTPS: wait for a connection's ALPN to say whether it multiplexes (HTTP/2)
    // rather than open another one. Plain http:// stays HTTP/1.1 here, where
    // waiting would only serialise transfers behind the first response.
    if (t.host.starts_with("https://")) set(CURLOPT_PIPEWAIT, 1L);
    // Never turned off, whatever the source: a feed read over a forged
    // certificate is worse than a feed not read.
    set(CURLOPT_SSL_VERIFYPEER, 1L);
    set(CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options.proxy.empty()) set(CURLOPT_PROXY, options.proxy.c_str());
    // Refuses early when Content-Length already says too much; OnBody checks
    // the decoded size, which is what protects us from compression bombs.
    set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(r.max_body_bytes));
    if (t.headers.get() != nullptr) set(CURLOPT_HTTPHEADER, t.headers.get());
    return ok ? nullptr : "unsupported transfer options";
  }

  // Reports a transfer that could not even start, still asynchronously and
  // still on the io thread, as the contract promises.
  void FailSoon(std::unique_ptr<Transfer> t, std::string error) {
    ++failing;
    asio::post(io, [weak = weak_from_this(), t = std::move(t), error = std::move(error)]() mutable {
      const auto self = weak.lock();
      if (!self || self->closed) return;
      --self->failing;
      FetchResponse response = std::move(t->response);
      response.error = std::move(error);
      auto done = std::move(t->done);
      t.reset();
      if (done) done(std::move(response));
    });
  }

  // ---- curl callbacks (never call user code from here) ----

  static size_t OnBody(char* data, size_t size, size_t count, void* userp) {
    auto* t = static_cast<Transfer*>(userp);
    const size_t n = size * count;
    if (t->response.body.size() + n > t->request.max_body_bytes) {
      t->body_too_large = true;
      return 0;  // makes curl abort with CURLE_WRITE_ERROR
    }
    t->response.body.append(data, n);
    return n;
  }

  static size_t OnHeader(char* data, size_t size, size_t count, void* userp) {
    auto* t = static_cast<Transfer*>(userp);
    const size_t n = size * count;
    const std::string_view line(data, n);
    if (line.starts_with("HTTP/")) {
      // A new response (after a redirect or a 100 Continue): forget the last one's.
      t->response.etag.clear();
      t->response.last_modified.clear();
      t->response.content_type.clear();
      t->response.retry_after.clear();
      t->response.content_language.clear();
      // "HTTP/1.1 301 Moved Permanently", "HTTP/2 308": the chain's statuses,
      // which CURLINFO_REDIRECT_URL alone cannot tell.
      const auto space = line.find(' ');
      long code = 0;
      for (std::size_t i = space == std::string_view::npos ? line.size() : space + 1;
           i < line.size() && line[i] >= '0' && line[i] <= '9' && code < 1000; ++i) {
        code = code * 10 + (line[i] - '0');
      }
      if (code >= 200) t->response.statuses.push_back(code);
      return n;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return n;
    const auto name = Trim(line.substr(0, colon));
    const auto value = std::string(Trim(line.substr(colon + 1)));
    if (EqualsIgnoreCase(name, "ETag"))
      t->response.etag = value;
    else if (EqualsIgnoreCase(name, "Last-Modified"))
      t->response.last_modified = value;
    else if (EqualsIgnoreCase(name, "Content-Type"))
      t->response.content_type = value;
    else if (EqualsIgnoreCase(name, "Retry-After"))
      t->response.retry_after = value;
    else if (EqualsIgnoreCase(name, "Content-Language"))
      t->response.content_language = value;
    return n;
  }

  static int OnSocket(CURL*, curl_socket_t fd, int what, void* userp, void*) {
    static_cast<Impl*>(userp)->WatchSocket(fd, what);
    return 0;
  }

  static int OnTimer(CURLM*, long timeout_ms, void* userp) {
    static_cast<Impl*>(userp)->SetTimer(timeout_ms);
    return 0;
  }

  static int OnCloseSocket(void* clientp, curl_socket_t fd) {
    static_cast<Impl*>(clientp)->Forget(fd);
    return ::close(fd);
  }

  // ---- sockets ----

  void WatchSocket(curl_socket_t fd, int what) {
    if (what == CURL_POLL_REMOVE) {
      Forget(fd);
      return;
    }
    if (closed) return;
    auto& watch = watches[fd];
    if (!watch) {
      auto fresh = std::make_shared<Watch>(io);
      boost::system::error_code ec;
      fresh->descriptor.assign(fd, ec);
      if (ec) {
        // Cannot happen for a socket; the transfer then ends by its timeout.
        watches.erase(fd);
        return;
      }
      watch = std::move(fresh);
    }
    watch->wanted = what;
    Arm(fd, watch);
  }

  void Forget(curl_socket_t fd) { watches.erase(fd); }

  // Each async_wait re-arms the descriptor (Asio's epoll reactor issues
  // EPOLL_CTL_MOD for waits), so a socket curl left readable fires again:
  // curl gets the level-triggered readiness it expects.
  void Arm(curl_socket_t fd, const std::shared_ptr<Watch>& watch) {
    if ((watch->wanted & CURL_POLL_IN) != 0 && !watch->read_armed) {
      watch->read_armed = true;
      Wait(fd, watch, asio::posix::stream_descriptor::wait_read);
    }
    if ((watch->wanted & CURL_POLL_OUT) != 0 && !watch->write_armed) {
      watch->write_armed = true;
      Wait(fd, watch, asio::posix::stream_descriptor::wait_write);
    }
  }

  void Wait(curl_socket_t fd, const std::shared_ptr<Watch>& watch,
            asio::posix::stream_descriptor::wait_type type) {
    watch->descriptor.async_wait(
        type, [weak = weak_from_this(), weak_watch = std::weak_ptr<Watch>(watch), fd,
               type](const boost::system::error_code& ec) {
          const auto self = weak.lock();  // keeps us alive if a callback destroys the Fetcher
          if (!self) return;
          const auto w = weak_watch.lock();
          if (!w) return;
          self->OnReady(fd, w, type, ec);
        });
  }

  void OnReady(curl_socket_t fd, const std::shared_ptr<Watch>& watch,
               asio::posix::stream_descriptor::wait_type type,
               const boost::system::error_code& ec) {
    const bool read = type == asio::posix::stream_descriptor::wait_read;
    (read ? watch->read_armed : watch->write_armed) = false;
    if (ec == asio::error::operation_aborted || closed) return;
    const auto it = watches.find(fd);
    if (it == watches.end() || it->second != watch) return;  // curl moved on
    if ((watch->wanted & (read ? CURL_POLL_IN : CURL_POLL_OUT)) == 0) return;
    Act(fd, (read ? CURL_CSELECT_IN : CURL_CSELECT_OUT) | (ec ? CURL_CSELECT_ERR : 0));
    if (closed) return;
    const auto again = watches.find(fd);
    if (again != watches.end() && again->second == watch) Arm(fd, watch);
  }

  // ---- timer ----

  void SetTimer(long timeout_ms) {
    ++timer_generation;  // a newer request from curl supersedes any older one
    timer.cancel();
    if (timeout_ms < 0 || closed) return;
    auto handler = [weak = weak_from_this(),
                    generation = timer_generation](const boost::system::error_code& ec) {
      if (ec == asio::error::operation_aborted) return;
      const auto self = weak.lock();
      if (!self || self->closed || generation != self->timer_generation) return;
      self->Act(CURL_SOCKET_TIMEOUT, 0);
    };
    if (timeout_ms == 0) {
      // curl must not be re-entered from its own callback: act right after it.
      asio::post(io, [handler] { handler({}); });
    } else {
      timer.expires_after(std::chrono::milliseconds(timeout_ms));
      timer.async_wait(handler);
    }
  }

  // ---- progress and completion ----

  void Act(curl_socket_t fd, int events) {
    int running = 0;
    curl_multi_socket_action(multi.get(), fd, events, &running);
    DrainCompleted();
  }

  void DrainCompleted() {
    int left = 0;
    while (!closed) {
      CURLMsg* msg = curl_multi_info_read(multi.get(), &left);
      if (msg == nullptr) break;
      if (msg->msg == CURLMSG_DONE) Finish(msg->easy_handle, msg->data.result);
    }
  }

  void Finish(CURL* easy, CURLcode code) {
    const auto it = transfers.find(easy);
    if (it == transfers.end()) return;
    std::unique_ptr<Transfer> t = std::move(it->second);
    transfers.erase(it);
    FetchResponse response = Describe(*t, code);
    curl_multi_remove_handle(multi.get(), easy);
    auto done = std::move(t->done);
    if (auto host = hosts.find(t->host); host != hosts.end()) {
      --host->second.active;
      if (host->second.active == 0 && host->second.pending.empty() &&
          host->second.next_start <= std::chrono::steady_clock::now()) {
        hosts.erase(host);
      }
    }
    --active_total;
    t.reset();
    Pump();  // a slot is free: the next queued transfer may start
    // Last: `done` may start transfers or destroy the Fetcher.
    if (done) done(std::move(response));
  }

  static FetchResponse Describe(Transfer& t, CURLcode code) {
    FetchResponse r = std::move(t.response);
    CURL* e = t.easy.get();
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    char* effective = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective) {
      r.effective_url = effective;
    }
    char* scheme = nullptr;
    const bool is_file = curl_easy_getinfo(e, CURLINFO_SCHEME, &scheme) == CURLE_OK && scheme &&
                         EqualsIgnoreCase(scheme, "file");
    if (code == CURLE_OK && is_file && status == 0) status = 200;
    r.status = status;
    if (code != CURLE_OK) {
      r.error = ErrorText(t, code, is_file);
      r.body.clear();  // a partial body must not be mistaken for the document
      r.body.shrink_to_fit();
    }
    return r;
  }

  static std::string ErrorText(const Transfer& t, CURLcode code, bool is_file) {
    const FetchRequest& r = t.request;
    const std::string detail = t.error[0] != '\0' ? t.error : curl_easy_strerror(code);
    CURL* e = t.easy.get();
    switch (code) {
      case CURLE_WRITE_ERROR:
        if (!t.body_too_large) break;
        [[fallthrough]];
      case CURLE_FILESIZE_EXCEEDED:
        return "body larger than " + std::to_string(r.max_body_bytes) + " bytes";
      case CURLE_COULDNT_CONNECT: {
        long os_errno = 0;
        curl_easy_getinfo(e, CURLINFO_OS_ERRNO, &os_errno);
        if (os_errno == ECONNREFUSED) return "connection refused";
        if (os_errno == EHOSTUNREACH) return "host unreachable";
        if (os_errno == ENETUNREACH) return "network unreachable";
        return "cannot connect: " + detail;
      }
      case CURLE_OPERATION_TIMEDOUT: {
        if (detail.find("too slow") != std::string::npos) {
          return "too slow: less than " + std::to_string(r.low_speed_bytes) + " bytes/s for " +
                 std::to_string(r.low_speed_seconds) + " s";
        }
        curl_off_t connected_us = 0;
        curl_easy_getinfo(e, CURLINFO_CONNECT_TIME_T, &connected_us);
        if (connected_us == 0 && !is_file) {
          return "connect timed out after " +
                 std::to_string(std::min(r.connect_timeout_ms, r.total_timeout_ms)) + " ms";
        }
        return "timed out after " + std::to_string(r.total_timeout_ms) + " ms";
      }
      case CURLE_COULDNT_RESOLVE_HOST: {
        const auto host = detail.find("host: ");  // "Could not resolve host: x.vn"
        return "cannot resolve host " +
               (host == std::string::npos ? detail : detail.substr(host + 6));
      }
      case CURLE_TOO_MANY_REDIRECTS:
        return "too many redirects (more than 5)";
      case CURLE_FILE_COULDNT_READ_FILE:
      case CURLE_READ_ERROR:
        if (is_file) return "cannot read file " + std::string(FilePath(r.url));
        break;
      case CURLE_UNSUPPORTED_PROTOCOL:
        return "unsupported URL scheme: " + detail;
      case CURLE_URL_MALFORMAT:
        return "malformed URL: " + r.url;
      case CURLE_GOT_NOTHING:
        return "empty reply from server";
      case CURLE_PARTIAL_FILE:
        return "connection closed before the body was complete";
      case CURLE_BAD_CONTENT_ENCODING:
        return "cannot decode body: " + detail;
      default:
        break;
    }
    return detail;
  }

  static std::string_view FilePath(std::string_view url) {
    if (url.size() >= 7 && EqualsIgnoreCase(url.substr(0, 7), "file://")) url.remove_prefix(7);
    return url;
  }

  // ---- shutdown ----

  // Aborts everything without calling back. Safe from inside a `done`
  // callback: handlers still on the stack see `closed` and stop.
  void Shutdown() {
    if (closed) return;
    closed = true;
    ++timer_generation;
    timer.cancel();
    pump_timer.cancel();
    hosts.clear();  // queued transfers die without their callbacks
    waiting.clear();
    queued_count = 0;
    for (auto& [easy, t] : transfers) curl_multi_remove_handle(multi.get(), easy);
    transfers.clear();
    multi.reset();    // closes cached connections through OnCloseSocket
    watches.clear();  // releases whatever curl did not close itself
  }

  asio::io_context& io;
  asio::steady_timer timer;
  asio::steady_timer pump_timer;  // wakes Pump() when a host delay ends
  FetcherOptions options;
  std::unordered_map<std::string, Host> hosts;
  std::set<std::string> waiting;  // hosts with pending transfers
  std::size_t queued_count = 0;
  std::size_t active_total = 0;
  CurlMulti multi;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> transfers;
  std::unordered_map<curl_socket_t, std::shared_ptr<Watch>> watches;
  std::uint64_t timer_generation = 0;
  std::size_t failing = 0;  // transfers that failed to start, callback pending
  bool closed = false;
};

Fetcher::Fetcher(boost::asio::io_context& io, FetcherOptions options)
    : impl_(std::make_shared<Impl>(io, std::move(options))) {}

Fetcher::~Fetcher() { impl_->Shutdown(); }

void Fetcher::Fetch(FetchRequest request, std::function<void(FetchResponse)> done) {
  impl_->Start(std::move(request), std::move(done));
}

std::size_t Fetcher::in_flight() const {
  return impl_->transfers.size() + impl_->failing + impl_->queued_count;
}

std::size_t Fetcher::queued() const { return impl_->queued_count; }

std::string Fetcher::SupportedEncodings() {
  GlobalInit();
  const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
  std::string out;
  const auto add = [&out](const char* name) { out += out.empty() ? name : std::string(", ") + name; };
  if (info != nullptr && (info->features & CURL_VERSION_LIBZ) != 0) {
    add("gzip");
    add("deflate");
  }
  if (info != nullptr && (info->features & CURL_VERSION_BROTLI) != 0) add("br");
  if (info != nullptr && (info->features & CURL_VERSION_ZSTD) != 0) add("zstd");
  return out;
}

}  // namespace pw::crawler
