#include "config/alerts_config_toml.h"

#include "config/config.h"

namespace pw::config::detail {
namespace {

// The table `key` of `root`, or null when absent; an Error when not a table.
Result<const toml::table*> SubTable(const toml::table& root, const Scope& s, const char* key) {
  const toml::node* node = root.get(key);
  if (node == nullptr) return static_cast<const toml::table*>(nullptr);
  const auto* table = node->as_table();
  if (table == nullptr) return FieldError(s, *node, key, "expected a table [" + std::string(key) + "]");
  return table;
}

// An optional duration field within [lo, hi]; `range` words the bounds.
Status GetDuration(const toml::table& t, const Scope& s, const char* key, std::chrono::seconds lo,
                   std::chrono::seconds hi, const char* range, std::chrono::seconds& out) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return {};
  const auto* str = node->as_string();
  if (str == nullptr) return FieldError(s, *node, key, "expected a duration in quotes, like \"30s\"");
  auto d = ParseDuration(str->get());
  if (!d) return FieldError(s, *node, key, "\"" + str->get() + "\": " + d.error().message);
  if (*d < lo || *d > hi) return FieldError(s, *node, key, "\"" + str->get() + "\": must be between " + range);
  out = *d;
  return {};
}

Status ParseSmtp(const toml::table& t, const Scope& s, SmtpConfig& smtp) {
  if (auto st = CheckKnownKeys(t, s, {"url", "from", "username", "password", "starttls", "timeout"}); !st) {
    return st;
  }
  auto url = GetString(t, s, "url", true);
  if (!url) return url.error();
  if (!(url->starts_with("smtp://") || url->starts_with("smtps://"))) {
    return FieldError(s, *t.get("url"), "url", "\"" + *url + "\": expected smtp://host:port or smtps://host:port");
  }
  smtp.url = *url;
  auto from = GetString(t, s, "from", true);
  if (!from) return from.error();
  if (from->find('@') == std::string::npos || from->find_first_of(" \r\n<>") != std::string::npos) {
    return FieldError(s, *t.get("from"), "from", "\"" + *from + "\": expected an address like canbo@tinh.gov.vn");
  }
  smtp.from = *from;
  auto user = GetString(t, s, "username", false);
  if (!user) return user.error();
  smtp.username = *user;
  auto password = GetString(t, s, "password", false);
  if (!password) return password.error();
  smtp.password = *password;
  if (smtp.password.empty() != smtp.username.empty()) {
    return FieldError(s, t, smtp.username.empty() ? "username" : "password", "give both username and password, or neither");
  }
  auto tls = GetString(t, s, "starttls", false, "try");
  if (!tls) return tls.error();
  if (*tls == "off") {
    smtp.starttls = SmtpConfig::StartTls::kOff;
  } else if (*tls == "try") {
    smtp.starttls = SmtpConfig::StartTls::kTry;
  } else if (*tls == "required") {
    smtp.starttls = SmtpConfig::StartTls::kRequired;
  } else {
    return FieldError(s, *t.get("starttls"), "starttls", "\"" + *tls + "\": expected \"off\", \"try\" or \"required\"");
  }
  return GetDuration(t, s, "timeout", std::chrono::seconds(1), std::chrono::seconds(600), "1s and 10m", smtp.timeout);
}

Status ParseAlerts(const toml::table& t, const Scope& s, AlertsConfig& alerts) {
  if (auto st = CheckKnownKeys(t, s, {"retry_initial", "retry_max", "dead_letter_after", "webhook_timeout"});
      !st) {
    return st;
  }
  using std::chrono::seconds;
  seconds initial = std::chrono::duration_cast<seconds>(alerts.retry_initial);
  seconds max = std::chrono::duration_cast<seconds>(alerts.retry_max);
  if (auto st = GetDuration(t, s, "retry_initial", seconds(1), seconds(24 * 3600), "1s and 1d", initial); !st) return st;
  if (auto st = GetDuration(t, s, "retry_max", seconds(1), seconds(7 * 24 * 3600), "1s and 7d", max); !st) return st;
  if (max < initial) return FieldError(s, t.contains("retry_max") ? *t.get("retry_max") : *t.get("retry_initial"),
                                       "retry_max", "must not be below retry_initial");
  alerts.retry_initial = initial;
  alerts.retry_max = max;
  auto after = GetNumber(t, s, "dead_letter_after", false, alerts.dead_letter_after);
  if (!after) return after.error();
  if (*after < 1 || *after > 100 || *after != static_cast<int>(*after)) {
    return FieldError(s, *t.get("dead_letter_after"), "dead_letter_after", "must be a whole number from 1 to 100");
  }
  alerts.dead_letter_after = static_cast<int>(*after);
  return GetDuration(t, s, "webhook_timeout", seconds(1), seconds(600), "1s and 10m", alerts.webhook_timeout);
}

}  // namespace

Status ParseAlertTables(const toml::table& root, const Scope& scope, SmtpConfig& smtp, AlertsConfig& alerts) {
  auto smtp_table = SubTable(root, scope, "smtp");
  if (!smtp_table) return smtp_table.error();
  if (*smtp_table != nullptr) {
    if (auto st = ParseSmtp(**smtp_table, scope.Child("smtp"), smtp); !st) return st;
  }
  auto alerts_table = SubTable(root, scope, "alerts");
  if (!alerts_table) return alerts_table.error();
  if (*alerts_table != nullptr) {
    if (auto st = ParseAlerts(**alerts_table, scope.Child("alerts"), alerts); !st) return st;
  }
  return {};
}

}  // namespace pw::config::detail
