#include "daemon/case_request.h"

#include <map>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "config/bundled.h"
#include "workflow/case_codec.h"
#include "workflow/profile_policy.h"
#include "workflow/routing.h"
#include "workflow/transition.h"

namespace pw::daemon {
namespace {

using nlohmann::json;
namespace wf = workflow;

// ---- Requests ---------------------------------------------------------------
// {"op": "user.add",  "name", "role", "agency", "cleared"}
// {"op": "user.list"}
// {"op": "case.list", "as"}
// {"op": "case.show", "as", "id"}
// {"op": "case.audit","as"}                 (auditor or admin)
// {"op": "case.act",  "as", "id", "action": {"kind" (ActionName), "reason", "lead",
//   "coordinating": [...], "measure": {kind, date, channel, link, language},
//   "notice": {agency, reference}, "section" (SectionName), "text", "evidence_item"}}
// Answers: {"ok": true, ...} or {"ok": false, "code": 1|2, "error": "vi / en"}.

json Fail(const std::string& message, int code = 2) {
  return {{"ok", false}, {"code", code}, {"error", message}};
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

/// The case as the CLI shows it: the stored JSON without the archived bytes
/// of the evidence (their SHA-256 stays), plus the Vietnamese state label,
/// "deadlines" (its profile's, on its working-day calendar, at `now`:
/// [{"what","due","met","overdue"}], deadlines.h) and "overdue" (one of them
/// passed unmet).
json CaseJson(const wf::Case& c, UnixTime now) {
  json j = json::parse(workflow::EncodeCase(c));
  for (json& e : j["dossier"]["evidence"]) e.erase("archived");
  j["state_vi"] = wf::LabelVi(c.state);
  const wf::ProfilePolicies& p = PoliciesOf(c.profile);
  json deadlines = json::array();
  bool overdue = false;
  for (const wf::Deadline& d : wf::Deadlines(c, p.deadlines, p.calendar, now)) {
    deadlines.push_back({{"what", d.what}, {"due", d.due}, {"met", d.met}, {"overdue", d.overdue}});
    overdue = overdue || d.overdue;
  }
  j["deadlines"] = std::move(deadlines);
  j["overdue"] = overdue;
  return j;
}

json EventJson(const wf::Event& e) {
  return {{"case_id", e.case_id}, {"kind", wf::ActionName(e.kind)}, {"from", wf::LabelEn(e.from)},
          {"to", wf::LabelEn(e.to)}, {"user", e.user}, {"role", wf::RoleName(e.role)},
          {"at", e.at}, {"detail", e.detail}};
}

json UserJson(const workflow::UserRecord& u) {
  return {{"name", u.name}, {"role", wf::RoleName(u.role)}, {"agency", u.agency},
          {"cleared", u.cleared}, {"created", u.created}};
}

/// The stored user named in the request's "as", as an Actor.
Result<wf::Actor> ActingUser(const workflow::CaseStore& cases, const json& req) {
  const std::string name = req.value("as", std::string());
  if (name.empty()) return Error{"cần --as NGƯỜI_DÙNG / --as USER is required"};
  auto user = cases.GetUser(name);
  if (!user.ok()) return user.error();
  if (!user->has_value()) {
    return Error{"không có người dùng '" + name + "' / no such user '" + name + "'"};
  }
  return workflow::ActorOf(**user);
}

json AddUser(workflow::CaseStore& cases, const json& req, UnixTime now) {
  workflow::UserRecord u;
  u.name = req.value("name", std::string());
  if (u.name.empty() || u.name.find_first_of(" \t\n/") != std::string::npos) {
    return Fail("tên người dùng không hợp lệ / the user name must be non-empty, without spaces or '/'");
  }
  const std::string role = req.value("role", std::string());
  const auto parsed = wf::ParseRole(role);
  if (!parsed) {
    return Fail("vai trò '" + role + "' không hợp lệ / unknown role '" + role +
                "' (monitor, agency, leader, admin, auditor)");
  }
  u.role = *parsed;
  u.agency = req.value("agency", std::string());
  if (u.role == wf::Role::kAgency && u.agency.empty()) {
    return Fail("thành viên cơ quan cần --agency / an agency member needs --agency");
  }
  u.cleared = req.value("cleared", false);
  u.created = now;
  auto existing = cases.GetUser(u.name);
  if (!existing.ok()) return Fail(existing.error().message, 1);
  if (existing->has_value()) {
    return Fail("đã có người dùng '" + u.name + "' / user '" + u.name + "' already exists");
  }
  if (Status st = cases.PutUser(u); !st.ok()) return Fail(st.error().message, 1);
  return {{"ok", true}, {"user", UserJson(u)}};
}

json ListUsers(const workflow::CaseStore& cases) {
  auto users = cases.Users();
  if (!users.ok()) return Fail(users.error().message, 1);
  json out = json::array();
  for (const auto& u : *users) out.push_back(UserJson(u));
  return {{"ok", true}, {"users", out}};
}

json ListCases(const workflow::CaseStore& cases, const wf::Actor& actor, UnixTime now) {
  auto visible = cases.VisibleCases(actor);
  if (!visible.ok()) return Fail(visible.error().message, 1);
  json out = json::array();
  for (const auto& c : *visible) out.push_back(CaseJson(c, now));
  return {{"ok", true}, {"cases", out}};
}

/// The case `id` if `actor` may see it; a hidden case reads as a missing one.
Result<wf::Case> VisibleCase(const workflow::CaseStore& cases, const wf::Actor& actor,
                             const std::string& id) {
  auto c = cases.Get(id);
  if (!c.ok()) return c.error();
  if (!c->has_value() || !wf::CanSee(actor, **c)) {
    return Error{"không tìm thấy hồ sơ " + id + " / no such case " + id};
  }
  return std::move(**c);
}

// The lead and coordinating agencies the profile's routing proposes for the
// case's topics (a proposal: the leader's assign may name others).
wf::AssignmentProposal ProposalFor(const wf::Case& c) {
  return wf::ProposeAssignment(PoliciesOf(c.profile).routing, c.topics);
}

json ShowCase(const workflow::CaseStore& cases, const wf::Actor& actor, const std::string& id,
              UnixTime now) {
  auto c = VisibleCase(cases, actor, id);
  if (!c.ok()) return Fail(c.error().message);
  auto history = cases.History(id);
  if (!history.ok()) return Fail(history.error().message, 1);
  json events = json::array();
  for (const auto& e : *history) events.push_back(EventJson(e));
  const wf::AssignmentProposal proposal = ProposalFor(*c);
  return {{"ok", true},
          {"case", CaseJson(*c, now)},
          {"history", events},
          {"proposed_assignment",
           {{"lead", proposal.lead}, {"coordinating", proposal.coordinating}, {"why", proposal.why}}}};
}

/// The audit log for an auditor or admin; records of cases they may not see
/// (state secrets, uncleared) are left out, the chain itself is checked whole.
json AuditLog(const workflow::CaseStore& cases, const wf::Actor& actor) {
  if (actor.role != wf::Role::kAuditor && actor.role != wf::Role::kAdmin) {
    return Fail("chỉ kiểm toán viên hoặc quản trị xem nhật ký / only an auditor or admin reads the audit log");
  }
  auto records = cases.Audit();
  if (!records.ok()) return Fail(records.error().message, 1);
  const Status chain = wf::VerifyChain(*records);
  json out = json::array();
  for (const auto& r : *records) {
    auto c = cases.Get(r.event.case_id);
    if (!c.ok()) return Fail(c.error().message, 1);
    if (c->has_value() && !wf::CanSee(actor, **c)) continue;
    json j = EventJson(r.event);
    j["seq"] = r.seq;
    j["hash"] = r.hash;
    out.push_back(j);
  }
  return {{"ok", true}, {"records", out}, {"chain_ok", chain.ok()},
          {"chain_error", chain.ok() ? "" : chain.error().message}};
}

/// The Action a request describes; evidence is archived from the store here.
Result<wf::Action> ActionOf(const workflow::CaseStore& cases, const json& a) {
  const std::string kind = a.value("kind", std::string());
  const auto k = wf::ParseActionKind(kind);
  if (!k) return Error{"thao tác '" + kind + "' không hợp lệ / unknown action '" + kind + "'"};
  wf::Action action{*k};
  action.reason = a.value("reason", std::string());
  action.lead_agency = a.value("lead", std::string());
  action.coordinating = a.value("coordinating", std::vector<std::string>());
  const json m = a.value("measure", json::object());
  action.measure = {m.value("kind", std::string()), m.value("date", UnixTime{0}),
                    m.value("channel", std::string()), m.value("link", std::string()),
                    m.value("language", std::string())};
  const json n = a.value("notice", json::object());
  action.notice = {n.value("agency", std::string()), n.value("at", UnixTime{0}),
                   n.value("reference", std::string())};
  if (a.contains("section")) {
    const std::string name = a.value("section", std::string());
    const auto section = wf::ParseSection(name);
    if (!section) {
      return Error{"mục hồ sơ '" + name + "' không hợp lệ / unknown dossier section '" + name +
                   "' (false-content, impact, true-facts, legal-basis, messaging)"};
    }
    action.section = *section;
  }
  action.text = a.value("text", std::string());
  if (*k == wf::ActionKind::kAddEvidence) {
    auto e = cases.EvidenceFor(a.value("evidence_item", std::string()));
    if (!e.ok()) return e.error();
    action.evidence = std::move(e).value();
  }
  return action;
}

json ActOnCase(workflow::CaseStore& cases, const wf::Actor& actor, const json& req, UnixTime now) {
  const std::string id = req.value("id", std::string());
  auto before = VisibleCase(cases, actor, id);
  if (!before.ok()) return Fail(before.error().message);
  auto action = ActionOf(cases, req.value("action", json::object()));
  if (!action.ok()) return Fail(action.error().message);
  const wf::CasePolicy policy = PoliciesOf(before->profile).cases;
  // "assign" without a lead takes the routing's proposal.
  if (action->kind == wf::ActionKind::kAssign && action->lead_agency.empty()) {
    const wf::AssignmentProposal proposal = ProposalFor(*before);
    action->lead_agency = proposal.lead;
    if (action->coordinating.empty()) action->coordinating = proposal.coordinating;
  }
  // Checked first without writing, so that a refusal (exit 2) is told apart
  // from a store that fails (exit 1); Act applies the same checks again.
  if (auto dry = wf::Apply(*before, *action, actor, policy, now); !dry.ok()) {
    return Fail(dry.error().message);
  }
  auto after = cases.Act(id, *action, actor, policy, now);
  if (!after.ok()) return Fail(after.error().message, 1);
  return {{"ok", true}, {"case", CaseJson(*after, now)}, {"from", wf::LabelEn(before->state)},
          {"action", wf::ActionName(action->kind)}};
}

json Execute(workflow::CaseStore& cases, const json& req, UnixTime now) {
  const std::string op = req.value("op", std::string());
  if (op == "user.add") return AddUser(cases, req, now);
  if (op == "user.list") return ListUsers(cases);
  if (op.rfind("case.", 0) != 0) return Fail("yêu cầu không hợp lệ / unknown request '" + op + "'");
  auto actor = ActingUser(cases, req);
  if (!actor.ok()) return Fail(actor.error().message);
  if (op == "case.list") return ListCases(cases, *actor, now);
  if (op == "case.show") return ShowCase(cases, *actor, req.value("id", std::string()), now);
  if (op == "case.audit") return AuditLog(cases, *actor);
  if (op == "case.act") return ActOnCase(cases, *actor, req, now);
  return Fail("yêu cầu không hợp lệ / unknown request '" + op + "'");
}
}  // namespace

// The policies of a case's profile ([workflow] of a bundled profile, with the
// routes its rules carry): measures offered, written notices before closing,
// the routing table, deadlines and calendar. Defaults for a profile that is
// not bundled. Built once per profile per process (std::map nodes are stable).
const wf::ProfilePolicies& PoliciesOf(const std::string& profile_id) {
  static std::mutex mutex;
  static std::map<std::string, wf::ProfilePolicies> built;
  const std::lock_guard<std::mutex> lock(mutex);
  if (auto it = built.find(profile_id); it != built.end()) return it->second;
  wf::ProfilePolicies policies;
  if (auto profile = config::BundledProfile(profile_id); profile.ok()) {
    std::vector<wf::Route> routes;
    for (const auto& rule : profile->rules) routes.push_back({rule.id, rule.agency});
    policies = wf::MakePolicies(profile->workflow, routes);
  }
  return built.emplace(profile_id, std::move(policies)).first->second;
}

std::string ExecuteCaseRequest(workflow::CaseStore& cases, std::string_view request, UnixTime now) {
  try {
    const json req = json::parse(request);
    if (!req.is_object()) return Dump(Fail("yêu cầu không hợp lệ / the request is not a JSON object"));
    return Dump(Execute(cases, req, now));
  } catch (const json::exception& e) {
    return Dump(Fail(std::string("yêu cầu không hợp lệ / malformed request: ") + e.what()));
  }
}

bool IsReadOnlyRequest(std::string_view request) {
  try {
    const std::string op = json::parse(request).value("op", std::string());
    return op == "user.list" || op == "case.list" || op == "case.show" || op == "case.audit";
  } catch (const json::exception&) {
    return true;
  }
}
}  // namespace pw::daemon
