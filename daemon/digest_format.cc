#include "daemon/digest_format.h"

#include <array>
#include <cstdio>
#include <utility>

namespace pw::daemon::digest {

using namespace std::chrono;

std::string Number(std::size_t n, Lang lang) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += lang == Lang::kEn ? ',' : '.';
    out += digits[i];
  }
  return out;
}

std::string Date(sys_days d) {
  const year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", static_cast<unsigned>(ymd.day()),
                static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()));
  return buf;
}

std::string_view DayName(weekday d, Lang lang) {
  static constexpr std::array<std::string_view, 7> kVi{"Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm",
                                                       "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"};
  static constexpr std::array<std::string_view, 7> kEn{"Monday", "Tuesday", "Wednesday", "Thursday",
                                                       "Friday", "Saturday", "Sunday"};
  return (lang == Lang::kEn ? kEn : kVi)[d.iso_encoding() - 1];
}

std::string_view ShortDayName(weekday d, Lang lang) {
  static constexpr std::array<std::string_view, 7> kVi{"T2", "T3", "T4", "T5", "T6", "T7", "CN"};
  static constexpr std::array<std::string_view, 7> kEn{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  return (lang == Lang::kEn ? kEn : kVi)[d.iso_encoding() - 1];
}

std::string LocalDateTime(UnixTime t) {
  const sys_seconds local = sys_seconds(seconds(t)) + hours(7);
  const sys_days d = floor<days>(local);
  const hh_mm_ss hms{local - d};
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()));
  return Date(d) + " " + buf;
}

std::string_view SourceTypeName(std::string_view type, Lang lang) {
  static constexpr std::array<std::array<std::string_view, 3>, 5> kNames{{
      {"press-vn", "Báo chí trong nước", "Vietnamese press"},
      {"gov", "Cổng thông tin cơ quan nhà nước", "Government portals"},
      {"social", "Mạng xã hội", "Social media"},
      {"foreign", "Trang nước ngoài và khác", "Foreign and other sites"},
      {"other", "Nguồn khác", "Other sources"}}};
  for (const auto& n : kNames) {
    if (n[0] == type) return lang == Lang::kEn ? n[2] : n[1];
  }
  return type;
}

std::string MeasureName(std::string_view kind, Lang lang) {
  static constexpr std::array<std::array<std::string_view, 3>, 9> kNames{{
      {"press-release", "Thông cáo báo chí", "Press release"},
      {"spokesperson-statement", "Phát ngôn của người phát ngôn", "Spokesperson statement"},
      {"press-briefing", "Giao ban báo chí", "Press briefing"},
      {"press-conference", "Họp báo", "Press conference"},
      {"portal-post-vi", "Đăng trên cổng thông tin (tiếng Việt)", "Portal post (Vietnamese)"},
      {"portal-post-foreign", "Đăng trên cổng thông tin (tiếng nước ngoài)", "Portal post (foreign languages)"},
      {"press-information", "Cung cấp thông tin cho báo chí", "Information supplied to the press"},
      {"correction-request", "Đề nghị cải chính", "Correction request"},
      {"border-outreach", "Thông tin cho lực lượng và nhân dân biên giới", "Border-area outreach"}}};
  for (const auto& n : kNames) {
    if (n[0] == kind) return std::string(lang == Lang::kEn ? n[2] : n[1]);
  }
  return std::string(kind);
}

}  // namespace pw::daemon::digest
