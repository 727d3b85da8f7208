#include "crawler/robots.h"

#include <algorithm>

#include "crawler/text_util.h"

namespace pw::crawler {
namespace {

constexpr std::size_t kMaxRobotsBytes = 500 * 1024;

// One "key: value" line without its comment; false for blank or malformed lines.
bool SplitLine(std::string_view line, std::string& key, std::string& value) {
  if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return false;
  key = AsciiLower(TrimAscii(line.substr(0, colon)));
  value = std::string(TrimAscii(line.substr(colon + 1)));
  return !key.empty();
}

// Does `pattern` (with '*' and a final '$') match the start of `path`?
bool PatternMatches(std::string_view pattern, std::string_view path) {
  const bool anchored = pattern.ends_with('$');
  if (anchored) pattern.remove_suffix(1);
  // Greedy with backtracking over '*', as glob matching does.
  std::size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
  while (true) {
    if (p == pattern.size()) {
      if (!anchored || s == path.size()) return true;
    } else if (pattern[p] == '*') {
      star = p++;
      mark = s;
      continue;
    } else if (s < path.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
      continue;
    }
    if (star == std::string_view::npos || mark >= path.size()) return false;
    p = star + 1;
    s = ++mark;
  }
}

// The path and query of an absolute URL ("/" when it has none), fragment dropped.
std::string_view PathOf(std::string_view url) {
  if (const auto hash = url.find('#'); hash != std::string_view::npos) url = url.substr(0, hash);
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return url.empty() ? "/" : url;
  const auto slash = url.find_first_of("/?", scheme + 3);
  if (slash == std::string_view::npos) return "/";
  return url.substr(slash);
}

}  // namespace

std::string RobotsToken(std::string_view user_agent) {
  user_agent = TrimAscii(user_agent);
  const auto end = user_agent.find_first_of("/ \t");
  return AsciiLower(user_agent.substr(0, end));
}

RobotsRules ParseRobots(std::string_view text, std::string_view token_in) {
  text = text.substr(0, kMaxRobotsBytes);
  const std::string token = AsciiLower(token_in);
  RobotsRules ours, star;
  bool have_ours = false;
  // The group being read: does it name us, does it name '*'; and whether the
  // previous line was a user-agent line (consecutive ones share a group).
  bool group_ours = false, group_star = false, in_agents = false, in_group = false;
  std::string key, value;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    const auto line = text.substr(pos, end - pos);
    pos = end + 1;
    if (!SplitLine(line, key, value)) continue;
    if (key == "user-agent") {
      if (!in_agents) group_ours = group_star = false;
      in_agents = in_group = true;
      const std::string agent = RobotsToken(value);
      if (agent == "*") group_star = true;
      if (!token.empty() && agent == token) {
        group_ours = true;
        have_ours = true;
      }
      continue;
    }
    in_agents = false;
    if (!in_group || (key != "allow" && key != "disallow")) continue;
    if (value.empty()) continue;  // "disallow:" with nothing allows everything
    if (value.front() != '/' && value.front() != '*') value.insert(value.begin(), '/');
    const RobotsRules::Rule rule{key == "allow", value};
    if (group_ours) ours.rules.push_back(rule);
    if (group_star) star.rules.push_back(rule);
  }
  return have_ours ? ours : star;
}

bool RobotsAllows(const RobotsRules& rules, std::string_view url) {
  if (rules.disallow_all) return false;
  const std::string_view path = PathOf(url);
  if (path == "/robots.txt") return true;
  std::size_t best = 0;
  bool allowed = true, matched = false;
  for (const auto& rule : rules.rules) {
    if (!PatternMatches(rule.pattern, path)) continue;
    const std::size_t length = rule.pattern.size();
    if (!matched || length > best || (length == best && rule.allow)) {
      best = length;
      allowed = rule.allow;
      matched = true;
    }
  }
  return allowed;
}

std::string RobotsOrigin(std::string_view url) {
  url = TrimAscii(url);
  const std::string lower = AsciiLower(url.substr(0, 8));
  if (!lower.starts_with("http://") && !lower.starts_with("https://")) return {};
  const auto scheme = url.find("://");
  const auto end = url.find_first_of("/?#", scheme + 3);
  std::string origin = AsciiLower(url.substr(0, end));
  if (const auto at = origin.find('@', scheme + 3); at != std::string::npos) {
    origin.erase(scheme + 3, at - scheme - 2);  // no user:password in the key
  }
  return origin;
}

std::optional<RobotsRules> RobotsCache::Get(const std::string& origin, UnixTime now) const {
  const auto it = entries_.find(origin);
  if (it == entries_.end() || now - it->second.stored >= ttl_.count()) return std::nullopt;
  return it->second.rules;
}

void RobotsCache::Put(const std::string& origin, RobotsRules rules, UnixTime now) {
  entries_[origin] = Entry{std::move(rules), now};
}

}  // namespace pw::crawler
