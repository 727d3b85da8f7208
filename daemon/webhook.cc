#include "daemon/webhook.h"

#include <algorithm>
#include <memory>

#include <curl/curl.h>
#include <sodium.h>

#include "daemon/curl_handle.h"

namespace pw::daemon {
namespace {


// Keeps at most 4 KiB of the answer, for the error message.
size_t KeepSome(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  const size_t len = size * n;
  if (out->size() < 4096) out->append(data, std::min(len, 4096 - out->size()));
  return len;
}

}  // namespace

std::string SignWebhookBody(std::string_view secret, std::string_view body) {
  if (sodium_init() < 0) std::abort();
  crypto_auth_hmacsha256_state state;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[2 * sizeof mac + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return std::string("sha256=") + hex;
}

bool VerifyWebhookSignature(std::string_view secret, std::string_view body, std::string_view header) {
  const std::string expected = SignWebhookBody(secret, body);
  if (header.size() != expected.size()) return false;
  return sodium_memcmp(expected.data(), header.data(), expected.size()) == 0;
}

Status PostWebhook(const WebhookRequest& request) {
  CurlEasy curl(curl_easy_init());
  if (!curl) return Error{"webhook " + request.url + ": cannot create a libcurl handle"};
  CurlSlist headers;
  curl_slist* list = nullptr;
  for (const std::string& h : {std::string("Content-Type: application/json; charset=utf-8"),
                               "X-Provwatch-Signature: " + SignWebhookBody(request.secret, request.body),
                               "X-Provwatch-Delivery: " + request.delivery_id, std::string("Expect:")}) {
    list = curl_slist_append(list, h.c_str());
  }
  headers.reset(list);
  std::string answer;
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(c, CURLOPT_USERAGENT, request.user_agent.c_str());
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count() * 1000));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, KeepSome);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    return Error{"webhook " + request.url + ": " + (errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc))};
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status > 299) {
    return Error{"webhook " + request.url + ": HTTP status " + std::to_string(status)};
  }
  return {};
}

}  // namespace pw::daemon
