#include "daemon/ingest.h"

#include <algorithm>
#include <chrono>
#include <random>

#include <spdlog/spdlog.h>

#include "analysis/simhash.h"
#include "daemon/alerts_engine.h"
#include "crawler/feed_parser.h"
#include "workflow/case_store.h"

namespace pw::daemon {
namespace {

void Fail(PollOutcome& outcome, storage::SourceState& state, std::string error, std::string kind) {
  outcome.error = std::move(error);
  state.last_error = outcome.error;
  state.last_error_kind = std::move(kind);
  ++state.consecutive_failures;
}

// The kind of a transport error, from the fetcher's readable messages.
std::string TransportKind(const std::string& error) {
  if (error.find("timed out") != std::string::npos || error.find("too slow") != std::string::npos) {
    return "timeout";
  }
  if (error.starts_with("body larger than")) return "too-large";
  return "network";
}

// A random value in [-1, 1] for the scheduler's jitter (the only randomness).
double DrawJitter() {
  thread_local std::mt19937 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(-1.0, 1.0)(rng);
}

// A permanent redirect must be seen on two consecutive polls before the
// source's URL changes: one misconfigured response must not move it for good.
void FollowPermanentRedirect(const config::SourceConfig& source,
                             const crawler::FetchResponse& response, storage::SourceState& state) {
  if (!(response.ok() || response.not_modified()) || !response.permanently_redirected() ||
      response.effective_url.empty() || response.effective_url == response.url) {
    state.pending_redirect.clear();
    return;
  }
  const std::string& target = response.effective_url;
  if (state.pending_redirect != target) {
    state.pending_redirect = target;
    spdlog::info("source {}: {} redirects permanently to {} (the URL changes if the next poll "
                 "says so too)", source.id, response.url, target);
    return;
  }
  spdlog::warn("source {}: moved permanently from {} to {}; polling the new URL from now on",
               source.id, response.url, target);
  state.url = target;
  state.moved_from = source.url;
  state.pending_redirect.clear();
}

}  // namespace

std::vector<std::string> CaseTopics(const Score& score) {
  std::vector<std::string> topics;
  for (const Topic& t : score.topics) topics.push_back(t.rule);
  return topics;
}

Status OpenCases(storage::Store& store, const std::vector<Item>& items, UnixTime now,
                 const config::Profile& profile) {
  workflow::CaseStore cases(store);
  for (const Item& item : items) {
    if (!item.score.candidate) continue;
    auto opened = cases.OpenForCandidate(item, item.cluster_id, CaseTopics(item.score), now, profile.id,
                                         /*sync=*/false,
                                         workflow::CandidateSeverity(item.score.value, profile.threshold));
    if (!opened) return opened.error();
    if (opened->second) spdlog::info("case {} opened for {} ({})", opened->first, item.key, item.entry.title);
  }
  return {};
}

std::uint64_t StorySignature(const FeedItem& entry) {
  // A body long enough to identify the story is hashed alone, so that a
  // retitled copy keeps its signature; a short one goes with the title.
  constexpr std::size_t kBodyWords = 25;
  const std::size_t words = static_cast<std::size_t>(
      std::count(entry.summary.begin(), entry.summary.end(), ' ')) + 1;
  const std::uint64_t h = analysis::SimHash(words >= kBodyWords ? entry.summary
                                                                : entry.title + "\n" + entry.summary);
  return h != 0 ? h : 1;  // 0 means "not clustered" to the store
}

std::string PollUrl(const config::SourceConfig& source, const storage::SourceState& state) {
  return !state.url.empty() && state.moved_from == source.url ? state.url : source.url;
}

crawler::FetchRequest RequestFor(const config::Config& cfg, std::string url) {
  crawler::FetchRequest request;
  request.url = std::move(url);
  request.user_agent = cfg.user_agent;
  request.max_body_bytes = cfg.max_body_bytes;
  request.connect_timeout_ms = static_cast<long>(cfg.connect_timeout.count() * 1000);
  request.total_timeout_ms = static_cast<long>(cfg.timeout.count() * 1000);
  request.low_speed_bytes = cfg.low_speed_limit;
  request.low_speed_seconds = static_cast<long>(cfg.low_speed_time.count());
  return request;
}

UnixTime NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

crawler::SchedulePolicy PolicyFor(const config::Config& config, const config::SourceConfig& source) {
  crawler::SchedulePolicy policy;
  policy.min_interval = config.min_interval;
  policy.max_interval = config.max_interval;
  policy.default_interval = source.interval;
  return policy;
}

PollOutcome Ingest(const Settings& settings, const config::SourceConfig& source,
                   const crawler::FetchResponse& response, storage::Store& store,
                   storage::SourceState state, UnixTime now) {
  PollOutcome outcome;
  outcome.source_id = source.id;
  outcome.source_name = source.name;
  outcome.url = response.url.empty() ? source.url : response.url;
  if (!state.url.empty() && state.moved_from != source.url) {
    state.url.clear();  // the configuration moved the source itself
    state.moved_from.clear();
  }
  state.last_attempt = now;
  state.last_status = response.status;
  std::optional<UnixTime> retry_after;
  std::size_t stored_count = 0;

  if (!response.error.empty()) {
    Fail(outcome, state, response.error, TransportKind(response.error));
  } else if (response.not_modified()) {
    outcome.not_modified = true;
  } else if (!response.ok()) {
    std::string error = "HTTP status " + std::to_string(response.status);
    if (response.status == 429 || response.status == 503) {
      retry_after = crawler::ParseRetryAfter(response.retry_after, now);
      if (retry_after) error += " (retry after " + std::to_string(*retry_after - now) + " s)";
    }
    Fail(outcome, state, std::move(error), "http");
  } else if (auto feed = crawler::ParseFeed(response.body,
                                            response.effective_url.empty() ? response.url
                                                                           : response.effective_url,
                                            response.content_type, response.content_language);
             !feed) {
    Fail(outcome, state, "cannot parse the feed: " + feed.error().message, "parse");
  } else {
    outcome.parsed = feed->items.size();
    std::vector<Item> items;
    std::vector<UnixTime> published;
    items.reserve(feed->items.size());
    for (auto& entry : feed->items) {
      if (entry.published) published.push_back(*entry.published);
      Item item;
      item.key = ItemKey(entry);
      item.source_id = source.id;
      item.fetched_at = now;
      item.score = settings.scorer.ScoreItem(entry.title, entry.summary);
      item.entry = std::move(entry);
      items.push_back(std::move(item));
    }
    // Only items about the province are clustered (storage/cluster.h).
    std::vector<std::uint64_t> signatures(items.size(), 0);
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].score.mentions_province) signatures[i] = StorySignature(items[i].entry);
    }
    std::vector<bool> written;
    std::vector<std::string> clusters;
    auto stored = store.PutNew(items, &written, &signatures, &clusters);
    if (!stored) {
      Fail(outcome, state, stored.error().message, "storage");
    } else {
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (!written[i]) continue;
        items[i].cluster_id = std::move(clusters[i]);
        outcome.stored.push_back(std::move(items[i]));
      }
      stored_count = outcome.stored.size();
      if (Status opened = OpenCases(store, outcome.stored, now, settings.config.profile); !opened.ok()) {
        Fail(outcome, state, opened.error().message, "storage");
      } else if (auto alerted = GenerateAlerts(store, settings.config, outcome.stored, now); !alerted) {
        spdlog::error("alerts: {}", alerted.error().message);  // the items are stored; the start catches up
      }
      // Validators are kept only once the items are safely written: a failed
      // write must make the next poll fetch the document again, not get a 304.
      state.etag = response.etag;
      state.last_modified = response.last_modified;
      if (auto rate = crawler::EstimateItemsPerDay(published, now)) state.items_per_day = rate;
    }
  }
  const bool succeeded = outcome.error.empty();
  if (succeeded) {
    state.last_success = now;
    state.last_error.clear();
    state.last_error_kind.clear();
    state.consecutive_failures = 0;
    state.failing_since = 0;
    if (state.tracked_since == 0) state.tracked_since = now;
    if (stored_count > 0) {
      state.items_seen += stored_count;
      state.last_new_item = now;
    }
  } else if (state.failing_since == 0) {
    state.failing_since = now;
  }
  FollowPermanentRedirect(source, response, state);

  crawler::ScheduleInput input;
  input.succeeded = succeeded;
  input.consecutive_failures = state.consecutive_failures;
  input.items_per_day = state.items_per_day;
  if (source.interval_fixed) input.fixed_interval = source.interval;
  input.retry_after = retry_after;
  const auto decision = crawler::NextPoll(PolicyFor(settings.config, source), input, now,
                                          DrawJitter());
  if (decision.circuit_open && !state.circuit_open) {
    spdlog::warn("source {}: {} consecutive failures, parked (circuit open); retried every {} h "
                 "until a poll succeeds", source.id, state.consecutive_failures,
                 decision.base.count() / 3600);
  } else if (!decision.circuit_open && state.circuit_open) {
    spdlog::info("source {}: polled successfully again, circuit closed", source.id);
  }
  state.circuit_open = decision.circuit_open;
  state.next_due = decision.next_due;

  crawler::HealthInput health;
  health.consecutive_failures = state.consecutive_failures;
  health.failing_since = state.failing_since;
  health.last_new_item = state.last_new_item;
  health.tracked_since = state.tracked_since;
  health.items_seen = static_cast<double>(state.items_seen);
  std::string unhealthy = crawler::AssessHealth(crawler::HealthPolicy{}, health, now);
  if (!unhealthy.empty() && state.unhealthy.empty()) {
    spdlog::warn("source {}: unhealthy: {}", source.id, unhealthy);
    storage::SourceState spell = state;
    spell.unhealthy = unhealthy;
    if (auto alerted = AlertUnhealthySource(store, settings.config, source, spell, now); !alerted) {
      spdlog::error("alerts: {}", alerted.error().message);
    }
  } else if (unhealthy.empty() && !state.unhealthy.empty()) {
    spdlog::info("source {}: healthy again", source.id);
  }
  state.unhealthy = std::move(unhealthy);

  outcome.next_due = state.next_due;
  outcome.circuit_open = state.circuit_open;
  outcome.unhealthy = state.unhealthy;
  if (auto st = store.PutSource(source.id, state); !st && outcome.error.empty()) {
    outcome.error = st.error().message;
  }
  return outcome;
}

}  // namespace pw::daemon
