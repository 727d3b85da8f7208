#include "workflow/audit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pw::workflow {
namespace {

using ::testing::HasSubstr;

std::vector<AuditRecord> Chain(int n) {
  std::vector<AuditRecord> records;
  for (int i = 0; i < n; ++i) {
    Event e{"case-" + std::to_string(i % 3), ActionKind::kConfirm, CaseState::kDetected,
            CaseState::kConfirmed, "an", Role::kMonitor, 1000 + i, "xác nhận thông tin sai lệch"};
    records.push_back(Append(records.empty() ? nullptr : &records.back(), e));
  }
  return records;
}

TEST(Audit, AnIntactChainVerifies) {
  auto records = Chain(20);
  EXPECT_TRUE(VerifyChain(records).ok());
  EXPECT_EQ(records[0].prev_hash, std::string(64, '0'));
  EXPECT_EQ(records[1].prev_hash, records[0].hash);
  EXPECT_EQ(records[0].hash.size(), 64u);
  EXPECT_NE(records[0].hash, records[1].hash);
}

TEST(Audit, AChangedRecordIsNamed) {
  auto records = Chain(20);
  records[6].event.user = "ke-gian";
  auto st = VerifyChain(records);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message,
            "audit record 7: hash does not match its content (the record was changed)");
}

TEST(Audit, ARecomputedHashStillBreaksTheNextLink) {
  auto records = Chain(20);
  records[6].event.detail = "đã sửa";
  records[6].hash = Append(&records[5], records[6].event).hash;  // a forger rehashes one record
  auto st = VerifyChain(records);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.error().message, HasSubstr("audit record 8: does not link"));
}

TEST(Audit, ARemovedRecordIsNamed) {
  auto records = Chain(20);
  records.erase(records.begin() + 10);
  auto st = VerifyChain(records);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.error().message, HasSubstr("audit record 12: expected sequence number 11"));
}

TEST(Audit, FieldsCannotBeShiftedIntoEachOther) {
  Event a{"c", ActionKind::kDismiss, CaseState::kDetected, CaseState::kDismissed, "an", Role::kMonitor, 1, "x;y"};
  Event b = a;
  b.user = "an;x";
  b.detail = "y";
  EXPECT_NE(Canonical(1, a), Canonical(1, b));
}

}  // namespace
}  // namespace pw::workflow
