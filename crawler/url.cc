#include "crawler/url.h"

#include <vector>

#include "crawler/text_util.h"

namespace pw::crawler {
namespace {

struct UrlParts {
  std::string_view scheme;  // without ':'
  bool has_authority = false;
  std::string_view authority;
  std::string_view path;
  bool has_query = false;
  std::string_view query;
  bool has_fragment = false;
  std::string_view fragment;
};

std::size_t SchemeLength(std::string_view url) {
  if (url.empty() || !((url[0] >= 'a' && url[0] <= 'z') || (url[0] >= 'A' && url[0] <= 'Z'))) {
    return 0;
  }
  for (std::size_t i = 1; i < url.size(); ++i) {
    const char c = url[i];
    if (c == ':') return i;
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '-' || c == '.';
    if (!ok) return 0;
  }
  return 0;
}

// RFC 3986 appendix B, by hand.
UrlParts Split(std::string_view url) {
  UrlParts p;
  if (const auto n = SchemeLength(url); n > 0) {
    p.scheme = url.substr(0, n);
    url.remove_prefix(n + 1);
  }
  if (const auto hash = url.find('#'); hash != std::string_view::npos) {
    p.has_fragment = true;
    p.fragment = url.substr(hash + 1);
    url = url.substr(0, hash);
  }
  if (const auto q = url.find('?'); q != std::string_view::npos) {
    p.has_query = true;
    p.query = url.substr(q + 1);
    url = url.substr(0, q);
  }
  if (url.starts_with("//")) {
    p.has_authority = true;
    const auto slash = url.find('/', 2);
    p.authority =
        url.substr(2, slash == std::string_view::npos ? std::string_view::npos : slash - 2);
    url = slash == std::string_view::npos ? std::string_view{} : url.substr(slash);
  }
  p.path = url;
  return p;
}

// RFC 3986 5.2.4.
std::string RemoveDotSegments(std::string_view path) {
  std::vector<std::string_view> out;
  const bool absolute = path.starts_with('/');
  std::size_t i = absolute ? 1 : 0;
  bool trailing_slash = false;
  while (i <= path.size()) {
    auto slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    const auto seg = path.substr(i, slash - i);
    const bool last = slash == path.size();
    if (seg == ".") {
      trailing_slash = last;
    } else if (seg == "..") {
      if (!out.empty()) out.pop_back();
      trailing_slash = last;
    } else {
      out.push_back(seg);
      trailing_slash = false;
    }
    i = slash + 1;
  }
  std::string result = absolute ? "/" : "";
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (k > 0) result += '/';
    result += out[k];
  }
  if (trailing_slash && !result.ends_with('/')) result += '/';
  return result;
}

}  // namespace

bool HasScheme(std::string_view url) { return SchemeLength(TrimAscii(url)) > 0; }

std::string ResolveUrl(std::string_view base_text, std::string_view ref_text) {
  const auto base_trimmed = TrimAscii(base_text);
  const auto ref_trimmed = TrimAscii(ref_text);
  if (SchemeLength(ref_trimmed) > 0 || SchemeLength(base_trimmed) == 0) {
    return std::string(ref_trimmed);
  }
  const UrlParts base = Split(base_trimmed);
  const UrlParts ref = Split(ref_trimmed);

  std::string authority;
  bool has_authority = false;
  std::string path;
  std::string_view query;
  bool has_query = false;
  if (ref.has_authority) {
    has_authority = true;
    authority = ref.authority;
    path = RemoveDotSegments(ref.path);
    has_query = ref.has_query;
    query = ref.query;
  } else {
    has_authority = base.has_authority;
    authority = base.authority;
    if (ref.path.empty()) {
      path = base.path;
      has_query = ref.has_query || base.has_query;
      query = ref.has_query ? ref.query : base.query;
    } else {
      if (ref.path.starts_with('/')) {
        path = RemoveDotSegments(ref.path);
      } else {
        std::string merged;
        if (base.has_authority && base.path.empty()) {
          merged = "/";
        } else {
          const auto slash = base.path.rfind('/');
          if (slash != std::string_view::npos) merged = base.path.substr(0, slash + 1);
        }
        merged += ref.path;
        path = RemoveDotSegments(merged);
      }
      has_query = ref.has_query;
      query = ref.query;
    }
  }

  std::string out(base.scheme);
  out += ':';
  if (has_authority) {
    out += "//";
    out += authority;
  }
  out += path;
  if (has_query) {
    out += '?';
    out += query;
  }
  if (ref.has_fragment) {
    out += '#';
    out += ref.fragment;
  }
  return out;
}

}  // namespace pw::crawler
