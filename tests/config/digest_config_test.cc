// The [digest] table of a configuration (config/digest_config.h).
#include "config/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pw::config {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono;

TEST(DigestTable, DefaultsToMondaySevenAndNobody) {
  auto cfg = ParseConfig("profile = \"lai-chau\"\n", "/tmp/x/provwatch.toml");
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  EXPECT_EQ(cfg->digest.schedule_text, "Mon 07:00");
  EXPECT_EQ(cfg->digest.schedule.day, Monday);
  EXPECT_EQ(cfg->digest.schedule.time, hours(7));
  EXPECT_TRUE(cfg->digest.recipients.empty());
  EXPECT_EQ(cfg->digest.lang, "vi");
}

TEST(DigestTable, ReadsScheduleRecipientsAndLanguage) {
  auto cfg = ParseConfig(R"(profile = "lai-chau"
[digest]
schedule = "Thứ Sáu 16:30"
recipients = ["van-phong@laichau.gov.vn", "so-vhttdl@laichau.gov.vn"]
lang = "en"
)",
                         "/tmp/x/provwatch.toml");
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  EXPECT_EQ(cfg->digest.schedule.day, Friday);
  EXPECT_EQ(cfg->digest.schedule.time, hours(16) + minutes(30));
  EXPECT_EQ(cfg->digest.recipients.size(), 2u);
  EXPECT_EQ(cfg->digest.recipients[1], "so-vhttdl@laichau.gov.vn");
  EXPECT_EQ(cfg->digest.lang, "en");
}

TEST(DigestTable, ErrorsNameTheLineAndTheField) {
  struct Case {
    const char* table;
    const char* message;
  };
  for (const Case& c : {
           Case{"schedule = \"Mon 7am\"", "provwatch.toml:3: digest.schedule: \"Mon 7am\": expected a day and a time like \"Mon 07:00\""},
           Case{"recipients = [\"nobody\"]", "provwatch.toml:3: digest.recipients: \"nobody\": expected an e-mail address"},
           Case{"recipients = [\"a@b.vn, c@d.vn\"]", "digest.recipients: \"a@b.vn, c@d.vn\""},
           Case{"lang = \"fr\"", "digest.lang: \"fr\": expected \"vi\" or \"en\""},
           Case{"shedule = \"Mon 07:00\"", "shedule"},
       }) {
    auto cfg = ParseConfig(std::string("profile = \"lai-chau\"\n[digest]\n") + c.table + "\n", "provwatch.toml");
    ASSERT_FALSE(cfg.ok()) << c.table;
    EXPECT_THAT(cfg.error().message, HasSubstr(c.message)) << c.table;
  }
}

}  // namespace
}  // namespace pw::config
