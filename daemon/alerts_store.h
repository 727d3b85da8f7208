#pragma once
/// The alert records kept in the store's kAlerts family (storage/store.h
/// RecordFamily): per-user alert rules, secret feed tokens, the alert entries
/// of the Atom feeds, and the delivery outbox and dead letters of webhooks
/// and e-mail.
///
/// Key encodings (values are JSON objects, the codecs are in alerts_store.cc):
///   rule/<user>/<rule id>        AlertRule       rule id "r-" + 8 hex digits
///   token/<token>                user name       token: 32 hex digits (128 random bits)
///   feed/<user>                  token           the user's feed token
///   entry/<user>/<cluster id>    AlertEntry      one per (user, story cluster): the key is the dedup
///   entry/<user>/src:<source>:<spell start>      an unhealthy-source alert, one per spell
///   outbox/<delivery id>         Delivery        pending webhook or e-mail delivery
///   dead/<delivery id>           Delivery        gave up after AlertsConfig::dead_letter_after failures
/// Delivery id: "d" + 13-digit creation time in ms + "-" + 8 hex digits, so
/// outbox and dead letters list oldest first. User names with '/' get no rules
/// (ValidUserName).
///
/// An entry and its deliveries are written in one Commit, so a crash leaves
/// both or neither; a restart finds the outbox and resumes delivery.
/// Thread rules: plain functions over a Store (itself thread-safe); callers
/// that read then write hold Store::LockRecords.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/item.h"
#include "core/result.h"
#include "daemon/random_hex.h"
#include "storage/store.h"

namespace pw::daemon {

/// What a user wants to be alerted about, and where (the Atom feed always).
struct AlertRule {
  std::string id;
  std::string user;
  std::string profile;              ///< empty: any profile
  std::vector<std::string> topics;  ///< rule ids (score topics); empty: any
  /// Minimum score; 0: the profile's candidates. Above 0: any item about the
  /// province scoring at least this (below the threshold too).
  double min_score = 0;
  std::string webhook_url;          ///< empty: no webhook
  std::string webhook_secret;       ///< HMAC-SHA256 key of the signature header
  std::string email;                ///< empty: no e-mail
  UnixTime created = 0;             ///< items fetched before it never match (no flood of history)
};

/// One alert: an entry of the user's Atom feed and the subject of its deliveries.
struct AlertEntry {
  std::string id;          ///< "urn:uuid:..." (stable Atom id)
  std::string user;
  std::string kind;        ///< "candidate" or "source" (an unhealthy source)
  std::string cluster_id;  ///< story cluster, or "src:<source>:<spell start>"
  std::string item_key;    ///< the item that raised it (empty for a source alert)
  std::string source_id;
  std::string title;
  std::string link;
  std::string summary;     ///< Vietnamese: score, topics, explanation, outlets
  double score = 0;
  std::vector<std::string> topics;
  std::vector<std::string> outlets;  ///< source ids of the cluster when alerted
  std::vector<std::string> rules;    ///< alert rule ids that matched
  UnixTime published = 0;  ///< item publication (else fetch) time
  UnixTime updated = 0;    ///< when the alert was raised
};

/// One pending (or dead) delivery of an entry over one channel.
struct Delivery {
  std::string id;
  std::string user;
  std::string entry_key;   ///< kAlerts key of the AlertEntry
  std::string channel;     ///< "webhook" or "email"
  std::string target;      ///< URL or e-mail address
  std::string secret;      ///< webhook only
  int attempts = 0;        ///< failed attempts so far
  std::int64_t next_attempt_ms = 0;  ///< not before (ms since the epoch)
  std::string last_error;
  UnixTime created = 0;
  UnixTime dead_at = 0;    ///< when it became a dead letter (0: pending)
};

/// True for a user name that can key alert records (non-empty, no '/').
bool ValidUserName(std::string_view user);

std::string RuleKey(std::string_view user, std::string_view rule_id);
std::string EntryKey(std::string_view user, std::string_view cluster_id);
std::string OutboxKey(std::string_view delivery_id);
std::string DeadKey(std::string_view delivery_id);

std::string EncodeRule(const AlertRule& rule);
Result<AlertRule> DecodeRule(std::string_view json);
std::string EncodeEntry(const AlertEntry& entry);
Result<AlertEntry> DecodeEntry(std::string_view json);
std::string EncodeDelivery(const Delivery& delivery);
Result<Delivery> DecodeDelivery(std::string_view json);

/// A new random "urn:uuid:" (version 4).
std::string NewUrnUuid();
/// A new delivery id created at `now_ms` (see the key encodings above).
std::string NewDeliveryId(std::int64_t now_ms);

/// Every rule (with `user`: that user's), in key order.
Result<std::vector<AlertRule>> LoadRules(const storage::Store& store, std::string_view user = {});
/// The user's entries, newest (updated) first.
Result<std::vector<AlertEntry>> LoadEntries(const storage::Store& store, std::string_view user);
/// Deliveries under "outbox/" or "dead/" (`dead`), oldest first.
Result<std::vector<Delivery>> LoadDeliveries(const storage::Store& store, bool dead);
/// The user a feed token belongs to, or nullopt.
Result<std::optional<std::string>> FeedTokenUser(const storage::Store& store, std::string_view token);
/// The user's feed token, created (and synced) when missing.
Result<std::string> EnsureFeedToken(storage::Store& store, std::string_view user);

}  // namespace pw::daemon
