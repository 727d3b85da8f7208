#pragma once
/// Typed configuration of the alert channels: the SMTP relay e-mail goes
/// through ([smtp]) and the delivery policy of webhooks and e-mail
/// ([alerts]: retries, backoff, dead letters). Read by LoadConfig with the
/// rest of the file (README "Configuration"); plain values, no I/O.
#include <chrono>
#include <string>

namespace pw::config {

/// How e-mail is sent (libcurl SMTP). `url` empty: no e-mail channel.
struct SmtpConfig {
  /// STARTTLS policy (CURLOPT_USE_SSL): off = never, try = when offered,
  /// required = fail unless the session is encrypted.
  enum class StartTls { kOff, kTry, kRequired };
  std::string url;       ///< "smtp://host:port" or "smtps://host:port"; empty: e-mail disabled
  std::string from;      ///< envelope and From: address
  std::string username;  ///< empty: no authentication
  std::string password;
  StartTls starttls = StartTls::kTry;
  std::chrono::seconds timeout{30};  ///< one whole SMTP exchange
};

/// When webhook and e-mail deliveries are retried, and when they give up.
/// Milliseconds so that tests can run a retry schedule in a fraction of a
/// second; the file speaks in durations ("30s").
struct AlertsConfig {
  std::chrono::milliseconds retry_initial{std::chrono::seconds(30)};  ///< wait after the first failure
  std::chrono::milliseconds retry_max{std::chrono::hours(6)};         ///< backoff ceiling
  int dead_letter_after = 8;    ///< failed attempts before a delivery becomes a dead letter
  std::chrono::seconds webhook_timeout{15};  ///< one POST, connection included
};

}  // namespace pw::config
