#pragma once
/// Dates as feeds write them, to UnixTime (UTC). Pure functions.
///
/// Real feeds bend both standards: weekdays go missing or are wrong, zones
/// are "+0700", "+07:00", "GMT", "ICT" or absent, seconds are dropped. The
/// parsers accept those variants and reject what cannot be read unambiguously
/// (nullopt), so a bad date never becomes a wrong one. A missing zone means UTC
/// in RFC 822 and RFC 3339 dates, and +07:00 in the Vietnamese forms.
#include <optional>
#include <string_view>

#include "core/item.h"

namespace pw::crawler {

/// RFC 822 / RFC 1123 as in RSS <pubDate>: "Sat, 18 Feb 2017 15:16:55 +0700".
/// The weekday is optional and not checked; two-digit years are 19xx from 50
/// up, else 20xx; named zones: UT, UTC, GMT, Z, the US zones (EST...PDT) and
/// a few others (ICT = Indochina Time, +07:00).
std::optional<UnixTime> ParseRfc822Date(std::string_view text);

/// RFC 3339 / W3C-DTF as in Atom and <dc:date>: "2017-02-18T15:16:55+07:00",
/// also with fractional seconds, a space for 'T', "+0700", no seconds, or a
/// date alone ("2017-02-18", "2017-02", "2017").
std::optional<UnixTime> ParseRfc3339Date(std::string_view text);

/// Local Vietnamese forms, day first: "Thứ hai, 20/11/2026 08:15 (GMT+7)",
/// "20/11/2026 - 08:15", "08:15 ngày 20/11/2026", "20-11-2026", with an
/// optional zone ("GMT+7", "UTC+07:00", "+07:00", "ICT"). Without a zone the
/// time is Vietnam's (+07:00). Only weekday names and the words "ngày",
/// "lúc", "giờ" may stand beside the numbers; anything else is nullopt.
std::optional<UnixTime> ParseVietnameseDate(std::string_view text);

/// The first of RFC 3339, RFC 822 and the Vietnamese forms that reads `text`.
std::optional<UnixTime> ParseFeedDate(std::string_view text);

}  // namespace pw::crawler
