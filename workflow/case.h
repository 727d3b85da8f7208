#pragma once
/// A clarification case (hồ sơ vụ việc) as a value, the actions people take
/// on it, and who may take them. The rules of the provincial regulations on
/// external information live in transition.h; this header is plain data.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/item.h"
#include "workflow/case_state.h"

namespace pw::workflow {

/// The roles of the regulations' actors.
enum class Role {
  kMonitor,  ///< press officer of the department: triage, report
  kAgency,   ///< member of an agency: works the cases the agency leads or coordinates
  kLeader,   ///< leader (UBND tỉnh or department): approves the report, assigns, closes
  kAdmin,
  kAuditor,  ///< reads the audit log; changes nothing
};

/// Who acts. `agency` matters for kAgency; `cleared` for state-secret cases.
struct Actor {
  std::string user;
  Role role = Role::kMonitor;
  std::string agency;
  bool cleared = false;
};

/// A response measure (biện pháp): press release, spokesperson statement,
/// press briefing (giao ban báo chí), press conference, portal post, ...
struct Measure {
  std::string kind;      ///< one of the profile's offered measures
  UnixTime date = 0;
  std::string channel;
  std::string link;
  std::string language;  ///< "vi", "en", ...
};

/// A written notice of the result to a coordinating agency
/// (Phú Thọ QĐ 01/2020 Đ5.2).
struct Notice {
  std::string agency;
  UnixTime at = 0;
  std::string reference;  ///< document number (số văn bản)
};

/// An archived copy of one offending item, kept as evidence in the dossier:
/// the bytes as they were stored when the evidence was taken, their SHA-256
/// (hex) and when the item was fetched.
struct Evidence {
  std::string item_key;
  std::string url;
  std::string title;
  std::string archived;  ///< the archived bytes (the item record as stored)
  std::string sha256;    ///< hex SHA-256 of `archived`
  UnixTime fetched_at = 0;
  UnixTime added_at = 0;
};

/// The sections of the dossier of clarifying information, in the structure
/// Circular 02/2019/TT-BTTTT Art. 6 sets for ministries.
enum class DossierSection {
  kFalseContent,  ///< nội dung sai lệch và cách lan truyền: the false content and how it spread
  kImpact,        ///< tác động, ảnh hưởng: its impact
  kTrueFacts,     ///< thông tin đúng: the true facts
  kLegalBasis,    ///< căn cứ pháp lý và tiền lệ: the legal basis and precedents
  kMessaging,     ///< thông điệp đề xuất: the proposed messaging
};

/// The dossier (hồ sơ thông tin giải thích, làm rõ): one text per section
/// and the evidence.
struct Dossier {
  std::map<DossierSection, std::string> sections;
  std::vector<Evidence> evidence;
};

struct Case {
  std::string id;
  std::string profile;
  std::string cluster_id;  ///< the story cluster whose items this case holds
  CaseState state = CaseState::kDetected;
  std::vector<std::string> item_keys;
  std::vector<std::string> topics;
  std::string lead_agency;
  std::vector<std::string> coordinating;
  bool secret = false;  ///< contains state secrets: visible to cleared users only
  /// How urgent: "high" or "medium". High when an item scores twice the
  /// threshold (CandidateSeverity) or the story cluster spreads; it only rises.
  std::string severity = "medium";
  std::vector<Measure> measures;
  std::vector<Notice> notices;
  UnixTime detected_at = 0;
  std::optional<UnixTime> confirmed_at;
  /// When the case last entered each state it has been in (deadlines count from these).
  std::map<CaseState, UnixTime> entered;
  std::string dismiss_reason;
  Dossier dossier;
};

enum class ActionKind {
  kConfirm, kDismiss, kReport, kAssign, kStartDossier, kRespond, kClarify, kClose, kReopen,
  kAddMeasure, kNotify,
  kEditDossier,  ///< replace the text of one dossier section
  kAddEvidence,  ///< add an archived offending item to the dossier
  kMarkSecret,   ///< flag the case as containing state secrets (cleared leader or admin)
  // Recorded by the system only (Apply refuses them): the store writes these
  // events when it opens a case for a candidate or adds an item to one, when
  // a deadline of the case passes unmet (escalation.h), and when its story
  // cluster starts spreading (severity rises to "high").
  kDetect, kAddItem, kEscalate, kRaiseSeverity,
};

/// What someone asks to do. Only the fields the kind needs are read.
struct Action {
  Action() = default;
  Action(ActionKind k) : kind(k) {}  // NOLINT: `Apply(c, {ActionKind::kConfirm}, ...)` reads well
  ActionKind kind = ActionKind::kConfirm;
  std::string reason;                     ///< dismiss, reopen
  std::string lead_agency;                ///< assign
  std::vector<std::string> coordinating;  ///< assign
  Measure measure;                        ///< add measure
  Notice notice;                          ///< notify
  DossierSection section = DossierSection::kFalseContent;  ///< edit dossier
  std::string text;                       ///< edit dossier: the section's new text
  Evidence evidence;                      ///< add evidence
};

/// What the profile decides about cases.
struct CasePolicy {
  /// Phú Thọ QĐ 01/2020 Đ5.2: closing needs a written notice to every coordinating agency.
  bool close_requires_notices = false;
  std::vector<std::string> measures_offered;  ///< empty: any
};

/// The record of one accepted action, for the audit log.
struct Event {
  std::string case_id;
  ActionKind kind = ActionKind::kConfirm;
  CaseState from = CaseState::kDetected;
  CaseState to = CaseState::kDetected;
  std::string user;
  Role role = Role::kMonitor;
  UnixTime at = 0;
  std::string detail;  ///< reason, agencies, measure or notice, in words
};

/// Severity of a candidate: "high" when its score is at least twice the
/// profile's threshold (several strong signals, or a strong one in the title
/// and lead), else "medium".
std::string_view CandidateSeverity(double score, double threshold);

std::string_view ActionName(ActionKind kind);
std::string_view RoleName(Role role);
/// Stable identifier of a dossier section ("false-content", "impact",
/// "true-facts", "legal-basis", "messaging") and its Vietnamese heading.
std::string_view SectionName(DossierSection section);
std::string_view SectionLabelVi(DossierSection section);
std::optional<DossierSection> ParseSection(std::string_view name);
/// Parses ActionName / RoleName back.
std::optional<ActionKind> ParseActionKind(std::string_view name);
std::optional<Role> ParseRole(std::string_view name);

}  // namespace pw::workflow
