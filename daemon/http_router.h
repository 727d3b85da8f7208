#pragma once
/// The HTTP API's requests, responses and router, free of Boost.Beast: the
/// transport (http_server.h) turns bytes into an HttpRequest and an
/// HttpResponse back into bytes; everything else sees only these values.
///
/// Routing: a route is a method and a path pattern whose segments are either
/// literal or "{name}" (one whole segment, percent-decoded into
/// RouteContext::params). A path that matches a pattern under another method
/// is a 405, no match at all a 404. Adding a route is one Add call.
///
/// Threads: a Router is built once, then only read (Dispatch is const and
/// may run on several worker threads at once).
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace pw::daemon {

struct HttpRequest {
  std::string method;  ///< "GET", "POST", ...
  std::string target;  ///< as sent: path and query
  std::string path;    ///< without the query, not decoded
  std::map<std::string, std::string> query;    ///< decoded; the last value wins
  std::map<std::string, std::string> headers;  ///< names lower-cased
  std::string body;
  std::string client;  ///< the peer's address, for rate limiting

  /// The header's value, or "".
  std::string Header(const std::string& lower_name) const;
  /// The cookie's value from the Cookie header, or "".
  std::string Cookie(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;  ///< extra headers
  std::string body;
};

/// The authenticated user of a request (see auth.h), or none.
struct Principal {
  std::string name;
  std::string role;  ///< workflow RoleName: monitor, agency, leader, admin, auditor
  std::string agency;
  bool cleared = false;
  bool by_token = false;   ///< Authorization: Bearer (no CSRF check)
  std::string session_id;  ///< the cookie's session id when by cookie
  std::string csrf;        ///< the session's CSRF token when by cookie
};

struct RouteContext {
  std::map<std::string, std::string> params;  ///< {name} segments, decoded
  std::optional<Principal> user;              ///< set by the authenticator
};

using Handler = std::function<HttpResponse(const HttpRequest&, const RouteContext&)>;

/// A JSON response.
HttpResponse JsonResponse(int status, const nlohmann::json& body);
/// {"error":"vi / en","code":"short-id"} with `status`.
HttpResponse ErrorResponse(int status, std::string_view code, std::string_view message);
/// Percent-decoding ('+' is a space only when `plus_is_space`); invalid
/// escapes are kept as they are.
std::string PercentDecode(std::string_view text, bool plus_is_space = false);
/// Splits "a=1&b=2" into decoded pairs.
std::map<std::string, std::string> ParseQuery(std::string_view query);

class Router {
 public:
  /// Whether a route needs an authenticated user (401 otherwise).
  enum class Access { kPublic, kUser };

  void Add(std::string method, std::string pattern, Handler handler, Access access = Access::kUser);

  /// The route for the request: its handler, access and params; or an error
  /// response (404 unknown path, 405 known path under another method).
  struct Match {
    const Handler* handler = nullptr;
    Access access = Access::kUser;
    std::map<std::string, std::string> params;
    std::optional<HttpResponse> error;
  };
  Match Find(const HttpRequest& request) const;

  /// Every route as "METHOD /pattern" (the OpenAPI test compares them).
  std::vector<std::string> Routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
    Access access;
  };
  std::vector<Route> routes_;
};

}  // namespace pw::daemon
