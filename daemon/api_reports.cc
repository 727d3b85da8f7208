// The routes the web page links to beside the JSON API: the weekly digest
// page (GET /digest, daemon/digest.h through RunReport, so the viewer's
// role and clearance apply exactly as in `provwatch report weekly --as`)
// and the personal Atom alert feeds (GET /alerts/{token}.atom,
// daemon/alerts_feed.h; the secret token is the credential).
#include <sstream>

#include "daemon/alerts_feed.h"
#include "daemon/api.h"
#include "daemon/report_command.h"

namespace pw::daemon {
namespace {

constexpr std::string_view kAtomSuffix = ".atom";

std::string QueryValue(const HttpRequest& r, const std::string& key) {
  const auto it = r.query.find(key);
  return it == r.query.end() ? std::string() : it->second;
}

}  // namespace

void Api::AddReportRoutes() {
  // ?week=2026-W47 or ?from=2026-11-16&to=2026-11-22 (default: last week),
  // ?format=html|json|csv (default html), ?lang=en.
  router_.Add("GET", "/digest", [this](const HttpRequest& r, const RouteContext& ctx) {
    const SettingsPtr settings = deps_.settings();
    ReportOptions o;
    o.kind = "weekly";
    o.data_dir = deps_.data_dir;
    o.profile = &settings->config.profile;
    o.user = ctx.user->name;
    o.format = QueryValue(r, "format");
    if (o.format.empty()) o.format = "html";
    if (o.format != "html" && o.format != "json" && o.format != "csv") {
      return ErrorResponse(400, "bad-format", "định dạng là html, json hoặc csv / format is html, json or csv");
    }
    o.lang = ParseLang(QueryValue(r, "lang"));
    o.week = QueryValue(r, "week");
    o.from = QueryValue(r, "from");
    o.to = QueryValue(r, "to");
    std::ostringstream out, err;
    const int code = RunReport(o, out, err, &deps_.store);
    if (code == 2) return ErrorResponse(400, "bad-request", err.str());
    if (code != 0) return ErrorResponse(500, "store", err.str());
    HttpResponse page;
    page.content_type = o.format == "html"  ? "text/html; charset=utf-8"
                        : o.format == "csv" ? "text/csv; charset=utf-8"
                                            : "application/json; charset=utf-8";
    page.headers.emplace_back("Cache-Control", "no-store");
    page.body = out.str();
    return page;
  });
  router_.Add("GET", "/alerts/{file}", [this](const HttpRequest& r, const RouteContext& ctx) {
    const std::string& file = ctx.params.at("file");
    if (!file.ends_with(kAtomSuffix)) {
      return ErrorResponse(404, "not-found", "không có trang này / no such page");
    }
    const std::string token = file.substr(0, file.size() - kAtomSuffix.size());
    const std::string host = r.Header("host");
    const std::string self = host.empty() ? std::string() : "http://" + host + r.target;
    FeedAnswer answer = AnswerAlertFeed(deps_.store, token, QueryValue(r, "topic"), self);
    HttpResponse feed;
    feed.status = answer.status;
    feed.content_type = std::move(answer.content_type);
    feed.headers.emplace_back("Cache-Control", "no-store");
    feed.body = std::move(answer.body);
    return feed;
  }, Router::Access::kPublic);
}

}  // namespace pw::daemon
