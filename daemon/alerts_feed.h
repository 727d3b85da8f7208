#pragma once
/// The personal Atom 1.0 feed (RFC 4287) of a user's alerts, behind a
/// secret token: GET /alerts/{token}.atom, and ?topic=ID for the alerts of
/// one topic (a rule id of the scores: "false-info", "border"...). The web
/// server routes the request to AnswerAlertFeed; `provwatch alert feed-url`
/// prints the path.
///
/// The feed: id tag:provwatch.invalid,2026:alerts/<user>[/<topic>], title,
/// updated (newest entry), author, self link. Each entry: id (the alert's
/// stable urn:uuid), title, link rel=alternate to the item, summary (score,
/// topics, explanation, outlets — Vietnamese), published (the item's),
/// updated (the alert's), one category per topic, and a category per outlet
/// with scheme "urn:provwatch:outlet" (the cluster's outlets when the feed is
/// read: the story may have spread since). At most kMaxFeedEntries, newest first.
/// Pure except for the store reads; safe on any thread.
#include <string>
#include <string_view>
#include <vector>

#include "daemon/alerts_store.h"
#include "storage/store.h"

namespace pw::daemon {

inline constexpr std::size_t kMaxFeedEntries = 100;

/// An HTTP answer for the web server to send as is.
struct FeedAnswer {
  int status = 200;
  std::string content_type;
  std::string body;
};

/// The Atom document of `entries` (newest first) for `user`; `topic` empty
/// for all. `self_url`: the feed's own URL (may be empty). Pure.
std::string RenderAlertFeed(std::string_view user, std::string_view topic, const std::vector<AlertEntry>& entries,
                            std::string_view self_url);

/// Answers GET /alerts/{token}.atom[?topic=ID]: 200 with
/// application/atom+xml; charset=utf-8, or 404 (unknown token; no hint which
/// part was wrong) or 500 (store failure), text/plain in Vietnamese then English.
FeedAnswer AnswerAlertFeed(const storage::Store& store, std::string_view token, std::string_view topic,
                           std::string_view self_url);

/// "/alerts/" + token + ".atom"
std::string AlertFeedPath(std::string_view token);

}  // namespace pw::daemon
