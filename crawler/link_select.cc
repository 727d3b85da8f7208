#include "crawler/link_select.h"

#include <set>

#include "crawler/html_dom.h"
#include "crawler/text_util.h"
#include "crawler/url.h"

namespace pw::crawler {
namespace {

using dom::Attr;
using dom::IsElement;

// ---- selector parsing ----

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

// Splits on commas outside brackets and quotes.
std::vector<std::string> SplitGroups(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  int depth = 0;
  char quote = 0;
  for (char c : text) {
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[') {
      ++depth;
    } else if (c == ']') {
      --depth;
    } else if (c == ',' && depth == 0) {
      out.push_back(std::move(current));
      current.clear();
      continue;
    }
    current += c;
  }
  out.push_back(std::move(current));
  return out;
}

class SelectorParser {
 public:
  explicit SelectorParser(std::string_view text) : s_(text) {}

  Result<std::vector<SelectorList::Compound>> Parse() {
    std::vector<SelectorList::Compound> compounds;
    bool child = false;
    SkipSpace();
    while (i_ < s_.size()) {
      if (s_[i_] == '>') {
        if (compounds.empty() || child) return Fail("'>' without an element before it");
        child = true;
        ++i_;
        SkipSpace();
        continue;
      }
      auto compound = ParseCompound();
      if (!compound) return compound.error();
      compound->child_of_previous = child;
      child = false;
      compounds.push_back(std::move(*compound));
      SkipSpace();
    }
    if (compounds.empty()) return Fail("empty selector");
    if (child) return Fail("'>' without an element after it");
    return compounds;
  }

 private:
  Error Fail(std::string_view what) const {
    return Error{"\"" + std::string(TrimAscii(s_)) + "\": " + std::string(what)};
  }
  void SkipSpace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  std::string Name() {
    const std::size_t start = i_;
    while (i_ < s_.size() && IsNameChar(s_[i_])) ++i_;
    return std::string(s_.substr(start, i_ - start));
  }

  Result<SelectorList::Compound> ParseCompound() {
    SelectorList::Compound c;
    bool any = false;
    if (i_ < s_.size() && s_[i_] == '*') {
      ++i_;
      any = true;
    } else if (i_ < s_.size() && IsNameChar(s_[i_])) {
      c.tag = AsciiLower(Name());
      any = true;
    }
    while (i_ < s_.size()) {
      const char ch = s_[i_];
      if (ch == '.' || ch == '#') {
        ++i_;
        std::string name = Name();
        if (name.empty()) return Fail(std::string("a name must follow '") + ch + "'");
        if (ch == '.') c.classes.push_back(std::move(name));
        else c.id = std::move(name);
      } else if (ch == '[') {
        ++i_;
        SkipSpace();
        std::string name = AsciiLower(Name());
        if (name.empty()) return Fail("an attribute name must follow '['");
        SkipSpace();
        std::optional<std::string> value;
        if (i_ < s_.size() && s_[i_] == '=') {
          ++i_;
          SkipSpace();
          if (i_ < s_.size() && (s_[i_] == '"' || s_[i_] == '\'')) {
            const char quote = s_[i_++];
            const auto end = s_.find(quote, i_);
            if (end == std::string_view::npos) return Fail("unclosed quote");
            value = std::string(s_.substr(i_, end - i_));
            i_ = end + 1;
          } else {
            value = Name();
          }
          SkipSpace();
        }
        if (i_ >= s_.size() || s_[i_] != ']') return Fail("unclosed '['");
        ++i_;
        c.attrs.emplace_back(std::move(name), std::move(value));
      } else {
        break;
      }
      any = true;
    }
    if (!any) return Fail(std::string("unexpected '") + s_[i_] + "'");
    if (i_ < s_.size() && !(s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r' ||
                            s_[i_] == '>')) {
      return Fail(std::string("unexpected '") + s_[i_] + "'");
    }
    return c;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

// ---- selector matching ----

bool MatchesCompound(const SelectorList::Compound& c, const GumboNode* n) {
  if (!IsElement(n)) return false;
  if (!c.tag.empty() && dom::TagName(n) != c.tag) return false;
  if (!c.id.empty() && Attr(n, "id") != c.id) return false;
  for (const auto& cls : c.classes) {
    if (!dom::HasClass(n, cls)) return false;
  }
  for (const auto& [name, value] : c.attrs) {
    if (!dom::HasAttr(n, name.c_str())) return false;
    if (value && Attr(n, name.c_str()) != *value) return false;
  }
  return true;
}

// Does compounds[0..k] match with compounds[k] on `n`?
bool MatchesAt(const std::vector<SelectorList::Compound>& compounds, std::size_t k,
               const GumboNode* n) {
  if (!MatchesCompound(compounds[k], n)) return false;
  if (k == 0) return true;
  if (compounds[k].child_of_previous) return MatchesAt(compounds, k - 1, n->parent);
  for (const GumboNode* up = n->parent; IsElement(up); up = up->parent) {
    if (MatchesAt(compounds, k - 1, up)) return true;
  }
  return false;
}

bool Matches(const SelectorList& list, const GumboNode* n) {
  for (const auto& compounds : list.selectors) {
    if (MatchesAt(compounds, compounds.size() - 1, n)) return true;
  }
  return false;
}

// ---- links ----

bool IsLink(const GumboNode* n) {
  return IsElement(n) && n->v.element.tag == GUMBO_TAG_A && !TrimAscii(Attr(n, "href")).empty();
}

const GumboNode* LinkOf(const GumboNode* n) {
  if (IsLink(n)) return n;
  const GumboNode* found = nullptr;
  dom::ForEachElement(n, [&](const GumboNode* e) {
    if (found != nullptr) return false;
    if (IsLink(e)) found = e;
    return found == nullptr;
  });
  if (found != nullptr) return found;
  for (const GumboNode* up = n->parent; IsElement(up); up = up->parent) {
    if (IsLink(up)) return up;
  }
  return nullptr;
}

// The page's base for relative links: its first <base href>, else the page URL.
std::string BaseOf(const GumboNode* root, std::string_view page_url) {
  std::string base(page_url);
  bool found = false;
  dom::ForEachElement(root, [&](const GumboNode* e) {
    if (found) return false;
    if (e->v.element.tag == GUMBO_TAG_BASE && dom::HasAttr(e, "href")) {
      base = ResolveUrl(page_url, TrimAscii(Attr(e, "href")));
      found = true;
    }
    return !found;
  });
  return base;
}

// Absolute http(s) URL without its fragment, or "".
std::string AbsoluteLink(std::string_view base, std::string_view href) {
  std::string url = ResolveUrl(base, TrimAscii(href));
  if (const auto hash = url.find('#'); hash != std::string::npos) url.erase(hash);
  const std::string head = AsciiLower(std::string_view(url).substr(0, 8));
  if (!head.starts_with("http://") && !head.starts_with("https://")) return {};
  return url;
}

// Host of an absolute URL, lower-case, without port, user or a leading "www.".
std::string HostOf(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  auto host = url.substr(scheme + 3);
  host = host.substr(0, host.find_first_of("/?#"));
  if (const auto at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
  if (!host.starts_with('[')) host = host.substr(0, host.find(':'));
  std::string out = AsciiLower(host);
  if (out.starts_with("www.")) out.erase(0, 4);
  return out;
}

// Words of class and id values split at white space, '-' and '_'.
std::vector<std::string> ClassWords(const GumboNode* n) {
  std::vector<std::string> words;
  std::string word;
  for (char c : dom::ClassAndId(n) + " ") {
    if (c == ' ' || c == '-' || c == '_' || c == '\t' || c == '\n') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  return words;
}

// Regions whose links are navigation rather than articles.
bool InBoilerplate(const GumboNode* link) {
  static const std::set<std::string> kWords = {
      "nav",    "navbar",  "navigation", "menu",     "megamenu", "footer",  "breadcrumb",
      "breadcrumbs", "pagination", "paging", "pager", "login", "signin", "register",
      "tags",   "tag",     "keywords",   "category", "categories", "social", "share"};
  bool in_article = false;
  for (const GumboNode* up = link->parent; IsElement(up); up = up->parent) {
    if (up->v.element.tag == GUMBO_TAG_ARTICLE) in_article = true;
  }
  for (const GumboNode* up = link; IsElement(up); up = up->parent) {
    const GumboTag tag = up->v.element.tag;
    if (tag == GUMBO_TAG_NAV || tag == GUMBO_TAG_FOOTER || tag == GUMBO_TAG_FORM) return true;
    if (tag == GUMBO_TAG_HEADER && !in_article) return true;
    for (const auto& w : ClassWords(up)) {
      if (kWords.contains(w)) return true;
    }
    if (up->v.element.tag == GUMBO_TAG_BODY) break;
  }
  return false;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

Result<SelectorList> ParseSelectors(const std::vector<std::string>& selectors) {
  SelectorList list;
  for (const auto& text : selectors) {
    for (const auto& group : SplitGroups(text)) {
      auto compounds = SelectorParser(group).Parse();
      if (!compounds) return compounds.error();
      list.selectors.push_back(std::move(*compounds));
    }
  }
  return list;
}

std::vector<std::string> SelectLinks(std::string_view html, std::string_view page_url,
                                     const SelectorList& selectors) {
  dom::HtmlDocument doc(html);
  const std::string base = BaseOf(doc.root(), page_url);
  std::vector<std::string> out;
  std::set<std::string> seen;
  dom::ForEachElement(doc.root(), [&](const GumboNode* e) {
    if (!Matches(selectors, e)) return true;
    if (const GumboNode* link = LinkOf(e)) {
      std::string url = AbsoluteLink(base, Attr(link, "href"));
      if (!url.empty() && seen.insert(url).second) out.push_back(std::move(url));
    }
    return true;
  });
  return out;
}

bool LooksLikeArticleUrl(std::string_view url) {
  static const std::set<std::string> kNotArticles = {
      "tag",     "tags",      "topic",    "topics",   "category", "categories", "chuyen-muc",
      "page",    "trang",     "search",   "tim-kiem", "login",    "dang-nhap",  "register",
      "dang-ky", "lien-he",   "contact",  "about",    "gioi-thieu", "author",   "tac-gia",
      "rss",     "feed",      "video-tag", "account", "user"};
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return false;
  const auto path_start = url.find('/', scheme + 3);
  if (path_start == std::string_view::npos) return false;
  std::string_view path = url.substr(path_start);
  std::string_view query;
  if (const auto q = path.find('?'); q != std::string_view::npos) {
    query = path.substr(q + 1);
    path = path.substr(0, q);
  }
  std::vector<std::string> segments;
  for (std::size_t pos = 1; pos <= path.size();) {
    auto end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    if (end > pos) segments.push_back(AsciiLower(path.substr(pos, end - pos)));
    pos = end + 1;
  }
  if (segments.empty()) return false;
  for (const auto& s : segments) {
    if (kNotArticles.contains(s)) return false;
  }
  std::string last = segments.back();
  std::string ext;
  if (const auto dot = last.rfind('.'); dot != std::string::npos) {
    ext = last.substr(dot);
    last.resize(dot);
  }
  const bool page_ext = ext == ".html" || ext == ".htm" || ext == ".shtml" || ext == ".aspx" ||
                        ext == ".php";
  if (!ext.empty() && !page_ext) return false;  // images, documents, feeds
  std::size_t hyphens = 0;
  bool digits = false;
  for (char c : last) {
    hyphens += c == '-' ? 1 : 0;
    digits = digits || (c >= '0' && c <= '9');
  }
  if (hyphens >= 3 && (digits || page_ext)) return true;
  // WordPress-style /2025/11/24/slug-of-the-title/
  if (hyphens >= 3 && segments.size() >= 3 && AllDigits(segments[0]) && segments[0].size() == 4 &&
      AllDigits(segments[1])) {
    return true;
  }
  // Portals: /Pages/tin-tuc.aspx?ItemID=12345, /news?id=4988123
  for (std::size_t pos = 0; pos < query.size();) {
    auto end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    const auto pair = query.substr(pos, end - pos);
    if (const auto eq = pair.find('='); eq != std::string_view::npos) {
      const std::string key = AsciiLower(pair.substr(0, eq));
      if (key.ends_with("id") && AllDigits(pair.substr(eq + 1)) && eq + 4 <= pair.size()) return true;
    }
    pos = end + 1;
  }
  return false;
}

std::vector<std::string> FindArticleLinks(std::string_view html, std::string_view page_url) {
  dom::HtmlDocument doc(html);
  const std::string base = BaseOf(doc.root(), page_url);
  const std::string host = HostOf(page_url);
  std::vector<std::string> out;
  std::set<std::string> seen;
  dom::ForEachElement(doc.root(), [&](const GumboNode* e) {
    if (!IsLink(e)) return true;
    std::string url = AbsoluteLink(base, Attr(e, "href"));
    if (url.empty() || HostOf(url) != host || seen.contains(url)) return true;
    if (!LooksLikeArticleUrl(url) || InBoilerplate(e)) return true;
    seen.insert(url);
    out.push_back(std::move(url));
    return true;
  });
  return out;
}

}  // namespace pw::crawler
