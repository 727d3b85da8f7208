#pragma once
/// The reports of the clarification workflow, as data and as JSON or CSV:
/// the weekly digest (items monitored, mentions by day, source and topic,
/// candidates, cases opened, closed and overdue, measures taken), the period
/// reports of the profile's calendar (6-month, annual, plan, synthesis, with
/// the period they cover) and the reminders of period reports coming due.
///
/// Visibility: everything is built for one viewing Actor. A case the viewer
/// may not see (workflow::CanSee: state secrets, an agency's own cases) is
/// absent from every count, list and total; the items of a secret case the
/// viewer may not see are left out of the item counts too, so that comparing
/// totals does not reveal it.
///
/// Pure: the caller loads items, cases and audit records and passes `now`.
/// Times: a day is a local date of the province (UTC+7).
#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/workflow_config.h"
#include "core/item.h"
#include "core/result.h"
#include "workflow/audit.h"
#include "workflow/case.h"

namespace pw::workflow {

/// Local dates `first`..`last` (both included) and the instants they span:
/// [begin, end) from local midnight of `first` to local midnight after `last`.
struct Period {
  std::chrono::sys_days first{};
  std::chrono::sys_days last{};
  UnixTime begin = 0;
  UnixTime end = 0;
};
Period MakePeriod(std::chrono::sys_days first, std::chrono::sys_days last);
/// "2026-W47" -> Monday 16 to Sunday 22 November 2026 (ISO 8601 weeks).
Result<Period> IsoWeek(std::string_view name);
/// The ISO week name of a date ("2026-W47").
std::string IsoWeekName(std::chrono::sys_days date);
/// The local date of an instant.
std::chrono::sys_days LocalDay(UnixTime t);
/// "2026-11-16".
std::string DateText(std::chrono::sys_days d);

/// What a report is made from. References: the caller keeps them alive.
struct ReportInputs {
  const std::vector<Item>& items;
  const std::vector<Case>& cases;
  const std::vector<AuditRecord>& audit;
  const config::WorkflowConfig& workflow;
  /// Rule id -> topic label (Profile::rules), for people; may be empty.
  std::map<std::string, std::string> topic_labels = {};
};

struct Count {
  std::string key;
  std::string label;  ///< for people; may be empty
  std::size_t n = 0;
};

struct MeasureLine {
  std::string case_id;
  Measure measure;
};

/// One case in a period report.
struct CaseLine {
  std::string id;
  CaseState state = CaseState::kDetected;
  std::string lead_agency;  ///< the profile's name for it when known
  std::vector<std::string> topics;
  UnixTime detected_at = 0;
  bool overdue = false;
  std::size_t measures = 0;
};

/// One story of the period: a story cluster (storage/cluster.h) seen
/// through the period's mentions, or a lone item that has no cluster.
struct TopStory {
  std::string cluster_id;             ///< empty for a lone item
  std::string title;                  ///< the earliest item's title in the period
  std::string link;                   ///< and its link (may be empty)
  UnixTime first_seen = 0;            ///< the earliest item's time in the period
  std::size_t items = 0;              ///< items of the story in the period (its growth)
  std::size_t candidates = 0;         ///< of which candidates
  std::vector<std::string> outlets;   ///< distinct source ids, in the order they appeared
};

/// The kind of site an item comes from, from its link's host: "gov" (a
/// *.gov.vn portal), "press-vn" (another *.vn site: the domestic press),
/// "social" (Facebook, YouTube, TikTok, Zalo, X/Twitter), "foreign" (any
/// other host), "other" (no http(s) link, e.g. a file:// source).
std::string SourceType(const Item& item);

/// The counts shared by the digest and the period reports.
struct Summary {
  Period period;
  std::size_t items_monitored = 0;  ///< stored items published (else fetched) in the period
  std::size_t mentions = 0;         ///< of those, the ones that mention the province
  std::size_t candidates = 0;
  std::vector<Count> mentions_by_day;     ///< every day of the period, zeros included
  std::vector<Count> mentions_by_source;  ///< most first
  std::vector<Count> mentions_by_topic;   ///< rule ids of the mentions' scoring matches
  std::vector<Count> mentions_by_source_type;  ///< SourceType keys, most first
  std::vector<Count> candidates_by_day;   ///< every day of the period, zeros included
  std::vector<TopStory> top_stories;      ///< at most kTopStories, most items first, then outlets
  std::size_t cases_opened = 0;           ///< detected in the period
  std::size_t cases_closed = 0;           ///< close events in the period
  /// Overdue at the period's end (or now, if sooner), judged on the case as
  /// it stood then (CaseAsOf): a case overdue on Sunday and closed on
  /// Tuesday counts in that week's digest.
  std::size_t cases_overdue = 0;
  std::vector<MeasureLine> measures;      ///< dated in the period
  std::vector<Count> measures_by_kind;
};

/// The number of top stories a summary keeps.
inline constexpr std::size_t kTopStories = 10;

/// `c` as it stood at `t`, from what it records: the state it entered last
/// at or before `t`, without the states entered, the measures dated and the
/// confirmation made after `t`. (Case::entered keeps the last entry into each
/// state, so a case reopened after `t` is seen as of its last pass.)
Case CaseAsOf(const Case& c, UnixTime t);

struct WeeklyDigest {
  std::string week;  ///< "2026-W47", or "" for a free period
  Summary summary;
};

WeeklyDigest BuildWeeklyDigest(const ReportInputs& in, const Period& period, const Actor& viewer,
                               UnixTime now);

struct PeriodReportData {
  config::PeriodReport report;
  int year = 0;                 ///< the year it is due
  std::chrono::sys_days due{};
  Summary summary;              ///< over the covered period
  std::vector<CaseLine> cases;  ///< cases opened in the period or still open at its start
};

/// The period `report` covers when due in `year`, and its due date.
Period CoveredPeriod(const config::PeriodReport& report, int year);
std::chrono::sys_days DueDate(const config::PeriodReport& report, int year);

/// The report of the calendar named `id`, due in `year`. Error naming the
/// known ids when the profile has no such report.
Result<PeriodReportData> BuildPeriodReport(const ReportInputs& in, std::string_view id, int year,
                                           const Actor& viewer, UnixTime now);

/// The report due next at `now` (today included), with the year it is due.
struct NextDue {
  const config::PeriodReport* report = nullptr;  ///< nullptr: the calendar is empty
  int year = 0;
};
NextDue NextDueReport(const config::WorkflowConfig& w, UnixTime now);

/// A period report due within the profile's reminder_days of `now`.
struct Reminder {
  std::string id;
  std::string title;
  std::chrono::sys_days due{};
  int days_left = 0;  ///< 0: due today
  Period covers;
};
std::vector<Reminder> DueReminders(const config::WorkflowConfig& w, UnixTime now);

/// JSON (one document) and CSV (one section per table: a header row whose
/// first cell is "table", rows whose first cell is the table's name, a blank
/// line between sections; UTF-8 without a byte-order mark).
std::string ToJson(const WeeklyDigest& d);
std::string ToCsv(const WeeklyDigest& d);
std::string ToJson(const PeriodReportData& r);
std::string ToCsv(const PeriodReportData& r);
std::string ToJson(const std::vector<Reminder>& reminders);
std::string ToCsv(const std::vector<Reminder>& reminders);

}  // namespace pw::workflow
