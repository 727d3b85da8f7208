#include "daemon/case_command.h"

#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "daemon/auth.h"
#include "daemon/case_request.h"
#include "daemon/control_socket.h"
#include "workflow/case_state.h"
#include "workflow/case.h"

namespace pw::daemon {
namespace {

using nlohmann::json;
namespace wf = workflow;

json Fail(const std::string& message, int code) {
  return {{"ok", false}, {"code", code}, {"error", message}};
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// ---- Output for people -------------------------------------------------------

std::string Label(const std::string& state_en, Lang lang) {
  const auto s = wf::ParseCaseState(state_en);
  if (!s) return state_en;
  return std::string(lang == Lang::kEn ? wf::LabelEn(*s) : wf::LabelVi(*s));
}

std::string Joined(const json& list, const char* none = "-") {
  std::string out;
  for (const json& s : list) out += (out.empty() ? "" : ", ") + s.get<std::string>();
  return out.empty() ? none : out;
}

void PrintCaseLine(const json& c, Lang lang, std::ostream& out) {
  const std::string lead = c.value("lead_agency", std::string());
  out << c.value("id", std::string()) << '\t' << Label(c.value("state", std::string()), lang)
      << '\t' << (lead.empty() ? "-" : lead) << '\t' << c["item_keys"].size()
      << Tr(lang, " tin", " items") << '\t' << Joined(c["topics"]) << '\n';
}

void PrintDossier(const json& d, Lang lang, std::ostream& out) {
  out << Tr(lang, "  Hồ sơ (Thông tư 02/2019 Điều 6):\n", "  Dossier (Circular 02/2019 Art. 6):\n");
  for (const auto& [name, text] : d["sections"].items()) {
    const auto section = wf::ParseSection(name);
    const std::string heading = lang == Lang::kEn || !section ? name : std::string(wf::SectionLabelVi(*section));
    out << "    " << heading << ": " << text.get<std::string>() << '\n';
  }
  for (const json& e : d["evidence"]) {
    out << Tr(lang, "    Chứng cứ: ", "    Evidence: ") << e.value("item_key", std::string())
        << "  sha256=" << e.value("sha256", std::string())
        << Tr(lang, "  tải lúc ", "  fetched ") << IsoTime(e.value("fetched_at", UnixTime{0})) << '\n';
  }
}

void PrintCase(const json& resp, Lang lang, std::ostream& out) {
  const json& c = resp["case"];
  out << Tr(lang, "Hồ sơ ", "Case ") << c.value("id", std::string()) << ": "
      << Label(c.value("state", std::string()), lang) << '\n';
  out << Tr(lang, "  Cụm tin: ", "  Cluster: ") << c.value("cluster_id", std::string()) << '\n';
  out << Tr(lang, "  Chủ đề: ", "  Topics: ") << Joined(c["topics"]) << '\n';
  const bool high = c.value("severity", std::string()) == "high";
  out << Tr(lang, "  Mức độ: ", "  Severity: ") << (high ? Tr(lang, "cao", "high") : Tr(lang, "trung bình", "medium"))
      << '\n';
  const std::string lead = c.value("lead_agency", std::string());
  out << Tr(lang, "  Chủ trì: ", "  Lead agency: ") << (lead.empty() ? "-" : lead)
      << Tr(lang, "; phối hợp: ", "; coordinating: ") << Joined(c["coordinating"]) << '\n';
  if (lead.empty() && resp.contains("proposed_assignment")) {
    const json& p = resp["proposed_assignment"];
    out << Tr(lang, "  Đề xuất giao: chủ trì ", "  Proposed: lead ") << p.value("lead", std::string())
        << Tr(lang, "; phối hợp: ", "; coordinating: ") << Joined(p["coordinating"]) << " ("
        << p.value("why", std::string()) << ")\n";
  }
  if (c.value("secret", false)) out << Tr(lang, "  MẬT (bí mật nhà nước)\n", "  SECRET (state secrets)\n");
  out << Tr(lang, "  Tin: ", "  Items: ") << Joined(c["item_keys"]) << '\n';
  PrintDossier(c["dossier"], lang, out);
  for (const json& m : c["measures"]) {
    out << Tr(lang, "  Biện pháp: ", "  Measure: ") << m.value("kind", std::string()) << ' '
        << IsoTime(m.value("date", UnixTime{0})) << ' ' << m.value("channel", std::string()) << ' '
        << m.value("link", std::string()) << " (" << m.value("language", std::string()) << ")\n";
  }
  for (const json& n : c["notices"]) {
    out << Tr(lang, "  Thông báo kết quả: ", "  Notice of result: ") << n.value("agency", std::string())
        << ' ' << n.value("reference", std::string()) << ' ' << IsoTime(n.value("at", UnixTime{0})) << '\n';
  }
  if (resp.contains("history")) {
    out << Tr(lang, "  Lịch sử:\n", "  History:\n");
    for (const json& e : resp["history"]) {
      out << "    " << IsoTime(e.value("at", UnixTime{0})) << ' ' << e.value("user", std::string())
          << " (" << e.value("role", std::string()) << ") " << e.value("kind", std::string()) << ' '
          << Label(e.value("from", std::string()), lang) << " -> " << Label(e.value("to", std::string()), lang);
      const std::string detail = e.value("detail", std::string());
      if (!detail.empty()) out << ": " << detail;
      out << '\n';
    }
  }
}

/// Writes a successful answer for people.
void Render(const std::string& op, const json& resp, Lang lang, std::ostream& out) {
  if (op == "user.add") {
    const json& u = resp["user"];
    out << Tr(lang, "Đã thêm người dùng ", "Added user ") << u.value("name", std::string()) << " ("
        << u.value("role", std::string()) << ")\n";
  } else if (op == "user.token") {
    out << resp.value("token", std::string()) << '\n';
  } else if (op == "user.list") {
    for (const json& u : resp["users"]) {
      const std::string agency = u.value("agency", std::string());
      out << u.value("name", std::string()) << '\t' << u.value("role", std::string()) << '\t'
          << (agency.empty() ? "-" : agency) << '\t'
          << (u.value("cleared", false) ? Tr(lang, "được xem tin mật", "cleared") : "-") << '\n';
    }
  } else if (op == "case.list") {
    if (resp["cases"].empty()) out << Tr(lang, "Không có hồ sơ nào.\n", "No cases.\n");
    for (const json& c : resp["cases"]) PrintCaseLine(c, lang, out);
  } else if (op == "case.show") {
    PrintCase(resp, lang, out);
  } else if (op == "case.audit") {
    for (const json& r : resp["records"]) {
      out << r.value("seq", 0) << '\t' << IsoTime(r.value("at", UnixTime{0})) << '\t'
          << r.value("case_id", std::string()) << '\t' << r.value("user", std::string()) << '\t'
          << r.value("kind", std::string()) << '\t' << r.value("hash", std::string()) << '\n';
    }
    out << (resp.value("chain_ok", false) ? Tr(lang, "Chuỗi băm nguyên vẹn.\n", "Hash chain intact.\n")
                                          : Tr(lang, "CHUỖI BĂM BỊ PHÁ VỠ: ", "HASH CHAIN BROKEN: ") +
                                                resp.value("chain_error", std::string()) + "\n");
  } else if (op == "case.act") {
    const json& c = resp["case"];
    out << c.value("id", std::string()) << ": " << resp.value("action", std::string()) << ", "
        << Label(resp.value("from", std::string()), lang) << " -> "
        << Label(c.value("state", std::string()), lang) << '\n';
  }
}

// ---- Transport -----------------------------------------------------------------

/// Sends the request to a running daemon's control socket, or, with no
/// daemon, answers it on the store opened here (read-only for reads).
json Submit(const std::string& data_dir, const json& req) {
  const std::string line = Dump(req);
  const std::string answer = SubmitRequest(data_dir, line, IsReadOnlyRequest(line));
  try {
    return json::parse(answer);
  } catch (const json::exception& e) {
    return Fail(std::string("bad answer: ") + e.what(), 1);
  }
}

/// Runs one request and prints its answer; returns the exit code.
int RunRequest(const std::string& data_dir, const json& req, bool as_json, Lang lang) {
  const json resp = Submit(data_dir, req);
  if (!resp.value("ok", false)) {
    std::cerr << resp.value("error", std::string("?")) << '\n';
    if (as_json) std::cout << Dump(resp) << '\n';
    return resp.value("code", 1);
  }
  if (as_json) {
    std::cout << Dump(resp) << '\n';
  } else {
    Render(req.value("op", std::string()), resp, lang, std::cout);
  }
  return 0;
}

/// "2026-11-26" -> midnight of that day in Vietnam (UTC+7).
std::optional<UnixTime> ParseDate(const std::string& text) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1970) return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  return static_cast<UnixTime>(timegm(&tm)) - 7 * 3600;
}

/// What the subcommands' options are read into; one per process.
struct CaseArgs {
  std::string data, as, id, decision, reason, lead, coordinating, kind, date, channel, link,
      language = "vi", agency, reference, section, text, evidence, name, role;
  bool json = false, cleared = false, password_stdin = false;
};

/// The password for `user add|passwd`: the first line of standard input
/// with --password-stdin, else a generated one (printed to the officer).
std::string PasswordFor(const CaseArgs& a, bool* generated) {
  *generated = !a.password_stdin;
  if (*generated) return GeneratePassword();
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

void PrintPassword(const std::string& name, const std::string& password, Lang lang) {
  std::cout << Tr(lang, "Mật khẩu của ", "Password of ") << name << ": " << password << '\n';
}

CLI::App* Sub(CLI::App& parent, const char* name, const char* help, CaseArgs& a, CliEnv& env,
              bool with_id) {
  CLI::App* sub = parent.add_subcommand(name, help);
  sub->add_option("--data", a.data, "data directory")->default_val(env.default_data);
  sub->add_flag("--json", a.json, "the answer as one JSON line");
  if (with_id) sub->add_option("ID", a.id, "case id (C-YYYYMMDD-NNNN)")->required();
  return sub;
}

CLI::App* ActingSub(CLI::App& parent, const char* name, const char* help, CaseArgs& a, CliEnv& env,
                    bool with_id) {
  CLI::App* sub = Sub(parent, name, help, a, env, with_id);
  sub->add_option("--as", a.as, "acting user (must exist: provwatch user add)")->required();
  return sub;
}

/// Registers a subcommand that performs one action built by `make`.
/// `keep` owns the options' storage: every callback holds it, so it lives as
/// long as the app.
template <typename MakeAction>
CLI::App* ActionSub(CLI::App& parent, const char* name, const char* help,
                    const std::shared_ptr<CaseArgs>& keep, CliEnv& env, MakeAction make) {
  CaseArgs& a = *keep;
  CLI::App* sub = ActingSub(parent, name, help, a, env, true);
  sub->callback([keep, &env, make] {
    const CaseArgs& a = *keep;
    Result<json> action = make(a);
    if (!action.ok()) {
      std::cerr << action.error().message << '\n';
      env.Finish(2);
      return;
    }
    const json req = {{"op", "case.act"}, {"as", a.as}, {"id", a.id}, {"action", *action}};
    env.Finish(RunRequest(a.data, req, a.json, env.lang()));
  });
  return sub;
}

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

void RegisterActions(CLI::App& c, const std::shared_ptr<CaseArgs>& keep, CliEnv& env) {
  CaseArgs& a = *keep;
  auto* triage = ActionSub(c, "triage", "xác nhận hoặc loại / confirm or dismiss (--reason)", keep, env,
                           [](const CaseArgs& x) -> Result<json> {
                             if (x.decision == "confirm") return json{{"kind", "confirm"}};
                             return json{{"kind", "dismiss"}, {"reason", x.reason}};
                           });
  triage->add_option("DECISION", a.decision, "confirm or dismiss")
      ->required()->check(CLI::IsMember({"confirm", "dismiss"}));
  triage->add_option("--reason", a.reason, "why (required to dismiss)");
  auto simple = [](const char* kind) {
    return [kind](const CaseArgs&) -> Result<json> { return json{{"kind", kind}}; };
  };
  ActionSub(c, "report", "báo cáo UBND tỉnh / report to the provincial People's Committee", keep, env,
            simple("report"));
  auto* assign = ActionSub(c, "assign", "giao cơ quan chủ trì, phối hợp / name lead and coordinating agencies",
                           keep, env, [](const CaseArgs& x) -> Result<json> {
                             return json{{"kind", "assign"}, {"lead", x.lead},
                                         {"coordinating", SplitCommas(x.coordinating)}};
                           });
  assign->add_option("--lead", a.lead, "lead agency id (default: the one the profile's routing proposes, see case show)");
  assign->add_option("--coordinating", a.coordinating, "coordinating agency ids, comma-separated");
  auto* dossier = ActionSub(
      c, "dossier",
      "hồ sơ: bắt đầu, sửa mục (--section, --text) hoặc thêm chứng cứ (--evidence) / start the dossier, "
      "edit a section or add evidence",
      keep, env, [](const CaseArgs& x) -> Result<json> {
        if (!x.evidence.empty()) return json{{"kind", "add-evidence"}, {"evidence_item", x.evidence}};
        if (!x.section.empty()) return json{{"kind", "edit-dossier"}, {"section", x.section}, {"text", x.text}};
        return json{{"kind", "dossier"}};
      });
  auto* section_opt = dossier->add_option(
      "--section", a.section, "false-content, impact, true-facts, legal-basis or messaging");
  dossier->add_option("--text", a.text, "the section's text")->needs(section_opt);
  dossier->add_option("--evidence", a.evidence, "item key to archive as evidence")->excludes(section_opt);
  ActionSub(c, "respond", "bắt đầu phản hồi / start responding", keep, env, simple("respond"));
  ActionSub(c, "clarify", "đã làm rõ / the clarification is published", keep, env, simple("clarify"));
  auto* measure = ActionSub(c, "measure", "ghi biện pháp phản hồi / record a response measure", keep, env,
                            [](const CaseArgs& x) -> Result<json> {
                              const auto date = ParseDate(x.date);
                              if (!date) {
                                return Error{"--date \"" + x.date + "\": cần dạng 2026-11-26 / expected YYYY-MM-DD"};
                              }
                              return json{{"kind", "measure"},
                                          {"measure", {{"kind", x.kind}, {"date", *date}, {"channel", x.channel},
                                                       {"link", x.link}, {"language", x.language}}}};
                            });
  measure->add_option("--kind", a.kind, "measure kind (press-release, spokesperson-statement, ...)")->required();
  measure->add_option("--date", a.date, "YYYY-MM-DD")->required();
  measure->add_option("--channel", a.channel, "where it was published");
  measure->add_option("--link", a.link, "link to it");
  measure->add_option("--lang", a.language, "its language (vi, en, ...)")->capture_default_str();
  auto* notify = ActionSub(c, "notify", "ghi văn bản thông báo kết quả / record a written notice of the result",
                           keep, env, [](const CaseArgs& x) -> Result<json> {
                             return json{{"kind", "notify"},
                                         {"notice", {{"agency", x.agency}, {"reference", x.reference}}}};
                           });
  notify->add_option("--agency", a.agency, "coordinating agency notified")->required();
  notify->add_option("--reference", a.reference, "document number (số văn bản)")->required();
  ActionSub(c, "close", "đóng hồ sơ / close the case", keep, env, simple("close"));
  auto* reopen = ActionSub(c, "reopen", "mở lại (--reason) / reopen with a reason", keep, env,
                           [](const CaseArgs& x) -> Result<json> {
                             return json{{"kind", "reopen"}, {"reason", x.reason}};
                           });
  reopen->add_option("--reason", a.reason, "why")->required();
  ActionSub(c, "secret", "đánh dấu chứa bí mật nhà nước / mark as containing state secrets", keep, env,
            simple("mark-secret"));
}

}  // namespace

void RegisterCaseCommands(CLI::App& app, CliEnv& env) {
  // The options' storage; every callback holds a copy of the pointer, so it
  // lives as long as the app that keeps the callbacks.
  auto keep = std::make_shared<CaseArgs>();
  CaseArgs& args = *keep;

  CLI::App* c = app.add_subcommand("case", "hồ sơ làm rõ thông tin sai lệch / clarification cases");
  c->require_subcommand(1);
  ActingSub(*c, "list", "liệt kê hồ sơ / list the cases you may see", args, env, false)
      ->callback([keep, &env] {
        const CaseArgs& args = *keep;
        env.Finish(RunRequest(args.data, {{"op", "case.list"}, {"as", args.as}}, args.json, env.lang()));
      });
  ActingSub(*c, "show", "xem một hồ sơ / show one case with its history", args, env, true)
      ->callback([keep, &env] {
        const CaseArgs& args = *keep;
        env.Finish(RunRequest(args.data, {{"op", "case.show"}, {"as", args.as}, {"id", args.id}},
                              args.json, env.lang()));
      });
  ActingSub(*c, "audit", "nhật ký kiểm toán / the audit log (auditor, admin)", args, env, false)
      ->callback([keep, &env] {
        const CaseArgs& args = *keep;
        env.Finish(RunRequest(args.data, {{"op", "case.audit"}, {"as", args.as}}, args.json, env.lang()));
      });
  RegisterActions(*c, keep, env);

  CLI::App* u = app.add_subcommand("user", "người dùng / users of the workflow");
  u->require_subcommand(1);
  CLI::App* add = Sub(*u, "add", "thêm người dùng / add a user", args, env, false);
  add->add_option("NAME", args.name, "user name")->required();
  add->add_option("--role", args.role, "monitor, agency, leader, admin or auditor")
      ->required()->check(CLI::IsMember({"monitor", "agency", "leader", "admin", "auditor"}));
  add->add_option("--agency", args.agency, "the agency of an agency member");
  add->add_flag("--cleared", args.cleared, "may see cases containing state secrets");
  add->add_flag("--password-stdin", args.password_stdin,
                "read the password from standard input (default: generate one and print it)");
  add->callback([keep, &env] {
    const CaseArgs& args = *keep;
    bool generated = false;
    const std::string password = PasswordFor(args, &generated);
    const json req = {{"op", "user.add"}, {"name", args.name}, {"role", args.role},
                      {"agency", args.agency}, {"cleared", args.cleared}, {"password", password}};
    const int code = RunRequest(args.data, req, args.json, env.lang());
    if (code == 0 && generated && !args.json) PrintPassword(args.name, password, env.lang());
    env.Finish(code);
  });
  CLI::App* passwd = Sub(*u, "passwd", "đặt mật khẩu mới / set a new password", args, env, false);
  passwd->add_option("NAME", args.name, "user name")->required();
  passwd->add_flag("--password-stdin", args.password_stdin,
                   "read the password from standard input (default: generate one and print it)");
  passwd->callback([keep, &env] {
    const CaseArgs& args = *keep;
    bool generated = false;
    const std::string password = PasswordFor(args, &generated);
    const int code = RunRequest(args.data, {{"op", "user.passwd"}, {"name", args.name}, {"password", password}},
                                args.json, env.lang());
    if (code == 0 && !args.json) {
      if (generated) {
        PrintPassword(args.name, password, env.lang());
      } else {
        std::cout << Tr(env.lang(), "Đã đổi mật khẩu của ", "Password changed for ") << args.name << '\n';
      }
    }
    env.Finish(code);
  });
  CLI::App* token = Sub(*u, "token", "tạo mã API mới / create a new API token (printed once)", args, env, false);
  token->add_option("NAME", args.name, "user name")->required();
  token->callback([keep, &env] {
    const CaseArgs& args = *keep;
    env.Finish(RunRequest(args.data, {{"op", "user.token"}, {"name", args.name}}, args.json, env.lang()));
  });
  Sub(*u, "list", "liệt kê người dùng / list users", args, env, false)->callback([keep, &env] {
        const CaseArgs& args = *keep;
    env.Finish(RunRequest(args.data, {{"op", "user.list"}}, args.json, env.lang()));
  });
}

}  // namespace pw::daemon