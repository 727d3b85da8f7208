#include "crawler/feed_date.h"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>

namespace pw::crawler {
namespace {

// 2017-02-18 08:16:55 UTC, the pubDate of a VnExpress item written in +0700.
constexpr UnixTime kVnExpressItem = 1487405815;

struct DateCase {
  std::string text;
  std::optional<UnixTime> expected;
  friend void PrintTo(const DateCase& c, std::ostream* os) { *os << '"' << c.text << '"'; }
};

class Rfc822Date : public ::testing::TestWithParam<DateCase> {};

TEST_P(Rfc822Date, ReadsWhatFeedsWrite) {
  EXPECT_EQ(ParseRfc822Date(GetParam().text), GetParam().expected) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    FeedDates, Rfc822Date,
    ::testing::Values(DateCase{"Sat, 18 Feb 2017 15:16:55 +0700", kVnExpressItem},
                      DateCase{"Thu, 01 Jan 2004 19:48:21 GMT", 1072986501},
                      DateCase{"18 Feb 2017 15:16:55 +0700", kVnExpressItem},  // no weekday
                      DateCase{"Sat 18 Feb 2017 15:16:55 +0700",
                               kVnExpressItem},  // weekday without comma
                      DateCase{"Mon, 18 Feb 2017 15:16:55 +0700", kVnExpressItem},  // wrong weekday
                      DateCase{"  Sat, 18 Feb 2017 15:16:55 +07:00  ", kVnExpressItem},
                      DateCase{"Sat, 18 Feb 2017 15:16:55 ICT", kVnExpressItem},
                      DateCase{"Sat, 18 Feb 2017 15:16:55 GMT+7", kVnExpressItem},
                      DateCase{"Sat, 18 Feb 2017 03:16:55 EST", kVnExpressItem},
                      DateCase{"Sat, 18 February 2017 08:16:55 UT", kVnExpressItem},
                      DateCase{"Sat, 18 feb 17 08:16:55 Z", kVnExpressItem},  // two-digit year
                      DateCase{"Sat, 18 Feb 2017 08:16:55", kVnExpressItem},  // no zone: UTC
                      DateCase{"Sat, 18 Feb 2017 08:16 +0000", kVnExpressItem - 55},  // no seconds
                      DateCase{"Sat, 18 Feb 2017", 1487376000},                       // no time
                      DateCase{"", std::nullopt}, DateCase{"yesterday", std::nullopt},
                      DateCase{"Sat, 31 Feb 2017 10:00:00 GMT", std::nullopt},
                      DateCase{"Sat, 18 Feb 2017 25:00:00 GMT", std::nullopt},
                      DateCase{"Sat, 18 Foo 2017 10:00:00 GMT", std::nullopt},
                      DateCase{"Sat, 18 Feb 2017 10:00:00 XYZ", std::nullopt},
                      DateCase{"Sat, 18 Feb 2017 10:00:00 +0700 trailing", std::nullopt}));

class Rfc3339Date : public ::testing::TestWithParam<DateCase> {};

TEST_P(Rfc3339Date, ReadsWhatFeedsWrite) {
  EXPECT_EQ(ParseRfc3339Date(GetParam().text), GetParam().expected) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    FeedDates, Rfc3339Date,
    ::testing::Values(DateCase{"2017-02-18T15:16:55+07:00", kVnExpressItem},
                      DateCase{"2017-02-18T08:16:55Z", kVnExpressItem},
                      DateCase{"2017-02-18t08:16:55z", kVnExpressItem},
                      DateCase{"2017-02-18T08:16:55.123456Z", kVnExpressItem},
                      DateCase{"2017-02-18 15:16:55+0700", kVnExpressItem},
                      DateCase{"2017-02-17T22:16:55-10:00", kVnExpressItem},
                      DateCase{"2017-02-18T08:16:55", kVnExpressItem},  // no zone: UTC
                      DateCase{"2017-02-18T15:16+07:00", kVnExpressItem - 55},
                      DateCase{"2017-02-18", 1487376000}, DateCase{"2017-02", 1485907200},
                      DateCase{"2017", 1483228800}, DateCase{"2017-13-01", std::nullopt},
                      DateCase{"2017-02-18T", std::nullopt}, DateCase{"17-02-18", std::nullopt},
                      DateCase{"2017-02-18T08:16:55+25:00", std::nullopt},
                      DateCase{"Sat, 18 Feb 2017 15:16:55 +0700", std::nullopt}));

TEST(FeedDate, AcceptsAnyOfTheThreeFormats) {
  EXPECT_EQ(ParseFeedDate("Sat, 18 Feb 2017 15:16:55 +0700"), kVnExpressItem);
  EXPECT_EQ(ParseFeedDate("2017-02-18T15:16:55+07:00"), kVnExpressItem);
  EXPECT_EQ(ParseFeedDate("18/02/2017 15:16:55"), kVnExpressItem);
  EXPECT_EQ(ParseFeedDate("18/02/2017"), UnixTime{1487350800});  // midnight in Vietnam
  EXPECT_EQ(ParseFeedDate("hôm qua"), std::nullopt);
}

// 20 Nov 2026 08:15 in Vietnam is 01:15 UTC.
constexpr UnixTime kNov20 = 1795137300;

class VietnameseDates : public ::testing::TestWithParam<DateCase> {};

TEST_P(VietnameseDates, ReadsLocalFormsDayFirstInVietnamTimeUnlessAZoneIsGiven) {
  EXPECT_EQ(ParseVietnameseDate(GetParam().text), GetParam().expected) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    FeedDate, VietnameseDates,
    ::testing::Values(DateCase{"Thứ hai, 20/11/2026 08:15 (GMT+7)", kNov20},
                      DateCase{"Thứ Hai, 20/11/2026, 08:15 GMT+7", kNov20},
                      DateCase{"Chủ nhật, 20/11/2026 08:15", kNov20},
                      DateCase{"20/11/2026 - 08:15", kNov20},
                      DateCase{"08:15 ngày 20/11/2026", kNov20},
                      DateCase{"08h15 ngày 20/11/2026", kNov20},
                      DateCase{"20-11-2026 08:15:00", kNov20},
                      DateCase{"20/11/2026 08:15 (GMT+07:00)", kNov20},
                      DateCase{"20/11/2026 01:15 GMT", kNov20},
                      DateCase{"20/11/2026 01:15 UTC+0", kNov20},
                      DateCase{"20/11/2026 08:15 +07:00", kNov20},
                      // decomposed input is composed before the words are read
                      DateCase{"Thu\u031b\u0301 hai, 20/11/2026 08:15", kNov20},
                      DateCase{"20/11/2026", kNov20 - 8 * 3600 - 15 * 60},
                      DateCase{"31/11/2026 08:15", std::nullopt},   // no 31 November
                      DateCase{"20/13/2026", std::nullopt},         // day first: month 13
                      DateCase{"20/11/26 08:15", std::nullopt},     // two-digit year
                      DateCase{"20/11/2026 25:00", std::nullopt},
                      DateCase{"Cập nhật 20/11/2026", std::nullopt},  // unknown words
                      DateCase{"20/11/2026 08:15 08:20", std::nullopt},
                      DateCase{"08:15", std::nullopt},
                      DateCase{"", std::nullopt}));

}  // namespace
}  // namespace pw::crawler
