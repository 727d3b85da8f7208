#pragma once
/// How the digest writes numbers, dates and names for people: the
/// Vietnamese way by default (1.234; 16/11/2026; Thứ Hai), the English way
/// with Lang::kEn (1,234; 16/11/2026; Monday). Pure functions.
#include <chrono>
#include <string>
#include <string_view>

#include "core/item.h"
#include "daemon/report.h"

namespace pw::daemon::digest {

/// 1234567 -> "1.234.567" (vi) or "1,234,567" (en).
std::string Number(std::size_t n, Lang lang);

/// "16/11/2026" in both languages (the date order officers use).
std::string Date(std::chrono::sys_days d);

/// "Thứ Hai" .. "Chủ Nhật" (vi), "Monday" .. "Sunday" (en).
std::string_view DayName(std::chrono::weekday d, Lang lang);

/// "T2" .. "CN" (vi), "Mon" .. "Sun" (en): for chart axes.
std::string_view ShortDayName(std::chrono::weekday d, Lang lang);

/// A local (UTC+7) instant as "16/11/2026 08:15".
std::string LocalDateTime(UnixTime t);

/// The people's name of a source type (workflow::SourceType): "Báo chí trong nước" ...
std::string_view SourceTypeName(std::string_view type, Lang lang);

/// The people's name of a response measure kind (config::MeasureKinds), or the kind itself.
std::string MeasureName(std::string_view kind, Lang lang);

}  // namespace pw::daemon::digest
