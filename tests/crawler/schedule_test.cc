#include "crawler/schedule.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace pw::crawler {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

constexpr UnixTime kNow = 1'800'000'000;  // 2027-01-15

struct NextPollCase {
  const char* name;
  ScheduleInput input;
  double jitter;
  long long want_delay;  // seconds after kNow
  bool want_open;
};

TEST(Schedule, DecidesTheNextPollForEachHistory) {
  const SchedulePolicy policy;  // 5 min .. 24 h, backoff 2 min .. 6 h, circuit at 10
  const std::vector<NextPollCase> cases = {
      {"no estimate yet: the default interval", {true, 0, std::nullopt, std::nullopt, std::nullopt}, 0, 900, false},
      {"48 items a day: every 30 min", {true, 0, 48.0, std::nullopt, std::nullopt}, 0, 1800, false},
      {"1000 a day is clamped to 5 min", {true, 0, 1000.0, std::nullopt, std::nullopt}, 0, 300, false},
      {"one item a week is clamped to 24 h", {true, 0, 1.0 / 7, std::nullopt, std::nullopt}, 0, 86400, false},
      {"known silent: the upper bound", {true, 0, 0.0, std::nullopt, std::nullopt}, 0, 86400, false},
      {"a fixed interval wins over the estimate", {true, 0, 1000.0, 2h, std::nullopt}, 0, 7200, false},
      {"jitter +1 adds 10 %", {true, 0, 48.0, std::nullopt, std::nullopt}, 1, 1980, false},
      {"jitter -1 takes 10 %", {true, 0, 48.0, std::nullopt, std::nullopt}, -1, 1620, false},
      {"first failure: 2 min", {false, 1, 48.0, std::nullopt, std::nullopt}, 0, 120, false},
      {"third failure: 8 min", {false, 3, 48.0, std::nullopt, std::nullopt}, 0, 480, false},
      {"failure backoff jitters by 20 %", {false, 3, 48.0, std::nullopt, std::nullopt}, 1, 576, false},
      {"ninth failure is capped at 6 h", {false, 9, 48.0, std::nullopt, std::nullopt}, 0, 21600, false},
      {"tenth failure opens the circuit", {false, 10, 48.0, std::nullopt, std::nullopt}, 0, 21600, true},
      {"a parked source stays parked", {false, 25, 48.0, std::nullopt, std::nullopt}, 0, 21600, true},
      {"a success closes the circuit", {true, 0, 48.0, std::nullopt, std::nullopt}, 0, 1800, false},
      {"Retry-After later than the backoff wins", {false, 1, 48.0, std::nullopt, kNow + 3600}, 0, 3600, false},
      {"Retry-After earlier than the backoff is moot", {false, 4, 48.0, std::nullopt, kNow + 60}, 0, 960, false},
      {"Retry-After is capped at 24 h", {false, 1, 48.0, std::nullopt, kNow + 30 * 86400}, 0, 86400, false},
  };
  for (const auto& c : cases) {
    const ScheduleDecision d = NextPoll(policy, c.input, kNow, c.jitter);
    EXPECT_EQ(d.next_due - kNow, c.want_delay) << c.name;
    EXPECT_EQ(d.circuit_open, c.want_open) << c.name;
  }
}

TEST(Schedule, HonoursConfiguredAdaptiveBounds) {
  SchedulePolicy policy;
  policy.min_interval = 1h;
  policy.max_interval = 2h;
  ScheduleInput busy{true, 0, 1000.0, std::nullopt, std::nullopt};
  ScheduleInput quiet{true, 0, 0.5, std::nullopt, std::nullopt};
  EXPECT_EQ(NextPoll(policy, busy, kNow, 0).next_due - kNow, 3600);
  EXPECT_EQ(NextPoll(policy, quiet, kNow, 0).next_due - kNow, 7200);
}

TEST(Schedule, JitterSpreadsSourcesThatWouldFireTogether) {
  const SchedulePolicy policy;
  const ScheduleInput in{true, 0, 48.0, std::nullopt, std::nullopt};
  const UnixTime low = NextPoll(policy, in, kNow, -0.5).next_due;
  const UnixTime high = NextPoll(policy, in, kNow, 0.5).next_due;
  EXPECT_LT(low, high);
  EXPECT_GE(low, kNow + 1620);
  EXPECT_LE(high, kNow + 1980);
}

struct EstimateCase {
  const char* name;
  std::vector<UnixTime> published;
  std::optional<double> want;
};

TEST(Schedule, EstimatesItemsPerDayFromPublicationTimes) {
  const UnixTime d = 86400;
  const std::vector<EstimateCase> cases = {
      {"no dates", {}, std::nullopt},
      {"14 items over the last week and older ones", {kNow - 8 * d, kNow - 1, kNow - 2 * d, kNow - 3 * d, kNow - 4 * d,
        kNow - 5 * d, kNow - 6 * d, kNow - 6 * d, kNow - 5 * d, kNow - 4 * d, kNow - 3 * d, kNow - 2 * d, kNow - d, kNow - 10, kNow - 20},
       2.0},
      {"a feed of 10 items spanning 12 hours: 20 a day", std::vector<UnixTime>(10, kNow - d / 2), 20.0},
      {"items within the last minutes count as one hour", {kNow - 60, kNow - 30}, 48.0},
      {"future dates count as now", {kNow + 999999, kNow - 3600}, 48.0},
      {"only old items: zero a day", {kNow - 30 * d, kNow - 40 * d}, 0.0},
  };
  for (const auto& c : cases) {
    const auto got = EstimateItemsPerDay(c.published, kNow);
    ASSERT_EQ(got.has_value(), c.want.has_value()) << c.name;
    if (got) {
      EXPECT_NEAR(*got, *c.want, 1e-9) << c.name;
    }
  }
}

TEST(Schedule, ParsesRetryAfterInSecondsOrAsAnHttpDate) {
  struct Case {
    const char* text;
    std::optional<UnixTime> want;
  };
  const std::vector<Case> cases = {
      {"120", kNow + 120},
      {" 0 ", kNow},
      {"Fri, 15 Jan 2027 09:00:00 GMT", kNow + 3600},
      {"Wed, 21 Oct 2015 07:28:00 GMT", kNow},  // in the past
      {"", std::nullopt},
      {"soon", std::nullopt},
      {"-5", std::nullopt},
      {"Fri, 15 Foo 2027 08:00:00 GMT", std::nullopt},
      {"Fri, 15 Jan 2027 08:00:00 PST", std::nullopt},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ParseRetryAfter(c.text, kNow), c.want) << '"' << c.text << '"';
  }
}

TEST(Schedule, ReportsASourceFailingForMoreThanADayAsUnhealthy) {
  const HealthPolicy policy;
  HealthInput in;
  in.consecutive_failures = 13;
  in.failing_since = kNow - 2 * 86400 - 5;
  EXPECT_EQ(AssessHealth(policy, in, kNow), "failing for 2 days (13 consecutive failures)");
  in.failing_since = kNow - 3600;
  EXPECT_EQ(AssessHealth(policy, in, kNow), "") << "one hour of failures is not yet a health problem";
}

TEST(Schedule, ReportsASourceThatFellSilentAfterPublishingDailyAsUnhealthy) {
  const HealthPolicy policy;
  HealthInput in;
  in.tracked_since = kNow - 30 * 86400;
  in.last_new_item = kNow - 9 * 86400;
  in.items_seen = 84;  // over 21 active days: 4 a day
  EXPECT_THAT(AssessHealth(policy, in, kNow), HasSubstr("no new item for 9 days"));
  EXPECT_THAT(AssessHealth(policy, in, kNow), HasSubstr("4.0 a day"));

  in.items_seen = 5;  // a source that rarely publishes may stay quiet
  EXPECT_EQ(AssessHealth(policy, in, kNow), "");

  in.items_seen = 84;
  in.last_new_item = kNow - 86400;
  EXPECT_EQ(AssessHealth(policy, in, kNow), "");
}

}  // namespace
}  // namespace pw::crawler
