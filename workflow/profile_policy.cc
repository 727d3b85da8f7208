#include "workflow/profile_policy.h"

#include <set>

namespace pw::workflow {

CasePolicy MakeCasePolicy(const config::WorkflowConfig& w) {
  CasePolicy p;
  p.close_requires_notices = w.close_requires_notices;
  p.measures_offered = w.measures;
  return p;
}

DeadlinePolicy MakeDeadlinePolicy(const config::WorkflowConfig& w) {
  DeadlinePolicy p;
  p.initial_information = std::chrono::hours(w.initial_information_hours);
  p.dossier_working_days = w.dossier_working_days;
  return p;
}

RoutingTable MakeRoutingTable(const config::WorkflowConfig& w,
                              const std::vector<Route>& rule_routes) {
  RoutingTable table;
  auto known = [&](const std::string& agency) { return w.agencies.contains(agency); };
  // The profile's overrides first, then the rules' routes for topics it does not override.
  for (const auto& [topic, agency] : w.routing) {
    if (known(agency)) table.routes.push_back({topic, agency});
  }
  for (const auto& r : rule_routes) {
    if (w.routing.contains(r.topic) || !known(r.agency)) continue;
    table.routes.push_back(r);
  }
  table.default_lead = w.default_lead;
  table.always_coordinating = w.coordinators;
  return table;
}

WorkCalendar MakeWorkCalendar(const config::WorkflowConfig& w) {
  std::set<std::chrono::sys_days> days;
  for (const auto& d : w.Holidays()) days.insert(std::chrono::sys_days(d));
  return WorkCalendar(std::move(days));
}

ProfilePolicies MakePolicies(const config::WorkflowConfig& w,
                             const std::vector<Route>& rule_routes) {
  return {MakeCasePolicy(w), MakeDeadlinePolicy(w), MakeRoutingTable(w, rule_routes),
          MakeWorkCalendar(w)};
}

}  // namespace pw::workflow
