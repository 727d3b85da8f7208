#include "config/workflow_config.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include "config/bundled.h"
#include "config/workflow_config_toml.h"

namespace pw::config {

using namespace std::chrono;

const std::vector<std::string_view>& RoleIds() {
  static const std::vector<std::string_view> kIds = {
      "cong-an", "ngoai-vu", "van-hoa", "dau-tu", "bien-phong", "quan-su", "van-phong-ubnd",
      "dan-toc-ton-giao", "nong-nghiep-moi-truong", "y-te", "phong-chong-thien-tai", "xa"};
  return kIds;
}

const std::vector<std::string_view>& MeasureKinds() {
  static const std::vector<std::string_view> kKinds = {
      "press-release", "spokesperson-statement", "press-briefing", "press-conference",
      "portal-post-vi", "portal-post-foreign", "press-information", "correction-request",
      "border-outreach"};
  return kKinds;
}

std::vector<year_month_day> WorkflowConfig::Holidays() const {
  std::vector<sys_days> days;
  for (const auto& d : calendar_holidays) days.push_back(sys_days(d));
  for (const auto& d : extra_holidays) days.push_back(sys_days(d));
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return {days.begin(), days.end()};
}

namespace detail {
namespace {

bool IsId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool ReadInt(std::string_view text, int& out) {
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && p == text.data() + text.size();
}

/// "2026-02-16" -> a valid date, else nullopt.
std::optional<year_month_day> ParseDate(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !ReadInt(s.substr(0, 4), y) ||
      !ReadInt(s.substr(5, 2), m) || !ReadInt(s.substr(8, 2), d)) {
    return std::nullopt;
  }
  const year_month_day ymd{year(y), month(static_cast<unsigned>(m)), day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

/// "06-20" -> 20 June, else nullopt (29 February is refused: not every year has it).
std::optional<month_day> ParseMonthDay(std::string_view s) {
  int m = 0, d = 0;
  if (s.size() != 5 || s[2] != '-' || !ReadInt(s.substr(0, 2), m) || !ReadInt(s.substr(3, 2), d)) {
    return std::nullopt;
  }
  const month_day md{month(static_cast<unsigned>(m)), day(static_cast<unsigned>(d))};
  if (!md.ok() || md == February / 29) return std::nullopt;
  return md;
}

/// A whole number within [lo, hi].
Status GetInt(const toml::table& t, const Scope& s, std::string_view key, int lo, int hi, int& out) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return Status::Ok();
  const auto* i = node->as_integer();
  if (i == nullptr || i->get() < lo || i->get() > hi) {
    return FieldError(s, *node, key,
                      "expected a whole number from " + std::to_string(lo) + " to " +
                          std::to_string(hi));
  }
  out = static_cast<int>(i->get());
  return Status::Ok();
}

/// A table of id -> string (agencies, routing), merged into `into`.
Status MergeStringTable(const toml::table& t, const Scope& s, std::string_view key,
                        std::map<std::string, std::string>& into) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return Status::Ok();
  const auto* table = node->as_table();
  if (table == nullptr) return FieldError(s, *node, key, "expected a table of \"id\" = \"text\"");
  const Scope inner = s.Child(key);
  for (const auto& [k, v] : *table) {
    const auto* str = v.as_string();
    if (str == nullptr || str->get().empty()) {
      return FieldError(inner, v, k.str(), "expected a non-empty string in quotes");
    }
    into[std::string(k.str())] = str->get();
  }
  return Status::Ok();
}

/// Dates "YYYY-MM-DD" or ranges "YYYY-MM-DD..YYYY-MM-DD" (at most 31 days).
Result<std::vector<year_month_day>> GetDates(const toml::table& t, const Scope& s,
                                             std::string_view key) {
  auto texts = GetStrings(t, s, key, false);
  if (!texts) return texts.error();
  std::vector<year_month_day> out;
  const auto* arr = t.get(key) != nullptr ? t.get(key)->as_array() : nullptr;
  for (std::size_t i = 0; i < texts->size(); ++i) {
    const std::string& text = (*texts)[i];
    const std::size_t dots = text.find("..");
    auto first = ParseDate(text.substr(0, dots));
    auto last = dots == std::string::npos ? first : ParseDate(text.substr(dots + 2));
    if (!first || !last || sys_days(*last) < sys_days(*first) ||
        sys_days(*last) - sys_days(*first) > days(31)) {
      return FieldError(s, (*arr)[i], std::string(key) + "[" + std::to_string(i + 1) + "]",
                        "\"" + text +
                            "\": expected a date \"2026-02-16\" or a range "
                            "\"2026-02-16..2026-02-20\" of at most 31 days");
    }
    for (sys_days d = sys_days(*first); d <= sys_days(*last); d += days(1)) out.emplace_back(d);
  }
  return out;
}

/// The holidays of the bundled calendar `id` (config/calendars/<id>.toml).
Result<std::vector<year_month_day>> LoadCalendar(const std::string& id, const Scope& s,
                                                 const toml::node& where) {
  const std::string file = "calendars/" + id + ".toml";
  const std::string_view* text = EmbeddedFile(file);
  if (text == nullptr) {
    return FieldError(s, where, "calendar", "no bundled calendar \"" + id + "\"");
  }
  const std::string path = "config/" + file;
  auto parsed = ParseToml(*text, path);
  if (!parsed) return parsed.error();
  const Scope cs{path, ""};
  if (auto st = CheckKnownKeys(*parsed, cs, {"id", "name", "holidays"}); !st) return st.error();
  return GetDates(*parsed, cs, "holidays");
}

Result<PeriodReport> ParseReport(const toml::table& t, const Scope& s) {
  if (auto st = CheckKnownKeys(t, s, {"id", "title", "due", "covers", "basis"}); !st) {
    return st.error();
  }
  PeriodReport r;
  auto id = GetString(t, s, "id", true);
  if (!id) return id.error();
  if (!IsId(*id)) return FieldError(s, *t.get("id"), "id", "\"" + *id + "\": use a-z, 0-9 and '-'");
  r.id = *id;
  auto title = GetString(t, s, "title", true);
  if (!title) return title.error();
  r.title = *title;
  auto basis = GetString(t, s, "basis", false);
  if (!basis) return basis.error();
  r.basis = *basis;
  auto due = GetString(t, s, "due", true);
  if (!due) return due.error();
  auto due_md = ParseMonthDay(*due);
  if (!due_md) {
    return FieldError(s, *t.get("due"), "due", "\"" + *due + "\": expected a day \"MM-DD\", like \"06-20\"");
  }
  r.due = *due_md;
  auto covers = GetString(t, s, "covers", true);
  if (!covers) return covers.error();
  const std::size_t dots = covers->find("..");
  auto from = ParseMonthDay(covers->substr(0, dots));
  auto to = dots == std::string::npos ? std::nullopt : ParseMonthDay(covers->substr(dots + 2));
  if (!from || !to) {
    return FieldError(s, *t.get("covers"), "covers",
                      "\"" + *covers + "\": expected \"MM-DD..MM-DD\", like \"12-15..06-14\"");
  }
  r.from = *from;
  r.to = *to;
  return r;
}

/// `[[workflow.reports]]`: replaces the whole list when present.
Status MergeReports(const toml::table& t, const Scope& s, WorkflowConfig& into) {
  const toml::node* node = t.get("reports");
  if (node == nullptr) return Status::Ok();
  const auto* arr = node->as_array();
  if (arr == nullptr || !arr->is_array_of_tables()) {
    return FieldError(s, *node, "reports", "expected [[workflow.reports]] tables");
  }
  std::vector<PeriodReport> reports;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const Scope rs{s.file, s.Field("reports[" + std::to_string(i + 1) + "]")};
    auto r = ParseReport(*(*arr)[i].as_table(), rs);
    if (!r) return r.error();
    for (const auto& other : reports) {
      if (other.id == r->id) {
        return FieldError(rs, *(*arr)[i].as_table()->get("id"), "id",
                          "\"" + r->id + "\" is used twice");
      }
    }
    reports.push_back(std::move(*r));
  }
  into.reports = std::move(reports);
  return Status::Ok();
}

Status MergeMeasures(const toml::table& t, const Scope& s, WorkflowConfig& into) {
  if (!t.contains("measures")) return Status::Ok();
  auto measures = GetStrings(t, s, "measures", false);
  if (!measures) return measures.error();
  const auto& kinds = MeasureKinds();
  for (std::size_t i = 0; i < measures->size(); ++i) {
    if (std::find(kinds.begin(), kinds.end(), (*measures)[i]) == kinds.end()) {
      std::string known;
      for (auto k : kinds) known += (known.empty() ? "" : ", ") + std::string(k);
      return FieldError(s, (*t.get("measures")->as_array())[i],
                        "measures[" + std::to_string(i + 1) + "]",
                        "\"" + (*measures)[i] + "\": not a measure (known: " + known + ")");
    }
  }
  into.measures = std::move(*measures);
  return Status::Ok();
}

/// Every agency named by routing, default_lead and coordinators must be in
/// `agencies`. The error points at the key in this table if it is here.
Status CheckAgencyReferences(const toml::table& t, const Scope& s, const WorkflowConfig& w) {
  auto where = [&](std::string_view key) -> const toml::node& {
    const toml::node* n = t.get(key);
    return n != nullptr ? *n : static_cast<const toml::node&>(t);
  };
  for (const auto& [id, name] : w.agencies) {
    if (!IsId(id)) {
      return FieldError(s, where("agencies"), "agencies." + id, "use a-z, 0-9 and '-' in agency ids");
    }
  }
  auto known = [&](const std::string& id) { return w.agencies.contains(id); };
  for (const auto& [topic, agency] : w.routing) {
    if (!known(agency)) {
      return FieldError(s, where("routing"), "routing." + topic,
                        "\"" + agency + "\" is not in workflow.agencies");
    }
  }
  if (!w.default_lead.empty() && !known(w.default_lead)) {
    return FieldError(s, where("default_lead"), "default_lead",
                      "\"" + w.default_lead + "\" is not in workflow.agencies");
  }
  for (const auto& c : w.coordinators) {
    if (!known(c)) {
      return FieldError(s, where("coordinators"), "coordinators",
                        "\"" + c + "\" is not in workflow.agencies");
    }
  }
  return Status::Ok();
}

}  // namespace

Status MergeWorkflow(const toml::table& t, const Scope& s, WorkflowConfig& into) {
  if (auto st = CheckKnownKeys(t, s, {"agencies", "routing", "default_lead", "coordinators",
                                      "measures", "close_requires_notices",
                                      "initial_information_hours", "dossier_working_days",
                                      "calendar", "holidays", "reports", "reminder_days"});
      !st) {
    return st;
  }
  if (auto st = MergeStringTable(t, s, "agencies", into.agencies); !st) return st;
  if (auto st = MergeStringTable(t, s, "routing", into.routing); !st) return st;
  auto lead = GetString(t, s, "default_lead", false, into.default_lead);
  if (!lead) return lead.error();
  into.default_lead = *lead;
  if (t.contains("coordinators")) {
    auto coordinators = GetStrings(t, s, "coordinators", false);
    if (!coordinators) return coordinators.error();
    into.coordinators = std::move(*coordinators);
  }
  if (auto st = MergeMeasures(t, s, into); !st) return st;
  if (const toml::node* n = t.get("close_requires_notices")) {
    if (!n->is_boolean()) return FieldError(s, *n, "close_requires_notices", "expected true or false");
    into.close_requires_notices = n->as_boolean()->get();
  }
  if (auto st = GetInt(t, s, "initial_information_hours", 1, 720, into.initial_information_hours);
      !st) {
    return st;
  }
  if (auto st = GetInt(t, s, "dossier_working_days", 1, 90, into.dossier_working_days); !st) return st;
  if (auto st = GetInt(t, s, "reminder_days", 0, 60, into.reminder_days); !st) return st;
  if (t.contains("calendar")) {
    auto id = GetString(t, s, "calendar", true);
    if (!id) return id.error();
    auto dates = LoadCalendar(*id, s, *t.get("calendar"));
    if (!dates) return dates.error();
    into.calendar = *id;
    into.calendar_holidays = std::move(*dates);
  }
  if (t.contains("holidays")) {
    auto dates = GetDates(t, s, "holidays");
    if (!dates) return dates.error();
    into.extra_holidays = std::move(*dates);
  }
  if (auto st = MergeReports(t, s, into); !st) return st;
  return CheckAgencyReferences(t, s, into);
}

Status ParseWorkflowTable(const toml::table& root, const Scope& scope, WorkflowConfig& into) {
  const toml::node* node = root.get("workflow");
  if (node == nullptr) return Status::Ok();
  const auto* table = node->as_table();
  if (table == nullptr) return FieldError(scope, *node, "workflow", "expected a [workflow] table");
  return MergeWorkflow(*table, scope.Child("workflow"), into);
}

}  // namespace detail
}  // namespace pw::config
