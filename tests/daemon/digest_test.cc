// The digest page (daemon/digest.h), its SVG charts (daemon/svg_chart.h),
// the Vietnamese formats, the e-mail body and the send schedule, on a known
// data set built by hand.
#include "daemon/digest.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include "config/bundled.h"
#include "config/digest_config.h"
#include "daemon/digest_format.h"
#include "daemon/digest_mail.h"
#include "daemon/digest_schedule.h"
#include "daemon/svg_chart.h"

namespace pw::daemon {
namespace {

using namespace std::chrono;
using ::testing::HasSubstr;
using ::testing::Not;

UnixTime Local(year_month_day d, int hour, int minute = 0, int second = 0) {
  return duration_cast<seconds>(
             (sys_days(d) + hours(hour) + minutes(minute) + seconds(second) - hours(7)).time_since_epoch())
      .count();
}

workflow::Count C(std::string key, std::size_t n, std::string label = "") {
  return {std::move(key), std::move(label), n};
}

/// 2026-W47 in Lai Châu: known counts, three topics, two source types, a
/// hostile story title and link, one measure.
workflow::WeeklyDigest KnownWeek() {
  workflow::WeeklyDigest d;
  d.week = "2026-W47";
  workflow::Summary& s = d.summary;
  s.period = *workflow::IsoWeek("2026-W47");
  s.items_monitored = 12345;
  s.mentions = 567;
  s.candidates = 12;
  const std::size_t per_day[7] = {100, 90, 80, 70, 60, 1067, 0};
  const std::size_t cand[7] = {2, 1, 3, 0, 0, 6, 0};
  for (int i = 0; i < 7; ++i) {
    const std::string day = workflow::DateText(s.period.first + days(i));
    s.mentions_by_day.push_back(C(day, per_day[i]));
    s.candidates_by_day.push_back(C(day, cand[i]));
  }
  s.mentions_by_source = {C("baolaichau", 400), C("vnexpress", 167)};
  s.mentions_by_topic = {C("false-info", 9, "Tin giả, sai sự thật"),
                         C("lai-chau-border", 5, "An ninh biên giới"), C("investment", 2, "")};
  s.mentions_by_source_type = {C("press-vn", 500), C("social", 67)};
  s.top_stories.push_back({"k1", "Tin đồn <script>alert(1)</script> ở Lai Châu", "javascript:alert(1)",
                           Local(2026y / November / 16, 8, 15), 42, 3, {"baolaichau", "vnexpress"}});
  s.top_stories.push_back({"k2", "Lễ hội & \"văn hóa\"", "https://baolaichau.vn/tin?a=1&b=2",
                           Local(2026y / November / 18, 9), 7, 0, {"baolaichau"}});
  s.cases_opened = 4;
  s.cases_closed = 2;
  s.cases_overdue = 1;
  workflow::Measure m{"press-release", Local(2026y / November / 17, 10), "Cổng TTĐT tỉnh",
                      "https://laichau.gov.vn/tin/1", "vi"};
  s.measures.push_back({"vu-1", m});
  s.measures_by_kind = {C("press-release", 1)};
  return d;
}

DigestView View(Lang lang = Lang::kVi) {
  return {lang, "Lai Châu", Local(2026y / November / 23, 7), {{"baolaichau", "Báo Lai Châu"}}};
}

/// Every <svg>...</svg> of the page.
std::vector<std::string> Svgs(const std::string& html) {
  std::vector<std::string> out;
  for (std::size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) {
    const std::size_t end = html.find("</svg>", at);
    if (end == std::string::npos) break;
    out.push_back(html.substr(at, end + 6 - at));
  }
  return out;
}

/// The svg whose <title> has id "<id>-title", parsed; fails the test if it does not parse.
std::size_t CountIn(const std::string& html, const std::string& id, const char* xpath) {
  for (const auto& svg : Svgs(html)) {
    if (svg.find("id=\"" + id + "-title\"") == std::string::npos) continue;
    pugi::xml_document doc;
    auto ok = doc.load_string(svg.c_str());
    EXPECT_TRUE(ok) << ok.description();
    return doc.select_nodes(xpath).size();
  }
  ADD_FAILURE() << "no chart " << id;
  return 0;
}

TEST(Digest, EverySvgParsesAsXmlWithAnAccessibleTitle) {
  const std::string html = RenderDigestHtml(KnownWeek(), View());
  const auto svgs = Svgs(html);
  ASSERT_EQ(svgs.size(), 6u);  // by day, source type, topic, source, cases, measures
  for (const auto& svg : svgs) {
    pugi::xml_document doc;
    auto ok = doc.load_string(svg.c_str());
    ASSERT_TRUE(ok) << ok.description() << "\n" << svg;
    const pugi::xml_node root = doc.document_element();
    EXPECT_STREQ(root.name(), "svg");
    EXPECT_STREQ(root.attribute("role").value(), "img");
    EXPECT_FALSE(std::string(root.child("title").text().get()).empty());
    EXPECT_FALSE(std::string(root.child("desc").text().get()).empty());
  }
}

TEST(Digest, BarsMatchTheDaysAndTopicsOfTheData) {
  const std::string html = RenderDigestHtml(KnownWeek(), View());
  EXPECT_EQ(CountIn(html, "chart-by-day", "//rect[@class='bar']"), 7u);
  EXPECT_EQ(CountIn(html, "chart-by-day", "//circle[@class='point']"), 7u);
  EXPECT_EQ(CountIn(html, "chart-by-topic", "//rect[@class='bar']"), 3u);
  EXPECT_EQ(CountIn(html, "chart-by-source-type", "//rect[@class='bar']"), 2u);
  EXPECT_EQ(CountIn(html, "chart-cases", "//rect[@class='bar']"), 3u);
  EXPECT_EQ(CountIn(html, "chart-by-day", "//text[.='1.067']"), 1u);  // Saturday's value, as text
  EXPECT_EQ(CountIn(html, "chart-by-day", "//text[.='T7 21/11']"), 1u);
}

TEST(Digest, ShowsVietnameseLabelsAndNumbers) {
  const std::string html = RenderDigestHtml(KnownWeek(), View());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"vi\">", 0), 0u);
  for (const char* s :
       {"Bản tin tuần: thông tin báo chí về tỉnh Lai Châu", "Tuần 47/2026: Thứ Hai 16/11/2026 – Chủ Nhật 22/11/2026",
        "<b>12.345</b><span>Tin đã theo dõi</span>", "<b>567</b><span>Tin nhắc đến tỉnh</span>",
        "<b>12</b><span>Tin nghi sai lệch</span>", "<b>1</b><span>Vụ việc quá hạn</span>",
        "Tin giả, sai sự thật", "An ninh biên giới", ">investment<", "Báo chí trong nước", "Mạng xã hội",
        "Báo Lai Châu", "Thông cáo báo chí", "Câu chuyện nổi bật trong kỳ", "16/11/2026 08:15",
        "<td class=\"n\">42</td>", "Lập lúc 23/11/2026 07:00", "@page{size:A4", "@media print"}) {
    EXPECT_THAT(html, HasSubstr(s));
  }
  // Self-contained: no script, no external resource (the one <link> is an
  // empty inline icon, so a browser asks for no /favicon.ico).
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_EQ(html.find("<link"), html.find("<link rel=\"icon\" href=\"data:,\">"));
  EXPECT_EQ(html.find("<link", html.find("<link") + 1), std::string::npos);
  EXPECT_THAT(html, Not(HasSubstr("src=")));
}

TEST(Digest, EscapesHostileTitlesAndLinksOnlyHttp) {
  const std::string html = RenderDigestHtml(KnownWeek(), View());
  EXPECT_THAT(html, Not(HasSubstr("<script>alert(1)</script>")));
  EXPECT_THAT(html, HasSubstr("Tin đồn &lt;script&gt;alert(1)&lt;/script&gt; ở Lai Châu"));
  EXPECT_THAT(html, Not(HasSubstr("javascript:")));
  EXPECT_THAT(html, HasSubstr("<a href=\"https://baolaichau.vn/tin?a=1&amp;b=2\">Lễ hội &amp; &quot;văn hóa&quot;</a>"));
  // A hostile topic label inside a chart stays text.
  workflow::WeeklyDigest d = KnownWeek();
  d.summary.mentions_by_topic[0].label = "</text><script>x</script>";
  const std::string hostile = RenderDigestHtml(d, View());
  EXPECT_THAT(hostile, Not(HasSubstr("<script>x")));
  EXPECT_EQ(CountIn(hostile, "chart-by-topic", "//rect[@class='bar']"), 3u);
}

TEST(Digest, EnglishWithLangEn) {
  const std::string html = RenderDigestHtml(KnownWeek(), View(Lang::kEn));
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_THAT(html, HasSubstr("Week 47/2026: Monday 16/11/2026 – Sunday 22/11/2026"));
  EXPECT_THAT(html, HasSubstr("<b>12,345</b><span>Items monitored</span>"));
  EXPECT_THAT(html, HasSubstr("Vietnamese press"));
  EXPECT_EQ(CountIn(html, "chart-by-day", "//text[.='Sat 21/11']"), 1u);
}

TEST(Digest, AnEmptyWeekSaysSoInsteadOfEmptyCharts) {
  workflow::WeeklyDigest d;
  d.summary.period = *workflow::IsoWeek("2026-W01");
  d.summary.mentions_by_day.assign(7, C("2025-12-29", 0));
  for (int i = 0; i < 7; ++i) d.summary.mentions_by_day[i].key = workflow::DateText(d.summary.period.first + days(i));
  d.week = "2026-W01";
  const std::string html = RenderDigestHtml(d, View());
  EXPECT_THAT(html, HasSubstr("Không có dữ liệu trong kỳ."));
  EXPECT_THAT(html, HasSubstr("Tuần 1/2026: Thứ Hai 29/12/2025 – Chủ Nhật 04/01/2026"));
  EXPECT_EQ(CountIn(html, "chart-by-day", "//rect[@class='bar']"), 7u);
  for (const auto& svg : Svgs(html)) {
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_string(svg.c_str()));
  }
}

TEST(Digest, PeriodReportShowsMonthsTitleDueDateAndCases) {
  auto profile = config::BundledProfile("lai-chau");
  ASSERT_TRUE(profile.ok());
  workflow::PeriodReportData r;
  r.report = profile->workflow.reports.at(1);  // annual, due 30/11
  r.year = 2026;
  r.due = workflow::DueDate(r.report, 2026);
  r.summary.period = workflow::CoveredPeriod(r.report, 2026);  // 15/12/2025 .. 14/11/2026
  for (sys_days d = r.summary.period.first; d <= r.summary.period.last; d += days(1)) {
    r.summary.mentions_by_day.push_back(C(workflow::DateText(d), 1));
    r.summary.candidates_by_day.push_back(C(workflow::DateText(d), 0));
  }
  r.cases.push_back({"vu-<7>", workflow::CaseState::kDossier, "Công an tỉnh Lai Châu", {"false-info"},
                     Local(2026y / March / 2, 9), true, 2});
  const std::string html = RenderPeriodReportHtml(r, View());
  EXPECT_THAT(html, HasSubstr(r.report.title + " 2026 — Lai Châu"));
  EXPECT_THAT(html, HasSubstr("Hạn nộp: 30/11/2026"));
  EXPECT_THAT(html, HasSubstr("Thứ Hai 15/12/2025"));
  EXPECT_THAT(html, HasSubstr("Tin nhắc đến tỉnh theo tháng"));
  // December 2025 to November 2026: 12 months, each a column; December's 17 days count 17.
  EXPECT_EQ(CountIn(html, "chart-by-day", "//rect[@class='bar']"), 12u);
  EXPECT_EQ(CountIn(html, "chart-by-day", "//rect[@class='bar']/title[.='12/2025: 17']"), 1u);
  EXPECT_THAT(html, HasSubstr("vu-&lt;7&gt;"));
  EXPECT_THAT(html, HasSubstr("hồ sơ <span class=\"overdue\">quá hạn</span>"));
}

TEST(DigestFormat, NumbersDatesAndDayNamesTheVietnameseWay) {
  EXPECT_EQ(digest::Number(0, Lang::kVi), "0");
  EXPECT_EQ(digest::Number(999, Lang::kVi), "999");
  EXPECT_EQ(digest::Number(1000, Lang::kVi), "1.000");
  EXPECT_EQ(digest::Number(1234567, Lang::kVi), "1.234.567");
  EXPECT_EQ(digest::Number(1234567, Lang::kEn), "1,234,567");
  EXPECT_EQ(digest::Date(sys_days(2027y / January / 4)), "04/01/2027");
  EXPECT_EQ(digest::DayName(Monday, Lang::kVi), "Thứ Hai");
  EXPECT_EQ(digest::DayName(Wednesday, Lang::kVi), "Thứ Tư");
  EXPECT_EQ(digest::DayName(Sunday, Lang::kVi), "Chủ Nhật");
  EXPECT_EQ(digest::DayName(Sunday, Lang::kEn), "Sunday");
  // 23:30 on Sunday local time is 16:30 UTC: still Sunday for the reader.
  EXPECT_EQ(digest::LocalDateTime(Local(2026y / November / 22, 23, 30)), "22/11/2026 23:30");
}

TEST(DigestSchedule, ParsesDayAndTimeInEitherLanguage) {
  auto mon = config::ParseDigestSchedule("Mon 07:00");
  ASSERT_TRUE(mon.ok());
  EXPECT_EQ(mon->day, Monday);
  EXPECT_EQ(mon->time, hours(7));
  auto sun = config::ParseDigestSchedule("Chủ Nhật 23:59");
  ASSERT_TRUE(sun.ok());
  EXPECT_EQ(sun->day, Sunday);
  EXPECT_EQ(sun->time, hours(23) + minutes(59));
  EXPECT_EQ(config::ParseDigestSchedule("thu hai 06:30")->day, Monday);
  EXPECT_EQ(config::ParseDigestSchedule("Thứ Năm 06:30")->day, Thursday);
  EXPECT_EQ(config::ParseDigestSchedule("FRIDAY 18:05")->day, Friday);
  for (const char* bad : {"Mon 7:00", "Mon 24:00", "Mon 07:60", "Funday 07:00", "Mon", "07:00", ""}) {
    auto r = config::ParseDigestSchedule(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_THAT(r.error().message, HasSubstr("Mon 07:00"));
  }
}

TEST(DigestSchedule, NextSendIsMondaySevenLocalStrictlyAfterNow) {
  const config::DigestSchedule monday7{};  // the default: Mon 07:00
  // Wednesday -> the coming Monday.
  EXPECT_EQ(NextDigestTime(Local(2026y / November / 25, 10), monday7), Local(2026y / November / 30, 7));
  // Sunday 23:30 local is still Sunday 16:30 UTC: the next morning, across the week boundary.
  EXPECT_EQ(NextDigestTime(Local(2026y / November / 29, 23, 30), monday7), Local(2026y / November / 30, 7));
  // Monday 06:30 local is Sunday 23:30 UTC: the same local morning.
  EXPECT_EQ(NextDigestTime(Local(2026y / November / 30, 6, 30), monday7), Local(2026y / November / 30, 7));
  EXPECT_EQ(Local(2026y / November / 30, 7), 1795996800);  // 2026-11-30T00:00:00Z
  // One second before, exactly at, one second after 07:00.
  EXPECT_EQ(NextDigestTime(Local(2026y / November / 30, 6, 59, 59), monday7), Local(2026y / November / 30, 7));
  EXPECT_EQ(NextDigestTime(Local(2026y / November / 30, 7), monday7), Local(2026y / December / 7, 7));
  EXPECT_EQ(NextDigestTime(Local(2026y / November / 30, 7, 0, 1), monday7), Local(2026y / December / 7, 7));
  // Year end: from Thursday 31 December 2026 to Monday 4 January 2027.
  EXPECT_EQ(NextDigestTime(Local(2026y / December / 31, 20), monday7), Local(2027y / January / 4, 7));
  const config::DigestSchedule friday{Friday, hours(18) + minutes(30)};
  EXPECT_EQ(NextDigestTime(Local(2026y / December / 31, 20), friday), Local(2027y / January / 1, 18, 30));
}

TEST(DigestMail, SubjectHtmlAndTextAlternative) {
  const workflow::WeeklyDigest d = KnownWeek();
  const DigestMessage m = BuildDigestMessage(d, View());
  EXPECT_EQ(m.subject, "Bản tin tuần Lai Châu, 16/11/2026 – 22/11/2026");
  EXPECT_EQ(m.html, RenderDigestHtml(d, View()));
  for (const char* s : {"Tin đã theo dõi: 12.345\n", "Tin nhắc đến tỉnh: 567\n", "Vụ việc quá hạn: 1\n",
                        "  21/11: 1.067\n", "Câu chuyện nổi bật:\n", "(42 tin, 2 nguồn)",
                        "     https://baolaichau.vn/tin?a=1&b=2\n"}) {
    EXPECT_THAT(m.text, HasSubstr(s));
  }
  EXPECT_THAT(m.text, Not(HasSubstr("<svg")));
}

TEST(SvgChart, EscapesAndScalesToTheLargestValue) {
  const std::string svg = svg::ColumnChart({{"a<b", 5, "5"}, {"c", 10, "10"}}, {.id = "x", .title = "T & t", .desc = "d"});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(svg.c_str()));
  EXPECT_STREQ(doc.document_element().child("title").text().get(), "T & t");
  auto bars = doc.select_nodes("//rect[@class='bar']");
  ASSERT_EQ(bars.size(), 2u);
  const double h0 = bars[0].node().attribute("height").as_double();
  const double h1 = bars[1].node().attribute("height").as_double();
  EXPECT_GT(h1, 0);
  EXPECT_NEAR(h0 * 2, h1, 0.2);
}

}  // namespace
}  // namespace pw::daemon
