#include "core/item.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace pw {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool IsTrackingParam(const std::string& kv) {
  const auto name = kv.substr(0, kv.find('='));
  return name.rfind("utm_", 0) == 0 || name == "fbclid" || name == "gclid";
}

// FNV-1a, 64 bit: a stable content key for entries with neither link nor GUID.
std::uint64_t Fnv1a(const std::string& s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

std::string CanonicalUrl(const std::string& url) {
  std::string u = url;
  // Trim surrounding whitespace that feeds often leave around <link>.
  const auto first = u.find_first_not_of(" \t\r\n");
  const auto last = u.find_last_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  u = u.substr(first, last - first + 1);

  if (auto hash = u.find('#'); hash != std::string::npos) u.erase(hash);
  const auto scheme_end = u.find("://");
  if (scheme_end == std::string::npos) return u;
  const std::string scheme = Lower(u.substr(0, scheme_end));
  const auto host_start = scheme_end + 3;
  auto path_start = u.find_first_of("/?", host_start);
  if (path_start == std::string::npos) path_start = u.size();
  std::string host = Lower(u.substr(host_start, path_start - host_start));
  if ((scheme == "http" && host.ends_with(":80")) || (scheme == "https" && host.ends_with(":443"))) {
    host.erase(host.rfind(':'));
  }
  std::string rest = u.substr(path_start);
  if (rest.empty() && scheme != "file") rest.push_back('/');  // not rest = "/": GCC 12 -O3 false -Wrestrict

  // Drop tracking parameters, keep the others in their order.
  if (auto q = rest.find('?'); q != std::string::npos) {
    std::string query = rest.substr(q + 1);
    rest.erase(q);
    std::string kept;
    std::size_t pos = 0;
    while (pos <= query.size()) {
      auto amp = query.find('&', pos);
      if (amp == std::string::npos) amp = query.size();
      std::string kv = query.substr(pos, amp - pos);
      if (!kv.empty() && !IsTrackingParam(kv)) {
        kept += kept.empty() ? "" : "&";
        kept += kv;
      }
      pos = amp + 1;
    }
    if (!kept.empty()) rest += "?" + kept;
  }
  return scheme + "://" + host + rest;
}

std::string ItemKey(const FeedItem& item) {
  if (!item.link.empty()) return "url:" + CanonicalUrl(item.link);
  if (!item.guid.empty()) return "guid:" + item.guid;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx",
                static_cast<unsigned long long>(Fnv1a(item.title + '\n' + item.summary)));
  return std::string("hash:") + buf;
}

}  // namespace pw
