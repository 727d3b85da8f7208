#include "daemon/digest.h"

#include <map>

#include "daemon/digest_format.h"
#include "daemon/svg_chart.h"
#include "workflow/case_state.h"

namespace pw::daemon {
namespace {

using namespace std::chrono;
using svg::Escape;

/// A4 portrait, 15 mm margins: 180 mm of width, about 680 CSS pixels.
constexpr int kChartWidth = 660;
/// Above this many days the "by day" chart shows months instead.
constexpr int kMaxDailyBars = 62;

constexpr const char* kStyle = R"CSS(
:root{color-scheme:light}
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;color:#1a202c;max-width:720px;margin:24px auto;padding:0 16px;line-height:1.45;font-size:14px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:28px 0 8px;border-bottom:2px solid #2b6cb0;padding-bottom:3px}
.period{color:#4a5568;margin:0 0 16px}
.figures{display:grid;grid-template-columns:repeat(4,1fr);gap:8px;margin:16px 0}
.figure{border:1px solid #cbd5e0;border-radius:6px;padding:8px}
.figure b{display:block;font-size:22px}
.figure span{color:#4a5568;font-size:12px}
.figure.alert b{color:#c53030}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e2e8f0;padding:4px 6px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;white-space:nowrap}
svg.chart{display:block;max-width:100%;height:auto}
svg.chart text{font-family:"DejaVu Sans",Arial,sans-serif;font-size:11px;fill:#2d3748}
svg.chart text.value{font-size:10px}
.empty{color:#718096;font-style:italic}
.overdue{color:#c53030;font-weight:bold}
footer{margin-top:32px;color:#718096;font-size:12px;border-top:1px solid #e2e8f0;padding-top:6px}
a{color:#2b6cb0}
@page{size:A4;margin:15mm}
@media print{body{margin:0;max-width:none;padding:0;font-size:11pt}h2{break-after:avoid}section,tr,svg{break-inside:avoid}a{color:inherit;text-decoration:none}.figures{grid-template-columns:repeat(4,1fr)}}
)CSS";

/// Picks the text in the page's language.
struct Words {
  Lang lang;
  std::string operator()(const char* vi, const char* en) const { return Tr(lang, vi, en); }
};

std::string Num(std::size_t n, Lang lang) { return digest::Number(n, lang); }

sys_days DayOf(const std::string& iso) {
  // "2026-11-16", as workflow::DateText writes it.
  const int y = std::stoi(iso.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(iso.substr(5, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(iso.substr(8, 2)));
  return sys_days(year(y) / month(m) / day(d));
}

/// "Thứ Hai 16/11/2026 – Chủ Nhật 22/11/2026".
std::string PeriodText(const workflow::Period& p, Lang lang) {
  return std::string(digest::DayName(weekday(p.first), lang)) + " " + digest::Date(p.first) +
         " – " + std::string(digest::DayName(weekday(p.last), lang)) + " " + digest::Date(p.last);
}

/// An href for an http(s) link, "" for anything else (javascript:, data: ...).
std::string SafeHref(const std::string& link) {
  if (link.starts_with("https://") || link.starts_with("http://")) return Escape(link);
  return "";
}

std::string Linked(const std::string& text, const std::string& link) {
  const std::string href = SafeHref(link);
  if (href.empty()) return Escape(text);
  return "<a href=\"" + href + "\">" + Escape(text) + "</a>";
}

std::string Figure(const std::string& value, const std::string& label, bool alert = false) {
  return std::string("<div class=\"figure") + (alert ? " alert" : "") + "\"><b>" + value +
         "</b><span>" + Escape(label) + "</span></div>";
}

std::string Head(const std::string& title, Lang lang) {
  return std::string("<!DOCTYPE html>\n<html lang=\"") + (lang == Lang::kEn ? "en" : "vi") +
         "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
         "content=\"width=device-width, initial-scale=1\">\n"
         // No icon to fetch: served at /digest, a browser would ask for /favicon.ico.
         "<link rel=\"icon\" href=\"data:,\">\n<title>" +
         Escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
}

std::string Figures(const workflow::Summary& s, Lang lang) {
  const Words w{lang};
  return "<section class=\"figures\">" +
         Figure(Num(s.items_monitored, lang), w("Tin đã theo dõi", "Items monitored")) +
         Figure(Num(s.mentions, lang), w("Tin nhắc đến tỉnh", "Mentions of the province")) +
         Figure(Num(s.candidates, lang), w("Tin nghi sai lệch", "Suspected distortions"),
                s.candidates > 0) +
         Figure(Num(s.measures.size(), lang), w("Biện pháp đã thực hiện", "Measures taken")) +
         Figure(Num(s.cases_opened, lang), w("Vụ việc mới", "Cases opened")) +
         Figure(Num(s.cases_closed, lang), w("Vụ việc đã đóng", "Cases closed")) +
         Figure(Num(s.cases_overdue, lang), w("Vụ việc quá hạn", "Cases overdue"),
                s.cases_overdue > 0) +
         Figure(Num(s.top_stories.size(), lang), w("Câu chuyện nổi bật", "Top stories")) +
         "</section>\n";
}

std::string Section(const std::string& id, const std::string& heading, const std::string& body) {
  return "<section id=\"" + id + "\">\n<h2>" + Escape(heading) + "</h2>\n" + body + "\n</section>\n";
}

std::string Empty(Lang lang) {
  return std::string("<p class=\"empty\">") + Tr(lang, "Không có dữ liệu trong kỳ.", "No data in the period.") +
         "</p>";
}

/// Mentions (columns) and candidates (line) by day; by month when the period is long.
std::string ByDayChart(const workflow::Summary& s, Lang lang) {
  const Words w{lang};
  std::vector<svg::Bar> bars, line;
  const bool monthly = static_cast<int>(s.mentions_by_day.size()) > kMaxDailyBars;
  for (std::size_t i = 0; i < s.mentions_by_day.size(); ++i) {
    const sys_days d = DayOf(s.mentions_by_day[i].key);
    std::string label = monthly ? digest::Date(d).substr(3)
                                : std::string(digest::ShortDayName(weekday(d), lang)) + " " +
                                      digest::Date(d).substr(0, 5);
    const std::size_t candidates = i < s.candidates_by_day.size() ? s.candidates_by_day[i].n : 0;
    if (monthly && !bars.empty() && bars.back().label == label) {
      bars.back().value += static_cast<double>(s.mentions_by_day[i].n);
      line.back().value += static_cast<double>(candidates);
    } else {
      bars.push_back({label, static_cast<double>(s.mentions_by_day[i].n), ""});
      line.push_back({label, static_cast<double>(candidates), ""});
    }
  }
  for (auto& b : bars) b.value_text = Num(static_cast<std::size_t>(b.value), lang);
  for (auto& p : line) p.value_text = Num(static_cast<std::size_t>(p.value), lang);
  svg::ChartOptions o{"chart-by-day",
                      monthly ? w("Tin nhắc đến tỉnh theo tháng", "Mentions by month")
                              : w("Tin nhắc đến tỉnh theo ngày", "Mentions by day"),
                      w("Số tin nhắc đến tỉnh (cột) và số tin nghi sai lệch (đường) mỗi ",
                        "Mentions of the province (columns) and suspected distortions (line) per ") +
                          (monthly ? w("tháng.", "month.") : w("ngày.", "day.")),
                      kChartWidth, 240, line, w("Tin nhắc đến tỉnh", "Mentions"),
                      w("Tin nghi sai lệch", "Suspected distortions")};
  return svg::ColumnChart(bars, o);
}

svg::ChartOptions Opts(std::string id, std::string title, std::string desc) {
  svg::ChartOptions o;
  o.id = std::move(id);
  o.title = std::move(title);
  o.desc = std::move(desc);
  o.width = kChartWidth;
  return o;
}

std::string CountsChart(const std::string& id, const std::string& title, const std::string& desc,
                        const std::vector<svg::Bar>& bars, Lang lang) {
  if (bars.empty()) return Empty(lang);
  return svg::BarChart(bars, Opts(id, title, desc));
}

std::vector<svg::Bar> Bars(const std::vector<workflow::Count>& counts, Lang lang, auto&& name,
                           std::size_t max = 12) {
  std::vector<svg::Bar> out;
  for (const auto& c : counts) {
    if (out.size() == max) break;
    out.push_back({name(c), static_cast<double>(c.n), Num(c.n, lang)});
  }
  return out;
}

std::string SourceName(const DigestView& v, const std::string& id) {
  auto it = v.source_names.find(id);
  return it == v.source_names.end() || it->second.empty() ? id : it->second;
}

std::string Breakdowns(const workflow::Summary& s, const DigestView& v) {
  const Lang lang = v.lang;
  const Words w{lang};
  std::string out;
  out += Section("by-day", w("Tin nhắc đến tỉnh theo ngày", "Mentions by day"), ByDayChart(s, lang));
  out += Section(
      "by-source-type", w("Theo loại nguồn", "By source type"),
      CountsChart("chart-by-source-type", w("Tin nhắc đến tỉnh theo loại nguồn", "Mentions by source type"),
                  w("Số tin nhắc đến tỉnh theo loại trang đăng tin.", "Mentions by the kind of site that published them."),
                  Bars(s.mentions_by_source_type, lang,
                       [&](const workflow::Count& c) { return std::string(digest::SourceTypeName(c.key, lang)); }),
                  lang));
  out += Section(
      "by-topic", w("Theo chủ đề", "By topic"),
      CountsChart("chart-by-topic", w("Tin nhắc đến tỉnh theo chủ đề", "Mentions by topic"),
                  w("Số tin nhắc đến tỉnh khớp với mỗi chủ đề theo dõi.", "Mentions matching each watched topic."),
                  Bars(s.mentions_by_topic, lang,
                       [](const workflow::Count& c) { return c.label.empty() ? c.key : c.label; }, 1000),
                  lang));
  out += Section(
      "by-source", w("Theo nguồn tin", "By source"),
      CountsChart("chart-by-source", w("Tin nhắc đến tỉnh theo nguồn (10 nguồn nhiều nhất)", "Mentions by source (top 10)"),
                  w("Các nguồn đăng nhiều tin nhắc đến tỉnh nhất.", "The sources with the most mentions."),
                  Bars(s.mentions_by_source, lang, [&](const workflow::Count& c) { return SourceName(v, c.key); }, 10),
                  lang));
  return out;
}

std::string CasesSection(const workflow::Summary& s, Lang lang) {
  const Words w{lang};
  const std::vector<svg::Bar> bars{
      {w("Mới", "Opened"), static_cast<double>(s.cases_opened), Num(s.cases_opened, lang)},
      {w("Đã đóng", "Closed"), static_cast<double>(s.cases_closed), Num(s.cases_closed, lang)},
      {w("Quá hạn", "Overdue"), static_cast<double>(s.cases_overdue), Num(s.cases_overdue, lang)}};
  return Section("cases", w("Vụ việc", "Cases"),
                 svg::BarChart(bars, Opts("chart-cases", w("Vụ việc mới, đã đóng và quá hạn", "Cases opened, closed and overdue"),
                                           w("Vụ việc mở trong kỳ, đóng trong kỳ và quá hạn vào cuối kỳ.",
                                             "Cases opened and closed in the period, and overdue at its end."))) +
                     "<p>" + w("Quá hạn: tính theo tình trạng vụ việc vào cuối kỳ.",
                               "Overdue: as the cases stood at the end of the period.") + "</p>");
}

std::string MeasuresSection(const workflow::Summary& s, Lang lang) {
  const Words w{lang};
  if (s.measures.empty()) return Section("measures", w("Biện pháp đã thực hiện", "Measures taken"), Empty(lang));
  std::string body = svg::BarChart(
      Bars(s.measures_by_kind, lang, [&](const workflow::Count& c) { return digest::MeasureName(c.key, lang); }, 1000),
      Opts("chart-measures", w("Biện pháp theo loại", "Measures by kind"),
           w("Số biện pháp xử lý đã thực hiện trong kỳ, theo loại.", "Response measures taken in the period, by kind.")));
  body += "<table><thead><tr><th>" + w("Ngày", "Date") + "</th><th>" + w("Vụ việc", "Case") + "</th><th>" +
          w("Biện pháp", "Measure") + "</th><th>" + w("Kênh", "Channel") + "</th></tr></thead><tbody>";
  for (const auto& m : s.measures) {
    body += "<tr><td>" + digest::LocalDateTime(m.measure.date).substr(0, 10) + "</td><td>" + Escape(m.case_id) +
            "</td><td>" + Escape(digest::MeasureName(m.measure.kind, lang)) + "</td><td>" +
            Linked(m.measure.channel.empty() ? m.measure.link : m.measure.channel, m.measure.link) +
            "</td></tr>";
  }
  return Section("measures", w("Biện pháp đã thực hiện", "Measures taken"), body + "</tbody></table>");
}

std::string TopStoriesSection(const workflow::Summary& s, const DigestView& v) {
  const Words w{v.lang};
  if (s.top_stories.empty()) return Section("top-stories", w("Câu chuyện nổi bật", "Top stories"), Empty(v.lang));
  std::string body = "<table><thead><tr><th>#</th><th>" + w("Tiêu đề", "Title") + "</th><th>" +
                     w("Xuất hiện", "First seen") + "</th><th class=\"n\">" + w("Số tin", "Items") +
                     "</th><th>" + w("Nguồn đăng", "Outlets") + "</th></tr></thead><tbody>";
  std::size_t rank = 0;
  for (const auto& t : s.top_stories) {
    std::string outlets;
    for (const auto& o : t.outlets) outlets += (outlets.empty() ? "" : ", ") + Escape(SourceName(v, o));
    std::string title = Linked(t.title.empty() ? w("(không có tiêu đề)", "(untitled)") : t.title, t.link);
    if (t.candidates > 0) {
      title += " <span class=\"overdue\">(" + Num(t.candidates, v.lang) + " " +
               w("tin nghi sai lệch", "suspected") + ")</span>";
    }
    body += "<tr><td>" + std::to_string(++rank) + "</td><td>" + title + "</td><td>" +
            digest::LocalDateTime(t.first_seen) + "</td><td class=\"n\">" + Num(t.items, v.lang) +
            "</td><td>" + outlets + "</td></tr>";
  }
  return Section("top-stories", w("Câu chuyện nổi bật trong kỳ", "The period's top stories"),
                 body + "</tbody></table><p>" +
                     w("Xếp theo số tin trong kỳ, rồi số nguồn đăng.", "Ranked by items in the period, then outlets.") +
                     "</p>");
}

std::string Footer(const DigestView& v) {
  std::string out = "<footer>provwatch";
  if (v.generated_at != 0) {
    out += " · " + std::string(Tr(v.lang, "Lập lúc ", "Generated ")) + digest::LocalDateTime(v.generated_at) +
           " (UTC+7)";
  }
  return out + "</footer>\n</body>\n</html>\n";
}

std::string Body(const workflow::Summary& s, const DigestView& v) {
  return Figures(s, v.lang) + Breakdowns(s, v) + CasesSection(s, v.lang) + MeasuresSection(s, v.lang) +
         TopStoriesSection(s, v);
}

}  // namespace

std::string RenderDigestHtml(const workflow::WeeklyDigest& d, const DigestView& v) {
  const Words w{v.lang};
  std::string heading = w("Bản tin tuần: thông tin báo chí về tỉnh ", "Weekly digest: press about ") + v.province;
  std::string when = PeriodText(d.summary.period, v.lang);
  if (!d.week.empty()) {
    // "2026-W47" -> "Tuần 47/2026".
    when = w("Tuần ", "Week ") + std::to_string(std::stoi(d.week.substr(6))) + "/" + d.week.substr(0, 4) +
           ": " + when;
  }
  return Head(heading + " — " + when, v.lang) + "<header><h1>" + Escape(heading) + "</h1>\n<p class=\"period\">" +
         Escape(when) + "</p></header>\n" + Body(d.summary, v) + Footer(v);
}

std::string RenderPeriodReportHtml(const workflow::PeriodReportData& r, const DigestView& v) {
  const Words w{v.lang};
  const std::string heading = r.report.title + " " + std::to_string(r.year) + " — " + v.province;
  std::string sub = w("Kỳ báo cáo: ", "Period: ") + PeriodText(r.summary.period, v.lang) + ". " +
                    w("Hạn nộp: ", "Due: ") + digest::Date(r.due) + ".";
  if (!r.report.basis.empty()) sub += " " + w("Căn cứ: ", "Basis: ") + r.report.basis + ".";
  std::string cases = "<table><thead><tr><th>" + w("Vụ việc", "Case") + "</th><th>" + w("Tình trạng", "State") +
                      "</th><th>" + w("Cơ quan chủ trì", "Lead agency") + "</th><th>" +
                      w("Phát hiện", "Detected") + "</th><th class=\"n\">" + w("Biện pháp", "Measures") +
                      "</th></tr></thead><tbody>";
  for (const auto& c : r.cases) {
    cases += "<tr><td>" + Escape(c.id) + "</td><td>" +
             Escape(v.lang == Lang::kEn ? workflow::LabelEn(c.state) : workflow::LabelVi(c.state)) +
             (c.overdue ? std::string(" <span class=\"overdue\">") + w("quá hạn", "overdue") + "</span>" : "") +
             "</td><td>" + Escape(c.lead_agency) + "</td><td>" + digest::LocalDateTime(c.detected_at) +
             "</td><td class=\"n\">" + Num(c.measures, v.lang) + "</td></tr>";
  }
  cases += "</tbody></table>";
  return Head(heading, v.lang) + "<header><h1>" + Escape(heading) + "</h1>\n<p class=\"period\">" + Escape(sub) +
         "</p></header>\n" + Body(r.summary, v) +
         Section("case-list", w("Danh sách vụ việc trong kỳ", "Cases of the period"),
                 r.cases.empty() ? Empty(v.lang) : cases) +
         Footer(v);
}

}  // namespace pw::daemon
