#include "crawler/article_extract.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <vector>

#include "crawler/feed_date.h"
#include "crawler/html_charset.h"
#include "crawler/html_dom.h"
#include "crawler/text_util.h"

namespace pw::crawler {
namespace {

using dom::Attr;
using dom::IsElement;
using Json = nlohmann::json;

// Words of class and id values split at white space, '-' and '_'.
std::set<std::string> ClassWords(const GumboNode* n) {
  std::set<std::string> words;
  std::string word;
  for (char c : dom::ClassAndId(n) + " ") {
    if (c == ' ' || c == '-' || c == '_' || c == '\t' || c == '\n') {
      if (!word.empty()) words.insert(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  return words;
}

bool HasAnyWord(const std::set<std::string>& words, std::initializer_list<const char*> wanted) {
  for (const char* w : wanted) {
    if (words.contains(w)) return true;
  }
  return false;
}

// Elements whose text is never part of the article body.
bool IsExcluded(const GumboNode* n) {
  switch (n->v.element.tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_FORM: case GUMBO_TAG_BUTTON: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SELECT:
      return true;
    default:
      break;
  }
  const std::string raw = dom::ClassAndId(n);
  if (raw.find("lien-quan") != std::string::npos || raw.find("lienquan") != std::string::npos) {
    return true;  // "tin liên quan": related articles
  }
  return HasAnyWord(ClassWords(n),
                    {"related", "relate", "comment", "comments", "share", "social", "caption",
                     "advert", "ads", "adv", "banner", "sidebar", "newsletter", "subscribe", "tags",
                     "breadcrumb", "nav", "menu", "footer", "popup", "modal", "cookie", "sharing"});
}

struct Meta {
  std::map<std::string, std::string> values;  // key: lower-cased property/name/itemprop
  std::string Get(const char* key) const {
    const auto it = values.find(key);
    return it == values.end() ? std::string() : it->second;
  }
};

Meta ReadMeta(const GumboNode* root, std::vector<std::string>& tags) {
  Meta meta;
  dom::ForEachElement(root, [&](const GumboNode* e) {
    if (e->v.element.tag != GUMBO_TAG_META) return true;
    const std::string content = dom::CleanText(Attr(e, "content"));
    if (content.empty()) return true;
    for (const char* attr : {"property", "name", "itemprop"}) {
      const std::string key = AsciiLower(TrimAscii(Attr(e, attr)));
      if (key.empty()) continue;
      if (key == "article:tag") tags.push_back(content);
      meta.values.emplace(key, content);  // the first one wins
    }
    return true;
  });
  return meta;
}

// The first element with `tag`, searched under `scope`.
const GumboNode* First(const GumboNode* scope, GumboTag tag) {
  const GumboNode* found = nullptr;
  dom::ForEachElement(scope, [&](const GumboNode* e) {
    if (found == nullptr && e->v.element.tag == tag) found = e;
    return found == nullptr;
  });
  return found;
}

// <article>, else <main>, else [itemprop=articleBody]'s owner, else null.
const GumboNode* ArticleScope(const GumboNode* root) {
  if (const auto* a = First(root, GUMBO_TAG_ARTICLE)) return a;
  if (const auto* m = First(root, GUMBO_TAG_MAIN)) return m;
  return nullptr;
}

// ---- JSON-LD ----

// The first object (depth-first, @graph and arrays included) whose `key` is set.
const Json* FindWithKey(const Json& j, const char* key, int depth = 0) {
  if (depth > 8) return nullptr;
  if (j.is_object()) {
    if (const auto it = j.find(key); it != j.end() && !it->is_null()) return &j;
    for (const auto& [k, v] : j.items()) {
      if (const Json* found = FindWithKey(v, key, depth + 1)) return found;
    }
  } else if (j.is_array()) {
    for (const auto& v : j) {
      if (const Json* found = FindWithKey(v, key, depth + 1)) return found;
    }
  }
  return nullptr;
}

std::string JsonText(const Json& j) {
  if (j.is_string()) return dom::CleanText(j.get<std::string>());
  if (j.is_object()) {
    if (const auto it = j.find("name"); it != j.end()) return JsonText(*it);
  }
  if (j.is_array() && !j.empty()) return JsonText(j.front());
  return {};
}

std::vector<Json> ReadJsonLd(const GumboNode* root) {
  std::vector<Json> docs;
  dom::ForEachElement(root, [&](const GumboNode* e) {
    if (e->v.element.tag != GUMBO_TAG_SCRIPT) return true;
    if (AsciiLower(TrimAscii(Attr(e, "type"))) != "application/ld+json") return false;
    std::string text;  // TextOf skips scripts: read the raw text children
    const GumboVector& children = e->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      const auto* c = static_cast<const GumboNode*>(children.data[i]);
      if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE) text += c->v.text.text;
    }
    Json doc = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_discarded()) docs.push_back(std::move(doc));
    return false;
  });
  return docs;
}

std::string JsonLdField(const std::vector<Json>& docs, const char* key) {
  for (const auto& doc : docs) {
    if (const Json* owner = FindWithKey(doc, key)) {
      if (auto text = JsonText((*owner)[key]); !text.empty()) return text;
    }
  }
  return {};
}

// ---- main text ----

bool IsParagraphLike(GumboTag tag) {
  return tag == GUMBO_TAG_P || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 || tag == GUMBO_TAG_H4 ||
         tag == GUMBO_TAG_BLOCKQUOTE;
}

// Paragraphs (and subheadings) under `node` outside excluded blocks, in order.
void CollectParagraphs(const GumboNode* node, std::vector<std::string>& out) {
  dom::ForEachElement(node, [&](const GumboNode* e) {
    if (e != node && IsExcluded(e)) return false;
    if (IsParagraphLike(e->v.element.tag)) {
      if (auto text = dom::CleanText(dom::TextOf(e)); !text.empty()) out.push_back(std::move(text));
      return false;
    }
    return true;
  });
}

// The element holding the largest block of <p> text (see the header).
const GumboNode* BestTextBlock(const GumboNode* root) {
  std::map<const GumboNode*, double> score;
  dom::ForEachElement(root, [&](const GumboNode* e) {
    if (IsExcluded(e)) return false;
    if (e->v.element.tag != GUMBO_TAG_P) return true;
    const auto length = static_cast<double>(dom::CleanText(dom::TextOf(e)).size());
    if (length == 0) return false;
    const GumboNode* parent = e->parent;
    if (IsElement(parent)) {
      score[parent] += length;
      if (IsElement(parent->parent)) score[parent->parent] += length / 2;
    }
    return false;
  });
  const GumboNode* best = nullptr;
  double best_score = 0;
  // std::map order is by address; ties go to the first in document order by
  // walking the tree once more.
  dom::ForEachElement(root, [&](const GumboNode* e) {
    const auto it = score.find(e);
    if (it != score.end() && it->second > best_score) {
      best = e;
      best_score = it->second;
    }
    return true;
  });
  return best;
}

// ---- dates ----

std::optional<UnixTime> DateFromMeta(const Meta& meta) {
  for (const char* key : {"article:published_time", "datepublished", "og:published_time",
                          "pubdate", "publishdate", "publish-date", "dc.date.issued", "dc.date",
                          "date"}) {
    const std::string value = meta.Get(key);
    if (value.empty()) continue;
    if (auto t = ParseFeedDate(value)) return t;
  }
  return std::nullopt;
}

std::optional<UnixTime> DateFromTimeElement(const GumboNode* scope) {
  std::optional<UnixTime> found;
  dom::ForEachElement(scope, [&](const GumboNode* e) {
    if (found) return false;
    if (e->v.element.tag == GUMBO_TAG_TIME) {
      const auto datetime = TrimAscii(Attr(e, "datetime"));
      found = !datetime.empty() ? ParseFeedDate(datetime)
                                : FindVietnameseDate(dom::CleanText(dom::TextOf(e)));
    }
    return !found;
  });
  return found;
}

// Vietnamese date text: in elements whose class names a date first, then in
// the whole scope.
std::optional<UnixTime> DateFromText(const GumboNode* scope) {
  std::optional<UnixTime> found;
  dom::ForEachElement(scope, [&](const GumboNode* e) {
    if (found) return false;
    if (IsExcluded(e) && e != scope) return false;
    if (HasAnyWord(ClassWords(e), {"date", "time", "datetime", "publish", "published", "posted",
                                   "ngay", "thoigian", "meta"})) {
      found = FindVietnameseDate(dom::CleanText(dom::TextOf(e)));
    }
    return !found;
  });
  if (!found) found = FindVietnameseDate(dom::CleanText(dom::TextOf(scope)).substr(0, 20000));
  return found;
}

std::string AuthorFromClass(const GumboNode* scope) {
  std::string found;
  dom::ForEachElement(scope, [&](const GumboNode* e) {
    if (!found.empty()) return false;
    if (HasAnyWord(ClassWords(e), {"author", "byline", "tacgia"}) ||
        AsciiLower(Attr(e, "rel")) == "author" || AsciiLower(Attr(e, "itemprop")) == "author") {
      std::string text = dom::CleanText(dom::TextOf(e));
      if (!text.empty() && text.size() <= 80) found = std::move(text);
    }
    return found.empty();
  });
  return found;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

}  // namespace

std::optional<UnixTime> FindVietnameseDate(std::string_view text) {
  // Weekday ("Thứ Hai", "Chủ nhật"), time before ("08:15 ngày"), the date,
  // time after ("- 08:15", ", 08:15"), zone ("(GMT+7)").
  static const std::regex kDate(
      "(?:(?:Th\xE1\xBB\xA9|th\xE1\xBB\xA9|Ch\xE1\xBB\xA7|ch\xE1\xBB\xA7)\\s+[^\\s,0-9]+\\s*,?\\s*)?"
      "(?:\\d{1,2}[:hH]\\d{2}\\s*,?\\s*(?:ng\xC3\xA0y\\s*)?)?"
      "\\d{1,2}[/-]\\d{1,2}[/-]\\d{4}"
      "(?:\\s*[-,|\xE2\x80\x93]?\\s*(?:l\xC3\xBA" "c\\s*)?\\d{1,2}[:hH]\\d{2}(?::\\d{2})?)?"
      "(?:\\s*\\(?\\s*(?:GMT|UTC)\\s*[+-]\\s*\\d{1,2}(?::?\\d{2})?\\s*\\)?)?");
  static const std::regex kDateOnly("\\d{1,2}[/-]\\d{1,2}[/-]\\d{4}");
  const std::string s(text);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), kDate); it != std::sregex_iterator(); ++it) {
    const auto pos = static_cast<std::size_t>(it->position());
    if (pos > 0 && s[pos - 1] >= '0' && s[pos - 1] <= '9') continue;  // part of a longer number
    const std::string span = it->str();
    if (auto t = ParseVietnameseDate(span)) return t;
    std::smatch date;
    if (std::regex_search(span, date, kDateOnly)) {
      if (auto t = ParseVietnameseDate(date.str())) return t;
    }
  }
  return std::nullopt;
}

ExtractedArticle ExtractArticle(std::string_view html, std::string_view url) {
  ExtractedArticle out;
  out.language = HtmlLanguage(html, {});
  dom::HtmlDocument doc(html);
  const GumboNode* root = doc.root();
  std::vector<std::string> tags;
  const Meta meta = ReadMeta(root, tags);
  const std::vector<Json> json_ld = ReadJsonLd(root);
  const GumboNode* scope = ArticleScope(root);
  FeedItem& item = out.item;
  item.link = std::string(url);

  item.title = meta.Get("og:title");
  if (item.title.empty()) {
    const GumboNode* h1 = scope != nullptr ? First(scope, GUMBO_TAG_H1) : nullptr;
    if (h1 == nullptr) h1 = First(root, GUMBO_TAG_H1);
    if (h1 != nullptr) item.title = dom::CleanText(dom::TextOf(h1));
  }
  if (item.title.empty()) {
    if (const GumboNode* t = First(root, GUMBO_TAG_TITLE)) item.title = dom::CleanText(dom::TextOf(t));
  }

  const GumboNode* block = BestTextBlock(root);
  const GumboNode* date_scope = scope != nullptr ? scope : root;
  item.published = DateFromMeta(meta);
  if (!item.published) item.published = DateFromTimeElement(date_scope);
  if (!item.published && scope != nullptr) item.published = DateFromTimeElement(root);
  if (!item.published) {
    if (auto text = JsonLdField(json_ld, "datePublished"); !text.empty()) {
      item.published = ParseFeedDate(text);
    }
  }
  if (!item.published) item.published = DateFromText(date_scope);
  for (const char* key : {"article:modified_time", "datemodified", "og:updated_time"}) {
    if (item.updated) break;
    if (auto value = meta.Get(key); !value.empty()) item.updated = ParseFeedDate(value);
  }
  if (!item.updated) {
    if (auto text = JsonLdField(json_ld, "dateModified"); !text.empty()) item.updated = ParseFeedDate(text);
  }

  item.author = meta.Get("author");
  if (item.author.empty()) {
    if (auto a = meta.Get("article:author"); !a.starts_with("http")) item.author = a;
  }
  if (item.author.empty()) item.author = JsonLdField(json_ld, "author");
  if (item.author.empty()) item.author = AuthorFromClass(date_scope);

  std::vector<std::string> paragraphs;
  if (block != nullptr) {
    CollectParagraphs(block, paragraphs);
  } else if (const GumboNode* body = scope != nullptr ? scope : First(root, GUMBO_TAG_BODY)) {
    if (auto text = dom::CleanText(dom::TextOf(body)); !text.empty()) paragraphs.push_back(text);
  }
  item.content = Join(paragraphs, "\n\n");
  item.summary = Join(paragraphs, " ");

  if (auto section = meta.Get("article:section"); !section.empty()) item.categories.push_back(section);
  for (auto& tag : tags) {
    if (std::find(item.categories.begin(), item.categories.end(), tag) == item.categories.end()) {
      item.categories.push_back(std::move(tag));
    }
  }
  return out;
}

}  // namespace pw::crawler
