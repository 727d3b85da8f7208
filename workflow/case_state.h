#pragma once
/// The states of a clarification case and the moves between them, as the
/// provincial regulations on external information lay them down (DESIGN.md):
/// detected -> confirmed | dismissed -> reported -> assigned -> dossier ->
/// responding -> clarified -> closed, and reopen (with a reason) from
/// dismissed or closed. Pure: no storage, no clock.
#include <optional>
#include <string_view>
#include <vector>

namespace pw::workflow {

enum class CaseState {
  kDetected,    ///< phát hiện: a candidate item queued for triage
  kConfirmed,   ///< xác nhận: a press officer confirmed it is distorted information
  kDismissed,   ///< loại: not distorted, duplicate or out of scope (reason required)
  kReported,    ///< báo cáo: reported to the UBND tỉnh, the department notified
  kAssigned,    ///< giao: lead and coordinating agencies named
  kDossier,     ///< hồ sơ: the dossier of clarifying information is being built
  kResponding,  ///< phản hồi: response measures under way
  kClarified,   ///< đã làm rõ: the clarification is published
  kClosed,      ///< đóng: written notice of the result sent, case closed
};

/// Vietnamese label shown to officers ("phát hiện").
std::string_view LabelVi(CaseState state);
/// English label ("detected"); also the stable identifier in storage and APIs.
std::string_view LabelEn(CaseState state);
/// Parses an English identifier or a Vietnamese label.
std::optional<CaseState> ParseCaseState(std::string_view text);

/// The states reachable from `from` in one step.
std::vector<CaseState> NextStates(CaseState from);
/// True when `from` -> `to` is a move the workflow allows.
bool CanMove(CaseState from, CaseState to);
/// Moves into these need a written reason (dismissal, reopening).
bool NeedsReason(CaseState from, CaseState to);

}  // namespace pw::workflow
