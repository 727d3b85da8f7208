#pragma once
/// The `[digest]` table of a configuration: when the weekly digest is
/// e-mailed and to whom (README.md, "Configuration"). Plain data and a pure
/// parser; the daemon computes the send times (daemon/digest_schedule.h).
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pw::config {

/// A weekly send time in the province's local time (UTC+7, no daylight saving).
struct DigestSchedule {
  std::chrono::weekday day = std::chrono::Monday;
  std::chrono::minutes time{7 * 60};  ///< since local midnight, < 24h
};

/// "Mon 07:00": an English day name (Mon..Sun, or Monday..Sunday, any case)
/// or a Vietnamese one ("Thứ Hai".."Thứ Bảy", "Chủ Nhật", with or without
/// accents), a space, and a 24-hour "HH:MM". Error says what was expected.
Result<DigestSchedule> ParseDigestSchedule(std::string_view text);

struct DigestConfig {
  std::string schedule_text = "Mon 07:00";
  DigestSchedule schedule;
  std::vector<std::string> recipients;  ///< e-mail addresses; empty: nobody is sent the digest
  std::string lang = "vi";              ///< "vi" or "en": the language of the e-mailed digest
};

}  // namespace pw::config
