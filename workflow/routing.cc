#include "workflow/routing.h"

#include <algorithm>

namespace pw::workflow {
namespace {

const Route* Find(const RoutingTable& table, const std::string& topic) {
  for (const auto& r : table.routes) {
    if (r.topic == topic) return &r;
  }
  return nullptr;
}

void AddOnce(std::vector<std::string>& list, const std::string& agency, const std::string& lead) {
  if (agency.empty() || agency == lead) return;
  if (std::find(list.begin(), list.end(), agency) == list.end()) list.push_back(agency);
}

}  // namespace

AssignmentProposal ProposeAssignment(const RoutingTable& table,
                                     const std::vector<std::string>& topics) {
  AssignmentProposal p;
  std::vector<const Route*> routed;
  for (const auto& t : topics) {
    if (const Route* r = Find(table, t)) routed.push_back(r);
  }
  if (routed.empty()) {
    p.lead = table.default_lead;
    p.why = "no routed topic -> " + table.default_lead;
  } else {
    p.lead = routed.front()->agency;
    p.why = "topic " + routed.front()->topic + " -> " + p.lead;
  }
  for (std::size_t i = 1; i < routed.size(); ++i) AddOnce(p.coordinating, routed[i]->agency, p.lead);
  for (const auto& a : table.always_coordinating) AddOnce(p.coordinating, a, p.lead);
  return p;
}

}  // namespace pw::workflow
