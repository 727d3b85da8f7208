#pragma once
/// Routing: which agency leads a case and which coordinate, proposed from the
/// case's topics and the profile's routing table (the responsibilities
/// articles of the regulations: police for external security, foreign
/// affairs for foreign press, culture-sports-tourism for culture and tourism,
/// planning-investment for investment, border guard for border areas, ...).
/// Agency ids are configuration: the 2025 reorganisation renamed them.
/// A proposal only: the leader confirms or changes it with the assign action.
#include <string>
#include <vector>

namespace pw::workflow {

struct Route {
  std::string topic;   ///< a rule topic id, e.g. "border"
  std::string agency;  ///< an agency id, e.g. "bo-doi-bien-phong"
};

struct RoutingTable {
  std::vector<Route> routes;
  /// Leads when no topic is routed (the department in charge of external information).
  std::string default_lead;
  /// Coordinate on every case (e.g. the propaganda board and the police, who
  /// build the dossier with the lead agency under every seed regulation).
  std::vector<std::string> always_coordinating;
};

struct AssignmentProposal {
  std::string lead;
  std::vector<std::string> coordinating;
  std::string why;  ///< e.g. "topic border -> bo-doi-bien-phong"
};

/// `topics` in order of weight (strongest first): the first routed topic
/// names the lead, the other routed topics' agencies and the standing
/// coordinators coordinate (each once, never the lead).
AssignmentProposal ProposeAssignment(const RoutingTable& table,
                                     const std::vector<std::string>& topics);

}  // namespace pw::workflow
