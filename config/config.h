#pragma once
/// Typed configuration of a provwatch instance, read once at the composition
/// root (daemon/) and passed down as values.
///
/// The file format (TOML) is documented in README.md, "Configuration".
/// Every error names the file, the line and the field:
///   demo.toml:14: sources[2].interval "5x": expected a duration like "15m"
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "config/profile.h"
#include "core/result.h"

namespace pw::config {

/// One source to poll: a feed, or a web page listing articles (type html).
struct SourceConfig {
  std::string id;                   ///< ascii, unique within the file
  std::string name;                 ///< for people; defaults to id
  std::string url;                  ///< http://, https:// or file:// (a `path` becomes file://)
  std::chrono::seconds interval{std::chrono::minutes(15)};
  /// True when the file sets `interval`: the source is then polled at that
  /// fixed interval; otherwise the interval adapts to how often it publishes,
  /// within Config::min_interval .. max_interval, starting from `interval`.
  bool interval_fixed = false;
  /// "feed" (RSS, Atom, JSON Feed...) or "html": a listing page whose
  /// article links are followed and the articles extracted (crawler/
  /// link_select.h, crawler/article_extract.h).
  std::string type = "feed";
  /// html only: CSS-like selectors naming the article links on the listing
  /// page ("a.title", "h3 a", "#main a[href]"); empty = found automatically.
  std::vector<std::string> selectors;
  /// html only: at most this many new articles fetched per poll.
  int max_articles = 30;
  /// html only: honour the host's robots.txt for the listing and the articles.
  bool robots = true;
};

struct Config {
  std::string file;                 ///< the file it was read from ("" for built-in)
  std::string data_dir;             ///< RocksDB directory, absolute or relative to the cwd
  Profile profile;                  ///< bundled or from profile_file, with overrides applied
  std::vector<SourceConfig> sources;
  std::string user_agent = "provwatch/0.1 (+https://provwatch.invalid)";
  std::string log_level = "info";   ///< trace, debug, info, warn, error
  /// `http`: where the web page and the HTTP API listen (ADDR:PORT, port 0 =
  /// any free port) or "off". `run --once` starts no server unless --http.
  std::string http_listen = "127.0.0.1:8080";
  std::size_t max_body_bytes = 10 * 1024 * 1024;
  int workers = 2;                  ///< CPU/storage worker threads
  std::size_t max_connections = 64; ///< concurrent transfers in all
  std::size_t max_per_host = 6;     ///< concurrent transfers to one host
  std::chrono::milliseconds host_delay{0};  ///< minimum time between two requests to one host
  std::string proxy;                ///< empty: libcurl's environment (http_proxy, ...)
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds timeout{60};  ///< whole transfer
  long low_speed_limit = 100;       ///< bytes/s; slower for low_speed_time aborts; 0 = off
  std::chrono::seconds low_speed_time{30};
  std::chrono::seconds min_interval{std::chrono::minutes(5)};  ///< adaptive interval bounds
  std::chrono::seconds max_interval{std::chrono::hours(24)};
  /// Items first seen longer ago that are not candidates are removed (a
  /// sweep at start and daily); candidates, their clusters and cases never
  /// expire. 0 keeps everything.
  std::chrono::seconds retention{std::chrono::hours(24 * 90)};
};

/// Reads and validates a configuration file. Relative `path` sources and
/// `profile_file` are resolved against the file's folder; `data_dir` is too.
Result<Config> LoadConfig(const std::string& path);

/// Same, from text; `path` is used for messages and for resolving relative paths.
Result<Config> ParseConfig(std::string_view text, const std::string& path);

/// Parses "90s", "15m", "2h", "1d" (or a bare number of seconds).
Result<std::chrono::seconds> ParseDuration(std::string_view text);

}  // namespace pw::config
