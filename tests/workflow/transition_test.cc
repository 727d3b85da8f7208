#include "workflow/transition.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pw::workflow {
namespace {

using ::testing::HasSubstr;

const Actor kMonitor{"an", Role::kMonitor, "", false};
const Actor kLeader{"binh", Role::kLeader, "", false};
const Actor kPolice{"cuong", Role::kAgency, "cong-an", false};
const Actor kCulture{"dung", Role::kAgency, "so-vhttdl", false};
const Actor kOther{"em", Role::kAgency, "so-y-te", false};
const Actor kAuditor{"giang", Role::kAuditor, "", true};

Case NewCase() {
  Case c;
  c.id = "case-1";
  c.profile = "phu-tho";
  c.detected_at = 1000;
  return c;
}

/// Applies and expects success; returns the new case.
Case Do(const Case& c, const Action& a, const Actor& who, const CasePolicy& p = {}) {
  auto r = Apply(c, a, who, p, 2000);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? r->first : c;
}

Action Assign() {
  Action a{ActionKind::kAssign};
  a.lead_agency = "cong-an";
  a.coordinating = {"so-vhttdl"};
  return a;
}

Action AddMeasure(const std::string& kind) {
  Action a{ActionKind::kAddMeasure};
  a.measure = {kind, 1'700'000'000, "cổng thông tin tỉnh", "https://portal.invalid/x", "vi"};
  return a;
}

Case ToClarified(const CasePolicy& p = {}) {
  Case c = Do(NewCase(), {ActionKind::kConfirm}, kMonitor, p);
  c = Do(c, {ActionKind::kReport}, kMonitor, p);
  c = Do(c, Assign(), kLeader, p);
  c = Do(c, {ActionKind::kStartDossier}, kPolice, p);
  c = Do(c, {ActionKind::kRespond}, kPolice, p);
  c = Do(c, AddMeasure("press-release"), kCulture, p);
  return Do(c, {ActionKind::kClarify}, kPolice, p);
}

TEST(Transition, WalksACaseFromDetectionToClose) {
  Case c = ToClarified();
  EXPECT_EQ(c.state, CaseState::kClarified);
  EXPECT_EQ(c.lead_agency, "cong-an");
  ASSERT_EQ(c.measures.size(), 1u);
  auto closed = Apply(c, {ActionKind::kClose}, kLeader, {}, 3000);
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->first.state, CaseState::kClosed);
  const Event& e = closed->second;
  EXPECT_EQ(e.from, CaseState::kClarified);
  EXPECT_EQ(e.to, CaseState::kClosed);
  EXPECT_EQ(e.user, "binh");
  EXPECT_EQ(e.at, 3000);
}

TEST(Transition, RefusesIllegalMovesWithTheReasonInBothLanguages) {
  auto r = Apply(NewCase(), {ActionKind::kClose}, kLeader, {}, 2000);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, HasSubstr("không thể chuyển từ 'phát hiện' sang 'đóng'"));
  EXPECT_THAT(r.error().message, HasSubstr("cannot move from detected to closed"));
  Case confirmed = Do(NewCase(), {ActionKind::kConfirm}, kMonitor);
  EXPECT_FALSE(Apply(confirmed, Assign(), kLeader, {}, 2000).ok()) << "the report comes first";
}

TEST(Transition, DismissalAndReopeningNeedAReason) {
  auto r = Apply(NewCase(), {ActionKind::kDismiss}, kMonitor, {}, 2000);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, HasSubstr("cần nêu lý do"));
  Action dismiss{ActionKind::kDismiss};
  dismiss.reason = "bài tự đính chính của tòa soạn, không phải thông tin sai lệch";
  Case c = Do(NewCase(), dismiss, kMonitor);
  EXPECT_EQ(c.state, CaseState::kDismissed);
  EXPECT_EQ(c.dismiss_reason, dismiss.reason);
  EXPECT_FALSE(Apply(c, {ActionKind::kReopen}, kLeader, {}, 2000).ok());
  Action reopen{ActionKind::kReopen};
  reopen.reason = "tin lan rộng trở lại";
  EXPECT_EQ(Do(c, reopen, kLeader).state, CaseState::kDetected);
}

TEST(Transition, RolesDecideWhoMayAct) {
  EXPECT_FALSE(Apply(NewCase(), {ActionKind::kConfirm}, kAuditor, {}, 2000).ok());
  EXPECT_FALSE(Apply(NewCase(), {ActionKind::kConfirm}, kPolice, {}, 2000).ok());
  Case assigned = Do(Do(Do(NewCase(), {ActionKind::kConfirm}, kMonitor), {ActionKind::kReport}, kMonitor),
                     Assign(), kLeader);
  // Only the lead agency builds the dossier; a coordinating one may not, another cannot even see it.
  EXPECT_FALSE(Apply(assigned, {ActionKind::kStartDossier}, kCulture, {}, 2000).ok());
  auto other = Apply(assigned, {ActionKind::kStartDossier}, kOther, {}, 2000);
  ASSERT_FALSE(other.ok());
  EXPECT_THAT(other.error().message, HasSubstr("no such case"));
  EXPECT_TRUE(Apply(assigned, {ActionKind::kStartDossier}, kPolice, {}, 2000).ok());
  // Only leaders close.
  Case clarified = ToClarified();
  EXPECT_FALSE(Apply(clarified, {ActionKind::kClose}, kMonitor, {}, 2000).ok());
  EXPECT_FALSE(Apply(clarified, {ActionKind::kClose}, kPolice, {}, 2000).ok());
}

TEST(Transition, SecretCasesDoNotExistForTheUncleared) {
  Case c = NewCase();
  c.secret = true;
  EXPECT_FALSE(CanSee(kMonitor, c));
  auto r = Apply(c, {ActionKind::kConfirm}, kMonitor, {}, 2000);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, HasSubstr("no such case"));
  Actor cleared = kMonitor;
  cleared.cleared = true;
  EXPECT_TRUE(CanSee(cleared, c));
  EXPECT_TRUE(Apply(c, {ActionKind::kConfirm}, cleared, {}, 2000).ok());
}

TEST(Transition, PhuThoClosesOnlyAfterWrittenNoticeToEveryCoordinatingAgency) {
  const CasePolicy phu_tho{.close_requires_notices = true, .measures_offered = {}};
  Case c = ToClarified(phu_tho);
  auto early = Apply(c, {ActionKind::kClose}, kLeader, phu_tho, 3000);
  ASSERT_FALSE(early.ok());
  EXPECT_THAT(early.error().message, HasSubstr("so-vhttdl"));

  Action notify{ActionKind::kNotify};
  notify.notice = {"so-y-te", 0, "123/CAT-PV"};
  EXPECT_FALSE(Apply(c, notify, kPolice, phu_tho, 3000).ok()) << "not a coordinating agency";
  notify.notice = {"so-vhttdl", 0, ""};
  EXPECT_FALSE(Apply(c, notify, kPolice, phu_tho, 3000).ok()) << "no document reference";
  notify.notice = {"so-vhttdl", 0, "123/CAT-PV"};
  c = Do(c, notify, kPolice, phu_tho);
  ASSERT_EQ(c.notices.size(), 1u);
  EXPECT_EQ(c.notices[0].at, 2000);
  EXPECT_TRUE(Apply(c, {ActionKind::kClose}, kLeader, phu_tho, 3000).ok());
  // Elsewhere no notice is required.
  EXPECT_TRUE(Apply(ToClarified(), {ActionKind::kClose}, kLeader, {}, 3000).ok());
}

TEST(Transition, MeasuresMustBeOfferedByTheProfileAndClarifyNeedsOne) {
  const CasePolicy lai_chau{.close_requires_notices = false,
                            .measures_offered = {"press-release", "border-outreach"}};
  Case c = Do(NewCase(), {ActionKind::kConfirm}, kMonitor, lai_chau);
  c = Do(c, {ActionKind::kReport}, kMonitor, lai_chau);
  c = Do(c, Assign(), kLeader, lai_chau);
  c = Do(c, {ActionKind::kStartDossier}, kPolice, lai_chau);
  c = Do(c, {ActionKind::kRespond}, kPolice, lai_chau);
  EXPECT_FALSE(Apply(c, {ActionKind::kClarify}, kPolice, lai_chau, 2000).ok());
  auto press_conf = Apply(c, AddMeasure("press-conference"), kPolice, lai_chau, 2000);
  ASSERT_FALSE(press_conf.ok());
  EXPECT_THAT(press_conf.error().message, HasSubstr("press-conference"));
  c = Do(c, AddMeasure("border-outreach"), kPolice, lai_chau);
  EXPECT_TRUE(Apply(c, {ActionKind::kClarify}, kPolice, lai_chau, 2000).ok());
}

TEST(Transition, AssignmentNeedsALeadThatDoesNotAlsoCoordinate) {
  Case reported = Do(Do(NewCase(), {ActionKind::kConfirm}, kMonitor), {ActionKind::kReport}, kMonitor);
  Action a{ActionKind::kAssign};
  EXPECT_FALSE(Apply(reported, a, kLeader, {}, 2000).ok());
  a.lead_agency = "cong-an";
  a.coordinating = {"cong-an"};
  EXPECT_FALSE(Apply(reported, a, kLeader, {}, 2000).ok());
}

Action EditSection(DossierSection section, const std::string& text) {
  Action a{ActionKind::kEditDossier};
  a.section = section;
  a.text = text;
  return a;
}

Action AddEvidence(const std::string& key) {
  Action a{ActionKind::kAddEvidence};
  a.evidence = {key, "https://bao.invalid/a", "Tin sai", "{\"title\":\"Tin sai\"}",
                std::string(64, 'a'), 1'700'000'000, 0};
  return a;
}

/// A case with one item, walked to `state` (assigned, dossier or responding).
Case ToState(CaseState state) {
  Case c = NewCase();
  c.item_keys = {"url:https://bao.invalid/a"};
  c = Do(c, {ActionKind::kConfirm}, kMonitor);
  c = Do(c, {ActionKind::kReport}, kMonitor);
  c = Do(c, Assign(), kLeader);
  if (state == CaseState::kAssigned) return c;
  c = Do(c, {ActionKind::kStartDossier}, kPolice);
  if (state == CaseState::kDossier) return c;
  return Do(c, {ActionKind::kRespond}, kPolice);
}

TEST(Transition, LeadAgencyLeaderAndAdminEditTheDossierFromAssignedUntilResponding) {
  const Actor admin{"hoa", Role::kAdmin, "", false};
  for (CaseState state : {CaseState::kAssigned, CaseState::kDossier, CaseState::kResponding}) {
    SCOPED_TRACE(std::string(LabelEn(state)));
    Case c = ToState(state);
    c = Do(c, EditSection(DossierSection::kTrueFacts, "Cầu vẫn an toàn."), kPolice);
    c = Do(c, EditSection(DossierSection::kImpact, "Lan rộng trên mạng."), kLeader);
    c = Do(c, EditSection(DossierSection::kTrueFacts, "Cầu an toàn, đã kiểm định."), admin);
    EXPECT_EQ(c.state, state) << "editing does not move the case";
    EXPECT_EQ(c.dossier.sections[DossierSection::kTrueFacts], "Cầu an toàn, đã kiểm định.");
    EXPECT_EQ(c.dossier.sections.size(), 2u);
    auto added = Apply(c, AddEvidence("url:https://bao.invalid/a"), kPolice, {}, 2500);
    ASSERT_TRUE(added.ok()) << added.error().message;
    ASSERT_EQ(added->first.dossier.evidence.size(), 1u);
    EXPECT_EQ(added->first.dossier.evidence[0].added_at, 2500);
    EXPECT_THAT(added->second.detail, HasSubstr("sha256=" + std::string(64, 'a')));
    for (const Actor& who : {kMonitor, kCulture, kOther, kAuditor}) {
      SCOPED_TRACE(who.user);
      EXPECT_FALSE(Apply(c, EditSection(DossierSection::kImpact, "x"), who, {}, 2000).ok());
      EXPECT_FALSE(Apply(c, AddEvidence("url:https://bao.invalid/a"), who, {}, 2000).ok());
    }
  }
}

TEST(Transition, DossierIsClosedToEditsBeforeAssignmentAndAfterClarification) {
  Case detected = NewCase();
  detected.item_keys = {"url:https://bao.invalid/a"};
  auto early = Apply(detected, EditSection(DossierSection::kImpact, "x"), kLeader, {}, 2000);
  ASSERT_FALSE(early.ok());
  EXPECT_THAT(early.error().message, HasSubstr("the dossier is edited from assigned until responding"));
  Case clarified = ToClarified();
  EXPECT_FALSE(Apply(clarified, EditSection(DossierSection::kImpact, "x"), kPolice, {}, 2000).ok());
  EXPECT_FALSE(Apply(clarified, AddEvidence("url:https://bao.invalid/a"), kPolice, {}, 2000).ok());
}

TEST(Transition, EvidenceMustBeACaseItemWithItsHashAndIsTakenOnce) {
  Case c = ToState(CaseState::kDossier);
  auto foreign = Apply(c, AddEvidence("url:https://khac.invalid/b"), kPolice, {}, 2000);
  ASSERT_FALSE(foreign.ok());
  EXPECT_THAT(foreign.error().message, HasSubstr("is not one of this case's items"));
  Action no_hash = AddEvidence("url:https://bao.invalid/a");
  no_hash.evidence.sha256.clear();
  EXPECT_FALSE(Apply(c, no_hash, kPolice, {}, 2000).ok());
  c = Do(c, AddEvidence("url:https://bao.invalid/a"), kPolice);
  auto again = Apply(c, AddEvidence("url:https://bao.invalid/a"), kPolice, {}, 2000);
  ASSERT_FALSE(again.ok());
  EXPECT_THAT(again.error().message, HasSubstr("already in the evidence"));
  EXPECT_FALSE(Apply(c, EditSection(DossierSection::kMessaging, "  "), kPolice, {}, 2000).ok())
      << "a blank section";
}

TEST(Transition, OnlyAClearedLeaderOrAdminMarksACaseSecretAndThenTheUnclearedLoseIt) {
  const Actor cleared_leader{"khanh", Role::kLeader, "", true};
  EXPECT_FALSE(Apply(NewCase(), {ActionKind::kMarkSecret}, kLeader, {}, 2000).ok()) << "not cleared";
  EXPECT_FALSE(Apply(NewCase(), {ActionKind::kMarkSecret}, kAuditor, {}, 2000).ok());
  Case secret = Do(NewCase(), {ActionKind::kMarkSecret}, cleared_leader);
  EXPECT_TRUE(secret.secret);
  EXPECT_FALSE(CanSee(kMonitor, secret));
  EXPECT_TRUE(CanSee(cleared_leader, secret));
  auto hidden = Apply(secret, {ActionKind::kConfirm}, kMonitor, {}, 2000);
  ASSERT_FALSE(hidden.ok());
  EXPECT_THAT(hidden.error().message, HasSubstr("no such case"));
  EXPECT_FALSE(Apply(secret, {ActionKind::kMarkSecret}, cleared_leader, {}, 2000).ok());
}

TEST(Transition, SystemEventsCannotBeAppliedByAnyone) {
  const Actor admin{"hoa", Role::kAdmin, "", true};
  for (ActionKind k : {ActionKind::kDetect, ActionKind::kAddItem}) {
    auto r = Apply(NewCase(), {k}, admin, {}, 2000);
    ASSERT_FALSE(r.ok());
    EXPECT_THAT(r.error().message, HasSubstr("recorded by the system only"));
  }
}

TEST(Transition, NamesRoundTrip) {
  for (const char* n : {"confirm", "edit-dossier", "add-evidence", "mark-secret", "detect", "notify"}) {
    auto k = ParseActionKind(n);
    ASSERT_TRUE(k.has_value()) << n;
    EXPECT_EQ(ActionName(*k), n);
  }
  EXPECT_FALSE(ParseActionKind("fly").has_value());
  EXPECT_EQ(ParseRole("auditor"), Role::kAuditor);
  EXPECT_FALSE(ParseRole("king").has_value());
  EXPECT_EQ(ParseSection("legal-basis"), DossierSection::kLegalBasis);
  EXPECT_FALSE(ParseSection("gossip").has_value());
}

}  // namespace
}  // namespace pw::workflow
