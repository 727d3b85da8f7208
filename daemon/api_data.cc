// The API's read routes over the store (items, clusters, sources), the
// agencies' names, the rule tester, and the service routes (static files,
// OpenAPI, health, metrics).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <ctime>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "analysis/scorer.h"
#include "config/bundled.h"
#include "config/config.h"
#include "crawler/article_extract.h"
#include "daemon/api.h"
#include "daemon/clusters_command.h"
#include "daemon/explain_command.h"
#include "daemon/fetch_once.h"
#include "daemon/json_fields.h"
#include "daemon/sources_command.h"
#include "daemon/web/embedded.h"
#include "workflow/case_state.h"
#include "workflow/case_store.h"
#include "workflow/transition.h"

namespace pw::daemon {
namespace {

using nlohmann::json;
namespace wf = workflow;

UnixTime Now() { return static_cast<UnixTime>(std::time(nullptr)); }

/// Items, clusters, sources and the rule tester: monitor, leader, admin.
bool MaySeeData(const Principal& p) { return p.role == "monitor" || p.role == "leader" || p.role == "admin"; }

HttpResponse Forbidden() {
  return ErrorResponse(403, "forbidden", "vai trò của bạn không được xem mục này / your role may not see this");
}
HttpResponse NotFound() { return ErrorResponse(404, "not-found", "không tìm thấy / not found"); }
HttpResponse StoreError(const Error& e) { return ErrorResponse(500, "store", e.message); }

wf::Actor ActorOf(const Principal& p) {
  return {p.name, wf::ParseRole(p.role).value_or(wf::Role::kMonitor), p.agency, p.cleared};
}

/// What the user may not learn of: the clusters and items of every case
/// they may not see (state secrets, another agency's case).
struct Hidden {
  std::set<std::string> clusters, items;
  bool Hides(const pw::Item& i) const {
    return items.count(i.key) > 0 || (!i.cluster_id.empty() && clusters.count(i.cluster_id) > 0);
  }
};

Result<Hidden> HiddenFor(storage::Store& store, const Principal& p) {
  wf::CaseStore cases(store);
  auto all = cases.List();
  if (!all) return all.error();
  const wf::Actor actor = ActorOf(p);
  Hidden h;
  for (const auto& c : *all) {
    if (wf::CanSee(actor, c)) continue;
    h.clusters.insert(c.cluster_id);
    h.items.insert(c.item_keys.begin(), c.item_keys.end());
  }
  return h;
}

json ApiItemJson(const pw::Item& i) {
  json topics = json::array();
  for (const auto& t : i.score.topics) topics.push_back(t.rule);
  return {{"key", i.key},
          {"source", i.source_id},
          {"title", i.entry.title},
          {"link", i.entry.link},
          {"summary", i.entry.summary},
          {"published", DateJson(i.entry.published)},
          {"fetched", DateJson(i.fetched_at)},
          {"score", i.score.value},
          {"candidate", i.score.candidate},
          {"topics", topics},
          {"cluster_id", i.cluster_id.empty() ? json(nullptr) : json(i.cluster_id)},
          {"refutation", i.score.refutation},
          {"matches", MatchesJson(i.score.matches)}};
}

/// The explanation `provwatch explain` gives, as JSON: verdict, points,
/// topics, the fields with their matches marked «[...]», and the text.
json ExplainJson(const std::string& id, const std::vector<std::pair<std::string, std::string>>& fields,
                 const pw::Score& s, const config::Profile& profile) {
  json marked = json::object();
  for (const auto& [name, text] : fields) marked[name] = MarkMatches(text, name, s.matches);
  json topics = json::array();
  for (const auto& t : s.topics) {
    topics.push_back({{"rule", t.rule}, {"label", t.label}, {"weight", t.weight}, {"agency", t.agency},
                      {"refutation", t.refutation}});
  }
  return {{"id", id},
          {"profile", profile.id},
          {"verdict",
           {{"candidate", s.candidate}, {"mentions_province", s.mentions_province}, {"score", s.value},
            {"threshold", profile.threshold}, {"refutation", s.refutation}, {"relevance", s.relevance}}},
          {"points", MatchesJson(s.matches)},
          {"topics", topics},
          {"marked", marked},
          {"text_vi", ExplainScore(id, fields, s, profile, Lang::kVi)},
          {"text_en", ExplainScore(id, fields, s, profile, Lang::kEn)}};
}

/// "2026-11-20", "2026-11-20T08:00:00Z" or a duration back from now ("7d").
std::optional<UnixTime> ParseWhen(const std::string& text, UnixTime now) {
  if (auto d = config::ParseDuration(text); d) return now - d->count();
  std::tm tm{};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  const int n = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s);
  if (n != 3 && n != 6) return std::nullopt;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<UnixTime>(timegm(&tm));
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Param(const HttpRequest& r, const char* name) {
  const auto it = r.query.find(name);
  return it == r.query.end() ? std::string() : it->second;
}

/// GET /api/items's query string, checked.
struct ItemQuery {
  bool candidates = false;
  std::optional<UnixTime> since, until;
  std::size_t limit = 50;
  std::string cursor, profile, topic, source, q;  // q lower-cased
};

/// Fills `query` from the request; a 400 response when a value is malformed.
std::optional<HttpResponse> ParseItemQuery(const HttpRequest& r, UnixTime now, ItemQuery& query) {
  query.candidates = Param(r, "candidate") == "1" || Param(r, "candidate") == "true";
  for (auto [name, slot] : {std::pair{"since", &query.since}, std::pair{"until", &query.until}}) {
    const std::string text = Param(r, name);
    if (text.empty()) continue;
    *slot = ParseWhen(text, now);
    if (!*slot) {
      return ErrorResponse(400, "bad-time", std::string(name) + ": cần ISO 8601 hoặc khoảng như 7d / expected ISO 8601 or a duration like 7d");
    }
  }
  try {
    if (!Param(r, "limit").empty()) query.limit = std::clamp<std::size_t>(std::stoul(Param(r, "limit")), 1, 500);
  } catch (const std::exception&) {
    return ErrorResponse(400, "bad-number", "limit không hợp lệ / limit must be a number");
  }
  query.cursor = Param(r, "cursor");
  query.profile = Param(r, "profile");
  query.topic = Param(r, "topic");
  query.source = Param(r, "source");
  query.q = Lower(Param(r, "q"));
  return std::nullopt;
}

HttpResponse BadCursor() {
  return ErrorResponse(400, "bad-cursor", "cursor không hợp lệ / cursor is not a \"next\" of this listing");
}

/// The per-item filters of GET /api/items: hidden cases, topic, source, text.
/// (Time bounds and, for all items, the source are applied by the index.)
bool Keeps(const ItemQuery& query, const Hidden& hidden, const pw::Item& i) {
  if (hidden.Hides(i)) return false;
  if (!query.source.empty() && i.source_id != query.source) return false;
  if (!query.topic.empty() &&
      std::none_of(i.score.topics.begin(), i.score.topics.end(),
                   [&](const Topic& t) { return t.rule == query.topic || t.label == query.topic; })) {
    return false;
  }
  return query.q.empty() || Lower(i.entry.title).find(query.q) != std::string::npos ||
         Lower(i.entry.summary).find(query.q) != std::string::npos;
}

/// Candidates (a small family, read whole) ranked by score, then newest.
/// The cursor here is an offset into that ranking: a candidate added between
/// two requests may shift the pages by one.
HttpResponse CandidatePage(storage::Store& store, const ItemQuery& query, const Hidden& hidden) {
  std::size_t offset = 0;
  if (!query.cursor.empty()) {
    if (query.cursor.find_first_not_of("0123456789") != std::string::npos || query.cursor.size() > 9) {
      return BadCursor();
    }
    offset = std::stoul(query.cursor);
  }
  auto items = store.Items(true);
  if (!items) return StoreError(items.error());
  std::vector<const pw::Item*> kept;
  for (const pw::Item& i : *items) {
    const UnixTime when = i.entry.published.value_or(i.fetched_at);
    if ((query.since && when < *query.since) || (query.until && when >= *query.until)) continue;
    if (Keeps(query, hidden, i)) kept.push_back(&i);
  }
  std::stable_sort(kept.begin(), kept.end(), [](const pw::Item* a, const pw::Item* b) {
    if (a->score.value != b->score.value) return a->score.value > b->score.value;
    return a->entry.published.value_or(a->fetched_at) > b->entry.published.value_or(b->fetched_at);
  });
  json out = json::array();
  for (std::size_t i = offset; i < kept.size() && out.size() < query.limit; ++i) out.push_back(ApiItemJson(*kept[i]));
  const bool more = offset + query.limit < kept.size();
  return JsonResponse(200, {{"items", out}, {"next", more ? json(std::to_string(offset + query.limit)) : json(nullptr)}});
}

/// Index entries one request reads at most: a filter that matches little
/// answers a short page (maybe empty) with a `next` rather than reading the
/// whole store in one request.
constexpr std::size_t kMaxIndexReadPerPage = 20'000;

/// Lower-case hex of bytes; the inverse answers nullopt for anything else.
std::string HexOf(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xf]);
  }
  return out;
}

std::optional<std::string> BytesOfHex(std::string_view hex) {
  const auto digit = [](char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  };
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return out;
}

/// Every stored item, newest first by index time (publication, else first
/// seen), read from the item index (the source's with source=) only as far
/// as the page needs. The cursor is the hex of the index position of the
/// last entry read (storage::Store::ItemPage::next): new items do not move it.
HttpResponse IndexedItemPage(storage::Store& store, const ItemQuery& query, const Hidden& hidden) {
  std::optional<std::string> after;
  if (!query.cursor.empty()) {
    after = BytesOfHex(query.cursor);
    if (!after || after->size() < 8) return BadCursor();  // <time:8><item key>
  }
  std::optional<std::string_view> source;
  if (!query.source.empty()) source = query.source;
  auto page = store.ItemsNewestFirst(
      source, after, query.since.value_or(std::numeric_limits<UnixTime>::min()),
      query.until.value_or(std::numeric_limits<UnixTime>::max()),
      [&](const pw::Item& i) { return Keeps(query, hidden, i); }, query.limit, kMaxIndexReadPerPage);
  if (!page) return StoreError(page.error());
  json out = json::array();
  for (const pw::Item& i : page->items) out.push_back(ApiItemJson(i));
  return JsonResponse(200, {{"items", out}, {"next", page->next ? json(HexOf(*page->next)) : json(nullptr)}});
}

HttpResponse StaticFile(std::string_view name, const char* cache) {
  const EmbeddedFile f = FindEmbedded("web/" + std::string(name));
  if (!f.found) return NotFound();
  HttpResponse r;
  const auto ends = [&](std::string_view ext) {
    return name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext;
  };
  r.content_type = ends(".html")  ? "text/html; charset=utf-8"
                   : ends(".js")  ? "text/javascript; charset=utf-8"
                   : ends(".css") ? "text/css; charset=utf-8"
                   : ends(".svg") ? "image/svg+xml"
                   : ends(".json") ? "application/json; charset=utf-8"
                   : ends(".png") ? "image/png"
                   : ends(".ico") ? "image/x-icon"
                                  : "application/octet-stream";
  r.body = std::string(f.bytes);
  r.headers.emplace_back("Cache-Control", cache);
  return r;
}

}  // namespace

void Api::AddDataRoutes() {
  router_.Add("GET", "/api/items", [this](const HttpRequest& r, const RouteContext& ctx) {
    if (!MaySeeData(*ctx.user)) return Forbidden();
    ItemQuery query;
    if (auto bad = ParseItemQuery(r, Now(), query)) return std::move(*bad);
    auto hidden = HiddenFor(deps_.store, *ctx.user);
    if (!hidden) return StoreError(hidden.error());
    const SettingsPtr settings = deps_.settings();
    if (!query.profile.empty() && settings && query.profile != settings->config.profile.id) {
      return JsonResponse(200, {{"items", json::array()}, {"next", nullptr}});  // one profile a daemon
    }
    return query.candidates ? CandidatePage(deps_.store, query, *hidden) : IndexedItemPage(deps_.store, query, *hidden);
  });

  router_.Add("GET", "/api/items/{key}", [this](const HttpRequest&, const RouteContext& ctx) {
    if (!MaySeeData(*ctx.user)) return Forbidden();
    auto item = deps_.store.GetItem(ctx.params.at("key"));
    if (!item) return StoreError(item.error());
    auto hidden = HiddenFor(deps_.store, *ctx.user);
    if (!hidden) return StoreError(hidden.error());
    if (!item->has_value() || hidden->Hides(**item)) return NotFound();
    const SettingsPtr settings = deps_.settings();
    json j = ApiItemJson(**item);
    // Re-scored as the daemon scores it (title and summary), as `explain KEY` does.
    const pw::Score s = settings->scorer.ScoreItem((**item).entry.title, (**item).entry.summary);
    j["explanation"] = ExplainJson((**item).key, {{"title", (**item).entry.title}, {"text", (**item).entry.summary}},
                                   s, settings->config.profile);
    return JsonResponse(200, j);
  });

  router_.Add("GET", "/api/clusters", [this](const HttpRequest& r, const RouteContext& ctx) {
    if (!MaySeeData(*ctx.user)) return Forbidden();
    const bool spreading = Param(r, "spreading") == "1" || Param(r, "spreading") == "true";
    auto hidden = HiddenFor(deps_.store, *ctx.user);
    if (!hidden) return StoreError(hidden.error());
    auto clusters = deps_.store.Clusters();
    if (!clusters) return StoreError(clusters.error());
    std::vector<storage::Cluster> shown;
    for (auto& c : *clusters) {
      if ((!spreading || c.spreading) && hidden->clusters.count(c.id) == 0) shown.push_back(std::move(c));
    }
    std::sort(shown.begin(), shown.end(), [](const auto& a, const auto& b) {
      return a.last_seen != b.last_seen ? a.last_seen > b.last_seen : a.id < b.id;
    });
    json out = json::array();
    for (const auto& c : shown) out.push_back(ClusterJson(c));
    return JsonResponse(200, {{"clusters", out}});
  });

  router_.Add("GET", "/api/clusters/{id}", [this](const HttpRequest&, const RouteContext& ctx) {
    if (!MaySeeData(*ctx.user)) return Forbidden();
    const std::string& id = ctx.params.at("id");
    auto hidden = HiddenFor(deps_.store, *ctx.user);
    if (!hidden) return StoreError(hidden.error());
    auto cluster = deps_.store.GetCluster(id);
    if (!cluster) return StoreError(cluster.error());
    if (!cluster->has_value() || hidden->clusters.count(id) > 0) return NotFound();
    auto keys = deps_.store.ClusterItemKeys(id);
    if (!keys) return StoreError(keys.error());
    json j = ClusterJson(**cluster);
    json items = json::array();
    for (const auto& key : *keys) {
      auto item = deps_.store.GetItem(key);
      if (!item) return StoreError(item.error());
      if (!item->has_value() || hidden->Hides(**item)) continue;
      items.push_back({{"key", key}, {"title", (**item).entry.title}, {"source", (**item).source_id},
                       {"published", DateJson((**item).entry.published)}});
    }
    j["item_count"] = j["items"];
    j["items"] = items;
    return JsonResponse(200, j);
  });

  router_.Add("GET", "/api/sources", [this](const HttpRequest&, const RouteContext& ctx) {
    if (!MaySeeData(*ctx.user)) return Forbidden();
    const SettingsPtr settings = deps_.settings();
    // `provwatch sources --json` on the daemon's own store (without it,
    // ListSources would ask this very daemon through its control socket).
    std::ostringstream lines, problems;
    if (ListSources({settings->config.data_dir, settings->config.file}, true, Lang::kVi, lines, problems,
                    &deps_.store) != 0) {
      spdlog::error("/api/sources: {}", problems.str());
      return ErrorResponse(500, "store", "không đọc được danh sách nguồn / cannot read the sources");
    }
    json rows = json::array();
    std::istringstream in(lines.str());
    for (std::string line; std::getline(in, line);) {
      json row = json::parse(line, nullptr, false);
      if (!row.is_discarded()) rows.push_back(std::move(row));
    }
    return JsonResponse(200, {{"sources", rows}});
  });

  // Every signed-in role: the page names the agencies of the cases it shows
  // (cases carry agency ids; the names are the profile's [workflow] agencies).
  router_.Add("GET", "/api/agencies", [this](const HttpRequest&, const RouteContext&) {
    const SettingsPtr settings = deps_.settings();
    json rows = json::array();
    for (const auto& [id, name] : settings->config.profile.workflow.agencies) {
      rows.push_back({{"id", id}, {"name", name}});
    }
    return JsonResponse(200, {{"agencies", rows}});
  });

  router_.Add("POST", "/api/rules/test", [this](const HttpRequest& r, const RouteContext& ctx) {
    if (!MaySeeData(*ctx.user)) return Forbidden();
    json body = json::parse(r.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
      return ErrorResponse(400, "bad-json", "nội dung không phải đối tượng JSON / the body is not a JSON object");
    }
    const SettingsPtr settings = deps_.settings();
    std::optional<config::Profile> other;
    std::optional<analysis::Scorer> other_scorer;
    const std::string profile_id = body.value("profile", std::string());
    if (!profile_id.empty() && profile_id != settings->config.profile.id) {
      auto p = config::BundledProfile(profile_id);
      if (!p) return ErrorResponse(400, "unknown-profile", p.error().message);
      auto s = analysis::Scorer::Compile(*p);
      if (!s) return ErrorResponse(400, "unknown-profile", s.error().message);
      other = std::move(*p);
      other_scorer.emplace(std::move(*s));
    }
    const config::Profile& profile = other ? *other : settings->config.profile;
    const analysis::Scorer& scorer = other_scorer ? *other_scorer : settings->scorer;
    std::string title, text = body.value("text", std::string());
    const std::string url = body.value("url", std::string());
    if (text.empty() && url.empty()) {
      return ErrorResponse(400, "bad-request", "cần \"text\" hoặc \"url\" / give \"text\" or \"url\"");
    }
    if (text.empty()) {
      if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
        return ErrorResponse(400, "bad-url", "chỉ nhận http:// hoặc https:// / only http:// and https:// URLs");
      }
      auto page = FetchOnce(url);
      if (!page) return ErrorResponse(502, "fetch", url + ": " + page.error().message);
      const auto article = crawler::ExtractArticle(page->body, BaseUrl(*page));
      title = article.item.title;
      text = article.item.summary;
    }
    const pw::Score s = scorer.ScoreItem(title, text);
    return JsonResponse(200, ExplainJson(url.empty() ? "text" : url, {{"title", title}, {"text", text}}, s, profile));
  });
}

void Api::AddServiceRoutes() {
  router_.Add("GET", "/", [](const HttpRequest&, const RouteContext&) {
    return StaticFile("index.html", "no-cache");
  }, Router::Access::kPublic);
  router_.Add("GET", "/static/{name}", [](const HttpRequest&, const RouteContext& ctx) {
    return StaticFile(ctx.params.at("name"), "public, max-age=300");
  }, Router::Access::kPublic);
  router_.Add("GET", "/api/openapi.json", [](const HttpRequest&, const RouteContext&) {
    HttpResponse r;
    r.body = std::string(OpenApiJson());
    return r;
  }, Router::Access::kPublic);
  router_.Add("GET", "/healthz", [this](const HttpRequest&, const RouteContext&) {
    const SettingsPtr settings = deps_.settings();
    return JsonResponse(200, {{"ok", true}, {"profile", settings->config.profile.id},
                              {"sources", settings->config.sources.size()}, {"time", IsoTime(Now())}});
  }, Router::Access::kPublic);
  router_.Add("GET", "/metrics", [this](const HttpRequest&, const RouteContext&) {
    HttpResponse r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = deps_.metrics != nullptr ? deps_.metrics->Text() : std::string();
    // Cases by state; state-secret cases are not counted (the endpoint is
    // not authenticated, and a count would tell they exist).
    wf::CaseStore cases(deps_.store);
    auto all = cases.List();
    if (!all) return StoreError(all.error());
    std::map<std::string, std::size_t> by_state;
    for (const auto& c : *all) {
      if (!c.secret) ++by_state[std::string(wf::LabelEn(c.state))];
    }
    r.body += "# HELP provwatch_cases Clarification cases by state (state-secret cases not counted).\n"
              "# TYPE provwatch_cases gauge\n";
    for (const auto& [state, n] : by_state) r.body += "provwatch_cases{state=\"" + state + "\"} " + std::to_string(n) + "\n";
    return r;
  }, Router::Access::kPublic);
}

}  // namespace pw::daemon
