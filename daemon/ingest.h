#pragma once
/// Ingest: turns one fetch response into stored items and an updated source
/// state. Runs on a worker thread; the only side effects are the Store writes
/// and log lines.
#include <string>

#include "crawler/fetcher.h"
#include "crawler/schedule.h"
#include "daemon/poller.h"
#include "daemon/settings.h"
#include "storage/store.h"

namespace pw::daemon {

/// Parses, scores and stores the items of `response` for `source`, updates
/// `state` and saves it: validators, failures and their kind, the next due
/// time (crawler/schedule.h: adaptive interval, backoff, circuit, Retry-After),
/// the publication-rate estimate, a permanent redirect seen on two
/// consecutive polls (the source's URL in its state changes, logged as a
/// warning) and health. Never throws: every failure ends up in
/// PollOutcome::error and in the saved state.
PollOutcome Ingest(const Settings& settings, const config::SourceConfig& source,
                   const crawler::FetchResponse& response, storage::Store& store,
                   storage::SourceState state, UnixTime now);

/// The rule ids of a score's topics, strongest first: a case's topics.
std::vector<std::string> CaseTopics(const Score& score);

/// Queues candidates as workflow cases (workflow/case_store.h): a new case
/// in state detected for a story cluster that has none, else the item joins
/// its cluster's case. Idempotent. Called right after the items are stored,
/// and not synced, like them; the daemon also calls it at start for stored
/// candidates, so a crash between the two writes loses no case. `profile`:
/// the profile that scored them (its id is recorded on new cases; its
/// threshold sets their severity).
Status OpenCases(storage::Store& store, const std::vector<Item>& items, UnixTime now,
                 const config::Profile& profile);

/// The story signature of an entry (analysis/simhash.h over its summary
/// when that has 25 words or more, else over title and summary), never 0.
/// Items about the province are clustered by it.
std::uint64_t StorySignature(const FeedItem& entry);

/// The URL to poll for `source`: the one a confirmed permanent redirect moved
/// it to, unless the configuration has changed the source's URL since.
std::string PollUrl(const config::SourceConfig& source, const storage::SourceState& state);

/// A fetch of `url` with the configuration's user agent, body cap and time
/// limits (validators are the caller's).
crawler::FetchRequest RequestFor(const config::Config& cfg, std::string url);

/// The current time, whole seconds since the epoch.
UnixTime NowUnix();

/// The scheduling policy of `source` under `config`.
crawler::SchedulePolicy PolicyFor(const config::Config& config, const config::SourceConfig& source);

}  // namespace pw::daemon
