#include "crawler/json_feed.h"

#include <nlohmann/json.hpp>

#include <string>

#include "crawler/feed_date.h"
#include "crawler/html_text.h"
#include "crawler/text_util.h"
#include "crawler/url.h"

namespace pw::crawler {
namespace {

using Json = nlohmann::json;

std::string_view StringAt(const Json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get_ref<const std::string&>();
}

std::string Plain(std::string_view text) { return FinishText(CollapseWhitespace(text)); }

std::string Url(std::string_view base_url, std::string_view ref) {
  const auto trimmed = TrimAscii(ref);
  if (trimmed.empty()) return {};
  return FinishText(ResolveUrl(base_url, trimmed));
}

// 1.1 has "authors" (an array); 1.0 had "author" (an object).
std::string AuthorOf(const Json& object) {
  if (!object.is_object()) return {};
  if (const auto it = object.find("authors"); it != object.end() && it->is_array()) {
    for (const auto& a : *it) {
      if (auto name = Plain(StringAt(a, "name")); !name.empty()) return name;
    }
  }
  if (const auto it = object.find("author"); it != object.end()) return Plain(StringAt(*it, "name"));
  return {};
}

std::optional<UnixTime> DateOf(const Json& object, const char* key) {
  const auto text = StringAt(object, key);
  if (text.empty()) return std::nullopt;
  return ParseFeedDate(text);
}

FeedItem ParseItem(const Json& j, const std::string& feed_author, std::string_view base_url) {
  FeedItem out;
  if (const auto it = j.find("id"); it != j.end()) {
    // Spec: a string, but 1.0 feeds often wrote numbers.
    if (it->is_string()) out.guid = Plain(it->get_ref<const std::string&>());
    if (it->is_number_integer()) out.guid = std::to_string(it->get<long long>());
  }
  out.link = Url(base_url, StringAt(j, "url"));
  if (out.link.empty()) out.link = Url(base_url, StringAt(j, "external_url"));
  out.title = FinishText(HtmlToText(StringAt(j, "title")));
  const auto html = StringAt(j, "content_html");
  const auto text = StringAt(j, "content_text");
  out.content = FinishText(TrimAscii(html.empty() ? text : html));
  out.summary = Plain(StringAt(j, "summary"));
  if (out.summary.empty()) out.summary = html.empty() ? Plain(text) : FinishText(HtmlToText(html));
  out.author = AuthorOf(j);
  if (out.author.empty()) out.author = feed_author;
  out.published = DateOf(j, "date_published");
  out.updated = DateOf(j, "date_modified");
  if (!out.published) out.published = out.updated;
  if (const auto it = j.find("tags"); it != j.end() && it->is_array()) {
    for (const auto& tag : *it) {
      if (!tag.is_string()) continue;
      std::string name = Plain(tag.get_ref<const std::string&>());
      if (!name.empty()) out.categories.push_back(std::move(name));
    }
  }
  return out;
}

}  // namespace

Result<Feed> ParseJsonFeed(std::string_view json, std::string_view base_url) {
  const Json doc = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Error{"not JSON: the document starts with '{' but does not parse"};
  if (!doc.is_object()) return Error{"not a feed: JSON that is not an object"};
  const auto version = StringAt(doc, "version");
  if (!version.starts_with("https://jsonfeed.org/version/") &&
      !version.starts_with("http://jsonfeed.org/version/")) {
    return Error{"not a feed: JSON without a jsonfeed.org version"};
  }
  Feed feed;
  feed.format = "json1";
  feed.title = Plain(StringAt(doc, "title"));
  feed.link = Url(base_url, StringAt(doc, "home_page_url"));
  feed.description = Plain(StringAt(doc, "description"));
  feed.language = Plain(StringAt(doc, "language"));
  const std::string feed_author = AuthorOf(doc);
  if (const auto it = doc.find("items"); it != doc.end() && it->is_array()) {
    for (const auto& item : *it) {
      if (item.is_object()) feed.items.push_back(ParseItem(item, feed_author, base_url));
    }
  }
  return feed;
}

}  // namespace pw::crawler
