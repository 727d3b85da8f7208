#include "workflow/case_state.h"

#include <gtest/gtest.h>

namespace pw::workflow {
namespace {

TEST(CaseState, FollowsTheRegulationFromDetectionToClose) {
  const CaseState path[] = {CaseState::kDetected, CaseState::kConfirmed, CaseState::kReported,
                            CaseState::kAssigned, CaseState::kDossier,   CaseState::kResponding,
                            CaseState::kClarified, CaseState::kClosed};
  for (std::size_t i = 0; i + 1 < std::size(path); ++i) {
    EXPECT_TRUE(CanMove(path[i], path[i + 1])) << LabelEn(path[i]) << " -> " << LabelEn(path[i + 1]);
    EXPECT_FALSE(NeedsReason(path[i], path[i + 1]));
  }
}

TEST(CaseState, CannotSkipTheReportToTheProvincialCommittee) {
  EXPECT_FALSE(CanMove(CaseState::kConfirmed, CaseState::kAssigned));
  EXPECT_FALSE(CanMove(CaseState::kDetected, CaseState::kClosed));
  EXPECT_FALSE(CanMove(CaseState::kClosed, CaseState::kClosed));
}

TEST(CaseState, DismissalAndReopeningNeedAReason) {
  EXPECT_TRUE(CanMove(CaseState::kDetected, CaseState::kDismissed));
  EXPECT_TRUE(NeedsReason(CaseState::kDetected, CaseState::kDismissed));
  EXPECT_TRUE(CanMove(CaseState::kClosed, CaseState::kConfirmed));
  EXPECT_TRUE(NeedsReason(CaseState::kClosed, CaseState::kConfirmed));
}

TEST(CaseState, LabelsRoundTripInBothLanguages) {
  for (auto s : {CaseState::kDetected, CaseState::kDismissed, CaseState::kClarified}) {
    EXPECT_EQ(ParseCaseState(LabelEn(s)), s);
    EXPECT_EQ(ParseCaseState(LabelVi(s)), s);
  }
  EXPECT_EQ(LabelVi(CaseState::kClarified), "đã làm rõ");
  EXPECT_FALSE(ParseCaseState("open").has_value());
}

}  // namespace
}  // namespace pw::workflow
