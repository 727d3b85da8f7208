#include "workflow/transition.h"

#include <algorithm>
#include <initializer_list>

namespace pw::workflow {
namespace {

Error Refuse(const std::string& vi, const std::string& en) { return Error{vi + " / " + en}; }

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool OneOf(Role role, std::initializer_list<Role> roles) {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool IsLead(const Actor& a, const Case& c) {
  return a.role == Role::kAdmin || (a.role == Role::kAgency && a.agency == c.lead_agency);
}

bool IsParticipant(const Actor& a, const Case& c) {
  return IsLead(a, c) || (a.role == Role::kAgency && Contains(c.coordinating, a.agency));
}

/// True for the actions that move a case to another state (the others only
/// add to its record).
bool IsMove(ActionKind kind) {
  switch (kind) {
    case ActionKind::kConfirm:
    case ActionKind::kDismiss:
    case ActionKind::kReport:
    case ActionKind::kAssign:
    case ActionKind::kStartDossier:
    case ActionKind::kRespond:
    case ActionKind::kClarify:
    case ActionKind::kClose:
    case ActionKind::kReopen: return true;
    default: return false;
  }
}

/// The state an action moves the case to (the same state for the actions
/// that only add to the record).
CaseState Target(const Case& c, ActionKind kind) {
  switch (kind) {
    case ActionKind::kConfirm: return CaseState::kConfirmed;
    case ActionKind::kDismiss: return CaseState::kDismissed;
    case ActionKind::kReport: return CaseState::kReported;
    case ActionKind::kAssign: return CaseState::kAssigned;
    case ActionKind::kStartDossier: return CaseState::kDossier;
    case ActionKind::kRespond: return CaseState::kResponding;
    case ActionKind::kClarify: return CaseState::kClarified;
    case ActionKind::kClose: return CaseState::kClosed;
    case ActionKind::kReopen:
      return c.state == CaseState::kClosed ? CaseState::kConfirmed : CaseState::kDetected;
    case ActionKind::kAddMeasure:
    case ActionKind::kNotify:
    case ActionKind::kEditDossier:
    case ActionKind::kAddEvidence:
    case ActionKind::kMarkSecret:
    case ActionKind::kDetect:
    case ActionKind::kAddItem:
    case ActionKind::kEscalate:
    case ActionKind::kRaiseSeverity: return c.state;
  }
  return c.state;
}

/// Who may take an action, before the action's own checks.
bool Permitted(const Actor& a, const Case& c, ActionKind kind) {
  using R = Role;
  switch (kind) {
    case ActionKind::kConfirm:
    case ActionKind::kDismiss:
    case ActionKind::kReport:
    case ActionKind::kAssign: return OneOf(a.role, {R::kMonitor, R::kLeader, R::kAdmin});
    case ActionKind::kStartDossier:
    case ActionKind::kRespond:
    case ActionKind::kClarify: return IsLead(a, c);
    case ActionKind::kAddMeasure: return IsParticipant(a, c);
    case ActionKind::kNotify: return IsLead(a, c) || a.role == R::kLeader;
    case ActionKind::kClose:
    case ActionKind::kReopen: return OneOf(a.role, {R::kLeader, R::kAdmin});
    case ActionKind::kEditDossier:
    case ActionKind::kAddEvidence: return IsLead(a, c) || a.role == R::kLeader;
    case ActionKind::kMarkSecret: return OneOf(a.role, {R::kLeader, R::kAdmin}) && a.cleared;
    case ActionKind::kDetect:
    case ActionKind::kAddItem:
    case ActionKind::kEscalate:
    case ActionKind::kRaiseSeverity: return false;
  }
  return false;
}

/// The dossier is built once agencies are assigned and until the response is
/// published: states assigned, dossier and responding.
bool DossierOpen(CaseState s) {
  return s == CaseState::kAssigned || s == CaseState::kDossier || s == CaseState::kResponding;
}

constexpr ActionKind kAllKinds[] = {
    ActionKind::kConfirm,     ActionKind::kDismiss,     ActionKind::kReport,
    ActionKind::kAssign,      ActionKind::kStartDossier, ActionKind::kRespond,
    ActionKind::kClarify,     ActionKind::kClose,       ActionKind::kReopen,
    ActionKind::kAddMeasure,  ActionKind::kNotify,      ActionKind::kEditDossier,
    ActionKind::kAddEvidence, ActionKind::kMarkSecret,  ActionKind::kDetect,
    ActionKind::kAddItem,     ActionKind::kEscalate,    ActionKind::kRaiseSeverity};

constexpr DossierSection kAllSections[] = {DossierSection::kFalseContent, DossierSection::kImpact,
                                           DossierSection::kTrueFacts, DossierSection::kLegalBasis,
                                           DossierSection::kMessaging};

constexpr Role kAllRoles[] = {Role::kMonitor, Role::kAgency, Role::kLeader, Role::kAdmin,
                              Role::kAuditor};

}  // namespace

std::string_view SectionName(DossierSection section) {
  switch (section) {
    case DossierSection::kFalseContent: return "false-content";
    case DossierSection::kImpact: return "impact";
    case DossierSection::kTrueFacts: return "true-facts";
    case DossierSection::kLegalBasis: return "legal-basis";
    case DossierSection::kMessaging: return "messaging";
  }
  return "?";
}

std::string_view SectionLabelVi(DossierSection section) {
  switch (section) {
    case DossierSection::kFalseContent: return "Nội dung sai lệch và cách lan truyền";
    case DossierSection::kImpact: return "Tác động, ảnh hưởng";
    case DossierSection::kTrueFacts: return "Thông tin đúng";
    case DossierSection::kLegalBasis: return "Căn cứ pháp lý và tiền lệ";
    case DossierSection::kMessaging: return "Thông điệp đề xuất";
  }
  return "?";
}

std::optional<DossierSection> ParseSection(std::string_view name) {
  for (DossierSection s : kAllSections) {
    if (SectionName(s) == name) return s;
  }
  return std::nullopt;
}

std::optional<ActionKind> ParseActionKind(std::string_view name) {
  for (ActionKind k : kAllKinds) {
    if (ActionName(k) == name) return k;
  }
  return std::nullopt;
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : kAllRoles) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

std::string_view CandidateSeverity(double score, double threshold) {
  return threshold > 0 && score >= 2 * threshold ? "high" : "medium";
}

std::string_view ActionName(ActionKind kind) {
  switch (kind) {
    case ActionKind::kConfirm: return "confirm";
    case ActionKind::kDismiss: return "dismiss";
    case ActionKind::kReport: return "report";
    case ActionKind::kAssign: return "assign";
    case ActionKind::kStartDossier: return "dossier";
    case ActionKind::kRespond: return "respond";
    case ActionKind::kClarify: return "clarify";
    case ActionKind::kClose: return "close";
    case ActionKind::kReopen: return "reopen";
    case ActionKind::kAddMeasure: return "measure";
    case ActionKind::kNotify: return "notify";
    case ActionKind::kEditDossier: return "edit-dossier";
    case ActionKind::kAddEvidence: return "add-evidence";
    case ActionKind::kMarkSecret: return "mark-secret";
    case ActionKind::kDetect: return "detect";
    case ActionKind::kAddItem: return "add-item";
    case ActionKind::kEscalate: return "escalate";
    case ActionKind::kRaiseSeverity: return "raise-severity";
  }
  return "?";
}

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kMonitor: return "monitor";
    case Role::kAgency: return "agency";
    case Role::kLeader: return "leader";
    case Role::kAdmin: return "admin";
    case Role::kAuditor: return "auditor";
  }
  return "?";
}

bool CanSee(const Actor& actor, const Case& c) {
  if (c.secret && !actor.cleared) return false;
  if (actor.role == Role::kAgency) {
    return actor.agency == c.lead_agency || Contains(c.coordinating, actor.agency);
  }
  return true;
}

Result<std::pair<Case, Event>> Apply(const Case& c, const Action& action, const Actor& actor,
                                     const CasePolicy& policy, UnixTime now) {
  // A case the actor may not see does not exist for them: same answer as a wrong id.
  if (!CanSee(actor, c)) return Refuse("không tìm thấy hồ sơ", "no such case");
  if (actor.user.empty()) return Refuse("thiếu người thực hiện", "the acting user is missing");
  const std::string action_name(ActionName(action.kind));
  if (action.kind == ActionKind::kDetect || action.kind == ActionKind::kAddItem ||
      action.kind == ActionKind::kEscalate || action.kind == ActionKind::kRaiseSeverity) {
    return Refuse("'" + action_name + "' chỉ do hệ thống ghi nhận",
                  "'" + action_name + "' is recorded by the system only");
  }
  if (!Permitted(actor, c, action.kind)) {
    return Refuse("vai trò " + std::string(RoleName(actor.role)) + " không được thực hiện '" +
                      action_name + "' với hồ sơ này",
                  "role " + std::string(RoleName(actor.role)) + " may not '" + action_name +
                      "' this case");
  }
  const CaseState to = Target(c, action.kind);
  // An action that moves a case must change its state by a move the workflow
  // allows, and a dismissed or closed case moves only by "reopen" (with its
  // reason): confirming a confirmed case would reset its deadlines, and
  // "confirm" on a closed case would reopen it without one.
  const bool moves = IsMove(action.kind);
  const bool ended = c.state == CaseState::kClosed || c.state == CaseState::kDismissed;
  if (moves && (to == c.state || !CanMove(c.state, to) || (action.kind == ActionKind::kReopen) != ended)) {
    return Refuse("không thể chuyển từ '" + std::string(LabelVi(c.state)) + "' sang '" +
                      std::string(LabelVi(to)) + "'",
                  "cannot move from " + std::string(LabelEn(c.state)) + " to " +
                      std::string(LabelEn(to)));
  }

  Case next = c;
  next.state = to;
  if (to != c.state) next.entered[to] = now;
  Event event{c.id, action.kind, c.state, to, actor.user, actor.role, now, {}};

  switch (action.kind) {
    case ActionKind::kConfirm:
      next.confirmed_at = now;
      break;
    case ActionKind::kDismiss:
    case ActionKind::kReopen:
      if (action.reason.find_first_not_of(" \t\n") == std::string::npos) {
        return Refuse("cần nêu lý do", "a reason is required");
      }
      if (action.kind == ActionKind::kDismiss) next.dismiss_reason = action.reason;
      event.detail = action.reason;
      break;
    case ActionKind::kAssign:
      if (action.lead_agency.empty()) {
        return Refuse("cần chỉ định cơ quan chủ trì", "a lead agency is required");
      }
      if (Contains(action.coordinating, action.lead_agency)) {
        return Refuse("cơ quan chủ trì không đồng thời là cơ quan phối hợp",
                      "the lead agency cannot also coordinate");
      }
      next.lead_agency = action.lead_agency;
      next.coordinating = action.coordinating;
      event.detail = "lead=" + action.lead_agency;
      for (const auto& a : action.coordinating) event.detail += " coordinating=" + a;
      break;
    case ActionKind::kClarify:
      if (c.measures.empty()) {
        return Refuse("chưa ghi nhận biện pháp phản hồi nào",
                      "no response measure has been recorded");
      }
      break;
    case ActionKind::kAddMeasure: {
      const Measure& m = action.measure;
      if (c.state != CaseState::kDossier && c.state != CaseState::kResponding &&
          c.state != CaseState::kClarified) {
        return Refuse("chỉ ghi biện pháp khi hồ sơ đang xử lý",
                      "measures are recorded while the case is being worked");
      }
      if (m.kind.empty() || m.date <= 0) {
        return Refuse("biện pháp cần loại và ngày", "a measure needs a kind and a date");
      }
      if (!policy.measures_offered.empty() && !Contains(policy.measures_offered, m.kind)) {
        return Refuse("biện pháp '" + m.kind + "' không có trong quy chế của tỉnh",
                      "measure '" + m.kind + "' is not offered by this profile");
      }
      next.measures.push_back(m);
      event.detail = m.kind + " " + m.channel + " " + m.link;
      break;
    }
    case ActionKind::kNotify: {
      const Notice& n = action.notice;
      if (c.state != CaseState::kClarified) {
        return Refuse("chỉ thông báo kết quả khi đã làm rõ",
                      "the result is notified once the case is clarified");
      }
      if (!Contains(c.coordinating, n.agency)) {
        return Refuse("'" + n.agency + "' không phải cơ quan phối hợp",
                      "'" + n.agency + "' is not a coordinating agency");
      }
      if (n.reference.empty()) {
        return Refuse("cần số văn bản thông báo", "the notice needs a document reference");
      }
      Notice recorded = n;
      if (recorded.at == 0) recorded.at = now;
      next.notices.push_back(recorded);
      event.detail = n.agency + " " + n.reference;
      break;
    }
    case ActionKind::kClose:
      if (policy.close_requires_notices) {
        for (const auto& agency : c.coordinating) {
          const bool notified = std::any_of(c.notices.begin(), c.notices.end(),
                                            [&](const Notice& n) { return n.agency == agency; });
          if (!notified) {
            return Refuse("chưa có văn bản thông báo kết quả cho '" + agency + "'",
                          "no written notice of the result to '" + agency + "' yet");
          }
        }
      }
      break;
    case ActionKind::kEditDossier:
    case ActionKind::kAddEvidence:
      if (!DossierOpen(c.state)) {
        return Refuse("chỉ soạn hồ sơ từ khi giao đến khi phản hồi",
                      "the dossier is edited from assigned until responding");
      }
      if (action.kind == ActionKind::kEditDossier) {
        if (action.text.find_first_not_of(" \t\n") == std::string::npos) {
          return Refuse("cần nội dung cho mục hồ sơ", "the dossier section needs text");
        }
        next.dossier.sections[action.section] = action.text;
        event.detail = std::string(SectionName(action.section)) + ": " + action.text;
      } else {
        const Evidence& e = action.evidence;
        if (std::find(c.item_keys.begin(), c.item_keys.end(), e.item_key) == c.item_keys.end()) {
          return Refuse("tin '" + e.item_key + "' không thuộc hồ sơ này",
                        "item '" + e.item_key + "' is not one of this case's items");
        }
        if (e.sha256.size() != 64 || e.archived.empty()) {
          return Refuse("chứng cứ cần bản lưu và mã SHA-256",
                        "evidence needs the archived copy and its SHA-256");
        }
        const bool dup = std::any_of(c.dossier.evidence.begin(), c.dossier.evidence.end(),
                                     [&](const Evidence& x) { return x.item_key == e.item_key; });
        if (dup) {
          return Refuse("tin '" + e.item_key + "' đã có trong chứng cứ",
                        "item '" + e.item_key + "' is already in the evidence");
        }
        Evidence recorded = e;
        if (recorded.added_at == 0) recorded.added_at = now;
        next.dossier.evidence.push_back(std::move(recorded));
        event.detail = e.item_key + " sha256=" + e.sha256;
      }
      break;
    case ActionKind::kMarkSecret:
      if (c.secret) return Refuse("hồ sơ đã được đánh dấu mật", "the case is already marked secret");
      next.secret = true;
      event.detail = "secret";
      break;
    case ActionKind::kReport:
    case ActionKind::kStartDossier:
    case ActionKind::kRespond:
    case ActionKind::kDetect:
    case ActionKind::kAddItem:
    case ActionKind::kEscalate:
    case ActionKind::kRaiseSeverity:
      break;
  }
  return std::make_pair(std::move(next), std::move(event));
}

}  // namespace pw::workflow
