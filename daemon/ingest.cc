#include "daemon/ingest.h"

#include "crawler/feed_parser.h"

namespace pw::daemon {
namespace {

void Fail(PollOutcome& outcome, storage::SourceState& state, std::string error) {
  outcome.error = std::move(error);
  state.last_error = outcome.error;
  ++state.consecutive_failures;
}

}  // namespace

PollOutcome Ingest(const Settings& settings, const config::SourceConfig& source,
                   const crawler::FetchResponse& response, storage::Store& store,
                   storage::SourceState state, UnixTime now) {
  PollOutcome outcome;
  outcome.source_id = source.id;
  outcome.source_name = source.name;
  outcome.url = source.url;
  state.last_attempt = now;
  state.last_status = response.status;

  if (!response.error.empty()) {
    Fail(outcome, state, response.error);
  } else if (response.not_modified()) {
    outcome.not_modified = true;
  } else if (!response.ok()) {
    Fail(outcome, state, "HTTP status " + std::to_string(response.status));
  } else if (auto feed = crawler::ParseFeed(response.body, response.effective_url.empty()
                                                               ? response.url
                                                               : response.effective_url);
             !feed) {
    Fail(outcome, state, "cannot parse the feed: " + feed.error().message);
  } else {
    outcome.parsed = feed->items.size();
    std::vector<Item> items;
    items.reserve(feed->items.size());
    for (auto& entry : feed->items) {
      Item item;
      item.key = ItemKey(entry);
      item.source_id = source.id;
      item.fetched_at = now;
      item.score = settings.scorer.ScoreItem(entry.title, entry.summary);
      item.entry = std::move(entry);
      items.push_back(std::move(item));
    }
    std::vector<bool> written;
    auto stored = store.PutNew(items, &written);
    if (!stored) {
      Fail(outcome, state, stored.error().message);
    } else {
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (written[i]) outcome.stored.push_back(std::move(items[i]));
      }
      // Validators are kept only once the items are safely written: a failed
      // write must make the next poll fetch the document again, not get a 304.
      state.etag = response.etag;
      state.last_modified = response.last_modified;
    }
  }
  if (outcome.error.empty()) {
    state.last_success = now;
    state.last_error.clear();
    state.consecutive_failures = 0;
  }
  if (auto st = store.PutSource(source.id, state); !st && outcome.error.empty()) {
    outcome.error = st.error().message;
  }
  return outcome;
}

}  // namespace pw::daemon
