#include "workflow/case_state.h"

#include <algorithm>
#include <array>

namespace pw::workflow {
namespace {

struct Labels {
  CaseState state;
  std::string_view vi, en;
};

constexpr std::array<Labels, 9> kLabels = {{
    {CaseState::kDetected, "phát hiện", "detected"},
    {CaseState::kConfirmed, "xác nhận", "confirmed"},
    {CaseState::kDismissed, "loại", "dismissed"},
    {CaseState::kReported, "báo cáo", "reported"},
    {CaseState::kAssigned, "giao", "assigned"},
    {CaseState::kDossier, "hồ sơ", "dossier"},
    {CaseState::kResponding, "phản hồi", "responding"},
    {CaseState::kClarified, "đã làm rõ", "clarified"},
    {CaseState::kClosed, "đóng", "closed"},
}};

const Labels& Find(CaseState s) {
  return *std::find_if(kLabels.begin(), kLabels.end(), [s](const Labels& l) { return l.state == s; });
}

}  // namespace

std::string_view LabelVi(CaseState state) { return Find(state).vi; }
std::string_view LabelEn(CaseState state) { return Find(state).en; }

std::optional<CaseState> ParseCaseState(std::string_view text) {
  for (const auto& l : kLabels) {
    if (l.en == text || l.vi == text) return l.state;
  }
  return std::nullopt;
}

std::vector<CaseState> NextStates(CaseState from) {
  using S = CaseState;
  switch (from) {
    case S::kDetected: return {S::kConfirmed, S::kDismissed};
    case S::kConfirmed: return {S::kReported, S::kDismissed};
    case S::kDismissed: return {S::kDetected};  // reopen
    case S::kReported: return {S::kAssigned};
    case S::kAssigned: return {S::kDossier};
    case S::kDossier: return {S::kResponding};
    case S::kResponding: return {S::kClarified};
    case S::kClarified: return {S::kClosed};
    case S::kClosed: return {S::kConfirmed};  // reopen
  }
  return {};
}

bool CanMove(CaseState from, CaseState to) {
  const auto next = NextStates(from);
  return std::find(next.begin(), next.end(), to) != next.end();
}

bool NeedsReason(CaseState from, CaseState to) {
  return to == CaseState::kDismissed ||
         (from == CaseState::kDismissed && to == CaseState::kDetected) ||
         (from == CaseState::kClosed && to == CaseState::kConfirmed);
}

}  // namespace pw::workflow
