// Every legal and illegal transition under each of the five bundled profiles,
// with the policies made from the profile's [workflow] table.
#include <algorithm>
#include <map>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/bundled.h"
#include "workflow/deadlines.h"
#include "workflow/profile_policy.h"
#include "workflow/transition.h"

namespace pw::workflow {
namespace {

using namespace std::chrono;
using ::testing::HasSubstr;

/// An instant at a local (UTC+7) date and hour.
UnixTime Local(year_month_day d, int hour) {
  return duration_cast<seconds>((sys_days(d) + hours(hour) - hours(7)).time_since_epoch()).count();
}

const UnixTime kT0 = Local(2026y / November / 23, 9);  // a Monday

const Actor kMonitor{"can-bo-bao-chi", Role::kMonitor, "", false};
const Actor kLeader{"lanh-dao-ubnd", Role::kLeader, "", false};
const Actor kAdmin{"quan-tri", Role::kAdmin, "", true};
const Actor kAuditor{"kiem-toan", Role::kAuditor, "", true};

const std::vector<ActionKind> kMoves = {
    ActionKind::kConfirm, ActionKind::kDismiss, ActionKind::kReport, ActionKind::kAssign,
    ActionKind::kStartDossier, ActionKind::kRespond, ActionKind::kClarify, ActionKind::kClose,
    ActionKind::kReopen};
const std::vector<CaseState> kStates = {
    CaseState::kDetected, CaseState::kConfirmed, CaseState::kDismissed,
    CaseState::kReported, CaseState::kAssigned, CaseState::kDossier,
    CaseState::kResponding, CaseState::kClarified, CaseState::kClosed};

/// The workflow of the regulations, written out: state -> the moves it allows.
const std::map<CaseState, std::set<ActionKind>> kLegal = {
    {CaseState::kDetected, {ActionKind::kConfirm, ActionKind::kDismiss}},
    {CaseState::kConfirmed, {ActionKind::kReport, ActionKind::kDismiss}},
    {CaseState::kDismissed, {ActionKind::kReopen}},
    {CaseState::kReported, {ActionKind::kAssign}},
    {CaseState::kAssigned, {ActionKind::kStartDossier}},
    {CaseState::kDossier, {ActionKind::kRespond}},
    {CaseState::kResponding, {ActionKind::kClarify}},
    {CaseState::kClarified, {ActionKind::kClose}},
    {CaseState::kClosed, {ActionKind::kReopen}},
};

/// The action's target is the state the case is already in.
bool IsRepeat(CaseState state, ActionKind kind) {
  static const std::map<ActionKind, CaseState> kInto = {
      {ActionKind::kConfirm, CaseState::kConfirmed}, {ActionKind::kDismiss, CaseState::kDismissed},
      {ActionKind::kReport, CaseState::kReported},   {ActionKind::kAssign, CaseState::kAssigned},
      {ActionKind::kStartDossier, CaseState::kDossier},
      {ActionKind::kRespond, CaseState::kResponding},
      {ActionKind::kClarify, CaseState::kClarified}, {ActionKind::kClose, CaseState::kClosed},
      {ActionKind::kReopen, CaseState::kDetected}};
  return kInto.at(kind) == state;
}

/// Moves the workflow has no room for although the state graph has the edge or the
/// target: a repeat into the current state, and "confirm" on a closed case, which would
/// reopen it without the reason (and the leader role) that reopening needs, since
/// closed -> confirmed is the reopen edge of the graph.
bool IsRepeatOrReopenWithoutReason(CaseState state, ActionKind kind) {
  return IsRepeat(state, kind) || (state == CaseState::kClosed && kind == ActionKind::kConfirm);
}

class ProfileTransitions : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto profile = config::BundledProfile(GetParam());
    ASSERT_TRUE(profile.ok()) << profile.error().message;
    workflow_ = profile->workflow;
    policies_ = MakePolicies(workflow_);
  }

  /// The topics of a case that the profile routes to a lead other than the default.
  std::vector<std::string> Topics() const {
    if (workflow_.routing.empty()) return {"false-info"};
    return {workflow_.routing.begin()->first, "false-info"};
  }

  Case NewCase() const {
    Case c;
    c.id = "vu-" + GetParam();
    c.profile = GetParam();
    c.detected_at = kT0;
    c.topics = Topics();
    return c;
  }

  Result<std::pair<Case, Event>> Try(const Case& c, const Action& a, const Actor& who,
                                     UnixTime at) const {
    return Apply(c, a, who, policies_.cases, at);
  }

  Case Do(const Case& c, const Action& a, const Actor& who, UnixTime at) const {
    auto r = Try(c, a, who, at);
    EXPECT_TRUE(r.ok()) << ActionName(a.kind) << " by " << who.user << ": "
                        << (r.ok() ? "" : r.error().message);
    if (!r.ok()) return c;
    EXPECT_EQ(r->second.user, who.user);
    EXPECT_EQ(r->second.role, who.role);
    EXPECT_EQ(r->second.at, at);
    EXPECT_EQ(r->second.from, c.state);
    EXPECT_EQ(r->second.to, r->first.state);
    return r->first;
  }

  Action Assignment() const {
    const AssignmentProposal p = ProposeAssignment(policies_.routing, Topics());
    Action a{ActionKind::kAssign};
    a.lead_agency = p.lead;
    a.coordinating = p.coordinating;
    return a;
  }

  Actor LeadMember() const { return {"chu-tri", Role::kAgency, Assignment().lead_agency, false}; }
  Actor CoordinatingMember() const {
    return {"phoi-hop", Role::kAgency, Assignment().coordinating.at(0), false};
  }

  Action Measure(const std::string& kind, UnixTime at) const {
    Action a{ActionKind::kAddMeasure};
    a.measure = {kind, at, "Cổng thông tin điện tử tỉnh", "https://portal.invalid/tin", "vi"};
    return a;
  }

  /// detected -> ... -> clarified, with the roles the regulation gives.
  Case ToClarified() const {
    Case c = Do(NewCase(), {ActionKind::kConfirm}, kMonitor, kT0 + 600);
    c = Do(c, {ActionKind::kReport}, kMonitor, kT0 + 1200);
    c = Do(c, Assignment(), kLeader, kT0 + 3600);
    c = Do(c, {ActionKind::kStartDossier}, LeadMember(), kT0 + 7200);
    c = Do(c, Measure(workflow_.measures.at(0), kT0 + 8000), LeadMember(), kT0 + 8000);
    c = Do(c, {ActionKind::kRespond}, LeadMember(), kT0 + 9000);
    return Do(c, {ActionKind::kClarify}, LeadMember(), kT0 + 10000);
  }

  /// An action of `kind` carrying everything its own checks ask for.
  Action Complete(ActionKind kind) const {
    if (kind == ActionKind::kAssign) return Assignment();
    Action a{kind};
    a.reason = "trùng lặp với vụ việc đã xử lý";
    return a;
  }

  /// A case in `state` with what that state implies (agencies, a measure, notices).
  Case InState(CaseState state) const {
    Case c = NewCase();
    c.state = state;
    c.confirmed_at = kT0;
    const Action assign = Assignment();
    c.lead_agency = assign.lead_agency;
    c.coordinating = assign.coordinating;
    c.measures.push_back({workflow_.measures.at(0), kT0, "", "", "vi"});
    for (const auto& agency : c.coordinating) c.notices.push_back({agency, kT0, "12/TB-UBND"});
    return c;
  }

  config::WorkflowConfig workflow_;
  ProfilePolicies policies_;
};

TEST_P(ProfileTransitions, WalksACaseFromDetectionToCloseWithTheRegulationsRoles) {
  Case c = ToClarified();
  ASSERT_EQ(c.state, CaseState::kClarified);
  const Action assign = Assignment();
  EXPECT_EQ(c.lead_agency, assign.lead_agency);
  // The standing coordinators of the profile coordinate every case.
  for (const auto& a : workflow_.coordinators) {
    if (a != c.lead_agency) {
      EXPECT_THAT(c.coordinating, ::testing::Contains(a));
    }
  }
  const std::vector<std::string> coordinating = c.coordinating;  // c is replaced in the loop
  for (const auto& agency : coordinating) {
    Action notify{ActionKind::kNotify};
    notify.notice = {agency, kT0 + 20000, "15/TB-" + agency};
    c = Do(c, notify, LeadMember(), kT0 + 20000);
  }
  c = Do(c, {ActionKind::kClose}, kLeader, kT0 + 30000);
  EXPECT_EQ(c.state, CaseState::kClosed);
  EXPECT_EQ(c.entered.at(CaseState::kClosed), kT0 + 30000);
  Action reopen{ActionKind::kReopen};
  reopen.reason = "báo khác đăng lại nội dung sai lệch";
  c = Do(c, reopen, kLeader, kT0 + 40000);
  EXPECT_EQ(c.state, CaseState::kConfirmed);
}

TEST_P(ProfileTransitions, RoutesTheLeadFromTheProfile) {
  const Action a = Assignment();
  ASSERT_FALSE(a.lead_agency.empty());
  EXPECT_TRUE(workflow_.agencies.contains(a.lead_agency));
  if (workflow_.routing.empty()) {
    EXPECT_EQ(a.lead_agency, workflow_.default_lead);
  } else {
    EXPECT_EQ(a.lead_agency, workflow_.routing.begin()->second);
  }
}

TEST_P(ProfileTransitions, EveryStateAndActionIsAllowedOrRefusedWithAReason) {
  int legal = 0, refused = 0;
  for (CaseState state : kStates) {
    for (ActionKind kind : kMoves) {
      const Case c = InState(state);
      auto r = Try(c, Complete(kind), kAdmin, kT0 + 5000);
      const bool expected = kLegal.at(state).contains(kind);
      SCOPED_TRACE(std::string(LabelEn(state)) + " + " + std::string(ActionName(kind)));
      if (expected) {
        ASSERT_TRUE(r.ok()) << r.error().message;
        EXPECT_NE(r->first.state, state);
        ++legal;
      } else {
        ASSERT_FALSE(r.ok());
        EXPECT_THAT(r.error().message, HasSubstr("cannot move from " + std::string(LabelEn(state))));
        EXPECT_THAT(r.error().message, HasSubstr("không thể chuyển từ"));
        ++refused;
      }
    }
  }
  EXPECT_EQ(legal, 11);
  EXPECT_EQ(refused, 9 * 9 - 11);
}

// Repeating a move into the current state (confirming a confirmed case would reset
// confirmed_at and the deadlines; re-reporting, re-closing, reopening a detected case) and
// "confirm" on a closed case (a reopen without its reason) are refused.
TEST_P(ProfileTransitions, MovesOutsideTheWorkflowAreAllRefused) {
  for (CaseState state : kStates) {
    for (ActionKind kind : kMoves) {
      if (!IsRepeatOrReopenWithoutReason(state, kind)) continue;
      EXPECT_FALSE(Try(InState(state), Complete(kind), kAdmin, kT0).ok())
          << LabelEn(state) << " + " << ActionName(kind);
    }
  }
}

TEST_P(ProfileTransitions, RecordsMeasuresAndNoticesOnlyInTheirStates) {
  for (CaseState state : kStates) {
    SCOPED_TRACE(std::string(LabelEn(state)));
    const Case c = InState(state);
    auto m = Try(c, Measure(workflow_.measures.at(0), kT0), kAdmin, kT0 + 5000);
    const bool worked = state == CaseState::kDossier || state == CaseState::kResponding ||
                        state == CaseState::kClarified;
    EXPECT_EQ(m.ok(), worked);
    if (!m.ok()) {
      EXPECT_THAT(m.error().message, HasSubstr("measures are recorded while"));
    }
    Action notify{ActionKind::kNotify};
    notify.notice = {c.coordinating.at(0), kT0, "16/TB"};
    auto n = Try(c, notify, kAdmin, kT0 + 5000);
    EXPECT_EQ(n.ok(), state == CaseState::kClarified);
    if (!n.ok()) {
      EXPECT_THAT(n.error().message, HasSubstr("notified once the case is clarified"));
    }
  }
}

TEST_P(ProfileTransitions, RefusesActionsOutsideARole) {
  const Case detected = NewCase();
  auto auditor = Try(detected, {ActionKind::kConfirm}, kAuditor, kT0);
  ASSERT_FALSE(auditor.ok());
  EXPECT_THAT(auditor.error().message, HasSubstr("role auditor may not 'confirm'"));

  const Case clarified = InState(CaseState::kClarified);
  auto monitor_close = Try(clarified, {ActionKind::kClose}, kMonitor, kT0);
  ASSERT_FALSE(monitor_close.ok());
  EXPECT_THAT(monitor_close.error().message, HasSubstr("role monitor may not 'close'"));

  const Case assigned = InState(CaseState::kAssigned);
  auto leader_dossier = Try(assigned, {ActionKind::kStartDossier}, kLeader, kT0);
  ASSERT_FALSE(leader_dossier.ok());
  EXPECT_THAT(leader_dossier.error().message, HasSubstr("role leader may not 'dossier'"));
  auto coordinator_dossier = Try(assigned, {ActionKind::kStartDossier}, CoordinatingMember(), kT0);
  ASSERT_FALSE(coordinator_dossier.ok());
  EXPECT_THAT(coordinator_dossier.error().message, HasSubstr("role agency may not 'dossier'"));
  // An agency outside the case does not see it at all.
  const Actor outsider{"ngoai-cuoc", Role::kAgency, "y-te", false};
  if (assigned.lead_agency != "y-te" &&
      std::find(assigned.coordinating.begin(), assigned.coordinating.end(), "y-te") ==
          assigned.coordinating.end()) {
    EXPECT_FALSE(CanSee(outsider, assigned));
    auto r = Try(assigned, {ActionKind::kStartDossier}, outsider, kT0);
    ASSERT_FALSE(r.ok());
    EXPECT_THAT(r.error().message, HasSubstr("no such case"));
  }
  // A coordinating agency may record a measure.
  const Case dossier = InState(CaseState::kDossier);
  EXPECT_TRUE(Try(dossier, Measure(workflow_.measures.at(0), kT0), CoordinatingMember(), kT0).ok());
}

TEST_P(ProfileTransitions, ASecretCaseIsInvisibleToAnUnclearedActor) {
  Case c = NewCase();
  c.secret = true;
  EXPECT_FALSE(CanSee(kMonitor, c));
  auto r = Try(c, {ActionKind::kConfirm}, kMonitor, kT0);
  ASSERT_FALSE(r.ok());
  // The same answer as a wrong id: the case's existence is not disclosed.
  EXPECT_THAT(r.error().message, HasSubstr("no such case"));
  Actor cleared = kMonitor;
  cleared.cleared = true;
  EXPECT_TRUE(CanSee(cleared, c));
  EXPECT_TRUE(Try(c, {ActionKind::kConfirm}, cleared, kT0).ok());
}

TEST_P(ProfileTransitions, CloseNeedsWrittenNoticesWhereTheProfileSaysSo) {
  Case c = ToClarified();
  auto without = Try(c, {ActionKind::kClose}, kLeader, kT0 + 30000);
  if (GetParam() == "phu-tho") {
    ASSERT_TRUE(workflow_.close_requires_notices);
    ASSERT_FALSE(without.ok());
    EXPECT_THAT(without.error().message,
                HasSubstr("no written notice of the result to '" + c.coordinating.at(0) + "'"));
    // Notices to all but the last coordinating agency are still not enough.
    for (std::size_t i = 0; i + 1 < c.coordinating.size(); ++i) {
      Action notify{ActionKind::kNotify};
      notify.notice = {c.coordinating[i], kT0 + 20000, "20/TB-UBND"};
      c = Do(c, notify, LeadMember(), kT0 + 20000);
    }
    auto partial = Try(c, {ActionKind::kClose}, kLeader, kT0 + 30000);
    ASSERT_FALSE(partial.ok());
    EXPECT_THAT(partial.error().message, HasSubstr("'" + c.coordinating.back() + "'"));
    Action last{ActionKind::kNotify};
    last.notice = {c.coordinating.back(), kT0 + 21000, "21/TB-UBND"};
    c = Do(c, last, LeadMember(), kT0 + 21000);
    EXPECT_TRUE(Try(c, {ActionKind::kClose}, kLeader, kT0 + 30000).ok());
  } else {
    EXPECT_FALSE(workflow_.close_requires_notices);
    EXPECT_TRUE(without.ok()) << without.error().message;
  }
}

TEST_P(ProfileTransitions, MeasuresTheProfileDoesNotOfferAreRefused) {
  const Case dossier = InState(CaseState::kDossier);
  for (auto kind : config::MeasureKinds()) {
    const std::string k(kind);
    const bool offered =
        std::find(workflow_.measures.begin(), workflow_.measures.end(), k) != workflow_.measures.end();
    auto r = Try(dossier, Measure(k, kT0), kAdmin, kT0);
    EXPECT_EQ(r.ok(), offered) << k;
    if (!r.ok()) {
      EXPECT_THAT(r.error().message, HasSubstr("measure '" + k + "' is not offered"));
    }
  }
  const auto offers = [&](const char* k) {
    return Try(dossier, Measure(k, kT0), kAdmin, kT0).ok();
  };
  EXPECT_EQ(offers("border-outreach"), GetParam() == "lai-chau");
  EXPECT_EQ(offers("press-conference"), GetParam() == "phu-tho" || GetParam() == "soc-trang");
}

TEST_P(ProfileTransitions, TheDossierDeadlineIsCountedOnTheProfilesCalendar) {
  // Assigned on Friday 13 February 2026, the last working day before Tết Bính Ngọ
  // (16-20 February off): 7 working days end on Tuesday 3 March, not on 24 February.
  Case c = InState(CaseState::kAssigned);
  c.measures.clear();
  c.entered[CaseState::kAssigned] = Local(2026y / February / 13, 10);
  c.confirmed_at = Local(2026y / February / 13, 8);
  const UnixTime due = Local(2026y / March / 4, 0) - 1;
  auto find_dossier = [&](UnixTime now) {
    for (const auto& d : Deadlines(c, policies_.deadlines, policies_.calendar, now)) {
      if (d.what == "dossier") return d;
    }
    ADD_FAILURE() << "no dossier deadline";
    return Deadline{};
  };
  EXPECT_EQ(find_dossier(due).due, due);
  EXPECT_FALSE(find_dossier(due).overdue);
  EXPECT_TRUE(find_dossier(due + 1).overdue);
  // Without the profile's holidays the same deadline falls in the Tết week's aftermath.
  const Deadline plain =
      Deadlines(c, policies_.deadlines, WorkCalendar(), due).at(1);
  EXPECT_EQ(plain.due, Local(2026y / February / 25, 0) - 1);
  EXPECT_TRUE(IsOverdue(c, policies_.deadlines, policies_.calendar, due + 1));
}

TEST_P(ProfileTransitions, InitialInformationIsOverdueAfterTheProfilesHours) {
  Case c = InState(CaseState::kReported);
  c.measures.clear();
  c.confirmed_at = kT0;
  const UnixTime limit = kT0 + workflow_.initial_information_hours * 3600;
  EXPECT_FALSE(IsOverdue(c, policies_.deadlines, policies_.calendar, limit));
  EXPECT_TRUE(IsOverdue(c, policies_.deadlines, policies_.calendar, limit + 1));
  c.measures.push_back({workflow_.measures.at(0), limit - 60, "", "", "vi"});
  EXPECT_FALSE(IsOverdue(c, policies_.deadlines, policies_.calendar, limit + 1));
}

INSTANTIATE_TEST_SUITE_P(FiveProfiles, ProfileTransitions,
                         ::testing::Values("lai-chau", "bac-kan", "phu-tho", "soc-trang",
                                           "vinh-long"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(ProfilePolicy, ProfileRoutingOverridesRuleRoutesAndDropsUnknownAgencies) {
  config::WorkflowConfig w;
  w.agencies = {{"cong-an", "Công an tỉnh"}, {"van-hoa", "Sở VH-TT-DL"}};
  w.routing = {{"hostile", "cong-an"}};
  w.default_lead = "van-hoa";
  const RoutingTable t = MakeRoutingTable(
      w, {{"hostile", "van-hoa"}, {"border", "bien-phong"}, {"culture", "van-hoa"}});
  EXPECT_EQ(ProposeAssignment(t, {"hostile"}).lead, "cong-an");
  EXPECT_EQ(ProposeAssignment(t, {"culture"}).lead, "van-hoa");
  // No border guard in this province: the topic falls to the default lead.
  EXPECT_EQ(ProposeAssignment(t, {"border"}).lead, "van-hoa");
  EXPECT_EQ(ProposeAssignment(t, {"border", "hostile"}).lead, "cong-an");
}

}  // namespace
}  // namespace pw::workflow
