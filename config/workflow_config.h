#pragma once
/// WorkflowConfig: what a province's regulation on external information says
/// about the clarification workflow, as plain data read from the `[workflow]`
/// table of a profile (config/profiles/*.toml) and optionally overridden by a
/// user's configuration. workflow/profile_policy.h turns it into the policies
/// the pure workflow core takes. The format is documented in README.md,
/// "The [workflow] table".
#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace pw::config {

/// A periodic report on the profile's calendar (Bắc Kạn: 6-month report
/// before 20/6, annual before 30/11, synthesis before 05/12, ...).
/// The covered period runs from `from` to `to` (both included, local dates);
/// when `from` falls after `to` in the calendar year, it is in the year before
/// (e.g. 15/12 of last year to 14/6, the cut-off of Decree 09/2019 Art. 12).
struct PeriodReport {
  std::string id;          ///< "half-year", "annual", "plan", "synthesis", ...
  std::string title;       ///< Vietnamese, for officers ("Báo cáo 6 tháng")
  std::chrono::month_day due;
  std::chrono::month_day from;
  std::chrono::month_day to;
  std::string basis;       ///< the article that sets it, for people
};

struct WorkflowConfig {
  /// Agency role id -> the province's agency name after the 2025
  /// reorganisation ("cong-an" -> "Công an tỉnh Lai Châu"). Role ids: the
  /// fixed vocabulary of RoleIds(), plus the profile's own (e.g. "tuyen-giao").
  std::map<std::string, std::string> agencies;
  /// Rule topic -> agency role id; overrides the rules' own `agency`.
  std::map<std::string, std::string> routing;
  /// Leads a case no routed topic claims (the department for external information).
  std::string default_lead;
  /// Coordinate on every case (the propaganda board, the police).
  std::vector<std::string> coordinators;
  /// Measure kinds the regulation offers (ids of MeasureKinds()); empty: any.
  std::vector<std::string> measures;
  /// Phú Thọ QĐ 01/2020 Đ5.2: closing needs a written notice to every coordinating agency.
  bool close_requires_notices = false;
  /// Decree 244/2026 Art. 7: initial information within 24 hours.
  int initial_information_hours = 24;
  /// The dossier within this many working days of assignment.
  int dossier_working_days = 7;
  /// Bundled holiday calendar (config/calendars/<id>.toml), and its dates.
  std::string calendar;
  std::vector<std::chrono::year_month_day> calendar_holidays;
  /// Holidays of the profile's own, added to the calendar's.
  std::vector<std::chrono::year_month_day> extra_holidays;
  std::vector<PeriodReport> reports;
  /// A period report is announced this many days before it is due.
  int reminder_days = 7;

  /// The calendar's and the profile's holidays, sorted, each once.
  std::vector<std::chrono::year_month_day> Holidays() const;
};

/// The agency role ids that rule topics route to: cong-an, ngoai-vu, van-hoa,
/// dau-tu, bien-phong, quan-su, van-phong-ubnd, dan-toc-ton-giao,
/// nong-nghiep-moi-truong, y-te, phong-chong-thien-tai, xa.
const std::vector<std::string_view>& RoleIds();

/// The response measures the regulations name: press-release,
/// spokesperson-statement, press-briefing (giao ban báo chí), press-conference,
/// portal-post-vi, portal-post-foreign, press-information, correction-request,
/// border-outreach.
const std::vector<std::string_view>& MeasureKinds();

}  // namespace pw::config
