#include "crawler/feed_date.h"

#include <chrono>
#include <string>

#include "crawler/text_util.h"

namespace pw::crawler {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// A cursor over the date text with the few token readers both grammars need.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : s_(text) {}

  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  void skip_spaces() {
    while (!done() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r' || s_[i_] == '\n')) ++i_;
  }
  bool accept(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  /// Reads between min and max digits.
  std::optional<int> number(std::size_t min, std::size_t max) {
    std::size_t n = 0;
    int value = 0;
    while (n < max && !done() && IsDigit(s_[i_])) {
      value = value * 10 + (s_[i_] - '0');
      ++i_;
      ++n;
    }
    if (n < min) return std::nullopt;
    return value;
  }
  std::size_t digits_ahead() const {
    std::size_t n = 0;
    while (i_ + n < s_.size() && IsDigit(s_[i_ + n])) ++n;
    return n;
  }
  std::string word() {
    std::string w;
    while (!done() && IsAlpha(s_[i_])) w += Lower(s_[i_++]);
    return w;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

std::optional<UnixTime> ToUnix(int year, int month, int day, int hour, int minute, int second,
                               int offset_seconds) {
  using namespace std::chrono;
  if (hour > 24 || minute > 59 || second > 60) return std::nullopt;
  if (hour == 24 && (minute != 0 || second != 0)) return std::nullopt;
  if (second == 60) second = 59;  // a leap second; the next one is as good a guess
  const year_month_day ymd{std::chrono::year{year},
                           std::chrono::month{static_cast<unsigned>(month)},
                           std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  const auto days = sys_days{ymd}.time_since_epoch().count();
  return static_cast<UnixTime>(days) * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
}

int MonthFromName(const std::string& w) {
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  if (w.size() < 3) return 0;
  for (int m = 0; m < 12; ++m) {
    if (w.compare(0, 3, kMonths[m]) == 0) return m + 1;
  }
  return 0;
}

std::optional<int> NamedZoneOffset(const std::string& zone) {
  struct Zone {
    std::string_view name;
    int hours;
  };
  static constexpr Zone kZones[] = {
      {"ut", 0},   {"utc", 0},  {"gmt", 0},  {"z", 0},    {"est", -5}, {"edt", -4}, {"cst", -6},
      {"cdt", -5}, {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7}, {"ict", 7},  {"cet", 1},
      {"cest", 2}, {"jst", 9},  {"kst", 9},  {"hkt", 8},  {"sgt", 8},  {"bst", 1},  {"wib", 7}};
  for (const auto& z : kZones) {
    if (zone == z.name) return z.hours * 3600;
  }
  return std::nullopt;
}

// "+0700", "+07:00", "+07", "-05:30" after the sign.
std::optional<int> NumericOffset(Scanner& in) {
  const bool negative = in.peek() == '-';
  if (!in.accept('+') && !in.accept('-')) return std::nullopt;
  const auto hours = in.number(2, 2);
  if (!hours) return std::nullopt;
  int minutes = 0;
  in.accept(':');
  if (in.digits_ahead() >= 2) minutes = *in.number(2, 2);
  if (*hours > 23 || minutes > 59) return std::nullopt;
  const int offset = *hours * 3600 + minutes * 60;
  return negative ? -offset : offset;
}

// A zone after the time, or nothing (UTC). Anything unreadable fails the date.
std::optional<int> ZoneOffset(Scanner& in) {
  in.skip_spaces();
  if (in.done()) return 0;
  if (in.peek() == '+' || in.peek() == '-') return NumericOffset(in);
  const std::string zone = in.word();
  auto offset = NamedZoneOffset(zone);
  // "GMT+7", "UTC+07:00"
  if (offset && *offset == 0 && (in.peek() == '+' || in.peek() == '-')) {
    const bool negative = in.peek() == '-';
    if (!in.accept('+')) in.accept('-');
    const auto hours = in.number(1, 2);
    if (!hours || *hours > 23) return std::nullopt;
    int minutes = 0;
    if (in.accept(':')) {
      const auto m = in.number(2, 2);
      if (!m) return std::nullopt;
      minutes = *m;
    }
    offset = (negative ? -1 : 1) * (*hours * 3600 + minutes * 60);
  }
  return offset;
}

bool OnlySpacesLeft(Scanner& in) {
  in.skip_spaces();
  return in.done();
}

}  // namespace

std::optional<UnixTime> ParseRfc822Date(std::string_view text) {
  Scanner in(text);
  in.skip_spaces();
  // Optional weekday, with or without its comma; never checked, feeds get it wrong.
  if (IsAlpha(in.peek())) {
    in.word();
    in.skip_spaces();
    in.accept(',');
    in.skip_spaces();
  }
  const auto day = in.number(1, 2);
  if (!day) return std::nullopt;
  in.skip_spaces();
  in.accept('-');
  const int month = MonthFromName(in.word());
  if (month == 0) return std::nullopt;
  in.skip_spaces();
  in.accept('-');
  const std::size_t year_digits = in.digits_ahead();
  auto year = in.number(2, 4);
  if (!year || year_digits == 3) return std::nullopt;
  if (year_digits == 2) *year += (*year >= 50) ? 1900 : 2000;

  int hour = 0, minute = 0, second = 0;
  in.skip_spaces();
  if (IsDigit(in.peek())) {
    const auto h = in.number(1, 2);
    if (!h || !in.accept(':')) return std::nullopt;
    const auto m = in.number(2, 2);
    if (!m) return std::nullopt;
    hour = *h;
    minute = *m;
    if (in.accept(':')) {
      const auto s = in.number(2, 2);
      if (!s) return std::nullopt;
      second = *s;
    }
  }
  const auto offset = ZoneOffset(in);
  if (!offset || !OnlySpacesLeft(in)) return std::nullopt;
  return ToUnix(*year, month, *day, hour, minute, second, *offset);
}

std::optional<UnixTime> ParseRfc3339Date(std::string_view text) {
  Scanner in(text);
  in.skip_spaces();
  if (in.digits_ahead() != 4) return std::nullopt;
  const int year = *in.number(4, 4);
  int month = 1, day = 1, hour = 0, minute = 0, second = 0, offset = 0;
  if (in.accept('-')) {
    const auto m = in.number(2, 2);
    if (!m) return std::nullopt;
    month = *m;
    if (in.accept('-')) {
      const auto d = in.number(2, 2);
      if (!d) return std::nullopt;
      day = *d;
      if (in.accept('T') || in.accept('t') || in.accept(' ')) {
        const auto h = in.number(2, 2);
        if (!h || !in.accept(':')) return std::nullopt;
        const auto mi = in.number(2, 2);
        if (!mi) return std::nullopt;
        hour = *h;
        minute = *mi;
        if (in.accept(':')) {
          const auto s = in.number(2, 2);
          if (!s) return std::nullopt;
          second = *s;
          if (in.accept('.') || in.accept(',')) {
            if (in.digits_ahead() == 0) return std::nullopt;
            in.number(1, 64);  // fractions of a second are below our resolution
          }
        }
        in.skip_spaces();
        if (in.accept('Z') || in.accept('z')) {
          offset = 0;
        } else if (in.peek() == '+' || in.peek() == '-') {
          const auto o = NumericOffset(in);
          if (!o) return std::nullopt;
          offset = *o;
        } else if (!in.done()) {
          const auto o = ZoneOffset(in);
          if (!o) return std::nullopt;
          offset = *o;
        }
      }
    }
  }
  if (!OnlySpacesLeft(in)) return std::nullopt;
  return ToUnix(year, month, day, hour, minute, second, offset);
}

namespace {

// Words that may surround a Vietnamese date (NFC, ASCII letters lower-cased).
bool IsVietnameseDateWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "th\u1ee9", "hai", "ba", "t\u01b0", "n\u0103m", "s\u00e1u", "b\u1ea3y", "ch\u1ee7",
      "nh\u1eadt", "cn", "ng\u00e0y", "l\u00fac", "gi\u1edd", "\u2013", "\u2014"};
  for (const auto k : kWords) {
    if (w == k) return true;
  }
  return false;
}

bool IsWordByte(char c) { return IsAlpha(c) || static_cast<unsigned char>(c) >= 0x80; }

// "+7", "+07", "+0700", "+07:00" at text[i] (a sign); offset in seconds.
std::optional<int> LooseOffset(std::string_view text, std::size_t& i) {
  const bool negative = text[i] == '-';
  ++i;
  std::size_t start = i;
  while (i < text.size() && IsDigit(text[i]) && i - start < 4) ++i;
  const std::string_view digits = text.substr(start, i - start);
  int hours = 0, minutes = 0;
  if (digits.size() == 1 || digits.size() == 2) {
    for (char c : digits) hours = hours * 10 + (c - '0');
    if (i + 2 < text.size() && text[i] == ':' && IsDigit(text[i + 1]) && IsDigit(text[i + 2])) {
      minutes = (text[i + 1] - '0') * 10 + (text[i + 2] - '0');
      i += 3;
    }
  } else if (digits.size() == 4) {
    hours = (digits[0] - '0') * 10 + (digits[1] - '0');
    minutes = (digits[2] - '0') * 10 + (digits[3] - '0');
  } else {
    return std::nullopt;
  }
  if (hours > 14 || minutes > 59) return std::nullopt;
  const int offset = hours * 3600 + minutes * 60;
  return negative ? -offset : offset;
}

std::optional<UnixTime> ParseVietnameseAscii(std::string_view s) {
  int day = 0, month = 0, year = 0, hour = 0, minute = 0, second = 0;
  bool have_date = false, have_time = false, have_zone = false;
  int offset = 7 * 3600;
  std::size_t i = 0;
  auto read_number = [&](std::size_t max_digits) -> std::optional<int> {
    std::size_t n = 0;
    int v = 0;
    while (i < s.size() && IsDigit(s[i]) && n < max_digits) {
      v = v * 10 + (s[i] - '0');
      ++i;
      ++n;
    }
    if (n == 0 || (i < s.size() && IsDigit(s[i]))) return std::nullopt;
    return v;
  };
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == '|' || c == '(' ||
        c == ')' || c == '.' || (c == '-' && !(i + 1 < s.size() && IsDigit(s[i + 1])))) {
      ++i;
    } else if (IsDigit(c)) {
      const auto first = read_number(4);
      if (!first) return std::nullopt;
      if (i < s.size() && (s[i] == '/' || s[i] == '-')) {
        const char sep = s[i++];
        const auto second_part = read_number(2);
        if (!second_part || have_date || i >= s.size() || s[i] != sep) return std::nullopt;
        ++i;
        const std::size_t year_start = i;
        const auto y = read_number(4);
        if (!y || i - year_start != 4) return std::nullopt;
        day = *first;
        month = *second_part;
        year = *y;
        have_date = true;
      } else if (i < s.size() && (s[i] == ':' || s[i] == 'h' || s[i] == 'H')) {
        ++i;
        const auto m = read_number(2);
        if (!m || have_time) return std::nullopt;
        hour = *first;
        minute = *m;
        if (i < s.size() && s[i] == ':') {
          ++i;
          const auto sec = read_number(2);
          if (!sec) return std::nullopt;
          second = *sec;
        }
        have_time = true;
      } else {
        return std::nullopt;
      }
    } else if ((c == '+' || c == '-') && have_time && !have_zone) {
      const auto o = LooseOffset(s, i);
      if (!o) return std::nullopt;
      offset = *o;
      have_zone = true;
    } else if (IsWordByte(c)) {
      std::string word;
      while (i < s.size() && IsWordByte(s[i])) word += Lower(s[i++]);
      if (word == "gmt" || word == "utc" || word == "ict") {
        if (have_zone) return std::nullopt;
        have_zone = true;
        offset = word == "ict" ? 7 * 3600 : 0;
        if (word != "ict" && i < s.size() && (s[i] == '+' || s[i] == '-')) {
          const auto o = LooseOffset(s, i);
          if (!o) return std::nullopt;
          offset = *o;
        }
      } else if (!IsVietnameseDateWord(word)) {
        return std::nullopt;
      }
    } else {
      return std::nullopt;
    }
  }
  if (!have_date) return std::nullopt;
  return ToUnix(year, month, day, hour, minute, second, offset);
}

}  // namespace

std::optional<UnixTime> ParseVietnameseDate(std::string_view text) {
  // Only the day-first forms with '/' or '-' between numbers qualify; the
  // quick test keeps most non-dates away from normalisation.
  if (text.find_first_of("/-") == std::string_view::npos) return std::nullopt;
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return ParseVietnameseAscii(ToNfc(text));
  }
  return ParseVietnameseAscii(text);
}

std::optional<UnixTime> ParseFeedDate(std::string_view text) {
  if (auto t = ParseRfc3339Date(text)) return t;
  if (auto t = ParseRfc822Date(text)) return t;
  return ParseVietnameseDate(text);
}

}  // namespace pw::crawler
