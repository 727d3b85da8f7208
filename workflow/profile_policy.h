#pragma once
/// The workflow's policies made from a profile's WorkflowConfig
/// (config/workflow_config.h): which measures and close rule apply
/// (CasePolicy), the deadlines (DeadlinePolicy), who leads what
/// (RoutingTable) and the working days (WorkCalendar). Pure: values in,
/// values out; made once where the profile is loaded and passed down.
#include <vector>

#include "config/workflow_config.h"
#include "workflow/calendar.h"
#include "workflow/case.h"
#include "workflow/deadlines.h"
#include "workflow/routing.h"

namespace pw::workflow {

CasePolicy MakeCasePolicy(const config::WorkflowConfig& w);
DeadlinePolicy MakeDeadlinePolicy(const config::WorkflowConfig& w);

/// `rule_routes` are the topic -> agency routes the rules carry (their
/// `agency`); the profile's `routing` overrides them topic by topic. Routes to
/// an agency the profile does not have (a border guard in an inland
/// province) are left out, so such a topic falls to the next one or to the
/// default lead.
RoutingTable MakeRoutingTable(const config::WorkflowConfig& w,
                              const std::vector<Route>& rule_routes = {});

/// Weekends and the profile's holidays (its calendar's and its own), UTC+7.
WorkCalendar MakeWorkCalendar(const config::WorkflowConfig& w);

/// All four at once.
struct ProfilePolicies {
  CasePolicy cases;
  DeadlinePolicy deadlines;
  RoutingTable routing;
  WorkCalendar calendar;
};
ProfilePolicies MakePolicies(const config::WorkflowConfig& w,
                             const std::vector<Route>& rule_routes = {});

}  // namespace pw::workflow
