#include "config/workflow_config.h"

#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/bundled.h"
#include "config/config.h"
#include "tests/support/temp_dir.h"

namespace pw::config {
namespace {

using namespace std::chrono;
using ::testing::HasSubstr;
using pw::testing::TempDir;
using pw::testing::WriteFile;

constexpr const char* kHead = R"(id = "test-province"
name = "Tỉnh Thử"
names = ["Tỉnh Thử"]
)";

Result<Profile> ParseWith(const std::string& workflow) {
  return ParseProfile(std::string(kHead) + workflow, "own.toml");
}

bool HasHoliday(const WorkflowConfig& w, year_month_day d) {
  const auto all = w.Holidays();
  return std::find(all.begin(), all.end(), d) != all.end();
}

TEST(WorkflowConfig, DefaultsWhenTheProfileHasNoWorkflowTable) {
  auto p = ParseWith("");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->workflow.initial_information_hours, 24);
  EXPECT_EQ(p->workflow.dossier_working_days, 7);
  EXPECT_FALSE(p->workflow.close_requires_notices);
  EXPECT_TRUE(p->workflow.measures.empty());
  EXPECT_TRUE(p->workflow.Holidays().empty());
}

TEST(WorkflowConfig, ReadsEveryKey) {
  auto p = ParseWith(R"(
[workflow]
default_lead = "van-hoa"
coordinators = ["cong-an"]
measures = ["press-release", "border-outreach"]
close_requires_notices = true
initial_information_hours = 12
dossier_working_days = 5
calendar = "vn"
holidays = ["2026-11-24", "2026-12-28..2026-12-30"]
reminder_days = 10
[workflow.agencies]
van-hoa = "Sở Văn hóa, Thể thao và Du lịch tỉnh Thử"
cong-an = "Công an tỉnh Thử"
[workflow.routing]
border = "cong-an"
[[workflow.reports]]
id = "half-year"
title = "Báo cáo 6 tháng"
due = "06-20"
covers = "12-15..06-14"
)");
  ASSERT_TRUE(p.ok()) << p.error().message;
  const WorkflowConfig& w = p->workflow;
  EXPECT_EQ(w.default_lead, "van-hoa");
  EXPECT_EQ(w.coordinators, std::vector<std::string>{"cong-an"});
  EXPECT_EQ(w.measures.size(), 2u);
  EXPECT_TRUE(w.close_requires_notices);
  EXPECT_EQ(w.initial_information_hours, 12);
  EXPECT_EQ(w.dossier_working_days, 5);
  EXPECT_EQ(w.reminder_days, 10);
  EXPECT_EQ(w.agencies.at("cong-an"), "Công an tỉnh Thử");
  EXPECT_EQ(w.routing.at("border"), "cong-an");
  ASSERT_EQ(w.reports.size(), 1u);
  EXPECT_EQ(w.reports[0].due, June / 20);
  EXPECT_EQ(w.reports[0].from, December / 15);
  EXPECT_EQ(w.reports[0].to, June / 14);
  // Calendar and own dates together; a range gives every day of it.
  EXPECT_TRUE(HasHoliday(w, 2026y / February / 17));
  EXPECT_TRUE(HasHoliday(w, 2026y / November / 24));
  EXPECT_TRUE(HasHoliday(w, 2026y / December / 29));
  EXPECT_FALSE(HasHoliday(w, 2026y / December / 31));
}

TEST(WorkflowConfig, BadValuesNameFileLineAndField) {
  struct Case {
    std::string toml, expected;
  };
  const std::vector<Case> cases = {
      {"[workflow]\nlead = \"x\"\n", "own.toml:5: workflow.lead: unknown setting"},
      {"[workflow]\nmeasures = [\"press-release\", \"tweet\"]\n",
       "own.toml:5: workflow.measures[2]: \"tweet\": not a measure"},
      {"[workflow]\ndossier_working_days = 0\n",
       "own.toml:5: workflow.dossier_working_days: expected a whole number from 1 to 90"},
      {"[workflow]\nholidays = [\"2026-02-30\"]\n",
       "own.toml:5: workflow.holidays[1]: \"2026-02-30\": expected a date"},
      {"[workflow]\nholidays = [\"2026-03-01..2026-02-01\"]\n", "workflow.holidays[1]"},
      {"[workflow]\ncalendar = \"mars\"\n", "own.toml:5: workflow.calendar: no bundled calendar"},
      {"[workflow]\ndefault_lead = \"cong-an\"\n",
       "own.toml:5: workflow.default_lead: \"cong-an\" is not in workflow.agencies"},
      {"[workflow.routing]\nborder = \"bien-phong\"\n",
       "workflow.routing.border: \"bien-phong\" is not in workflow.agencies"},
      {"[workflow.agencies]\ncong-an = 3\n", "own.toml:5: workflow.agencies.cong-an: expected a"},
      {"[[workflow.reports]]\nid = \"a\"\ntitle = \"A\"\ndue = \"13-01\"\ncovers = \"01-01..06-30\"\n",
       "own.toml:7: workflow.reports[1].due: \"13-01\""},
      {"[[workflow.reports]]\nid = \"a\"\ntitle = \"A\"\ndue = \"06-30\"\ncovers = \"01-01\"\n",
       "own.toml:8: workflow.reports[1].covers"},
      {"[workflow]\nclose_requires_notices = \"yes\"\n",
       "own.toml:5: workflow.close_requires_notices: expected true or false"},
  };
  for (const auto& c : cases) {
    auto p = ParseWith(c.toml);
    ASSERT_FALSE(p.ok()) << c.toml;
    EXPECT_THAT(p.error().message, HasSubstr(c.expected)) << c.toml;
  }
}

TEST(WorkflowConfig, EveryBundledProfileNamesItsAgenciesAndCalendar) {
  for (const auto& id : BundledProfileIds()) {
    auto p = BundledProfile(id);
    ASSERT_TRUE(p.ok()) << id << ": " << p.error().message;
    const WorkflowConfig& w = p->workflow;
    SCOPED_TRACE(id);
    for (auto role : RoleIds()) {
      // Provinces without a border guard command leave it out.
      if (role == "bien-phong") continue;
      EXPECT_TRUE(w.agencies.contains(std::string(role))) << role;
    }
    for (const auto& [role, name] : w.agencies) {
      // The 2025 reorganisation: no agency is the former information department.
      EXPECT_EQ(name.find("Thông tin và Truyền thông"), std::string::npos) << name;
    }
    EXPECT_FALSE(w.default_lead.empty());
    EXPECT_FALSE(w.measures.empty());
    EXPECT_GE(w.reports.size(), 2u);
    // Tết in each of 2025, 2026 and 2027 is a holiday.
    EXPECT_TRUE(HasHoliday(w, 2025y / January / 29));
    EXPECT_TRUE(HasHoliday(w, 2026y / February / 18));
    EXPECT_TRUE(HasHoliday(w, 2027y / February / 8));
    EXPECT_TRUE(HasHoliday(w, 2026y / September / 2));
  }
}

bool Offers(const WorkflowConfig& w, const std::string& m) {
  return std::find(w.measures.begin(), w.measures.end(), m) != w.measures.end();
}

TEST(WorkflowConfig, BundledProfilesFollowTheirRegulations) {
  auto lai_chau = BundledProfile("lai-chau");
  auto bac_kan = BundledProfile("bac-kan");
  auto phu_tho = BundledProfile("phu-tho");
  auto soc_trang = BundledProfile("soc-trang");
  auto vinh_long = BundledProfile("vinh-long");
  ASSERT_TRUE(lai_chau && bac_kan && phu_tho && soc_trang && vinh_long);
  EXPECT_EQ(lai_chau->workflow.agencies.at("cong-an"), "Công an tỉnh Lai Châu");
  EXPECT_TRUE(Offers(lai_chau->workflow, "border-outreach"));
  EXPECT_FALSE(Offers(bac_kan->workflow, "border-outreach"));
  EXPECT_TRUE(Offers(phu_tho->workflow, "press-conference"));
  EXPECT_FALSE(Offers(lai_chau->workflow, "press-conference"));
  EXPECT_TRUE(Offers(soc_trang->workflow, "correction-request"));
  EXPECT_TRUE(phu_tho->workflow.close_requires_notices);
  EXPECT_FALSE(vinh_long->workflow.close_requires_notices);
  EXPECT_EQ(phu_tho->workflow.default_lead, "van-phong-ubnd");
  EXPECT_THAT(bac_kan->workflow.agencies.at("cong-an"), HasSubstr("Thái Nguyên"));
  EXPECT_THAT(soc_trang->workflow.agencies.at("cong-an"), HasSubstr("Cần Thơ"));

  auto due_dates = [](const WorkflowConfig& w) {
    std::vector<month_day> out;
    for (const auto& r : w.reports) out.push_back(r.due);
    return out;
  };
  EXPECT_EQ(due_dates(bac_kan->workflow),
            (std::vector<month_day>{June / 20, November / 30, December / 5}));
  EXPECT_EQ(due_dates(phu_tho->workflow), (std::vector<month_day>{January / 15, November / 5}));
  EXPECT_EQ(due_dates(soc_trang->workflow), (std::vector<month_day>{June / 30, November / 30}));
  EXPECT_EQ(due_dates(vinh_long->workflow), (std::vector<month_day>{June / 30, December / 30}));
  EXPECT_EQ(due_dates(lai_chau->workflow), (std::vector<month_day>{June / 30, November / 30}));
}

TEST(WorkflowConfig, AUserConfigurationOverridesTheProfilesWorkflow) {
  TempDir dir;
  WriteFile(dir.Sub("provwatch.toml"), R"toml(profile = "lai-chau"
[workflow]
dossier_working_days = 3
measures = ["press-release"]
[workflow.agencies]
cong-an = "Công an tỉnh Lai Châu (Phòng An ninh đối ngoại)"
)toml");
  auto cfg = LoadConfig(dir.Sub("provwatch.toml"));
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  const WorkflowConfig& w = cfg->profile.workflow;
  EXPECT_EQ(w.dossier_working_days, 3);
  EXPECT_EQ(w.measures, std::vector<std::string>{"press-release"});
  EXPECT_EQ(w.agencies.at("cong-an"), "Công an tỉnh Lai Châu (Phòng An ninh đối ngoại)");
  // Untouched keys keep the profile's values; agencies are merged, not replaced.
  EXPECT_EQ(w.agencies.at("bien-phong"), "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lai Châu");
  EXPECT_EQ(w.default_lead, "van-hoa");
  EXPECT_TRUE(HasHoliday(w, 2026y / February / 16));

  WriteFile(dir.Sub("bad.toml"), "profile = \"lai-chau\"\n[workflow]\nreminder_days = -1\n");
  auto bad = LoadConfig(dir.Sub("bad.toml"));
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message, HasSubstr("bad.toml:3: workflow.reminder_days"));
}

}  // namespace
}  // namespace pw::config
