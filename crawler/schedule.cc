#include "crawler/schedule.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace pw::crawler {
namespace {

constexpr double kDay = 86400.0;

std::chrono::seconds Jitter(std::chrono::seconds base, double fraction, double jitter) {
  jitter = std::clamp(jitter, -1.0, 1.0);
  const double s = static_cast<double>(base.count()) * (1.0 + fraction * jitter);
  return std::chrono::seconds(static_cast<long long>(std::llround(std::max(s, 1.0))));
}

std::string Days(double seconds) {
  char buf[64];
  const double days = seconds / kDay;
  if (days >= 2) std::snprintf(buf, sizeof buf, "%.0f days", std::floor(days));
  else std::snprintf(buf, sizeof buf, "%.0f hours", std::floor(seconds / 3600));
  return buf;
}

}  // namespace

ScheduleDecision NextPoll(const SchedulePolicy& policy, const ScheduleInput& input, UnixTime now,
                          double jitter) {
  ScheduleDecision d;
  std::chrono::seconds delay{0};
  if (!input.succeeded && input.consecutive_failures >= policy.circuit_failures) {
    d.circuit_open = true;
    d.base = policy.parked_interval;
    delay = Jitter(d.base, policy.failure_jitter, jitter);
  } else if (!input.succeeded) {
    const int exponent = std::clamp(input.consecutive_failures - 1, 0, 30);
    const double grown = static_cast<double>(policy.backoff_base.count()) * std::ldexp(1.0, exponent);
    d.base = std::chrono::seconds(static_cast<long long>(
        std::min(grown, static_cast<double>(policy.backoff_max.count()))));
    delay = Jitter(d.base, policy.failure_jitter, jitter);
  } else {
    if (input.fixed_interval) {
      d.base = *input.fixed_interval;
    } else if (input.items_per_day && *input.items_per_day > 0) {
      const double interval = kDay / *input.items_per_day;
      d.base = std::chrono::seconds(static_cast<long long>(
          std::clamp(interval, static_cast<double>(policy.min_interval.count()),
                     static_cast<double>(policy.max_interval.count()))));
    } else if (input.items_per_day) {
      d.base = policy.max_interval;  // known to publish nothing
    } else {
      d.base = std::clamp(policy.default_interval, policy.min_interval, policy.max_interval);
    }
    delay = Jitter(d.base, policy.success_jitter, jitter);
  }
  d.next_due = now + delay.count();
  if (input.retry_after) {
    const UnixTime floor = std::min(*input.retry_after, now + policy.retry_after_max.count());
    d.next_due = std::max(d.next_due, floor);
  }
  return d;
}

std::optional<double> EstimateItemsPerDay(const std::vector<UnixTime>& published, UnixTime now) {
  constexpr UnixTime kWindow = 7 * 86400;
  if (published.empty()) return std::nullopt;
  UnixTime oldest = now;
  std::size_t recent = 0;
  for (UnixTime t : published) {
    t = std::min(t, now);
    oldest = std::min(oldest, t);
    if (now - t <= kWindow) ++recent;
  }
  if (now - oldest >= kWindow) return static_cast<double>(recent) / 7.0;
  const double span = std::max(static_cast<double>(now - oldest), 3600.0);
  return static_cast<double>(recent) * kDay / span;
}

std::optional<UnixTime> ParseRetryAfter(std::string_view value, UnixTime now) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r' ||
                            value.back() == '\n')) {
    value.remove_suffix(1);
  }
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > 9) return now + 999'999'999;  // absurd; the policy caps it
    UnixTime seconds = 0;
    for (char c : value) seconds = seconds * 10 + (c - '0');
    return now + seconds;
  }
  // IMF-fixdate, the form RFC 9110 requires senders to use.
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char weekday[4] = {}, month[4] = {}, zone[4] = {};
  int day = 0, year = 0, hour = 0, minute = 0, second = 0;
  const std::string text(value);
  if (std::sscanf(text.c_str(), "%3s, %d %3s %d %d:%d:%d %3s", weekday, &day, month, &year, &hour,
                  &minute, &second, zone) != 8) {
    return std::nullopt;
  }
  if (std::string_view(zone) != "GMT" && std::string_view(zone) != "UTC") return std::nullopt;
  int mon = -1;
  for (int i = 0; i < 12; ++i) {
    if (std::string_view(month) == kMonths[i]) mon = i;
  }
  if (mon < 0 || day < 1 || day > 31 || year < 1970 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = mon;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  const UnixTime at = static_cast<UnixTime>(timegm(&tm));
  return std::max(at, now);
}

std::string AssessHealth(const HealthPolicy& policy, const HealthInput& input, UnixTime now) {
  if (input.consecutive_failures > 0 && input.failing_since > 0 &&
      now - input.failing_since > policy.failing_for.count()) {
    return "failing for " + Days(static_cast<double>(now - input.failing_since)) + " (" +
           std::to_string(input.consecutive_failures) + " consecutive failures)";
  }
  if (input.tracked_since > 0) {
    const UnixTime since = input.last_new_item > 0 ? input.last_new_item : input.tracked_since;
    // The usual rate is measured while it published, not diluted by the silence.
    const double active_days =
        std::max(static_cast<double>(since - input.tracked_since) / kDay, 1.0);
    const double usual = input.items_seen / active_days;
    if (now - since > policy.silent_for.count() && usual >= policy.usual_items_per_day) {
      char rate[32];
      std::snprintf(rate, sizeof rate, "%.1f", usual);
      return "no new item for " + Days(static_cast<double>(now - since)) + " (used to publish " +
             rate + " a day)";
    }
  }
  return {};
}

}  // namespace pw::crawler
