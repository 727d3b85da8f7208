#include "daemon/alerts_store.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>
#include <sodium.h>

namespace pw::daemon {
namespace {

using nlohmann::json;
using storage::RecordFamily;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

template <typename T>
Result<T> Parse(std::string_view text, T (*from)(const json&)) {
  try {
    return from(json::parse(text));
  } catch (const json::exception& e) {
    return Error{std::string("alert record: ") + e.what()};
  }
}

AlertRule RuleFrom(const json& j) {
  AlertRule r;
  r.id = j.at("id").get<std::string>();
  r.user = j.at("user").get<std::string>();
  r.profile = j.value("profile", std::string());
  r.topics = j.value("topics", std::vector<std::string>{});
  r.min_score = j.value("min_score", 0.0);
  r.webhook_url = j.value("webhook_url", std::string());
  r.webhook_secret = j.value("webhook_secret", std::string());
  r.email = j.value("email", std::string());
  r.created = j.value("created", UnixTime{0});
  return r;
}

AlertEntry EntryFrom(const json& j) {
  AlertEntry e;
  e.id = j.at("id").get<std::string>();
  e.user = j.at("user").get<std::string>();
  e.kind = j.value("kind", std::string("candidate"));
  e.cluster_id = j.value("cluster", std::string());
  e.item_key = j.value("item", std::string());
  e.source_id = j.value("source", std::string());
  e.title = j.value("title", std::string());
  e.link = j.value("link", std::string());
  e.summary = j.value("summary", std::string());
  e.score = j.value("score", 0.0);
  e.topics = j.value("topics", std::vector<std::string>{});
  e.outlets = j.value("outlets", std::vector<std::string>{});
  e.rules = j.value("rules", std::vector<std::string>{});
  e.published = j.value("published", UnixTime{0});
  e.updated = j.value("updated", UnixTime{0});
  return e;
}

Delivery DeliveryFrom(const json& j) {
  Delivery d;
  d.id = j.at("id").get<std::string>();
  d.user = j.value("user", std::string());
  d.entry_key = j.value("entry", std::string());
  d.channel = j.value("channel", std::string());
  d.target = j.value("target", std::string());
  d.secret = j.value("secret", std::string());
  d.attempts = j.value("attempts", 0);
  d.next_attempt_ms = j.value("next_attempt_ms", std::int64_t{0});
  d.last_error = j.value("last_error", std::string());
  d.created = j.value("created", UnixTime{0});
  d.dead_at = j.value("dead_at", UnixTime{0});
  return d;
}

}  // namespace

bool ValidUserName(std::string_view user) {
  return !user.empty() && user.find('/') == std::string_view::npos && user.size() <= 200;
}

std::string RuleKey(std::string_view user, std::string_view rule_id) {
  return "rule/" + std::string(user) + "/" + std::string(rule_id);
}
std::string EntryKey(std::string_view user, std::string_view cluster_id) {
  return "entry/" + std::string(user) + "/" + std::string(cluster_id);
}
std::string OutboxKey(std::string_view delivery_id) { return "outbox/" + std::string(delivery_id); }
std::string DeadKey(std::string_view delivery_id) { return "dead/" + std::string(delivery_id); }

std::string EncodeRule(const AlertRule& r) {
  return Dump({{"id", r.id}, {"user", r.user}, {"profile", r.profile}, {"topics", r.topics},
               {"min_score", r.min_score}, {"webhook_url", r.webhook_url},
               {"webhook_secret", r.webhook_secret}, {"email", r.email}, {"created", r.created}});
}
Result<AlertRule> DecodeRule(std::string_view text) { return Parse<AlertRule>(text, RuleFrom); }

std::string EncodeEntry(const AlertEntry& e) {
  return Dump({{"id", e.id}, {"user", e.user}, {"kind", e.kind}, {"cluster", e.cluster_id},
               {"item", e.item_key}, {"source", e.source_id}, {"title", e.title}, {"link", e.link},
               {"summary", e.summary}, {"score", e.score}, {"topics", e.topics}, {"outlets", e.outlets},
               {"rules", e.rules}, {"published", e.published}, {"updated", e.updated}});
}
Result<AlertEntry> DecodeEntry(std::string_view text) { return Parse<AlertEntry>(text, EntryFrom); }

std::string EncodeDelivery(const Delivery& d) {
  return Dump({{"id", d.id}, {"user", d.user}, {"entry", d.entry_key}, {"channel", d.channel},
               {"target", d.target}, {"secret", d.secret}, {"attempts", d.attempts},
               {"next_attempt_ms", d.next_attempt_ms}, {"last_error", d.last_error},
               {"created", d.created}, {"dead_at", d.dead_at}});
}
Result<Delivery> DecodeDelivery(std::string_view text) { return Parse<Delivery>(text, DeliveryFrom); }

std::string NewUrnUuid() {
  std::string h = RandomHex(16);
  h[12] = '4';                                                       // version 4
  h[16] = "89ab"[std::stoi(h.substr(16, 1), nullptr, 16) & 3];       // RFC 4122 variant
  return "urn:uuid:" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
         h.substr(16, 4) + "-" + h.substr(20);
}

std::string NewDeliveryId(std::int64_t now_ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "d%013lld-", static_cast<long long>(now_ms));
  return buf + RandomHex(4);
}

Result<std::vector<AlertRule>> LoadRules(const storage::Store& store, std::string_view user) {
  std::vector<AlertRule> rules;
  const std::string prefix = user.empty() ? "rule/" : "rule/" + std::string(user) + "/";
  Status st = store.ScanRecords(RecordFamily::kAlerts, prefix, [&](std::string_view, std::string_view v) -> Status {
    auto r = DecodeRule(v);
    if (!r) return r.error();
    rules.push_back(std::move(*r));
    return {};
  });
  if (!st) return st.error();
  return rules;
}

Result<std::vector<AlertEntry>> LoadEntries(const storage::Store& store, std::string_view user) {
  std::vector<AlertEntry> entries;
  Status st = store.ScanRecords(RecordFamily::kAlerts, EntryKey(user, ""),
                                [&](std::string_view, std::string_view v) -> Status {
                                  auto e = DecodeEntry(v);
                                  if (!e) return e.error();
                                  entries.push_back(std::move(*e));
                                  return {};
                                });
  if (!st) return st.error();
  std::stable_sort(entries.begin(), entries.end(),
                   [](const AlertEntry& a, const AlertEntry& b) { return a.updated > b.updated; });
  return entries;
}

Result<std::vector<Delivery>> LoadDeliveries(const storage::Store& store, bool dead) {
  std::vector<Delivery> out;
  Status st = store.ScanRecords(RecordFamily::kAlerts, dead ? "dead/" : "outbox/",
                                [&](std::string_view, std::string_view v) -> Status {
                                  auto d = DecodeDelivery(v);
                                  if (!d) return d.error();
                                  out.push_back(std::move(*d));
                                  return {};
                                });
  if (!st) return st.error();
  return out;
}

Result<std::optional<std::string>> FeedTokenUser(const storage::Store& store, std::string_view token) {
  if (token.size() != 32 || token.find_first_not_of("0123456789abcdef") != std::string_view::npos) {
    return std::optional<std::string>();
  }
  return store.GetRecord(RecordFamily::kAlerts, "token/" + std::string(token));
}

Result<std::string> EnsureFeedToken(storage::Store& store, std::string_view user) {
  const auto lock = store.LockRecords();
  auto existing = store.GetRecord(RecordFamily::kAlerts, "feed/" + std::string(user));
  if (!existing) return existing.error();
  if (*existing) return **existing;
  const std::string token = RandomHex(16);
  storage::RecordBatch batch;
  batch.Put(RecordFamily::kAlerts, "feed/" + std::string(user), token);
  batch.Put(RecordFamily::kAlerts, "token/" + token, std::string(user));
  if (Status st = store.Commit(batch, /*sync=*/true); !st) return st.error();
  return token;
}

}  // namespace pw::daemon
