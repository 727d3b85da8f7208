#pragma once
/// A small blocking HTTP/1.1 client for tests of provwatch's own server, over
/// raw sockets to 127.0.0.1 (so tests can also send malformed bytes).
/// Each Request opens a connection, sends "Connection: close" and reads the
/// answer until the server closes it.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace pw::testing {

struct HttpResult {
  int status = 0;  ///< 0 when no status line came back
  std::map<std::string, std::string> headers;  ///< names lower-cased; repeated: the last
  std::vector<std::string> set_cookies;        ///< every Set-Cookie value
  std::string body;
};

/// Sends one request; `headers` are added as given.
HttpResult HttpRequestTo(std::uint16_t port, const std::string& method, const std::string& target,
                         const std::map<std::string, std::string>& headers = {},
                         const std::string& body = "");

/// Writes `bytes` as they are, then reads everything the server sends until it
/// closes the connection or `timeout` passes (the raw answer).
std::string RawExchange(std::uint16_t port, const std::string& bytes,
                        std::chrono::milliseconds timeout = std::chrono::seconds(5));

/// Parses the first response of a raw answer.
HttpResult ParseHttpResponse(const std::string& raw);

}  // namespace pw::testing
