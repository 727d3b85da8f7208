#include "crawler/feed_discovery.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <gumbo.h>

#include "crawler/url.h"

namespace pw::crawler {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Whitespace runs become one space; leading and trailing ones go.
std::string Collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string_view AttrOf(const GumboElement& el, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&el.attributes, name);
  return a != nullptr && a->value != nullptr ? std::string_view(a->value) : std::string_view();
}

// rel is a space-separated token list ("alternate", "Alternate feed").
bool HasRelToken(std::string_view rel, std::string_view token) {
  const std::string lower = Collapse(Lower(rel));
  std::size_t pos = 0;
  while (pos <= lower.size()) {
    std::size_t end = lower.find(' ', pos);
    if (end == std::string::npos) end = lower.size();
    if (std::string_view(lower).substr(pos, end - pos) == token) return true;
    pos = end + 1;
  }
  return false;
}

// "rss", "atom", or "" for any other MIME type (parameters such as
// "; charset=utf-8" ignored).
std::string FeedKind(std::string_view type) {
  std::string t = Lower(type);
  if (auto semi = t.find(';'); semi != std::string::npos) t.resize(semi);
  t = Collapse(t);
  if (t == "application/rss+xml") return "rss";
  if (t == "application/atom+xml") return "atom";
  return {};
}

struct Walker {
  std::vector<const GumboElement*> links;
  std::string base_href;
  bool have_base = false;

  void Visit(const GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return;
    const GumboElement& el = node->v.element;
    if (el.tag == GUMBO_TAG_BASE && !have_base) {
      const GumboAttribute* href = gumbo_get_attribute(&el.attributes, "href");
      if (href != nullptr) {
        base_href = href->value;
        have_base = true;
      }
    } else if (el.tag == GUMBO_TAG_LINK) {
      links.push_back(&el);
    }
    for (unsigned i = 0; i < el.children.length; ++i) {
      Visit(static_cast<const GumboNode*>(el.children.data[i]));
    }
  }
};

}  // namespace

std::vector<DiscoveredFeed> DiscoverFeeds(std::string_view html, std::string_view page_url) {
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  Walker walker;
  walker.Visit(output->root);
  const std::string base =
      walker.have_base ? ResolveUrl(page_url, walker.base_href) : std::string(page_url);

  std::vector<DiscoveredFeed> feeds;
  std::set<std::string> seen;
  for (const GumboElement* el : walker.links) {
    if (!HasRelToken(AttrOf(*el, "rel"), "alternate")) continue;
    std::string kind = FeedKind(AttrOf(*el, "type"));
    if (kind.empty()) continue;
    const std::string href = Collapse(AttrOf(*el, "href"));
    if (href.empty()) continue;
    std::string url = ResolveUrl(base, href);
    if (!seen.insert(url).second) continue;
    feeds.push_back({std::move(url), Collapse(AttrOf(*el, "title")), std::move(kind)});
  }
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  return feeds;
}

bool LooksLikeHtml(std::string_view body, std::string_view content_type) {
  std::string type = Lower(content_type);
  if (auto semi = type.find(';'); semi != std::string::npos) type.resize(semi);
  type = Collapse(type);
  if (type == "text/html" || type == "application/xhtml+xml") return true;
  if (type.find("xml") != std::string::npos || type.find("json") != std::string::npos) return false;
  const std::string head = Lower(body.substr(0, 1024));
  return head.find("<!doctype html") != std::string::npos || head.find("<html") != std::string::npos;
}

}  // namespace pw::crawler
