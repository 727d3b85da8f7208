#pragma once
/// The JSON pieces the command-line outputs share (`score`, `items --json`,
/// `fetch --json`, `parse --json`, `sources --json`), so that a field reads the
/// same in every contract. Private to daemon/.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/item.h"
#include "daemon/report.h"

namespace pw::daemon {

/// One JSON document on one line; invalid UTF-8 from a feed becomes U+FFFD
/// instead of an exception.
inline std::string JsonLine(const nlohmann::json& j, int indent = -1) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// An ISO 8601 UTC string, or null when the time is unknown.
inline nlohmann::json DateJson(const std::optional<UnixTime>& t) {
  return t ? nlohmann::json(IsoTime(t)) : nlohmann::json(nullptr);
}

/// The explanation of a score: [{"rule","term","field","start","end","weight"}].
inline nlohmann::json MatchesJson(const std::vector<Match>& matches) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : matches) {
    out.push_back({{"rule", m.rule}, {"term", m.term}, {"field", m.field},
                   {"start", m.start}, {"end", m.end}, {"weight", m.weight}});
  }
  return out;
}

}  // namespace pw::daemon
