#include "workflow/reports.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

#include "workflow/deadlines.h"
#include "workflow/profile_policy.h"
#include "workflow/transition.h"

namespace pw::workflow {

using namespace std::chrono;
using Json = nlohmann::ordered_json;

namespace {

constexpr hours kOffset{7};  // the province's time: UTC+7, no daylight saving

UnixTime LocalMidnight(sys_days d) { return (sys_seconds(d) - kOffset).time_since_epoch().count(); }

/// "2026-11-16T02:00:00Z".
std::string InstantText(UnixTime t) {
  const sys_seconds s{seconds(t)};
  const sys_days d = floor<days>(s);
  const hh_mm_ss hms{s - d};
  char buf[24];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", DateText(d).c_str(),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

bool IsNameRule(const std::string& rule) {
  return rule == "province" || rule == "place" || rule == "place-unconfirmed";
}

UnixTime ItemTime(const Item& item) { return item.entry.published.value_or(item.fetched_at); }

bool In(const Period& p, UnixTime t) { return t >= p.begin && t < p.end; }

/// The cases the viewer may see, and the item keys of the secret cases they may not.
struct Visible {
  std::vector<const Case*> cases;
  std::set<std::string> case_ids;
  std::set<std::string> hidden_items;
};

Visible VisibleTo(const std::vector<Case>& cases, const Actor& viewer) {
  Visible v;
  for (const auto& c : cases) {
    if (CanSee(viewer, c)) {
      v.cases.push_back(&c);
      v.case_ids.insert(c.id);
    } else if (c.secret) {
      v.hidden_items.insert(c.item_keys.begin(), c.item_keys.end());
    }
  }
  return v;
}

/// Counts as a list, most first, then by key.
std::vector<Count> Ranked(const std::map<std::string, std::size_t>& counts,
                          const std::map<std::string, std::string>& labels = {}) {
  std::vector<Count> out;
  for (const auto& [key, n] : counts) {
    auto label = labels.find(key);
    out.push_back({key, label == labels.end() ? "" : label->second, n});
  }
  std::stable_sort(out.begin(), out.end(), [](const Count& a, const Count& b) { return a.n > b.n; });
  return out;
}

/// The host of an http(s) URL, lower-case, without "www."; "" otherwise.
std::string HostOf(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  const std::string s = url.substr(0, scheme);
  if (s != "http" && s != "https" && s != "HTTP" && s != "HTTPS") return "";
  std::string host = url.substr(scheme + 3, url.find_first_of("/?#", scheme + 3) - scheme - 3);
  if (auto at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
  if (auto colon = host.find(':'); colon != std::string::npos) host.erase(colon);
  for (char& c : host) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (host.starts_with("www.")) host.erase(0, 4);
  return host;
}

bool HostIs(const std::string& host, std::string_view domain) {
  return host == domain ||
         (host.size() > domain.size() && host.ends_with(domain) &&
          host[host.size() - domain.size() - 1] == '.');
}

/// The stories of the period's mentions, ranked (see TopStory).
std::vector<TopStory> TopStories(std::vector<const Item*> mentions) {
  std::stable_sort(mentions.begin(), mentions.end(),
                   [](const Item* a, const Item* b) { return ItemTime(*a) < ItemTime(*b); });
  std::vector<TopStory> stories;
  std::map<std::string, std::size_t> index;  // cluster id (or item key) -> stories slot
  for (const Item* item : mentions) {
    const std::string key = item->cluster_id.empty() ? "item:" + item->key : item->cluster_id;
    auto [it, added] = index.emplace(key, stories.size());
    if (added) {
      stories.push_back({item->cluster_id, item->entry.title, item->entry.link, ItemTime(*item), 0, 0, {}});
    }
    TopStory& story = stories[it->second];
    ++story.items;
    if (item->score.candidate) ++story.candidates;
    if (std::find(story.outlets.begin(), story.outlets.end(), item->source_id) == story.outlets.end()) {
      story.outlets.push_back(item->source_id);
    }
  }
  std::stable_sort(stories.begin(), stories.end(), [](const TopStory& a, const TopStory& b) {
    if (a.items != b.items) return a.items > b.items;
    return a.outlets.size() > b.outlets.size();
  });
  if (stories.size() > kTopStories) stories.resize(kTopStories);
  return stories;
}

/// Every day of the period with its count, zeros included.
std::vector<Count> Daily(const Period& p, const std::map<sys_days, std::size_t>& by_day) {
  std::vector<Count> out;
  for (sys_days d = p.first; d <= p.last; d += days(1)) {
    auto it = by_day.find(d);
    out.push_back({DateText(d), "", it == by_day.end() ? 0 : it->second});
  }
  return out;
}

void CountItems(const ReportInputs& in, const Visible& v, Summary& s) {
  std::map<sys_days, std::size_t> by_day, candidates_by_day;
  std::map<std::string, std::size_t> by_source, by_topic, by_type;
  std::vector<const Item*> mentions;
  for (const auto& item : in.items) {
    const UnixTime t = ItemTime(item);
    if (!In(s.period, t) || v.hidden_items.contains(item.key)) continue;
    ++s.items_monitored;
    if (item.score.candidate) {
      ++s.candidates;
      ++candidates_by_day[LocalDay(t)];
    }
    if (!item.score.mentions_province) continue;
    ++s.mentions;
    mentions.push_back(&item);
    ++by_day[LocalDay(t)];
    ++by_source[item.source_id];
    ++by_type[SourceType(item)];
    std::set<std::string> rules;
    for (const auto& m : item.score.matches) {
      if (!IsNameRule(m.rule) && m.weight > 0) rules.insert(m.rule);
    }
    for (const auto& r : rules) ++by_topic[r];
  }
  s.mentions_by_day = Daily(s.period, by_day);
  s.candidates_by_day = Daily(s.period, candidates_by_day);
  s.mentions_by_source = Ranked(by_source);
  s.mentions_by_topic = Ranked(by_topic, in.topic_labels);
  s.mentions_by_source_type = Ranked(by_type);
  s.top_stories = TopStories(std::move(mentions));
}

void CountCases(const ReportInputs& in, const Visible& v, UnixTime now, Summary& s) {
  const DeadlinePolicy policy = MakeDeadlinePolicy(in.workflow);
  const WorkCalendar calendar = MakeWorkCalendar(in.workflow);
  const UnixTime at = std::min(now, s.period.end - 1);
  std::map<std::string, std::size_t> by_kind;
  for (const Case* c : v.cases) {
    if (In(s.period, c->detected_at)) ++s.cases_opened;
    if (c->detected_at <= at && IsOverdue(CaseAsOf(*c, at), policy, calendar, at)) ++s.cases_overdue;
    for (const auto& m : c->measures) {
      if (!In(s.period, m.date)) continue;
      s.measures.push_back({c->id, m});
      ++by_kind[m.kind];
    }
  }
  for (const auto& r : in.audit) {
    if (r.event.kind == ActionKind::kClose && v.case_ids.contains(r.event.case_id) &&
        In(s.period, r.event.at)) {
      ++s.cases_closed;
    }
  }
  std::stable_sort(s.measures.begin(), s.measures.end(),
                   [](const MeasureLine& a, const MeasureLine& b) { return a.measure.date < b.measure.date; });
  s.measures_by_kind = Ranked(by_kind);
}

Summary Summarise(const ReportInputs& in, const Visible& v, const Period& period, UnixTime now) {
  Summary s;
  s.period = period;
  CountItems(in, v, s);
  CountCases(in, v, now, s);
  return s;
}

bool Ended(const Case& c, UnixTime before) {
  for (CaseState end : {CaseState::kClosed, CaseState::kDismissed}) {
    auto it = c.entered.find(end);
    if (c.state == end && it != c.entered.end() && it->second < before) return true;
  }
  return false;
}

std::vector<CaseLine> CaseLines(const ReportInputs& in, const Visible& v, const Period& p,
                                UnixTime now) {
  const DeadlinePolicy policy = MakeDeadlinePolicy(in.workflow);
  const WorkCalendar calendar = MakeWorkCalendar(in.workflow);
  std::vector<CaseLine> out;
  for (const Case* c : v.cases) {
    if (c->detected_at >= p.end || Ended(*c, p.begin)) continue;
    CaseLine line{c->id, c->state, c->lead_agency, c->topics, c->detected_at,
                  IsOverdue(CaseAsOf(*c, std::min(now, p.end - 1)), policy, calendar,
                            std::min(now, p.end - 1)),
                  0};
    if (auto name = in.workflow.agencies.find(c->lead_agency); name != in.workflow.agencies.end()) {
      line.lead_agency = name->second;
    }
    for (const auto& m : c->measures) line.measures += In(p, m.date) ? 1 : 0;
    out.push_back(std::move(line));
  }
  std::sort(out.begin(), out.end(),
            [](const CaseLine& a, const CaseLine& b) { return a.detected_at < b.detected_at; });
  return out;
}

// ---- rendering ----

Json PeriodJson(const Period& p) {
  return Json{{"from", DateText(p.first)}, {"to", DateText(p.last)},
              {"begin", InstantText(p.begin)}, {"end", InstantText(p.end)}};
}

Json CountsJson(const std::vector<Count>& counts, const char* key_name) {
  Json arr = Json::array();
  for (const auto& c : counts) {
    Json o{{key_name, c.key}};
    if (!c.label.empty()) o["label"] = c.label;
    o["count"] = c.n;
    arr.push_back(std::move(o));
  }
  return arr;
}

Json TopStoriesJson(const std::vector<TopStory>& stories) {
  Json arr = Json::array();
  for (const auto& t : stories) {
    arr.push_back({{"cluster", t.cluster_id}, {"title", t.title}, {"link", t.link},
                   {"first_seen", InstantText(t.first_seen)}, {"items", t.items},
                   {"candidates", t.candidates}, {"outlets", t.outlets}});
  }
  return arr;
}

Json SummaryJson(const Summary& s) {
  Json measures = Json::array();
  for (const auto& m : s.measures) {
    measures.push_back({{"case", m.case_id}, {"kind", m.measure.kind},
                        {"date", InstantText(m.measure.date)}, {"channel", m.measure.channel},
                        {"link", m.measure.link}, {"language", m.measure.language}});
  }
  return Json{{"period", PeriodJson(s.period)},
              {"items_monitored", s.items_monitored},
              {"mentions", s.mentions},
              {"candidates", s.candidates},
              {"mentions_by_day", CountsJson(s.mentions_by_day, "day")},
              {"mentions_by_source", CountsJson(s.mentions_by_source, "source")},
              {"mentions_by_topic", CountsJson(s.mentions_by_topic, "topic")},
              {"mentions_by_source_type", CountsJson(s.mentions_by_source_type, "type")},
              {"candidates_by_day", CountsJson(s.candidates_by_day, "day")},
              {"top_stories", TopStoriesJson(s.top_stories)},
              {"cases_opened", s.cases_opened},
              {"cases_closed", s.cases_closed},
              {"cases_overdue", s.cases_overdue},
              {"measures", std::move(measures)},
              {"measures_by_kind", CountsJson(s.measures_by_kind, "kind")}};
}

std::string CsvField(const std::string& f) {
  if (f.find_first_of(",\"\r\n") == std::string::npos) return f;
  std::string out = "\"";
  for (char c : f) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

/// CSV sections: a header row whose first cell is "table", then rows whose
/// first cell is the table's name; a blank line before every section but the first.
class Csv {
 public:
  void Section(const std::string& name, const std::vector<std::string>& columns) {
    if (!out_.empty()) out_ += "\n";
    name_ = name;
    Row("table", columns);
  }
  void Row(const std::vector<std::string>& cells) { Row(name_, cells); }
  std::string str() const { return out_; }

 private:
  void Row(const std::string& first, const std::vector<std::string>& cells) {
    out_ += CsvField(first);
    for (const auto& c : cells) out_ += "," + CsvField(c);
    out_ += "\n";
  }
  std::string out_, name_;
};

std::string N(std::size_t n) { return std::to_string(n); }

std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ";") + s;
  return out;
}

void SummaryCsv(Csv& csv, const Summary& s) {
  csv.Section("mentions_by_day", {"day", "mentions"});
  for (const auto& c : s.mentions_by_day) csv.Row({c.key, N(c.n)});
  csv.Section("mentions_by_source", {"source", "mentions"});
  for (const auto& c : s.mentions_by_source) csv.Row({c.key, N(c.n)});
  csv.Section("mentions_by_topic", {"topic", "label", "mentions"});
  for (const auto& c : s.mentions_by_topic) csv.Row({c.key, c.label, N(c.n)});
  csv.Section("mentions_by_source_type", {"type", "mentions"});
  for (const auto& c : s.mentions_by_source_type) csv.Row({c.key, N(c.n)});
  csv.Section("candidates_by_day", {"day", "candidates"});
  for (const auto& c : s.candidates_by_day) csv.Row({c.key, N(c.n)});
  csv.Section("top_stories", {"cluster", "title", "link", "first_seen", "items", "candidates", "outlets"});
  for (const auto& t : s.top_stories) {
    csv.Row({t.cluster_id, t.title, t.link, InstantText(t.first_seen), N(t.items), N(t.candidates),
             Joined(t.outlets)});
  }
  csv.Section("measures", {"case", "kind", "date", "channel", "link", "language"});
  for (const auto& m : s.measures) {
    csv.Row({m.case_id, m.measure.kind, InstantText(m.measure.date), m.measure.channel,
             m.measure.link, m.measure.language});
  }
  csv.Section("measures_by_kind", {"kind", "count"});
  for (const auto& c : s.measures_by_kind) csv.Row({c.key, N(c.n)});
}

std::vector<std::string> SummaryColumns() {
  return {"from", "to", "items_monitored", "mentions", "candidates", "cases_opened",
          "cases_closed", "cases_overdue"};
}

std::vector<std::string> SummaryCells(const Summary& s) {
  return {DateText(s.period.first), DateText(s.period.last), N(s.items_monitored), N(s.mentions),
          N(s.candidates), N(s.cases_opened), N(s.cases_closed), N(s.cases_overdue)};
}

}  // namespace

sys_days LocalDay(UnixTime t) { return floor<days>(sys_seconds(seconds(t)) + kOffset); }

std::string DateText(sys_days d) {
  const year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Period MakePeriod(sys_days first, sys_days last) {
  return {first, last, LocalMidnight(first), LocalMidnight(last + days(1))};
}

std::string IsoWeekName(sys_days date) {
  const unsigned iso = weekday(date).iso_encoding();  // Monday 1 .. Sunday 7
  const sys_days thursday = date - days(iso - 1) + days(3);
  const year y = year_month_day(thursday).year();
  const auto week = (thursday - sys_days(y / January / 1)).count() / 7 + 1;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", static_cast<int>(y), static_cast<int>(week));
  return buf;
}

Result<Period> IsoWeek(std::string_view name) {
  const Error bad{"\"" + std::string(name) + "\": expected an ISO week like 2026-W47"};
  int y = 0, w = 0;
  if (name.size() != 8 || name[4] != '-' || name[5] != 'W') return bad;
  auto [p1, e1] = std::from_chars(name.data(), name.data() + 4, y);
  auto [p2, e2] = std::from_chars(name.data() + 6, name.data() + 8, w);
  if (e1 != std::errc() || e2 != std::errc() || p1 != name.data() + 4 || p2 != name.data() + 8 ||
      w < 1 || w > 53 || y < 1970) {
    return bad;
  }
  const sys_days jan4 = sys_days(year(y) / January / 4);
  const sys_days monday = jan4 - days(weekday(jan4).iso_encoding() - 1) + weeks(w - 1);
  if (IsoWeekName(monday) != name) return bad;  // week 53 of a 52-week year
  return MakePeriod(monday, monday + days(6));
}

std::string SourceType(const Item& item) {
  const std::string host = HostOf(item.entry.link);
  if (host.empty()) return "other";
  if (HostIs(host, "gov.vn")) return "gov";
  for (std::string_view social : {"facebook.com", "fb.com", "fb.watch", "youtube.com", "youtu.be",
                                  "tiktok.com", "zalo.me", "x.com", "twitter.com"}) {
    if (HostIs(host, social)) return "social";
  }
  if (HostIs(host, "vn")) return "press-vn";
  return "foreign";
}

Case CaseAsOf(const Case& c, UnixTime t) {
  Case out = c;
  std::erase_if(out.entered, [t](const auto& e) { return e.second > t; });
  std::erase_if(out.measures, [t](const Measure& m) { return m.date > t; });
  if (out.confirmed_at && *out.confirmed_at > t) out.confirmed_at.reset();
  out.state = CaseState::kDetected;
  UnixTime latest = 0;
  for (const auto& [state, at] : out.entered) {
    if (at >= latest) {
      latest = at;
      out.state = state;
    }
  }
  if (out.entered.empty() && c.entered.empty()) out.state = c.state;  // records without history
  return out;
}

WeeklyDigest BuildWeeklyDigest(const ReportInputs& in, const Period& period, const Actor& viewer,
                               UnixTime now) {
  const Visible v = VisibleTo(in.cases, viewer);
  WeeklyDigest d;
  const bool whole_week = period.last - period.first == days(6) &&
                          weekday(period.first) == Monday;
  if (whole_week) d.week = IsoWeekName(period.first);
  d.summary = Summarise(in, v, period, now);
  return d;
}

Period CoveredPeriod(const config::PeriodReport& report, int y) {
  const sys_days to = sys_days(year(y) / report.to);
  sys_days from = sys_days(year(y) / report.from);
  if (from > to) from = sys_days(year(y - 1) / report.from);
  return MakePeriod(from, to);
}

sys_days DueDate(const config::PeriodReport& report, int y) { return sys_days(year(y) / report.due); }

Result<PeriodReportData> BuildPeriodReport(const ReportInputs& in, std::string_view id, int y,
                                           const Actor& viewer, UnixTime now) {
  const auto& reports = in.workflow.reports;
  auto it = std::find_if(reports.begin(), reports.end(),
                         [&](const config::PeriodReport& r) { return r.id == id; });
  if (it == reports.end()) {
    std::string known;
    for (const auto& r : reports) known += (known.empty() ? "" : ", ") + r.id;
    return Error{"không có báo cáo định kỳ '" + std::string(id) + "' / no period report '" +
                 std::string(id) + "' in this profile (known: " + known + ")"};
  }
  const Visible v = VisibleTo(in.cases, viewer);
  PeriodReportData out;
  out.report = *it;
  out.year = y;
  out.due = DueDate(*it, y);
  out.summary = Summarise(in, v, CoveredPeriod(*it, y), now);
  out.cases = CaseLines(in, v, out.summary.period, now);
  return out;
}

NextDue NextDueReport(const config::WorkflowConfig& w, UnixTime now) {
  const sys_days today = LocalDay(now);
  const int this_year = static_cast<int>(year_month_day(today).year());
  NextDue best;
  sys_days best_due{};
  for (const auto& r : w.reports) {
    int y = this_year;
    if (DueDate(r, y) < today) ++y;
    if (best.report == nullptr || DueDate(r, y) < best_due) {
      best = {&r, y};
      best_due = DueDate(r, y);
    }
  }
  return best;
}

std::vector<Reminder> DueReminders(const config::WorkflowConfig& w, UnixTime now) {
  const sys_days today = LocalDay(now);
  const int this_year = static_cast<int>(year_month_day(today).year());
  std::vector<Reminder> out;
  for (const auto& r : w.reports) {
    int y = this_year;
    if (DueDate(r, y) < today) ++y;
    const sys_days due = DueDate(r, y);
    const int left = static_cast<int>((due - today).count());
    if (left <= w.reminder_days) out.push_back({r.id, r.title, due, left, CoveredPeriod(r, y)});
  }
  std::sort(out.begin(), out.end(), [](const Reminder& a, const Reminder& b) { return a.due < b.due; });
  return out;
}

std::string ToJson(const WeeklyDigest& d) {
  Json j{{"report", "weekly"}, {"week", d.week.empty() ? Json(nullptr) : Json(d.week)}};
  j.update(SummaryJson(d.summary));
  return j.dump() + "\n";
}

std::string ToCsv(const WeeklyDigest& d) {
  Csv csv;
  auto columns = SummaryColumns();
  columns.insert(columns.begin(), "week");
  csv.Section("summary", columns);
  auto cells = SummaryCells(d.summary);
  cells.insert(cells.begin(), d.week);
  csv.Row(cells);
  SummaryCsv(csv, d.summary);
  return csv.str();
}

std::string ToJson(const PeriodReportData& r) {
  Json cases = Json::array();
  for (const auto& c : r.cases) {
    cases.push_back({{"id", c.id}, {"state", LabelEn(c.state)}, {"state_vi", LabelVi(c.state)},
                     {"lead_agency", c.lead_agency}, {"topics", c.topics},
                     {"detected", InstantText(c.detected_at)}, {"overdue", c.overdue},
                     {"measures", c.measures}});
  }
  Json j{{"report", "period"},
         {"id", r.report.id},
         {"title", r.report.title},
         {"year", r.year},
         {"due", DateText(r.due)},
         {"basis", r.report.basis}};
  j.update(SummaryJson(r.summary));
  j["cases"] = std::move(cases);
  return j.dump() + "\n";
}

std::string ToCsv(const PeriodReportData& r) {
  Csv csv;
  csv.Section("report", {"id", "title", "year", "due", "basis"});
  csv.Row({r.report.id, r.report.title, std::to_string(r.year), DateText(r.due), r.report.basis});
  csv.Section("summary", SummaryColumns());
  csv.Row(SummaryCells(r.summary));
  SummaryCsv(csv, r.summary);
  csv.Section("cases", {"id", "state", "state_vi", "lead_agency", "topics", "detected", "overdue",
                        "measures"});
  for (const auto& c : r.cases) {
    csv.Row({c.id, std::string(LabelEn(c.state)), std::string(LabelVi(c.state)), c.lead_agency,
             Joined(c.topics), InstantText(c.detected_at), c.overdue ? "true" : "false",
             N(c.measures)});
  }
  return csv.str();
}

std::string ToJson(const std::vector<Reminder>& reminders) {
  Json arr = Json::array();
  for (const auto& r : reminders) {
    arr.push_back({{"id", r.id}, {"title", r.title}, {"due", DateText(r.due)},
                   {"days_left", r.days_left}, {"covers", PeriodJson(r.covers)}});
  }
  return Json{{"report", "reminders"}, {"reminders", std::move(arr)}}.dump() + "\n";
}

std::string ToCsv(const std::vector<Reminder>& reminders) {
  Csv csv;
  csv.Section("reminders", {"id", "title", "due", "days_left", "from", "to"});
  for (const auto& r : reminders) {
    csv.Row({r.id, r.title, DateText(r.due), std::to_string(r.days_left), DateText(r.covers.first),
             DateText(r.covers.last)});
  }
  return csv.str();
}

}  // namespace pw::workflow
