#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/bundled.h"
#include "config/config.h"
#include "config/toml_util.h"
#include "config/workflow_config_toml.h"

namespace pw::config {
namespace {

using namespace detail;
namespace fs = std::filesystem;

constexpr std::chrono::seconds kMinInterval{10};
constexpr std::chrono::seconds kMaxInterval{7 * 24 * 3600};

bool IsSourceId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                    c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string Resolve(const fs::path& base_dir, const std::string& p) {
  fs::path path(p);
  if (path.is_absolute()) return path.lexically_normal().string();
  return fs::absolute(base_dir / path).lexically_normal().string();
}

// `type` and the fields only an html source may have: selectors,
// max_articles, robots.
Status ParseHtmlFields(const toml::table& t, const Scope& s, SourceConfig& src) {
  auto type = GetString(t, s, "type", false, src.type);
  if (!type) return type.error();
  if (*type != "feed" && *type != "html") {
    return FieldError(s, *t.get("type"), "type", "\"" + *type + "\": expected \"feed\" or \"html\"");
  }
  src.type = *type;
  for (const char* key : {"selectors", "max_articles", "robots"}) {
    if (src.type != "html" && t.contains(key)) {
      return FieldError(s, *t.get(key), key, "only for a source with type = \"html\"");
    }
  }
  auto selectors = GetStrings(t, s, "selectors", false);
  if (!selectors) return selectors.error();
  for (const auto& selector : *selectors) {
    if (selector.find_first_not_of(" \t\r\n") == std::string::npos) {
      return FieldError(s, *t.get("selectors"), "selectors", "expected non-empty strings like \"h3 a\"");
    }
  }
  src.selectors = std::move(*selectors);
  auto max_articles = GetNumber(t, s, "max_articles", false, src.max_articles);
  if (!max_articles) return max_articles.error();
  if (*max_articles < 1 || *max_articles > 1000 || *max_articles != static_cast<int>(*max_articles)) {
    return FieldError(s, *t.get("max_articles"), "max_articles", "must be a whole number from 1 to 1000");
  }
  src.max_articles = static_cast<int>(*max_articles);
  if (const toml::node* node = t.get("robots")) {
    const auto* flag = node->as_boolean();
    if (flag == nullptr) return FieldError(s, *node, "robots", "expected true or false");
    src.robots = flag->get();
  }
  return {};
}

Result<SourceConfig> ParseSource(const toml::table& t, const Scope& s, const fs::path& base_dir) {
  if (auto st = CheckKnownKeys(t, s, {"id", "name", "url", "path", "interval", "type",
                                      "selectors", "max_articles", "robots"}); !st) {
    return st.error();
  }
  SourceConfig src;
  auto id = GetString(t, s, "id", true);
  if (!id) return id.error();
  if (!IsSourceId(*id)) {
    return FieldError(s, *t.get("id"), "id",
                      "\"" + *id + "\": use lower-case letters, digits, '-', '_' or '.'");
  }
  src.id = *id;
  auto name = GetString(t, s, "name", false, src.id);
  if (!name) return name.error();
  src.name = *name;

  const bool has_url = t.contains("url"), has_path = t.contains("path");
  if (has_url == has_path) {
    return FieldError(s, t, "url", "give exactly one of url = \"https://...\" or path = \"file.xml\"");
  }
  if (has_url) {
    auto url = GetString(t, s, "url", true);
    if (!url) return url.error();
    const std::string& u = *url;
    if (!(u.starts_with("http://") || u.starts_with("https://") || u.starts_with("file://"))) {
      return FieldError(s, *t.get("url"), "url",
                        "\"" + u + "\": expected an http://, https:// or file:// URL");
    }
    if (u.find_first_of(" \t\r\n") != std::string::npos) {
      return FieldError(s, *t.get("url"), "url", "\"" + u + "\": contains white space");
    }
    src.url = u;
  } else {
    auto path = GetString(t, s, "path", true);
    if (!path) return path.error();
    src.url = "file://" + Resolve(base_dir, *path);
  }

  if (const toml::node* node = t.get("interval")) {
    const auto* str = node->as_string();
    if (str == nullptr) {
      return FieldError(s, *node, "interval", "expected a duration in quotes, like \"15m\"");
    }
    auto d = ParseDuration(str->get());
    if (!d) return FieldError(s, *node, "interval", "\"" + str->get() + "\": " + d.error().message);
    if (*d < kMinInterval || *d > kMaxInterval) {
      return FieldError(s, *node, "interval",
                        "\"" + str->get() + "\": must be between 10s and 7d");
    }
    src.interval = *d;
    src.interval_fixed = true;
  }
  if (auto st = ParseHtmlFields(t, s, src); !st) return st.error();
  return src;
}

// An optional top-level duration ("30s", "2m") within [lo, hi].
Status GetDurationField(const toml::table& t, const Scope& s, const char* key,
                        std::chrono::seconds lo, std::chrono::seconds hi, const char* range,
                        std::chrono::seconds& out) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return {};
  const auto* str = node->as_string();
  if (str == nullptr) return FieldError(s, *node, key, "expected a duration in quotes, like \"30s\"");
  auto d = ParseDuration(str->get());
  if (!d) return FieldError(s, *node, key, "\"" + str->get() + "\": " + d.error().message);
  if (*d < lo || *d > hi) {
    return FieldError(s, *node, key, "\"" + str->get() + "\": must be between " + range);
  }
  out = *d;
  return {};
}

}  // namespace

Result<std::chrono::seconds> ParseDuration(std::string_view text) {
  if (text.empty()) return Error{"expected a duration like \"15m\""};
  std::size_t i = 0;
  long long value = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    value = value * 10 + (text[i] - '0');
    if (value > 100'000'000) return Error{"duration too large"};
    ++i;
  }
  if (i == 0) return Error{"expected a duration like \"15m\""};
  const std::string_view unit = text.substr(i);
  long long mult = 0;
  if (unit.empty() || unit == "s") mult = 1;
  else if (unit == "m") mult = 60;
  else if (unit == "h") mult = 3600;
  else if (unit == "d") mult = 86400;
  else return Error{"expected a duration like \"15m\" (units s, m, h, d)"};
  return std::chrono::seconds(value * mult);
}

Result<Config> ParseConfig(std::string_view text, const std::string& path) {
  auto parsed = ParseToml(text, path);
  if (!parsed) return parsed.error();
  const toml::table& t = *parsed;
  const Scope s{path, ""};
  if (auto st = CheckKnownKeys(t, s, {"profile", "profile_file", "data_dir", "user_agent",
                                      "log_level", "max_body_bytes", "workers", "threshold",
                                      "rules", "sources", "max_connections", "max_per_host",
                                      "host_delay", "proxy", "connect_timeout", "timeout",
                                      "low_speed_limit", "low_speed_time", "min_interval",
                                      "max_interval", "retention", "workflow", "http"});
      !st) {
    return st.error();
  }
  const fs::path base_dir = fs::absolute(fs::path(path)).parent_path();
  Config cfg;
  cfg.file = path;

  // Profile: a bundled id or a file of the same format.
  const bool has_id = t.contains("profile"), has_file = t.contains("profile_file");
  if (has_id == has_file) {
    return FieldError(s, t, "profile",
                      "give exactly one of profile = \"lai-chau\" or profile_file = \"my.toml\"");
  }
  if (has_id) {
    auto id = GetString(t, s, "profile", true);
    if (!id) return id.error();
    auto profile = BundledProfile(*id);
    if (!profile) return FieldError(s, *t.get("profile"), "profile", profile.error().message);
    cfg.profile = std::move(*profile);
  } else {
    auto file = GetString(t, s, "profile_file", true);
    if (!file) return file.error();
    const std::string full = Resolve(base_dir, *file);
    std::ifstream in(full, std::ios::binary);
    if (!in) {
      return FieldError(s, *t.get("profile_file"), "profile_file", "cannot read " + full);
    }
    std::stringstream ss;
    ss << in.rdbuf();
    auto profile = ParseProfile(ss.str(), full);
    if (!profile) return profile.error();
    cfg.profile = std::move(*profile);
  }
  if (t.contains("threshold")) {
    auto threshold = GetNumber(t, s, "threshold", true);
    if (!threshold) return threshold.error();
    if (*threshold <= 0) return FieldError(s, *t.get("threshold"), "threshold", "must be above 0");
    cfg.profile.threshold = *threshold;
  }
  auto rules = ParseRules(t, s);
  if (!rules) return rules.error();
  if (auto st = AppendRules(cfg.profile.rules, std::move(*rules), path); !st) return st.error();
  if (auto st = ParseWorkflowTable(t, s, cfg.profile.workflow); !st) return st.error();

  auto data_dir = GetString(t, s, "data_dir", false, "provwatch-data");
  if (!data_dir) return data_dir.error();
  if (data_dir->empty()) return FieldError(s, *t.get("data_dir"), "data_dir", "empty path");
  cfg.data_dir = Resolve(base_dir, *data_dir);

  auto ua = GetString(t, s, "user_agent", false, cfg.user_agent);
  if (!ua) return ua.error();
  cfg.user_agent = *ua;

  auto level = GetString(t, s, "log_level", false, cfg.log_level);
  if (!level) return level.error();
  if (*level != "trace" && *level != "debug" && *level != "info" && *level != "warn" &&
      *level != "error") {
    return FieldError(s, *t.get("log_level"), "log_level",
                      "\"" + *level + "\": expected trace, debug, info, warn or error");
  }
  cfg.log_level = *level;
  auto http = GetString(t, s, "http", false, cfg.http_listen);
  if (!http) return http.error();
  if (*http != "off" && (http->find(':') == std::string::npos || http->back() == ':')) {
    return FieldError(s, *t.get("http"), "http", "expected ADDR:PORT (e.g. \"127.0.0.1:8080\") or \"off\"");
  }
  cfg.http_listen = *http;

  auto max_body = GetNumber(t, s, "max_body_bytes", false, static_cast<double>(cfg.max_body_bytes));
  if (!max_body) return max_body.error();
  if (*max_body < 1024 || *max_body > 1e9) {
    return FieldError(s, *t.get("max_body_bytes"), "max_body_bytes",
                      "must be between 1024 and 1000000000");
  }
  cfg.max_body_bytes = static_cast<std::size_t>(*max_body);

  auto workers = GetNumber(t, s, "workers", false, cfg.workers);
  if (!workers) return workers.error();
  if (*workers < 1 || *workers > 64) {
    return FieldError(s, *t.get("workers"), "workers", "must be between 1 and 64");
  }
  cfg.workers = static_cast<int>(*workers);

  auto max_connections =
      GetNumber(t, s, "max_connections", false, static_cast<double>(cfg.max_connections));
  if (!max_connections) return max_connections.error();
  if (*max_connections < 1 || *max_connections > 10000) {
    return FieldError(s, *t.get("max_connections"), "max_connections",
                      "must be between 1 and 10000");
  }
  cfg.max_connections = static_cast<std::size_t>(*max_connections);
  auto per_host = GetNumber(t, s, "max_per_host", false, static_cast<double>(cfg.max_per_host));
  if (!per_host) return per_host.error();
  if (*per_host < 1 || *per_host > 1000) {
    return FieldError(s, *t.get("max_per_host"), "max_per_host", "must be between 1 and 1000");
  }
  cfg.max_per_host = static_cast<std::size_t>(*per_host);
  std::chrono::seconds host_delay{0};
  if (auto st = GetDurationField(t, s, "host_delay", std::chrono::seconds(0),
                                 std::chrono::seconds(600), "0s and 10m", host_delay);
      !st) {
    return st.error();
  }
  cfg.host_delay = host_delay;
  auto proxy = GetString(t, s, "proxy", false, "");
  if (!proxy) return proxy.error();
  cfg.proxy = *proxy;
  using std::chrono::seconds;
  if (auto st = GetDurationField(t, s, "connect_timeout", seconds(1), seconds(600), "1s and 10m",
                                 cfg.connect_timeout);
      !st) {
    return st.error();
  }
  if (auto st = GetDurationField(t, s, "timeout", seconds(1), seconds(3600), "1s and 1h",
                                 cfg.timeout);
      !st) {
    return st.error();
  }
  auto low_speed = GetNumber(t, s, "low_speed_limit", false, static_cast<double>(cfg.low_speed_limit));
  if (!low_speed) return low_speed.error();
  if (*low_speed < 0 || *low_speed > 1e9) {
    return FieldError(s, *t.get("low_speed_limit"), "low_speed_limit",
                      "must be between 0 (off) and 1000000000 bytes/s");
  }
  cfg.low_speed_limit = static_cast<long>(*low_speed);
  if (auto st = GetDurationField(t, s, "low_speed_time", seconds(1), seconds(3600), "1s and 1h",
                                 cfg.low_speed_time);
      !st) {
    return st.error();
  }
  if (auto st = GetDurationField(t, s, "min_interval", kMinInterval, kMaxInterval, "10s and 7d",
                                 cfg.min_interval);
      !st) {
    return st.error();
  }
  if (auto st = GetDurationField(t, s, "max_interval", kMinInterval, kMaxInterval, "10s and 7d",
                                 cfg.max_interval);
      !st) {
    return st.error();
  }
  if (auto st = GetDurationField(t, s, "retention", std::chrono::seconds(0), std::chrono::hours(24 * 3650),
                                 "0 (keep everything) and 3650d", cfg.retention);
      !st) {
    return st.error();
  }
  if (cfg.retention.count() != 0 && cfg.retention < std::chrono::hours(24)) {
    return FieldError(s, *t.get("retention"), "retention", "must be 0 (keep everything) or at least 1d");
  }
  if (cfg.min_interval > cfg.max_interval) {
    return FieldError(s, *t.get(t.contains("max_interval") ? "max_interval" : "min_interval"),
                      t.contains("max_interval") ? "max_interval" : "min_interval",
                      "min_interval must not exceed max_interval");
  }

  if (const toml::node* node = t.get("sources")) {
    const auto* arr = node->as_array();
    if (arr == nullptr || !arr->is_array_of_tables()) {
      return FieldError(s, *node, "sources", "expected [[sources]] tables");
    }
    for (std::size_t i = 0; i < arr->size(); ++i) {
      Scope ss{path, "sources[" + std::to_string(i + 1) + "]"};
      auto src = ParseSource(*(*arr)[i].as_table(), ss, base_dir);
      if (!src) return src.error();
      for (const auto& other : cfg.sources) {
        if (other.id == src->id) {
          return FieldError(ss, *(*arr)[i].as_table()->get("id"), "id",
                            "\"" + src->id + "\" is used by another source");
        }
      }
      cfg.sources.push_back(std::move(*src));
    }
  }
  return cfg;
}

Result<Config> LoadConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot read the configuration file"};
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseConfig(ss.str(), path);
}

}  // namespace pw::config
