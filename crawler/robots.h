#pragma once
/// robots.txt (RFC 9309): which paths of a host a crawler may fetch.
///
/// Pure: text in, rules out; the cache takes `now` from its caller. No I/O,
/// no clock, no globals. Values are safe to copy between threads; one
/// RobotsCache belongs to one thread.
///
/// Group selection: the groups whose `user-agent` lines name our product
/// token (case-insensitively; "provwatch" for "provwatch/0.1 (+...)") are
/// merged and used; when none does, the `*` groups are merged and used; when
/// there are none either, everything is allowed. Consecutive user-agent
/// lines share one group; rules before any user-agent line are ignored.
///
/// Matching: the path and query of a URL against each `allow`/`disallow`
/// pattern (`*` = any run of characters, a final `$` = end of the URL);
/// the longest matching pattern (in bytes) decides, an allow wins a tie,
/// and a URL no pattern matches is allowed. "/robots.txt" itself is always
/// allowed. An empty `disallow:` allows everything.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/item.h"

namespace pw::crawler {

/// The rules of one host for one crawler, as selected from its robots.txt.
struct RobotsRules {
  struct Rule {
    bool allow = false;
    std::string pattern;  ///< starts with '/' or '*'; percent-escapes as written
  };
  std::vector<Rule> rules;
  /// Nothing may be fetched (a server error on robots.txt, RFC 9309 2.3.1.4).
  bool disallow_all = false;
};

/// The product token of a User-Agent header value: its first word, before
/// any '/' ("provwatch/0.1 (+https://x)" -> "provwatch"), lower-cased.
std::string RobotsToken(std::string_view user_agent);

/// The rules of `robots_txt` that apply to the crawler named `token` (see
/// RobotsToken). Lines may end in CR, LF or CRLF; comments (#) and unknown
/// fields (sitemap, crawl-delay...) are ignored; only the first 500 KiB are
/// read, as RFC 9309 allows.
RobotsRules ParseRobots(std::string_view robots_txt, std::string_view token);

/// True when `rules` let the crawler fetch `url` (absolute; only its path and
/// query are looked at; "" path counts as "/").
bool RobotsAllows(const RobotsRules& rules, std::string_view url);

/// "scheme://host[:port]" of an absolute http(s) URL, lower-cased (the key a
/// robots.txt belongs to), or "" for other URLs (file://, relative).
std::string RobotsOrigin(std::string_view url);

/// Rules per origin, kept for a time to live (24 h by default).
class RobotsCache {
 public:
  explicit RobotsCache(std::chrono::seconds ttl = std::chrono::hours(24)) : ttl_(ttl) {}
  /// The rules stored for `origin` no longer ago than the TTL, or nullopt.
  std::optional<RobotsRules> Get(const std::string& origin, UnixTime now) const;
  void Put(const std::string& origin, RobotsRules rules, UnixTime now);
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    RobotsRules rules;
    UnixTime stored = 0;
  };
  std::chrono::seconds ttl_;
  std::map<std::string, Entry> entries_;
};

}  // namespace pw::crawler
