#include <array>
#include <charconv>

#include "config/digest_config.h"
#include "config/digest_config_toml.h"

namespace pw::config {
namespace {

/// Lower-case ASCII; Vietnamese letters of the day names folded to ASCII.
std::string Fold(std::string_view text) {
  // The letters of "Thứ Hai".."Thứ Bảy", "Chủ Nhật" (NFC), upper and lower case.
  static constexpr std::array<std::pair<std::string_view, char>, 14> kAccents{{
      {"ứ", 'u'}, {"Ứ", 'u'}, {"ư", 'u'}, {"Ư", 'u'}, {"ủ", 'u'}, {"Ủ", 'u'}, {"ả", 'a'},
      {"Ả", 'a'}, {"ậ", 'a'}, {"Ậ", 'a'}, {"ă", 'a'}, {"Ă", 'a'}, {"á", 'a'}, {"Á", 'a'}}};
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool folded = false;
    for (const auto& [accented, plain] : kAccents) {
      if (text.substr(i).starts_with(accented)) {
        out += plain;
        i += accented.size();
        folded = true;
        break;
      }
    }
    if (folded) continue;
    const char c = text[i++];
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out;
}

Error BadSchedule(std::string_view text) {
  return Error{"\"" + std::string(text) +
               "\": expected a day and a time like \"Mon 07:00\" (Mon..Sun or Thứ Hai..Chủ Nhật, 24-hour HH:MM)"};
}

}  // namespace

Result<DigestSchedule> ParseDigestSchedule(std::string_view text) {
  using namespace std::chrono;
  const auto space = text.rfind(' ');
  if (space == std::string_view::npos) return BadSchedule(text);
  const std::string day = Fold(text.substr(0, space));
  const std::string_view hm = text.substr(space + 1);
  static const std::array<std::array<const char*, 3>, 7> kNames{{
      {"sun", "sunday", "chu nhat"}, {"mon", "monday", "thu hai"}, {"tue", "tuesday", "thu ba"},
      {"wed", "wednesday", "thu tu"}, {"thu", "thursday", "thu nam"}, {"fri", "friday", "thu sau"},
      {"sat", "saturday", "thu bay"}}};
  DigestSchedule out;
  bool found = false;
  for (unsigned d = 0; d < 7 && !found; ++d) {
    for (const char* name : kNames[d]) {
      if (day == name) {
        out.day = weekday(d);
        found = true;
        break;
      }
    }
  }
  int h = -1, m = -1;
  if (!found || hm.size() != 5 || hm[2] != ':' ||
      std::from_chars(hm.data(), hm.data() + 2, h).ptr != hm.data() + 2 ||
      std::from_chars(hm.data() + 3, hm.data() + 5, m).ptr != hm.data() + 5 || h < 0 || h > 23 ||
      m < 0 || m > 59) {
    return BadSchedule(text);
  }
  out.time = hours(h) + minutes(m);
  return out;
}

namespace detail {

Status ParseDigestTable(const toml::table& root, const Scope& scope, DigestConfig& into) {
  const toml::node* node = root.get("digest");
  if (node == nullptr) return {};
  const toml::table* t = node->as_table();
  if (t == nullptr) return FieldError(scope, *node, "digest", "expected a [digest] table");
  const Scope s = scope.Child("digest");
  if (auto st = CheckKnownKeys(*t, s, {"schedule", "recipients", "lang"}); !st) return st.error();
  auto schedule = GetString(*t, s, "schedule", false, into.schedule_text);
  if (!schedule) return schedule.error();
  auto parsed = ParseDigestSchedule(*schedule);
  if (!parsed) return FieldError(s, *t->get("schedule"), "schedule", parsed.error().message);
  into.schedule_text = *schedule;
  into.schedule = *parsed;
  auto recipients = GetStrings(*t, s, "recipients", false);
  if (!recipients) return recipients.error();
  for (const auto& r : *recipients) {
    const auto at = r.find('@');
    if (at == std::string::npos || at == 0 || at + 1 >= r.size() ||
        r.find_first_of(" \t\r\n<>,;\"") != std::string::npos) {
      return FieldError(s, *t->get("recipients"), "recipients",
                        "\"" + r + "\": expected an e-mail address like \"ban-bien-tap@laichau.gov.vn\"");
    }
  }
  if (t->contains("recipients")) into.recipients = std::move(*recipients);
  auto lang = GetString(*t, s, "lang", false, into.lang);
  if (!lang) return lang.error();
  if (*lang != "vi" && *lang != "en") {
    return FieldError(s, *t->get("lang"), "lang", "\"" + *lang + "\": expected \"vi\" or \"en\"");
  }
  into.lang = *lang;
  return {};
}

}  // namespace detail
}  // namespace pw::config
