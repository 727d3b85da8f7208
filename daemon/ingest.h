#pragma once
/// Ingest: turns one fetch response into stored items and an updated source
/// state. Runs on a worker thread; the only side effects are the Store writes.
#include "crawler/fetcher.h"
#include "daemon/poller.h"
#include "daemon/settings.h"
#include "storage/store.h"

namespace pw::daemon {

/// Parses, scores and stores the items of `response` for `source`, updates
/// `state` (validators, failures, last error) and saves it. Never throws:
/// every failure ends up in PollOutcome::error and in the saved state.
PollOutcome Ingest(const Settings& settings, const config::SourceConfig& source,
                   const crawler::FetchResponse& response, storage::Store& store,
                   storage::SourceState state, UnixTime now);

}  // namespace pw::daemon
