#include "daemon/sources_command.h"
#include "daemon/json_fields.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include <spdlog/spdlog.h>

#include "config/config.h"
#include "crawler/feed_discovery.h"
#include "crawler/feed_parser.h"
#include "daemon/control_socket.h"
#include "daemon/fetch_once.h"
#include "daemon/ingest.h"
#include "crawler/opml.h"
#include "storage/store.h"

namespace pw::daemon {
namespace {

constexpr std::size_t kMaxIdLength = 64;
constexpr std::size_t kImportBatch = 1000;  // registry writes per batch, and a progress log line
constexpr UnixTime kRateWindow = 7 * 24 * 3600;


std::string Time(UnixTime t) { return t > 0 ? IsoTime(t) : "-"; }

nlohmann::json TimeJson(UnixTime t) {
  return t > 0 ? nlohmann::json(IsoTime(t)) : nlohmann::json(nullptr);
}

// A source as listed, whether it comes from the store or a configuration.
struct Listed {
  std::string id, name, url;
  std::int64_t interval_seconds = 0;
  UnixTime added_at = 0;
};

// The kind of the last error: the state's own, else read from the status and
// the message (states written before the kind was recorded).
std::string ErrorKind(const storage::SourceState& s) {
  if (!s.last_error_kind.empty()) return s.last_error_kind;
  if (s.last_error.empty()) return {};
  const std::string& e = s.last_error;
  auto has = [&](const char* needle) { return e.find(needle) != std::string::npos; };
  if (s.last_status >= 400 || has("HTTP status")) return "http";
  if (has("timed out")) return "timeout";
  if (has("larger than")) return "too-large";
  if (has("parse") || has("not XML") || has("not a feed") || has("unsupported")) return "parse";
  return "network";
}

const char* KindLabel(const std::string& kind, Lang lang) {
  if (kind == "http") return "HTTP";
  if (kind == "timeout") return Tr(lang, "quá thời gian", "timeout");
  if (kind == "too-large") return Tr(lang, "quá lớn", "too large");
  if (kind == "storage") return Tr(lang, "lưu trữ", "storage");
  if (kind == "parse") return Tr(lang, "phân tích", "parse");
  if (kind == "network") return Tr(lang, "kết nối", "network");
  if (kind == "robots") return Tr(lang, "robots.txt cấm", "robots.txt");
  if (kind == "article") return Tr(lang, "bài viết", "article");
  if (kind == "config") return Tr(lang, "cấu hình", "configuration");
  return Tr(lang, "khác", "other");
}

// Code points, as a terminal shows NFC Vietnamese text.
std::size_t Width(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string Shorten(std::string_view s, std::size_t max_width) {
  std::string out;
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool starts = (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    if (starts && ++width > max_width) return out + "…";
    out += s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
  }
  return out;
}

void PrintTable(const std::vector<std::vector<std::string>>& rows, std::ostream& out) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], Width(row[i]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - Width(row[i]) + 2, ' ');
    }
    out << line << "\n";
  }
}

std::string PerDay(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

bool IsFeedUrl(std::string_view url) {
  auto starts = [&](std::string_view p) {
    if (url.size() <= p.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(url[i])) != p[i]) return false;
    }
    return true;
  };
  return starts("http://") || starts("https://") || starts("file://");
}

// The registry opened for writing, with what is needed to refuse duplicates.
struct Registry {
  std::unique_ptr<storage::Store> owned;
  storage::Store* store = nullptr;
  std::set<std::string> ids;
  std::set<std::string> urls;  // canonical

  /// On `open` (the daemon's store) when given, else on the store opened here.
  static Result<Registry> Open(const std::string& data_dir, storage::Store* open) {
    Registry r;
    if (open == nullptr) {
      auto opened = storage::Store::Open(data_dir, storage::Store::Mode::kReadWrite);
      if (!opened) return opened.error();
      r.owned = std::move(*opened);
      open = r.owned.get();
    }
    r.store = open;
    auto sources = open->RegisteredSources();
    if (!sources) return sources.error();
    for (const auto& s : *sources) {
      r.ids.insert(s.id);
      r.urls.insert(CanonicalUrl(s.url));
    }
    return r;
  }

  /// The source to add for `url`, or nullopt when that URL is registered already.
  std::optional<storage::RegisteredSource> Make(const std::string& url, const std::string& name,
                                                std::chrono::seconds interval, UnixTime now) {
    if (!urls.insert(CanonicalUrl(url)).second) return std::nullopt;
    storage::RegisteredSource s;
    s.id = SourceIdFor(url, ids);
    ids.insert(s.id);
    s.url = url;
    s.name = name;
    s.interval_seconds = interval.count();
    s.added_at = now;
    return s;
  }
};

const char* LangName(Lang lang) { return lang == Lang::kEn ? "en" : "vi"; }

// What failed, for the officer, before the store's or configuration's own
// (English) message.
const char* CannotOpen(Lang lang) { return Tr(lang, "Không mở được dữ liệu: ", "Cannot open the data: "); }
const char* CannotRead(Lang lang) { return Tr(lang, "Không đọc được dữ liệu: ", "Cannot read the data: "); }
const char* CannotWrite(Lang lang) { return Tr(lang, "Không ghi được dữ liệu: ", "Cannot write the data: "); }
const char* BadConfig(Lang lang) { return Tr(lang, "Cấu hình không hợp lệ: ", "Invalid configuration: "); }

/// The control request of `sources` (list) for QueryDaemon.
std::string ListRequest(const SourcesTarget& target, bool json, Lang lang) {
  std::error_code ec;
  const std::string config =
      target.config_path.empty() ? "" : std::filesystem::absolute(target.config_path, ec).string();
  return nlohmann::json{{"op", "sources.list"}, {"config", ec ? target.config_path : config},
                        {"json", json}, {"lang", LangName(lang)}}
      .dump();
}

}  // namespace

std::string SourceIdFor(std::string_view url, const std::set<std::string>& taken) {
  std::string_view rest = url;
  if (auto scheme = rest.find("://"); scheme != std::string_view::npos) rest.remove_prefix(scheme + 3);
  if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  // user:password@ never belongs in an id.
  if (auto at = rest.find('@'); at != std::string_view::npos && at < rest.find('/')) {
    rest.remove_prefix(at + 1);
  }
  std::string lower;
  for (char c : rest) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.rfind("www.", 0) == 0) lower.erase(0, 4);

  std::string id;
  for (char c : lower) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (keep) {
      id += c;
    } else if (!id.empty() && id.back() != '-') {
      id += '-';
    }
  }
  auto trim = [](std::string& s) {
    while (!s.empty() && (s.back() == '-' || s.back() == '.' || s.back() == '_')) s.pop_back();
    std::size_t lead = 0;
    while (lead < s.size() && (s[lead] == '-' || s[lead] == '.' || s[lead] == '_')) ++lead;
    s.erase(0, lead);
  };
  trim(id);
  if (id.size() > kMaxIdLength) id.resize(kMaxIdLength);
  trim(id);
  if (id.empty()) id = "source";
  if (!taken.contains(id)) return id;
  for (int n = 2;; ++n) {
    const std::string suffix = "-" + std::to_string(n);
    std::string candidate = id.substr(0, kMaxIdLength - suffix.size()) + suffix;
    if (!taken.contains(candidate)) return candidate;
  }
}

int ListSources(const SourcesTarget& target, bool json, Lang lang, std::ostream& out, std::ostream& err,
                storage::Store* open) {
  std::vector<Listed> listed;
  std::unique_ptr<storage::Store> owned;
  storage::Store* store = open;
  if (!target.config_path.empty()) {
    auto cfg = config::LoadConfig(target.config_path);
    if (!cfg) {
      err << BadConfig(lang) << cfg.error().message << "\n";
      return 2;
    }
    for (const auto& s : cfg->sources) listed.push_back({s.id, s.name, s.url, s.interval.count(), 0});
    // Sources not polled yet have no state: a missing data dir is not an error here.
    std::error_code ec;
    if (store == nullptr) {
      if (auto code = QueryDaemon(cfg->data_dir, ListRequest(target, json, lang), out, err)) return *code;
    }
    if (store == nullptr && std::filesystem::exists(cfg->data_dir, ec)) {
      auto opened = storage::Store::Open(cfg->data_dir, storage::Store::Mode::kReadOnly);
      if (!opened) {
        err << CannotOpen(lang) << opened.error().message << "\n";
        return 1;
      }
      owned = std::move(*opened);
      store = owned.get();
    }
  } else {
    if (store == nullptr) {
      if (auto code = QueryDaemon(target.data_dir, ListRequest(target, json, lang), out, err)) return *code;
      auto opened = storage::Store::Open(target.data_dir, storage::Store::Mode::kReadOnly);
      if (!opened) {
        err << CannotOpen(lang) << opened.error().message << "\n";
        return 1;
      }
      owned = std::move(*opened);
      store = owned.get();
    }
    auto registered = store->RegisteredSources();
    if (!registered) {
      err << CannotRead(lang) << registered.error().message << "\n";
      return 1;
    }
    for (const auto& s : *registered) listed.push_back({s.id, s.name, s.url, s.interval_seconds, s.added_at});
  }

  // States first: the items-a-day estimate they carry spares a scan of the items.
  std::vector<std::optional<storage::SourceState>> states(listed.size());
  bool need_scan = false;
  for (std::size_t i = 0; store && i < listed.size(); ++i) {
    auto got = store->GetSource(listed[i].id);
    if (!got) {
      err << CannotRead(lang) << got.error().message << "\n";
      return 1;
    }
    states[i] = std::move(*got);
    need_scan = need_scan || !states[i] || !states[i]->items_per_day;
  }

  // Else items a day: stored items of the source published (else first seen)
  // in the last 7 days, counted from the source index (no item is read).
  const UnixTime now = NowUnix();
  std::map<std::string, std::size_t> recent;
  if (store && need_scan) {
    for (std::size_t i = 0; i < listed.size(); ++i) {
      if (states[i] && states[i]->items_per_day) continue;
      auto n = store->CountItemsBetween(now - kRateWindow + 1, now + 1, listed[i].id);
      if (!n) {
        err << CannotRead(lang) << n.error().message << "\n";
        return 1;
      }
      recent[listed[i].id] = *n;
    }
  }

  if (listed.empty() && !json) {
    out << Tr(lang, "Chưa có nguồn nào. Thêm bằng: provwatch sources add URL, hoặc sources import TỆP\n",
              "No sources yet. Add some with: provwatch sources add URL, or sources import FILE\n");
    return 0;
  }

  std::vector<std::vector<std::string>> rows;
  rows.push_back({"ID", Tr(lang, "Tình trạng", "Health"), Tr(lang, "Thành công cuối", "Last success"), Tr(lang, "Lỗi liên tiếp", "Failures"),
                  "HTTP", Tr(lang, "Tin/ngày", "Items/day"), Tr(lang, "Lần tải tới", "Next poll"),
                  Tr(lang, "Lỗi gần nhất (loại)", "Last error (kind)"), "URL"});
  for (std::size_t i = 0; i < listed.size(); ++i) {
    const Listed& s = listed[i];
    const bool polled = states[i].has_value();
    const storage::SourceState st = polled ? *states[i] : storage::SourceState{};
    const double per_day = st.items_per_day ? *st.items_per_day : static_cast<double>(recent[s.id]) / 7.0;
    const std::string kind = ErrorKind(st);
    const UnixTime next = st.next_due;
    std::string health = !polled            ? "-"
                         : st.circuit_open  ? Tr(lang, "tạm ngừng", "parked")
                         : !st.unhealthy.empty() ? Tr(lang, "có vấn đề", "unhealthy")
                         : st.consecutive_failures > 0 ? Tr(lang, "đang lỗi", "failing")
                                                       : Tr(lang, "tốt", "ok");
    if (json) {
      nlohmann::json j = {{"id", s.id},
                          {"name", s.name},
                          {"url", s.url},
                          {"interval_seconds", s.interval_seconds},
                          {"added_at", TimeJson(s.added_at)},
                          {"polled", polled},
                          {"last_success", TimeJson(st.last_success)},
                          {"last_attempt", TimeJson(st.last_attempt)},
                          {"last_error", st.last_error.empty() ? nlohmann::json(nullptr) : nlohmann::json(st.last_error)},
                          {"error_kind", kind.empty() ? nlohmann::json(nullptr) : nlohmann::json(kind)},
                          {"consecutive_failures", st.consecutive_failures},
                          {"last_status", st.last_status},
                          {"items_per_day", per_day},
                          {"next_poll", TimeJson(next)},
                          {"circuit_open", st.circuit_open},
                          {"unhealthy", st.unhealthy.empty() ? nlohmann::json(nullptr) : nlohmann::json(st.unhealthy)}};
      out << JsonLine(j) << "\n";
      continue;
    }
    std::string error = "-";
    if (!st.last_error.empty()) {
      error = std::string("(") + KindLabel(kind, lang) + ") " + Shorten(st.last_error, 48);
    }
    rows.push_back({s.id, health, polled ? Time(st.last_success) : Tr(lang, "chưa tải", "never polled"),
                    std::to_string(st.consecutive_failures),
                    st.last_status > 0 ? std::to_string(st.last_status) : "-", PerDay(per_day),
                    Time(next), error, s.url});
  }
  if (!json) PrintTable(rows, out);
  return 0;
}

int AddSource(const std::string& data_dir, const std::string& url, bool all, std::optional<int> pick,
              std::chrono::seconds interval, Lang lang, std::ostream& out, std::ostream& err,
              storage::Store* open) {
  if (!IsFeedUrl(url)) {
    err << "sources add: \"" << url << "\" "
        << Tr(lang, "không phải URL http://, https:// hoặc file://", "is not an http://, https:// or file:// URL")
        << "\n";
    return 2;
  }
  if (open == nullptr) {
    nlohmann::json request = {{"op", "sources.add"}, {"url", url},           {"all", all},
                              {"interval", interval.count()}, {"lang", LangName(lang)}};
    if (pick) request["pick"] = *pick;
    if (auto code = QueryDaemon(data_dir, request.dump(), out, err)) return *code;
  }
  auto registry = Registry::Open(data_dir, open);
  if (!registry) {
    err << CannotOpen(lang) << registry.error().message << "\n";
    return 1;
  }

  auto fetched = FetchOnce(url);
  if (!fetched) {
    err << Tr(lang, "Không tải được ", "Cannot fetch ") << url << ": " << fetched.error().message << "\n";
    return 1;
  }
  const crawler::FetchResponse& response = *fetched;
  const std::string base = BaseUrl(response);

  std::vector<storage::RegisteredSource> to_add;
  const UnixTime now = NowUnix();
  auto feed = crawler::ParseFeed(response.body, base, response.content_type);
  if (feed) {
    auto made = registry->Make(url, feed->title, interval, now);
    if (!made) {
      out << Tr(lang, "Nguồn này đã có: ", "Already registered: ") << url << "\n";
      return 0;
    }
    to_add.push_back(std::move(*made));
  } else {
    const auto offers = crawler::DiscoverFeeds(response.body, base);
    if (offers.empty()) {
      if (crawler::LooksLikeHtml(response.body, response.content_type)) {
        out << Tr(lang, "Trang này không khai báo nguồn tin RSS/Atom nào (<link rel=\"alternate\">): ",
                  "This page announces no RSS/Atom feed (<link rel=\"alternate\">): ")
            << url << "\n";
      } else {
        err << url << ": " << Tr(lang, "không phải nguồn tin cũng không phải trang HTML: ",
                                 "neither a feed nor an HTML page: ")
            << feed.error().message << "\n";
      }
      return 1;
    }
    out << Tr(lang, "Trang này có ", "This page offers ") << offers.size()
        << Tr(lang, " nguồn tin:\n", " feeds:\n");
    for (std::size_t i = 0; i < offers.size(); ++i) {
      out << "  " << i + 1 << ". [" << offers[i].kind << "] "
          << (offers[i].title.empty() ? "-" : offers[i].title) << "  " << offers[i].url << "\n";
    }
    if (pick && (*pick < 1 || static_cast<std::size_t>(*pick) > offers.size())) {
      err << "sources add: --pick " << *pick << Tr(lang, " không nằm trong khoảng 1 đến ", " is not between 1 and ")
          << offers.size() << "\n";
      return 2;
    }
    if (!all && !pick) {
      out << Tr(lang, "Chưa thêm nguồn nào: chọn một bằng --pick N, hoặc thêm tất cả bằng --all\n",
                "Nothing added: choose one with --pick N, or add them all with --all\n");
      return 0;
    }
    for (std::size_t i = 0; i < offers.size(); ++i) {
      if (pick && static_cast<std::size_t>(*pick) != i + 1) continue;
      auto made = registry->Make(offers[i].url, offers[i].title, interval, now);
      if (!made) {
        out << Tr(lang, "Nguồn này đã có: ", "Already registered: ") << offers[i].url << "\n";
        continue;
      }
      to_add.push_back(std::move(*made));
    }
  }
  if (auto st = registry->store->PutRegisteredSources(to_add); !st) {
    err << CannotWrite(lang) << st.error().message << "\n";
    return 1;
  }
  if (auto st = registry->store->Sync(); !st) {
    err << CannotWrite(lang) << st.error().message << "\n";
    return 1;
  }
  for (const auto& s : to_add) {
    out << Tr(lang, "Đã thêm nguồn ", "Added source ") << s.id << "  " << s.url << "\n";
  }
  return 0;
}

int ImportSources(const std::string& data_dir, const std::string& file, std::chrono::seconds interval,
                  Lang lang, std::ostream& out, std::ostream& err, storage::Store* open,
                  const std::string& read_from) {
  if (open == nullptr) {
    // The daemon reads the file itself: it gets an absolute path.
    std::error_code ec;
    const std::string path = std::filesystem::absolute(file, ec).string();
    const nlohmann::json request = {{"op", "sources.import"}, {"file", file}, {"path", ec ? file : path},
                                    {"interval", interval.count()}, {"lang", LangName(lang)}};
    if (auto code = QueryDaemon(data_dir, request.dump(), out, err)) return *code;
  }
  std::ifstream in(read_from.empty() ? file : read_from, std::ios::binary);
  if (!in) {
    err << file << ": " << Tr(lang, "không đọc được tệp", "cannot read the file") << "\n";
    return 2;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto list = crawler::ParseSourceList(text.str());
  if (!list) {
    err << file << ": " << Tr(lang, "không đọc được danh sách nguồn: ", "cannot read the source list: ")
        << list.error().message << "\n";
    return 2;
  }
  for (const auto& p : list->problems) {
    err << file << ":" << p.line << ": " << p.message << Tr(lang, " (dòng bị bỏ qua)", " (line skipped)") << "\n";
  }

  auto registry = Registry::Open(data_dir, open);
  if (!registry) {
    err << CannotOpen(lang) << registry.error().message << "\n";
    return 1;
  }
  const UnixTime now = NowUnix();
  std::size_t added = 0, duplicates = 0;
  std::vector<storage::RegisteredSource> batch;
  auto flush = [&]() -> bool {
    if (batch.empty()) return true;
    if (auto st = registry->store->PutRegisteredSources(batch); !st) {
      err << CannotWrite(lang) << st.error().message << "\n";
      return false;
    }
    added += batch.size();
    batch.clear();
    spdlog::info("sources import: {} added so far", added);
    return true;
  };
  for (const auto& feed : list->feeds) {
    auto made = registry->Make(feed.url, feed.title, interval, now);
    if (!made) {
      ++duplicates;
      continue;
    }
    batch.push_back(std::move(*made));
    if (batch.size() >= kImportBatch && !flush()) return 1;
  }
  if (!flush()) return 1;
  if (auto st = registry->store->Sync(); !st) {
    err << CannotWrite(lang) << st.error().message << "\n";
    return 1;
  }
  out << Tr(lang, "Nhập xong ", "Import done: ") << file << " (" << list->format << "): " << added
      << Tr(lang, " nguồn mới, ", " added, ") << duplicates << Tr(lang, " trùng lặp, ", " duplicates, ")
      << list->problems.size() << Tr(lang, " dòng lỗi\n", " errors\n");
  return 0;
}

int ExportSources(const SourcesTarget& target, Lang lang, std::ostream& out, std::ostream& err) {
  std::vector<crawler::ListedFeed> feeds;
  if (!target.config_path.empty()) {
    auto cfg = config::LoadConfig(target.config_path);
    if (!cfg) {
      err << BadConfig(lang) << cfg.error().message << "\n";
      return 2;
    }
    for (const auto& s : cfg->sources) feeds.push_back({s.url, s.name == s.id ? "" : s.name, ""});
  } else {
    auto store = storage::Store::Open(target.data_dir, storage::Store::Mode::kReadOnly);
    if (!store) {
      err << CannotOpen(lang) << store.error().message << "\n";
      return 1;
    }
    auto registered = (*store)->RegisteredSources();
    if (!registered) {
      err << CannotRead(lang) << registered.error().message << "\n";
      return 1;
    }
    for (const auto& s : *registered) feeds.push_back({s.url, s.name, ""});
  }
  const std::string opml = crawler::WriteOpml(feeds, "provwatch sources");
  out << opml << (opml.ends_with('\n') ? "" : "\n");
  return 0;
}

}  // namespace pw::daemon
