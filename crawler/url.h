#pragma once
/// URL reference resolution (RFC 3986 section 5), for relative links in feeds.
/// Pure string work: no normalisation beyond what the RFC prescribes, no I/O.
#include <string>
#include <string_view>

namespace pw::crawler {

/// `ref` resolved against `base` ("../a.html" against "http://x.vn/b/c/" is
/// "http://x.vn/b/a.html"). Surrounding whitespace of both is ignored. An
/// absolute `ref` is returned as is; when `base` is empty or not absolute,
/// `ref` is returned unchanged, as nothing better is known.
std::string ResolveUrl(std::string_view base, std::string_view ref);

/// True when `url` starts with a scheme ("http:", "file:"...).
bool HasScheme(std::string_view url);

}  // namespace pw::crawler
