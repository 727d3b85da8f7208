#include "daemon/api.h"

#include <ctime>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "daemon/case_request.h"
#include "daemon/web/embedded.h"
#include "workflow/case_store.h"

namespace pw::daemon {
namespace {

using nlohmann::json;

UnixTime Now() { return static_cast<UnixTime>(std::time(nullptr)); }

HttpResponse Unauthorized() {
  return ErrorResponse(401, "unauthenticated", "cần đăng nhập / authentication required");
}

json UserJson(const Principal& p) {
  return {{"name", p.name}, {"role", p.role}, {"agency", p.agency}, {"cleared", p.cleared}};
}

// The parsed JSON object body, or nullopt (a 400 follows).
std::optional<json> BodyObject(const HttpRequest& r) {
  json j = json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

HttpResponse BadJson() {
  return ErrorResponse(400, "bad-json", "nội dung không phải đối tượng JSON / the body is not a JSON object");
}

// The session cookie. Behind the TLS-terminating proxy (README: it sends
// X-Forwarded-Proto: https) it is also Secure, so a browser never sends it
// over plain HTTP; a client that claims https on a plain connection only
// keeps its own cookie from coming back.
std::string SessionCookie(const std::string& value, long max_age, const HttpRequest& r) {
  const bool https = r.Header("x-forwarded-proto") == "https";
  return "pw_session=" + value + "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" + std::to_string(max_age) +
         (https ? "; Secure" : "");
}

/// An answer of ExecuteCaseRequest as an HTTP response: ok → 200 with the
/// answer; code 1 → 500; code 2 → 404 (a missing or invisible case), 403
/// (role or visibility), 400 (malformed) or 409 (the workflow refuses).
HttpResponse CaseAnswer(const std::string& answer) {
  json j = json::parse(answer, nullptr, false);
  if (j.is_discarded()) return ErrorResponse(500, "internal", "lỗi máy chủ / internal error");
  if (j.value("ok", false)) return JsonResponse(200, j);
  const std::string error = j.value("error", std::string());
  if (j.value("code", 1) != 2) return ErrorResponse(500, "store", error);
  const auto has = [&](const char* s) { return error.find(s) != std::string::npos; };
  if (has("no such case")) return ErrorResponse(404, "not-found", error);
  if (has("may not") || has("only an auditor") || has("system only") || has("no such user")) {
    return ErrorResponse(403, "forbidden", error);
  }
  if (has("unknown action") || has("unknown dossier section") || has("malformed") || has("not a JSON")) {
    return ErrorResponse(400, "bad-request", error);
  }
  return ErrorResponse(409, "refused", error);
}

}  // namespace

Api::Api(ApiDeps deps) : deps_(std::move(deps)), auth_(deps_.store) {
  AddAuthRoutes();
  AddCaseRoutes();
  AddDataRoutes();
  AddServiceRoutes();
  AddReportRoutes();
}

HttpResponse Api::Handle(HttpRequest&& request) {
  try {
    Router::Match match = router_.Find(request);
    if (match.error) return std::move(*match.error);
    RouteContext ctx;
    ctx.params = std::move(match.params);
    auto user = auth_.Authenticate(request, Now());
    if (!user) {
      spdlog::error("http: {}", user.error().message);
      return ErrorResponse(500, "store", user.error().message);
    }
    ctx.user = std::move(*user);
    if (match.access == Router::Access::kUser && !ctx.user) return Unauthorized();
    const bool reads = request.method == "GET" || request.method == "HEAD";
    if (!reads && ctx.user && !ctx.user->by_token && request.Header("x-csrf-token") != ctx.user->csrf) {
      return ErrorResponse(403, "csrf", "thiếu hoặc sai mã CSRF / missing or wrong X-CSRF-Token header");
    }
    return (*match.handler)(request, ctx);
  } catch (const std::exception& e) {
    spdlog::error("http: {} {}: {}", request.method, request.path, e.what());
    return ErrorResponse(500, "internal", "lỗi máy chủ / internal error");
  }
}

void Api::AddAuthRoutes() {
  router_.Add("POST", "/api/login", [this](const HttpRequest& r, const RouteContext&) {
    const auto body = BodyObject(r);
    if (!body || !body->contains("user") || !body->contains("password") || !body->at("user").is_string() ||
        !body->at("password").is_string()) {
      return BadJson();
    }
    const std::string name = body->at("user").get<std::string>(), password = body->at("password").get<std::string>();
    const UnixTime now = Now();
    if (const long wait = limiter_.RetryAfter(name, r.client, now); wait > 0) {
      HttpResponse refused = ErrorResponse(429, "rate-limited",
                                           "đăng nhập sai quá nhiều lần, thử lại sau / too many failed logins, try later");
      refused.headers.emplace_back("Retry-After", std::to_string(wait));
      return refused;
    }
    auto ok = auth_.CheckPassword(name, password);
    if (!ok) return ErrorResponse(500, "store", ok.error().message);
    if (!*ok) {
      limiter_.Failed(name, r.client, now);
      return ErrorResponse(401, "bad-credentials", "sai tên hoặc mật khẩu / wrong user name or password");
    }
    limiter_.Succeeded(name);
    auto session = auth_.CreateSession(name, now);
    if (!session) return ErrorResponse(500, "store", session.error().message);
    HttpRequest with_cookie;
    with_cookie.headers["cookie"] = "pw_session=" + session->id;
    auto principal = auth_.Authenticate(with_cookie, now);
    if (!principal || !*principal) return ErrorResponse(500, "store", "session");
    HttpResponse out = JsonResponse(200, {{"user", UserJson(**principal)}, {"csrf", session->csrf}});
    out.headers.emplace_back("Set-Cookie", SessionCookie(session->id, session->expires - now, r));
    out.headers.emplace_back("Cache-Control", "no-store");
    return out;
  }, Router::Access::kPublic);

  router_.Add("POST", "/api/logout", [this](const HttpRequest& r, const RouteContext& ctx) {
    if (!ctx.user->session_id.empty()) {
      if (Status st = auth_.DeleteSession(ctx.user->session_id); !st) {
        return ErrorResponse(500, "store", st.error().message);
      }
    }
    HttpResponse out = JsonResponse(200, {{"ok", true}});
    out.headers.emplace_back("Set-Cookie", SessionCookie("", 0, r));
    return out;
  });

  router_.Add("GET", "/api/me", [](const HttpRequest&, const RouteContext& ctx) {
    HttpResponse out = JsonResponse(200, {{"user", UserJson(*ctx.user)}, {"csrf", ctx.user->csrf}});
    out.headers.emplace_back("Cache-Control", "no-store");
    return out;
  });
}

void Api::AddCaseRoutes() {
  // Every case request acts as the logged-in user; visibility and roles are
  // the workflow's (CanSee, Permitted), exactly as in the CLI.
  auto run = [this](const json& request) {
    workflow::CaseStore cases(deps_.store);
    return CaseAnswer(ExecuteCaseRequest(cases, request.dump(), Now()));
  };
  router_.Add("GET", "/api/cases", [run](const HttpRequest& r, const RouteContext& ctx) {
    HttpResponse out = run({{"op", "case.list"}, {"as", ctx.user->name}});
    const auto state = r.query.find("state");
    if (out.status != 200 || state == r.query.end() || state->second.empty()) return out;
    json j = json::parse(out.body);
    json kept = json::array();
    for (json& c : j["cases"]) {
      if (c.value("state", std::string()) == state->second) kept.push_back(std::move(c));
    }
    j["cases"] = std::move(kept);
    return JsonResponse(200, j);
  });
  router_.Add("GET", "/api/cases/{id}", [run](const HttpRequest&, const RouteContext& ctx) {
    return run({{"op", "case.show"}, {"as", ctx.user->name}, {"id", ctx.params.at("id")}});
  });
  router_.Add("POST", "/api/cases/{id}/actions", [run](const HttpRequest& r, const RouteContext& ctx) {
    auto body = BodyObject(r);
    if (!body) return BadJson();
    // The page's names for the two triage moves (the workflow's are confirm, dismiss).
    const std::string kind = body->value("kind", std::string());
    if (kind == "triage-confirm" || kind == "triage-dismiss") (*body)["kind"] = kind.substr(7);
    return run({{"op", "case.act"}, {"as", ctx.user->name}, {"id", ctx.params.at("id")}, {"action", *body}});
  });
  router_.Add("GET", "/api/audit", [run](const HttpRequest&, const RouteContext& ctx) {
    return run({{"op", "case.audit"}, {"as", ctx.user->name}});
  });
}

std::string_view OpenApiJson() { return FindEmbedded("api/openapi.json").bytes; }

}  // namespace pw::daemon
