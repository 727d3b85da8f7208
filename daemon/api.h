#pragma once
/// The HTTP API and the web page's files (the contract is README "HTTP API"
/// and daemon/api_openapi.json): a Router of handlers over the open store,
/// plus the authentication, role and CSRF checks every request passes.
///
/// Api::Handle is what HttpServer dispatches on the worker pool: find the
/// route (404/405), authenticate (Bearer token or pw_session cookie; 401 for
/// a route that needs a user), require X-CSRF-Token on every non-GET request
/// authenticated by cookie (403), then run the handler. Handlers reuse the CLI's
/// functions: ExecuteCaseRequest for cases, the store's queries for items and
/// clusters, ListSources for sources, the scorer and ExplainScore for the
/// rule tester. State-secret cases, and the items and clusters of a case the
/// user may not see, never appear.
///
/// Threads: Handle may run on several workers at once.
#include <functional>
#include <memory>
#include <string>

#include "daemon/auth.h"
#include "daemon/http_metrics.h"
#include "daemon/http_router.h"
#include "daemon/settings.h"
#include "storage/store.h"

namespace pw::daemon {

struct ApiDeps {
  storage::Store& store;
  std::function<SettingsPtr()> settings;  ///< the current configuration (changes on SIGHUP)
  ServiceMetrics* metrics = nullptr;      ///< may be null
  std::string data_dir;
};

class Api {
 public:
  explicit Api(ApiDeps deps);
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  /// Answers one request (never throws).
  HttpResponse Handle(HttpRequest&& request);

  /// Where routes are added.
  Router& router() { return router_; }

 private:
  void AddAuthRoutes();
  void AddCaseRoutes();
  void AddDataRoutes();   // items, clusters, sources, rule tester (api_data.cc)
  void AddServiceRoutes();  // static files, openapi, healthz, metrics (api_data.cc)
  void AddReportRoutes();   // /digest and /alerts/{token}.atom (api_reports.cc)

  ApiDeps deps_;
  AuthStore auth_;
  LoginLimiter limiter_;
  Router router_;
};

/// The embedded OpenAPI description (daemon/api_openapi.json).
std::string_view OpenApiJson();

}  // namespace pw::daemon
