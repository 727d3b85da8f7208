#include "storage/cluster.h"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace pw::storage {
namespace {

using Json = nlohmann::json;

// FNV-1a, 64 bits: a stable id from the first item's key, the same on every
// machine and run (std::hash is neither).
std::uint64_t Fnv1a(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string Hex16(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

UnixTime HourStart(UnixTime t) { return t - ((t % 3600) + 3600) % 3600; }

// Items counted in [from, to).
std::uint64_t CountBetween(const Cluster& c, UnixTime from, UnixTime to) {
  std::uint64_t n = 0;
  for (const auto& [hour, count] : c.growth) {
    if (hour >= from && hour < to) n += count;
  }
  return n;
}

}  // namespace

Cluster NewCluster(const Item& item, std::uint64_t signature) {
  Cluster c;
  c.id = "k" + Hex16(Fnv1a(item.key));
  c.signature = signature;
  c.first_item = item.key;
  c.title = item.entry.title;
  c.first_seen = item.fetched_at;
  c.last_seen = item.fetched_at;
  return c;
}

void JoinCluster(Cluster& c, const Item& item) {
  const UnixTime at = item.fetched_at;
  ++c.items;
  if (item.score.candidate) ++c.candidates;
  if (std::find(c.outlets.begin(), c.outlets.end(), item.source_id) == c.outlets.end()) {
    c.outlets.push_back(item.source_id);
  }
  c.first_seen = std::min(c.first_seen, at);
  c.last_seen = std::max(c.last_seen, at);

  const UnixTime hour = HourStart(at);
  auto it = std::lower_bound(c.growth.begin(), c.growth.end(), hour,
                             [](const auto& entry, UnixTime h) { return entry.first < h; });
  if (it != c.growth.end() && it->first == hour) {
    ++it->second;
  } else {
    c.growth.insert(it, {hour, 1});
  }
  // Keep the last kGrowthHours hours before the newest one.
  const UnixTime oldest = c.growth.back().first - (kGrowthHours - 1) * 3600;
  c.growth.erase(c.growth.begin(),
                 std::find_if(c.growth.begin(), c.growth.end(),
                              [oldest](const auto& entry) { return entry.first >= oldest; }));

  const bool now_spreading = IsSpreading(c, at);
  if (now_spreading && !c.spreading) c.spreading_since = at;
  c.spreading = now_spreading;
}

bool IsSpreading(const Cluster& c, UnixTime now) {
  // Hour buckets: the window is the current hour and the ones before it.
  const UnixTime window_end = HourStart(now) + 3600;
  const UnixTime window_start = window_end - kSpreadWindow;
  const std::uint64_t recent = CountBetween(c, window_start, window_end);
  if (recent < kSpreadMinItems) return false;
  const UnixTime baseline_start = window_start - kSpreadBaselineWindows * kSpreadWindow;
  const double baseline =
      static_cast<double>(CountBetween(c, baseline_start, window_start)) / kSpreadBaselineWindows;
  return static_cast<double>(recent) >= kSpreadFactor * std::max(baseline, 1.0);
}

std::string EncodeCluster(const Cluster& c) {
  Json growth = Json::array();
  for (const auto& [hour, count] : c.growth) growth.push_back({hour, count});
  const Json j = {{"signature", Hex16(c.signature)}, {"first_item", c.first_item},
                  {"title", c.title},                {"first_seen", c.first_seen},
                  {"last_seen", c.last_seen},        {"items", c.items},
                  {"candidates", c.candidates},      {"outlets", c.outlets},
                  {"growth", std::move(growth)},     {"spreading", c.spreading},
                  {"spreading_since", c.spreading_since}};
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<Cluster> DecodeCluster(std::string_view id, std::string_view json) {
  try {
    const Json j = Json::parse(json);
    if (!j.is_object()) return Error{"cluster " + std::string(id) + ": record is not a JSON object"};
    Cluster c;
    c.id = std::string(id);
    c.signature = std::stoull(j.value("signature", std::string("0")), nullptr, 16);
    c.first_item = j.value("first_item", std::string());
    c.title = j.value("title", std::string());
    c.first_seen = j.value("first_seen", UnixTime{0});
    c.last_seen = j.value("last_seen", UnixTime{0});
    c.items = j.value("items", std::uint64_t{0});
    c.candidates = j.value("candidates", std::uint64_t{0});
    c.outlets = j.value("outlets", std::vector<std::string>());
    if (const auto g = j.find("growth"); g != j.end()) {
      for (const Json& entry : *g) c.growth.emplace_back(entry.at(0).get<UnixTime>(), entry.at(1).get<std::uint32_t>());
    }
    c.spreading = j.value("spreading", false);
    c.spreading_since = j.value("spreading_since", UnixTime{0});
    return c;
  } catch (const std::exception& e) {  // nlohmann's errors and std::stoull's
    return Error{"cluster " + std::string(id) + ": bad record: " + e.what()};
  }
}

}  // namespace pw::storage
