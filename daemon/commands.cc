#include "daemon/commands.h"
#include "daemon/json_fields.h"

#include <ctime>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>

#include <spdlog/spdlog.h>

#include "config/bundled.h"
#include "config/config.h"
#include "crawler/feed_parser.h"
#include "daemon/control_socket.h"
#include "daemon/fetch_once.h"
#include "daemon/score_command.h"
#include "storage/store.h"

namespace pw::daemon {

int CheckConfig(const std::string& path, Lang lang, std::ostream& out) {
  auto cfg = config::LoadConfig(path);
  if (!cfg) {
    spdlog::error("{}", cfg.error().message);
    return 2;
  }
  std::size_t terms = 0;
  for (const auto& r : cfg->profile.rules) terms += r.terms.size();
  out << path << ": " << Tr(lang, "cấu hình hợp lệ", "configuration is valid") << "\n  "
      << Tr(lang, "hồ sơ tỉnh: ", "profile: ") << cfg->profile.id << " (" << cfg->profile.name
      << "), " << cfg->profile.names.size() + cfg->profile.places.size()
      << Tr(lang, " tên và địa danh, ", " names and places, ") << cfg->profile.rules.size()
      << Tr(lang, " quy tắc (", " rules (") << terms << Tr(lang, " cụm từ), ngưỡng ", " terms), threshold ")
      << cfg->profile.threshold << "\n  " << Tr(lang, "dữ liệu: ", "data: ") << cfg->data_dir << "\n  "
      << cfg->sources.size() << Tr(lang, " nguồn:", " sources:") << "\n";
  for (const auto& s : cfg->sources) {
    out << "    " << s.id << "  " << s.url << "  " << Tr(lang, "mỗi ", "every ") << s.interval.count()
        << "s\n";
  }
  return 0;
}

int FetchOne(const std::string& url, bool json, std::ostream& out) {
  auto fetched = FetchOnce(url);
  if (!fetched) {
    spdlog::error("{}: {}", url, fetched.error().message);
    return 1;
  }
  const crawler::FetchResponse& response = *fetched;
  auto feed = crawler::ParseFeed(response.body, BaseUrl(response), response.content_type);
  if (!feed) {
    spdlog::error("{}: cannot parse the feed: {}", url, feed.error().message);
    return 1;
  }
  for (const auto& entry : feed->items) {
    Item item;
    item.key = ItemKey(entry);
    item.entry = entry;
    if (json) {
      nlohmann::json j = {{"key", item.key}, {"guid", entry.guid}, {"title", entry.title},
                          {"link", entry.link}, {"summary", entry.summary},
                          {"author", entry.author},
                          {"published", DateJson(entry.published)}};
      out << JsonLine(j) << "\n";
    } else {
      out << IsoTime(entry.published) << '\t' << entry.title << '\t' << entry.link << "\n";
    }
  }
  spdlog::info("{}: {} {} items", url, feed->format, feed->items.size());
  return 0;
}

int ListItems(const std::string& data_dir, bool candidates_only, bool json, Lang lang, std::ostream& out,
              std::ostream& err, storage::Store* open, std::optional<std::int64_t> since) {
  std::unique_ptr<storage::Store> opened;
  if (open == nullptr) {
    nlohmann::json request = {{"op", "items"}, {"candidates", candidates_only}, {"json", json},
                              {"lang", lang == Lang::kEn ? "en" : "vi"}};
    if (since) request["since"] = *since;
    if (auto code = QueryDaemon(data_dir, request.dump(), out, err)) return *code;
    auto store = storage::Store::Open(data_dir, storage::Store::Mode::kReadOnly);
    if (!store) {
      err << Tr(lang, "Không mở được dữ liệu: ", "Cannot open the data: ") << store.error().message << "\n";
      return 1;
    }
    opened = std::move(*store);
    open = opened.get();
  }
  auto items = since ? open->ItemsBetween(static_cast<UnixTime>(std::time(nullptr)) - *since, std::numeric_limits<UnixTime>::max())
                     : open->Items(candidates_only);
  if (!items) {
    err << Tr(lang, "Không đọc được tin đã lưu: ", "Cannot read the stored items: ") << items.error().message
        << "\n";
    return 1;
  }
  if (since && candidates_only) std::erase_if(*items, [](const Item& i) { return !i.score.candidate; });
  for (const auto& item : *items) out << (json ? ItemJson(item) : ItemLine(item)) << "\n";
  return 0;
}

int Score(const std::string& profile_id, const std::optional<std::string>& input,
          const std::optional<std::string>& config_path, std::ostream& out) {
  config::Profile profile;
  if (config_path) {
    auto cfg = config::LoadConfig(*config_path);
    if (!cfg) {
      spdlog::error("{}", cfg.error().message);
      return 2;
    }
    if (!profile_id.empty() && cfg->profile.id != profile_id) {
      spdlog::error("{}: profile is {}, not {}", *config_path, cfg->profile.id, profile_id);
      return 2;
    }
    profile = std::move(cfg->profile);
  } else {
    auto p = config::BundledProfile(profile_id);
    if (!p) {
      spdlog::error("{}", p.error().message);
      return 2;
    }
    profile = std::move(*p);
  }
  analysis::Scorer scorer(profile);
  std::size_t errors = 0;
  if (input) {
    std::ifstream in(*input, std::ios::binary);
    if (!in) {
      spdlog::error("{}: cannot read the input file", *input);
      return 2;
    }
    errors = ScoreStream(in, out, scorer);
  } else {
    errors = ScoreStream(std::cin, out, scorer);
  }
  if (errors > 0) spdlog::warn("score: {} malformed lines (reported as error objects)", errors);
  return 0;
}

}  // namespace pw::daemon
