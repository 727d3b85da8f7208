#include "workflow/routing.h"

#include <gtest/gtest.h>

namespace pw::workflow {
namespace {

RoutingTable LaiChau() {
  return {{{"external-security", "cong-an"},
           {"border", "bo-doi-bien-phong"},
           {"foreign-press", "so-ngoai-vu"},
           {"tourism", "so-vhttdl"}},
          "so-vhttdl",
          {"ban-tuyen-giao", "cong-an"}};
}

TEST(Routing, TheStrongestRoutedTopicLeadsAndTheOthersCoordinate) {
  auto p = ProposeAssignment(LaiChau(), {"false-info", "border", "foreign-press"});
  EXPECT_EQ(p.lead, "bo-doi-bien-phong");
  EXPECT_EQ(p.coordinating,
            (std::vector<std::string>{"so-ngoai-vu", "ban-tuyen-giao", "cong-an"}));
  EXPECT_EQ(p.why, "topic border -> bo-doi-bien-phong");
}

TEST(Routing, TheLeadNeverAlsoCoordinatesAndNoAgencyTwice) {
  auto p = ProposeAssignment(LaiChau(), {"external-security", "border", "external-security"});
  EXPECT_EQ(p.lead, "cong-an");
  EXPECT_EQ(p.coordinating, (std::vector<std::string>{"bo-doi-bien-phong", "ban-tuyen-giao"}));
}

TEST(Routing, UnroutedTopicsGoToTheDepartment) {
  auto p = ProposeAssignment(LaiChau(), {"false-info"});
  EXPECT_EQ(p.lead, "so-vhttdl");
  EXPECT_EQ(p.coordinating, (std::vector<std::string>{"ban-tuyen-giao", "cong-an"}));
}

}  // namespace
}  // namespace pw::workflow
