#include "daemon/report.h"
#include "daemon/json_fields.h"

#include <cstdio>
#include <ctime>
#include <sstream>


namespace pw::daemon {
namespace {

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Tabs and newlines inside a title would break the one-line format.
std::string OneLine(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

std::string_view FieldText(const Item& item, const Match& m) {
  std::string_view text = m.field == "title" ? item.entry.title : item.entry.summary;
  if (m.end > text.size() || m.start > m.end) return m.term;
  return text.substr(m.start, m.end - m.start);
}

}  // namespace

Lang ParseLang(std::string_view name) { return name == "en" ? Lang::kEn : Lang::kVi; }

std::string IsoTime(const std::optional<UnixTime>& t) {
  if (!t) return "-";
  std::time_t tt = static_cast<std::time_t>(*t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string ItemLine(const Item& item) {
  std::ostringstream out;
  out << IsoTime(item.entry.published) << '\t' << Number(item.score.value) << '\t'
      << (item.score.candidate ? "*" : "-") << '\t' << item.source_id << '\t'
      << OneLine(item.entry.title) << '\t' << OneLine(item.entry.link);
  return out.str();
}

std::string ItemJson(const Item& item) {
  nlohmann::json j = {
      {"key", item.key},
      {"source", item.source_id},
      {"title", item.entry.title},
      {"link", item.entry.link},
      {"guid", item.entry.guid},
      {"published", DateJson(item.entry.published)},
      {"fetched", IsoTime(item.fetched_at)},
      {"mentions_province", item.score.mentions_province},
      {"candidate", item.score.candidate},
      {"score", item.score.value},
      {"matches", MatchesJson(item.score.matches)},
  };
  j["cluster"] = item.cluster_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(item.cluster_id);
  return JsonLine(j);
}

std::string Explain(const Item& item, Lang lang, std::string_view indent) {
  std::ostringstream out;
  for (const auto& m : item.score.matches) {
    const char* where = m.field == "title" ? Tr(lang, "tiêu đề", "title") : Tr(lang, "nội dung", "text");
    out << indent;
    if (m.rule == "province" || m.rule == "place") {
      out << Tr(lang, "nhắc tới ", "mentions ")
          << (m.rule == "province" ? Tr(lang, "tỉnh", "the province") : Tr(lang, "địa danh", "place"))
          << " «" << FieldText(item, m) << "»";
    } else {
      out << (m.weight > 0 ? "+" : "") << Number(m.weight) << ' ' << m.rule << " «"
          << FieldText(item, m) << "»";
      if (!m.covered_by.empty()) {
        out << Tr(lang, " (không tính: nằm trong «", " (not counted: inside «") << m.covered_by << "»)";
      } else if (m.weight == 0) {
        out << Tr(lang, " (lặp lại)", " (repeat)");
      }
    }
    out << " — " << where << " [" << m.start << ", " << m.end << ")\n";
  }
  return out.str();
}

std::string DescribeOutcome(const PollOutcome& o, Lang lang) {
  std::ostringstream out;
  out << "[" << o.source_id << "] ";
  if (!o.error.empty()) {
    out << Tr(lang, "LỖI: ", "ERROR: ") << o.error << "\n";
    return out.str();
  }
  if (o.not_modified) {
    out << Tr(lang, "không có gì mới (304)", "not modified (304)") << "\n";
    return out.str();
  }
  std::size_t candidates = 0;
  for (const auto& item : o.stored) candidates += item.score.candidate ? 1 : 0;
  out << o.parsed << Tr(lang, " tin, ", " items, ") << o.stored.size()
      << Tr(lang, " tin mới được lưu, ", " newly stored, ") << candidates
      << Tr(lang, " nghi sai lệch", " candidate sai lệch") << "\n";
  for (const auto& item : o.stored) {
    if (item.score.candidate) {
      out << "  ! " << Tr(lang, "NGHI SAI LỆCH", "CANDIDATE") << " ("
          << Tr(lang, "điểm ", "score ") << Number(item.score.value) << "): " << item.entry.title
          << "\n"
          << Explain(item, lang, "      ");
    } else {
      out << "  + " << item.entry.title << "\n";
    }
  }
  return out.str();
}

std::string DescribeCycle(const CycleStats& s, Lang lang) {
  std::ostringstream out;
  out << Tr(lang, "Chu kỳ xong: ", "Cycle done: ") << s.sources << Tr(lang, " nguồn (", " sources (")
      << s.failed << Tr(lang, " lỗi, ", " failed, ") << s.not_modified
      << Tr(lang, " không đổi), ", " not modified), ") << s.parsed << Tr(lang, " tin đọc, ", " items read, ")
      << s.stored << Tr(lang, " tin mới, ", " new, ") << s.candidates
      << Tr(lang, " nghi sai lệch.", " candidate sai lệch.") << "\n";
  return out.str();
}

}  // namespace pw::daemon
