#pragma once
/// Fetcher: HTTP(S) and file:// transfers on libcurl's multi-socket API,
/// driven by one Boost.Asio io_context (curl's sockets are watched by Asio,
/// curl's timer is an Asio steady_timer; no curl_multi_perform loop, no
/// thread per transfer).
///
/// Thread rules: construct, call Fetch() and destroy on the io_context's
/// thread (or before it runs). Callbacks run on that thread. Destroying the
/// Fetcher aborts transfers in flight without calling their callbacks; it must
/// die before its io_context. A callback may start transfers or destroy the
/// Fetcher.
///
/// Every transfer follows up to 5 redirects (http/https only), accepts every
/// content encoding libcurl decodes, sends the request's validators and
/// captures the response's. file:// URLs read local files (status 200).
///
/// Politeness: at most FetcherOptions::max_transfers transfers run at once,
/// at most max_per_host to one host (scheme, host and port of the requested
/// URL), and two transfers to one host start at least host_delay apart; the
/// rest wait in the Fetcher, first come first served per host. One multi
/// handle reuses connections and multiplexes HTTP/2 streams where the server
/// offers it. TLS certificates and host names are always verified.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

namespace pw::crawler {

struct FetchRequest {
  std::string url;
  std::string etag;            ///< sent as If-None-Match when not empty
  std::string last_modified;   ///< sent as If-Modified-Since when not empty
  std::string user_agent = "provwatch/0.1";
  long connect_timeout_ms = 10'000;
  long total_timeout_ms = 60'000;
  /// Aborted when fewer than low_speed_bytes per second arrive during
  /// low_speed_seconds (a server that drips); 0 disables the check.
  long low_speed_bytes = 100;
  long low_speed_seconds = 30;
  std::size_t max_body_bytes = 10 * 1024 * 1024;  ///< transfer aborted past this
};

/// Limits shared by every transfer of one Fetcher.
struct FetcherOptions {
  std::size_t max_transfers = 64;   ///< concurrent transfers in all; at least 1
  std::size_t max_per_host = 6;     ///< concurrent transfers to one host; at least 1
  std::chrono::milliseconds host_delay{0};  ///< minimum time between two starts to one host
  /// "http://proxy:3128", "socks5h://..."; empty = libcurl's environment
  /// handling (http_proxy, https_proxy, no_proxy).
  std::string proxy;
};

struct FetchResponse {
  std::string url;             ///< the requested URL
  std::string effective_url;   ///< after redirects
  /// HTTP status of the last response (after redirects); 200 for a successful
  /// file:// read; 0 when no response arrived. A 4xx/5xx status is a transport
  /// success: `error` stays empty and ok() is false, so callers tell "the
  /// server said 404" (status) from "no usable answer" (error).
  long status = 0;
  std::string body;            ///< decoded (gzip/deflate) body
  std::string content_type;
  std::string content_language;  ///< the Content-Language header, raw ("vi", "vi-VN, en"); may be empty
  std::string etag;
  std::string last_modified;
  std::string retry_after;     ///< the last response's Retry-After header, raw ("120" or a date)
  /// Status of every response on the redirect chain, in order; the last one
  /// is `status`. Interim 1xx responses are not listed.
  std::vector<long> statuses;
  /// Empty on transport success; else a readable reason, e.g. "connection
  /// refused", "timed out after 60000 ms", "connect timed out after 10000 ms",
  /// "too slow: less than 100 bytes/s for 30 s",
  /// "body larger than 10485760 bytes", "cannot resolve host x.vn", "too many
  /// redirects (more than 5)", "cannot read file /path". The body is empty then.
  std::string error;
  /// Transport succeeded and the status is 2xx.
  bool ok() const { return error.empty() && status >= 200 && status < 300; }
  /// 304: nothing changed since the validators we sent. Not an error.
  bool not_modified() const { return error.empty() && status == 304; }
  /// The request was redirected and every redirect on the chain was permanent
  /// (301 or 308): effective_url is the source's new address.
  bool permanently_redirected() const {
    if (statuses.size() < 2) return false;
    for (std::size_t i = 0; i + 1 < statuses.size(); ++i) {
      if (statuses[i] != 301 && statuses[i] != 308) return false;
    }
    return true;
  }
};

class Fetcher {
 public:
  explicit Fetcher(boost::asio::io_context& io, FetcherOptions options = {});
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  /// Starts a transfer; `done` is called exactly once on the io thread with
  /// the outcome (errors included: DNS, refused, timeout, body too large, HTTP
  /// 4xx/5xx are reported through the response, never thrown).
  void Fetch(FetchRequest request, std::function<void(FetchResponse)> done);

  /// Transfers requested and not yet completed (queued ones included).
  std::size_t in_flight() const;
  /// Transfers waiting for a free slot or for their host's delay.
  std::size_t queued() const;

  /// Content encodings this libcurl decodes, e.g. "gzip, deflate, br, zstd".
  static std::string SupportedEncodings();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace pw::crawler
