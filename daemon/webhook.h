#pragma once
/// Webhook delivery: one JSON POST signed with HMAC-SHA256, the receiver's
/// way to know the alert came from this provwatch.
///
/// Headers: Content-Type: application/json; charset=utf-8,
///   X-Provwatch-Signature: sha256=HEX   HEX = lower-case HMAC-SHA256(secret, body)
///   X-Provwatch-Delivery: ID            the delivery id, the same on every retry
/// A 2xx answer is success; anything else (transport error, timeout, other
/// status) is a failure the caller retries (alerts_delivery.h).
/// Thread rules: blocking (one libcurl easy handle per call); call from a
/// worker, never from the I/O thread.
#include <chrono>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pw::daemon {

/// "sha256=" + hex HMAC-SHA256 of `body` keyed with `secret` (libsodium).
std::string SignWebhookBody(std::string_view secret, std::string_view body);

/// True when `header` is SignWebhookBody(secret, body) (constant-time compare).
bool VerifyWebhookSignature(std::string_view secret, std::string_view body, std::string_view header);

struct WebhookRequest {
  std::string url;
  std::string secret;
  std::string delivery_id;
  std::string body;  ///< JSON
  std::chrono::seconds timeout{15};
  std::string user_agent = "provwatch-webhook/0.1";
};

/// POSTs the request; Ok on a 2xx answer, else an Error naming the URL and
/// the HTTP status or transport error.
Status PostWebhook(const WebhookRequest& request);

}  // namespace pw::daemon
