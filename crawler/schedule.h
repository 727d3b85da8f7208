#pragma once
/// Schedule: the pure decisions of when to poll a source next, whether its
/// circuit is open and whether it is healthy. Values in, values out: no
/// clock (callers pass `now`), no randomness (callers pass a jitter value),
/// no I/O. Safe to call from any thread.
///
/// Policy, in order of precedence:
///   1. Circuit open: after `circuit_failures` consecutive failures the source
///      is parked and retried every `parked_interval` until a success closes it.
///   2. Failure: exponential backoff, `backoff_base` * 2^(failures-1), capped at
///      `backoff_max`, jittered by ±`failure_jitter`.
///   3. Success: a fixed interval when the source configures one; otherwise
///      one day divided by its items-per-day estimate, clamped to
///      [min_interval, max_interval] (the configured default interval when no
///      estimate exists yet); jittered by ±`success_jitter`.
///   A server's Retry-After (429/503) is a floor on all three: never poll
///   before it, and never later than `retry_after_max` because of it.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/item.h"

namespace pw::crawler {

/// Tunables of the scheduler; the defaults are the documented behaviour.
struct SchedulePolicy {
  std::chrono::seconds min_interval{5 * 60};        ///< adaptive lower bound
  std::chrono::seconds max_interval{24 * 3600};     ///< adaptive upper bound
  std::chrono::seconds default_interval{15 * 60};   ///< adaptive start, before any estimate
  double success_jitter = 0.10;                     ///< ± fraction of the interval
  std::chrono::seconds backoff_base{2 * 60};
  std::chrono::seconds backoff_max{6 * 3600};
  double failure_jitter = 0.20;
  int circuit_failures = 10;                        ///< consecutive failures that open the circuit
  std::chrono::seconds parked_interval{6 * 3600};   ///< retry period while the circuit is open
  std::chrono::seconds retry_after_max{24 * 3600};  ///< a longer Retry-After is cut to this
};

/// What the scheduler knows of one source after a poll.
struct ScheduleInput {
  bool succeeded = true;          ///< the poll that just ended (a 304 is a success)
  int consecutive_failures = 0;   ///< including the poll that just ended
  /// Items per day the source publishes; nullopt when unknown.
  std::optional<double> items_per_day;
  /// The source's own fixed interval (configured `interval`); nullopt = adaptive.
  std::optional<std::chrono::seconds> fixed_interval;
  /// Absolute time before which the server asked not to be polled (Retry-After).
  std::optional<UnixTime> retry_after;
};

struct ScheduleDecision {
  UnixTime next_due = 0;       ///< when to poll next
  bool circuit_open = false;   ///< parked after too many failures
  std::chrono::seconds base{0};  ///< the interval before jitter (for logs and display)
};

/// Decides the next poll. `jitter` is a value in [-1, 1] the caller draws at
/// random (0 = no jitter); it scales the policy's jitter fractions.
ScheduleDecision NextPoll(const SchedulePolicy& policy, const ScheduleInput& input, UnixTime now,
                          double jitter);

/// Items per day from the publication times of a feed's items: the items of
/// the last 7 days divided by 7 when the feed reaches back that far, else
/// divided by the days its items span up to `now` (at least one hour).
/// nullopt when no item carries a publication time. Future dates count as now.
std::optional<double> EstimateItemsPerDay(const std::vector<UnixTime>& published, UnixTime now);

/// Parses a Retry-After value, delta-seconds ("120") or an HTTP date
/// ("Wed, 21 Oct 2015 07:28:00 GMT"), into an absolute time; nullopt when
/// empty or unreadable. A date in the past gives `now`.
std::optional<UnixTime> ParseRetryAfter(std::string_view value, UnixTime now);

/// Thresholds of the health check.
struct HealthPolicy {
  std::chrono::seconds failing_for{24 * 3600};     ///< failing longer than this = unhealthy
  std::chrono::seconds silent_for{7 * 24 * 3600};  ///< no new item for this long ...
  double usual_items_per_day = 1.0;                ///< ... when it used to publish this often
};

/// What the health check looks at.
struct HealthInput {
  int consecutive_failures = 0;
  UnixTime failing_since = 0;    ///< first failure of the current run (0 = none)
  UnixTime last_new_item = 0;    ///< last poll that brought a new item (0 = never)
  UnixTime tracked_since = 0;    ///< first successful poll (0 = never)
  double items_seen = 0;         ///< new items stored from tracked_since to last_new_item
};

/// Empty when healthy; else a readable reason, e.g. "failing for 2 days
/// (13 consecutive failures)" or "no new item for 9 days (used to publish
/// 4.0 a day)".
std::string AssessHealth(const HealthPolicy& policy, const HealthInput& input, UnixTime now);

}  // namespace pw::crawler
