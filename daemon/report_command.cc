#include "daemon/report_command.h"

#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "config/bundled.h"
#include "config/config.h"
#include "daemon/control_socket.h"
#include "daemon/digest.h"
#include "daemon/digest_mail.h"
#include "daemon/digest_pdf.h"
#include "storage/store.h"
#include "workflow/case_store.h"
#include "workflow/reports.h"

namespace pw::daemon {
namespace {

using namespace std::chrono;

/// What the case store gives a report: the cases, the audit log and who is looking.
struct CaseData {
  std::vector<workflow::Case> cases;
  std::vector<workflow::AuditRecord> audit;
  workflow::Actor viewer;
};

/// The cases, the audit log and the viewing user (who must exist in the
/// store: role, agency and clearance are the store's, never the command
/// line's, so that a state-secret case stays out of an uncleared user's report).
Result<CaseData> LoadCaseData(storage::Store& store, const ReportOptions& options, int& exit_code) {
  const workflow::CaseStore cases(store);
  auto user = cases.GetUser(options.user);
  if (!user) {
    exit_code = 1;
    return user.error();
  }
  if (!user->has_value()) {
    return Error{"không có người dùng \"" + options.user + "\" (tạo bằng provwatch user add) / no user \"" +
                 options.user + "\" (create one with provwatch user add)"};
  }
  CaseData data;
  data.viewer = workflow::ActorOf(**user);
  auto list = cases.List();
  if (!list) {
    exit_code = 1;
    return list.error();
  }
  data.cases = std::move(*list);
  auto audit = cases.Audit();
  if (!audit) {
    exit_code = 1;
    return audit.error();
  }
  data.audit = std::move(*audit);
  return data;
}

Error Usage(const std::string& vi, const std::string& en) { return Error{vi + " / " + en}; }

bool ReadInt(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

/// "2026-11-16" -> that local date.
Result<sys_days> ParseDay(const std::string& text) {
  int y = 0, m = 0, d = 0;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-' && ReadInt(text.substr(0, 4), y) &&
      ReadInt(text.substr(5, 2), m) && ReadInt(text.substr(8, 2), d)) {
    const year_month_day ymd{year(y), month(static_cast<unsigned>(m)), day(static_cast<unsigned>(d))};
    if (ymd.ok()) return sys_days(ymd);
  }
  return Usage("ngày không hợp lệ: " + text, "\"" + text + "\": expected a date like 2026-11-16");
}

/// The profile's workflow configuration, and its rule topics for labels.
Result<config::Profile> LoadProfile(const ReportOptions& o) {
  if (o.profile != nullptr) return *o.profile;
  if (!o.config_path.empty()) {
    auto cfg = config::LoadConfig(o.config_path);
    if (!cfg) return cfg.error();
    return std::move(cfg->profile);
  }
  if (o.profile_id.empty()) {
    return Usage("cần --profile ID hoặc --config FILE", "give --profile ID or --config FILE");
  }
  return config::BundledProfile(o.profile_id);
}

/// The week before the one holding `now`, unless --week or --from/--to say otherwise.
Result<workflow::Period> WeeklyPeriod(const ReportOptions& o, UnixTime now) {
  if (!o.week.empty()) {
    if (!o.from.empty() || !o.to.empty()) {
      return Usage("dùng --week hoặc --from/--to, không dùng cả hai",
                   "give --week or --from/--to, not both");
    }
    auto w = workflow::IsoWeek(o.week);
    if (!w) return Usage("tuần không hợp lệ", w.error().message);
    return *w;
  }
  const sys_days today = workflow::LocalDay(now);
  if (o.from.empty() && o.to.empty()) {
    const sys_days monday = today - days(weekday(today).iso_encoding() - 1) - days(7);
    return workflow::MakePeriod(monday, monday + days(6));
  }
  if (o.from.empty()) return Usage("--to cần --from", "--to needs --from");
  auto from = ParseDay(o.from);
  if (!from) return from.error();
  auto to = o.to.empty() ? Result<sys_days>(today) : ParseDay(o.to);
  if (!to) return to.error();
  if (*to < *from || *to - *from > days(366)) {
    return Usage("khoảng ngày không hợp lệ", "--from must not be after --to, at most 366 days apart");
  }
  return workflow::MakePeriod(*from, *to);
}

/// What a report run produces: the text for standard output or --out (empty
/// when only a PDF was asked for), and the HTML page to print when --pdf is given.
struct Rendered {
  std::string text;
  std::string page;
};

bool WantsText(const ReportOptions& o) {
  return !o.format.empty() || !o.out_path.empty() || o.pdf_path.empty();
}

std::string Html(const workflow::WeeklyDigest& d, const DigestView& v) { return RenderDigestHtml(d, v); }
std::string Html(const workflow::PeriodReportData& r, const DigestView& v) {
  return RenderPeriodReportHtml(r, v);
}

Rendered Render(const ReportOptions& o, const auto& data, const DigestView& view) {
  Rendered r;
  if (WantsText(o)) {
    r.text = o.format == "csv"    ? workflow::ToCsv(data)
             : o.format == "html" ? Html(data, view)
                                  : workflow::ToJson(data);
  }
  if (!o.pdf_path.empty()) r.page = o.format == "html" ? r.text : Html(data, view);
  return r;
}

Result<Rendered> Reminders(const ReportOptions& o, const config::WorkflowConfig& w, UnixTime now) {
  const auto reminders = workflow::DueReminders(w, now);
  return Rendered{o.format == "csv" ? workflow::ToCsv(reminders) : workflow::ToJson(reminders), ""};
}

/// Source id -> name, from the configuration's sources and the store's registry.
std::map<std::string, std::string> SourceNames(const ReportOptions& o, storage::Store& store) {
  std::map<std::string, std::string> names;
  if (auto registered = store.RegisteredSources(); registered) {
    for (const auto& r : *registered) names[r.id] = r.name;
  }
  if (!o.config_path.empty()) {
    if (auto cfg = config::LoadConfig(o.config_path); cfg) {
      for (const auto& src : cfg->sources) names[src.id] = src.name;
    }
  }
  return names;
}

Result<Rendered> StoreReport(const ReportOptions& o, const config::Profile& profile,
                             UnixTime now, int& exit_code, storage::Store* open) {
  if (o.user.empty()) return Usage("cần --as NGƯỜI_DÙNG", "give --as USER");
  std::unique_ptr<storage::Store> opened;
  if (open == nullptr) {
    auto store = storage::Store::Open(o.data_dir, storage::Store::Mode::kReadOnly);
    if (!store) {
      exit_code = 1;
      return Error{"không mở được kho dữ liệu / cannot open the store: " + store.error().message};
    }
    opened = std::move(*store);
    open = opened.get();
  }
  // The period first, then only its items (the time index: publication
  // time, else first seen): a report never reads the whole store.
  std::optional<workflow::Period> week;
  std::string id = o.period_id;
  int y = o.year.value_or(0);
  if (o.kind == "weekly") {
    auto period = WeeklyPeriod(o, now);
    if (!period) return period.error();
    week = *period;
  } else if (id.empty() || !o.year) {
    config::WorkflowConfig only = profile.workflow;
    if (!id.empty()) std::erase_if(only.reports, [&](const auto& r) { return r.id != id; });
    const workflow::NextDue next = workflow::NextDueReport(only, now);
    if (next.report == nullptr) {
      return Usage("không có báo cáo định kỳ '" + id + "'",
                   "no period report '" + id + "' in profile " + profile.id);
    }
    id = next.report->id;
    if (!o.year) y = next.year;
  }
  workflow::Period covered;
  if (week) {
    covered = *week;
  } else {
    for (const auto& r : profile.workflow.reports) {
      if (r.id == id) covered = workflow::CoveredPeriod(r, y);
    }
  }
  auto items = open->ItemsBetween(covered.begin, covered.end);
  if (!items) {
    exit_code = 1;
    return Error{"không đọc được tin đã lưu / cannot read the stored items: " +
                 items.error().message};
  }
  auto data = LoadCaseData(*open, o, exit_code);
  if (!data) return data.error();
  workflow::ReportInputs in{*items, data->cases, data->audit, profile.workflow, {}};
  for (const auto& rule : profile.rules) in.topic_labels[rule.id] = rule.topic;
  const DigestView view{o.lang, profile.name, now, SourceNames(o, *open)};
  if (week) return Render(o, workflow::BuildWeeklyDigest(in, *week, data->viewer, now), view);
  auto report = workflow::BuildPeriodReport(in, id, y, data->viewer, now);
  if (!report) return report.error();
  return Render(o, *report, view);
}

/// Writes `text` to `path`; an Error naming the file otherwise.
Status WriteFile(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  f.close();
  if (!f) return Error{"không ghi được tệp " + path + " / cannot write " + path};
  return {};
}

}  // namespace

Result<DigestMessage> WeeklyDigestMail(storage::Store& store, const config::Profile& profile, Lang lang,
                                       UnixTime now) {
  ReportOptions o;
  o.lang = lang;
  auto period = WeeklyPeriod(o, now);
  if (!period) return period.error();
  auto items = store.ItemsBetween(period->begin, period->end);
  if (!items) return items.error();
  const workflow::CaseStore cases(store);
  auto list = cases.List();
  if (!list) return list.error();
  auto audit = cases.Audit();
  if (!audit) return audit.error();
  workflow::ReportInputs in{*items, *list, *audit, profile.workflow, {}};
  for (const auto& rule : profile.rules) in.topic_labels[rule.id] = rule.topic;
  // A leader without clearance: state-secret cases never leave by e-mail.
  const workflow::Actor viewer{"digest", workflow::Role::kLeader, "", false};
  const DigestView view{lang, profile.name, now, SourceNames(o, store)};
  return BuildDigestMessage(workflow::BuildWeeklyDigest(in, *period, viewer, now), view);
}

namespace {
std::string AbsolutePath(const std::string& path) {
  if (path.empty()) return path;
  std::error_code ec;
  const auto absolute = std::filesystem::absolute(path, ec);
  return ec ? path : absolute.string();
}
}  // namespace

// Paths are made absolute: the daemon answering runs in another directory.
std::string ReportRequest(const ReportOptions& o) {
  nlohmann::json j = {{"op", "report"}, {"kind", o.kind},     {"data", o.data_dir},
                      {"profile", o.profile_id},              {"config", AbsolutePath(o.config_path)},
                      {"as", o.user},   {"format", o.format}, {"out", AbsolutePath(o.out_path)},
                      {"pdf", AbsolutePath(o.pdf_path)},      {"lang", o.lang == Lang::kEn ? "en" : "vi"},
                      {"week", o.week}, {"from", o.from},     {"to", o.to},
                      {"id", o.period_id}};
  if (o.year) j["year"] = *o.year;
  if (o.now) j["now"] = *o.now;
  return j.dump();
}

ReportOptions ReportOptionsOf(std::string_view request) {
  ReportOptions o;
  const nlohmann::json j = nlohmann::json::parse(request, nullptr, false);
  if (!j.is_object()) return o;
  auto text = [&](const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
  };
  o.kind = text("kind");
  o.data_dir = text("data");
  o.profile_id = text("profile");
  o.config_path = text("config");
  o.user = text("as");
  o.format = text("format");
  o.out_path = text("out");
  o.pdf_path = text("pdf");
  o.lang = ParseLang(text("lang"));
  o.week = text("week");
  o.from = text("from");
  o.to = text("to");
  o.period_id = text("id");
  if (j.contains("year") && j["year"].is_number_integer()) o.year = j["year"].get<int>();
  if (j.contains("now") && j["now"].is_number_integer()) o.now = j["now"].get<UnixTime>();
  return o;
}

int RunReport(const ReportOptions& o, std::ostream& out, std::ostream& err, storage::Store* open) {
  if (open == nullptr) {
    if (auto code = QueryDaemon(o.data_dir, ReportRequest(o), out, err)) return *code;
  }
  const UnixTime now = o.now.value_or(
      duration_cast<seconds>(system_clock::now().time_since_epoch()).count());
  if (o.kind == "reminders" && (o.format == "html" || !o.pdf_path.empty())) {
    err << "báo cáo nhắc hạn chỉ có dạng json hoặc csv / reminders come as json or csv only\n";
    return 2;
  }
  auto profile = LoadProfile(o);
  if (!profile) {
    err << profile.error().message << "\n";
    return 2;
  }
  int exit_code = 2;
  auto rendered = o.kind == "reminders" ? Reminders(o, profile->workflow, now)
                                        : StoreReport(o, *profile, now, exit_code, open);
  if (!rendered) {
    err << rendered.error().message << "\n";
    return exit_code;
  }
  if (!o.pdf_path.empty()) {
    if (auto st = PrintHtmlToPdf(rendered->page, o.pdf_path); !st) {
      err << st.error().message << "\n";
      return 1;
    }
  }
  if (!WantsText(o)) return 0;
  if (o.out_path.empty()) {
    out << rendered->text;
    return 0;
  }
  if (auto st = WriteFile(o.out_path, rendered->text); !st) {
    err << st.error().message << "\n";
    return 1;
  }
  return 0;
}

void RegisterReportCommands(CLI::App& app, CliEnv& env) {
  auto o = std::make_shared<ReportOptions>();
  o->data_dir = env.default_data;
  auto* report = app.add_subcommand(
      "report", "báo cáo tuần, báo cáo định kỳ, nhắc hạn / weekly digest, period reports, reminders");
  report->require_subcommand(1);
  report->fallthrough();  // `report weekly --data DIR` as well as `report --data DIR weekly`
  auto* data_opt = report->add_option("--data", o->data_dir, "data directory")->capture_default_str();
  auto* profile_opt = report->add_option("--profile", o->profile_id,
                                         "lai-chau, bac-kan, phu-tho, soc-trang or vinh-long");
  report->add_option("--config", o->config_path,
                     "a configuration: its profile, [workflow] overrides and data_dir")
      ->excludes(profile_opt);
  report->add_option("--as", o->user, "người xem / the viewing user");
  report->add_option("--format", o->format, "json (default), csv or html")
      ->check(CLI::IsMember({"json", "csv", "html"}));
  report->add_option("--out", o->out_path, "ghi vào tệp / write to this file instead of standard output");
  report->add_option("--pdf", o->pdf_path,
                     "in trang HTML ra PDF (cần chromium) / print the HTML page to this PDF (needs chromium)");
  auto* now_opt = report->add_option("--now", "as if it were this day (2026-11-23, local time)");

  auto* weekly = report->add_subcommand("weekly", "báo cáo tuần / weekly digest (default: last week)");
  weekly->add_option("--week", o->week, "ISO week, e.g. 2026-W47");
  weekly->add_option("--from", o->from, "first day, e.g. 2026-11-16");
  weekly->add_option("--to", o->to, "last day (default: today)");
  auto* period = report->add_subcommand(
      "period", "báo cáo định kỳ theo lịch của tỉnh / a period report of the profile's calendar");
  period->add_option("--id", o->period_id, "report id (default: the next one due)");
  period->add_option("--year", o->year, "the year it is due (default: its next due date's)");
  report->add_subcommand("reminders", "báo cáo sắp đến hạn / period reports coming due");

  report->callback([o, &env, report, data_opt, now_opt] {
    ReportOptions opts = *o;
    opts.lang = env.lang();
    for (const auto* sub : report->get_subcommands()) opts.kind = sub->get_name();
    if (!opts.config_path.empty() && data_opt->count() == 0) {
      auto cfg = config::LoadConfig(opts.config_path);
      if (cfg) opts.data_dir = cfg->data_dir;
    }
    if (now_opt->count() > 0) {
      auto day = ParseDay(now_opt->as<std::string>());
      if (!day) {
        std::cerr << day.error().message << "\n";
        env.Finish(2);
        return;
      }
      opts.now = workflow::MakePeriod(*day, *day).begin;
    }
    env.Finish(RunReport(opts, std::cout, std::cerr));
  });
}

}  // namespace pw::daemon
