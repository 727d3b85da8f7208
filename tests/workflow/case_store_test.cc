#include "workflow/case_store.h"

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include "tests/storage/item_testing.h"
#include "tests/storage/raw_db.h"
#include "tests/support/temp_dir.h"
#include "workflow/case_codec.h"
#include "workflow/transition.h"

namespace pw::workflow {
namespace {

using storage::Store;

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using storage::testing::SampleItem;

// 2026-11-26 10:00 in Vietnam (03:00 UTC).
constexpr UnixTime kNow = 1'795'662'000;

const Actor kMonitor{"an", Role::kMonitor, "", false};
const Actor kLeader{"binh", Role::kLeader, "", false};
const Actor kClearedLeader{"khanh", Role::kLeader, "", true};
const Actor kPolice{"cuong", Role::kAgency, "cong-an", false};

class CaseStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    cases_.reset();
    store_.reset();
    auto s = Store::Open(dir_, Store::Mode::kReadWrite);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s).value();
    cases_ = std::make_unique<CaseStore>(*store_);
  }
  std::string Open(const std::string& key, const std::string& cluster, UnixTime at = kNow) {
    auto r = cases_->OpenForCandidate(SampleItem(key, true), cluster, {"security"}, at);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r->first : "";
  }
  Case Act(const std::string& id, const Action& a, const Actor& who) {
    auto r = cases_->Act(id, a, who, {}, kNow + 60);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : Case{};
  }

  pw::testing::TempDir tmp_;
  const std::string dir_ = tmp_.Sub("data");
  std::unique_ptr<Store> store_;
  std::unique_ptr<CaseStore> cases_;
};

TEST_F(CaseStoreTest, OpensOneCasePerClusterWithDatedIdsAndAddsLaterItems) {
  auto first = cases_->OpenForCandidate(SampleItem("a", true), "cl-1", {"security"}, kNow);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->first, "C-20261126-0001");
  EXPECT_TRUE(first->second);
  auto second = cases_->OpenForCandidate(SampleItem("b", true), "cl-1", {"foreign-press"}, kNow + 5);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->first, "C-20261126-0001");
  EXPECT_FALSE(second->second);
  auto again = cases_->OpenForCandidate(SampleItem("b", true), "cl-1", {}, kNow + 6);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->second);
  EXPECT_EQ(Open("c", "cl-2"), "C-20261126-0002");
  EXPECT_EQ(Open("d", "cl-3", kNow + 86400), "C-20261127-0001") << "a new day starts at 0001";

  auto c = cases_->Get("C-20261126-0001");
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_THAT((*c)->item_keys, ElementsAre("a", "b"));
  EXPECT_THAT((*c)->topics, ElementsAre("security", "foreign-press"));
  EXPECT_EQ((*c)->cluster_id, "cl-1");
  EXPECT_EQ((*c)->state, CaseState::kDetected);
  auto history = cases_->History("C-20261126-0001");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u) << "detect, then add-item; the repeat adds nothing";
  EXPECT_EQ((*history)[0].kind, ActionKind::kDetect);
  EXPECT_EQ((*history)[0].user, "system");
  EXPECT_EQ((*history)[1].kind, ActionKind::kAddItem);
  EXPECT_EQ((*history)[1].detail, "b");
}

// Severity rises with a strong item and never falls; the profile is recorded.
TEST_F(CaseStoreTest, SeverityRisesWithAStrongItemAndTheProfileIsRecorded) {
  EXPECT_EQ(CandidateSeverity(10.0, 5.0), "high");
  EXPECT_EQ(CandidateSeverity(9.9, 5.0), "medium");
  auto opened = cases_->OpenForCandidate(SampleItem("a", true), "cl-9", {"security"}, kNow, "phu-tho", true, "medium");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  ASSERT_TRUE(cases_->OpenForCandidate(SampleItem("b", true), "cl-9", {}, kNow + 1, "phu-tho", true, "high").ok());
  ASSERT_TRUE(cases_->OpenForCandidate(SampleItem("c", true), "cl-9", {}, kNow + 2, "phu-tho", true, "medium").ok());
  Reopen();
  auto c = cases_->Get(opened->first);
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->severity, "high");
  EXPECT_EQ((*c)->profile, "phu-tho");
  EXPECT_EQ((*c)->item_keys.size(), 3u);
}

TEST_F(CaseStoreTest, ActionsPersistWithHistoryAndAnIntactAuditChainAcrossReopening) {
  ASSERT_TRUE(store_->PutNew({SampleItem("a", true)}).ok());
  const std::string id = Open("a", "cl-1");
  Act(id, {ActionKind::kConfirm}, kMonitor);
  Act(id, {ActionKind::kReport}, kMonitor);
  Action assign{ActionKind::kAssign};
  assign.lead_agency = "cong-an";
  assign.coordinating = {"so-vhttdl"};
  Act(id, assign, kLeader);
  Action edit{ActionKind::kEditDossier};
  edit.section = DossierSection::kTrueFacts;
  edit.text = "Cầu Việt Trì vẫn an toàn.";
  Act(id, edit, kPolice);
  auto evidence = cases_->EvidenceFor("a");
  ASSERT_TRUE(evidence.ok()) << evidence.error().message;
  EXPECT_EQ(evidence->sha256, Sha256Hex(evidence->archived));
  EXPECT_EQ(evidence->fetched_at, SampleItem("a", true).fetched_at);
  EXPECT_FALSE(cases_->EvidenceFor("nope").ok());
  Action add{ActionKind::kAddEvidence};
  add.evidence = *evidence;
  Act(id, add, kPolice);

  Reopen();
  auto c = cases_->Get(id);
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->state, CaseState::kAssigned);
  EXPECT_EQ((*c)->lead_agency, "cong-an");
  EXPECT_EQ((*c)->dossier.sections.at(DossierSection::kTrueFacts), "Cầu Việt Trì vẫn an toàn.");
  ASSERT_EQ((*c)->dossier.evidence.size(), 1u);
  EXPECT_EQ((*c)->dossier.evidence[0].sha256, evidence->sha256);
  auto history = cases_->History(id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 6u);
  EXPECT_EQ(history->back().to, (*c)->state);
  auto audit = cases_->Audit();
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 6u);
  EXPECT_TRUE(VerifyChain(*audit).ok());
}

TEST_F(CaseStoreTest, RefusedActionsWriteNothingAndSayWhy) {
  const std::string id = Open("a", "cl-1");
  auto r = cases_->Act(id, {ActionKind::kClose}, kLeader, {}, kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, HasSubstr("cannot move from detected to closed"));
  auto missing = cases_->Act("C-19990101-0001", {ActionKind::kConfirm}, kMonitor, {}, kNow);
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error().message, HasSubstr("không tìm thấy hồ sơ"));
  auto audit = cases_->Audit();
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ(audit->size(), 1u) << "only the detection";
}

TEST_F(CaseStoreTest, ConcurrentActionsKeepOneUnbrokenAuditChain) {
  std::vector<std::string> ids;
  for (int i = 0; i < 8; ++i) ids.push_back(Open("item-" + std::to_string(i), "cl-" + std::to_string(i)));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (const std::string& id : ids) {
    threads.emplace_back([&, id] {
      for (ActionKind k : {ActionKind::kConfirm, ActionKind::kReport}) {
        if (!cases_->Act(id, {k}, kMonitor, {}, kNow).ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto audit = cases_->Audit();
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ(audit->size(), 8u * 3);
  Status chain = VerifyChain(*audit);
  EXPECT_TRUE(chain.ok()) << chain.error().message;
}

TEST_F(CaseStoreTest, VisibleCasesHidesSecretCasesFromTheUncleared) {
  const std::string open = Open("a", "cl-1");
  const std::string secret = Open("b", "cl-2");
  Act(secret, {ActionKind::kMarkSecret}, kClearedLeader);
  auto seen = cases_->VisibleCases(kMonitor);
  ASSERT_TRUE(seen.ok());
  ASSERT_EQ(seen->size(), 1u);
  EXPECT_EQ((*seen)[0].id, open);
  auto cleared = cases_->VisibleCases(kClearedLeader);
  ASSERT_TRUE(cleared.ok());
  EXPECT_EQ(cleared->size(), 2u);
  auto hidden = cases_->Act(secret, {ActionKind::kConfirm}, kMonitor, {}, kNow);
  ASSERT_FALSE(hidden.ok());
  EXPECT_THAT(hidden.error().message, HasSubstr("no such case"));
}

TEST_F(CaseStoreTest, UsersAndAgenciesRoundTripInKeyOrder) {
  ASSERT_TRUE(cases_->PutUser({"binh", Role::kLeader, "", true, kNow}).ok());
  ASSERT_TRUE(cases_->PutUser({"an", Role::kAgency, "cong-an", false, kNow + 1}).ok());
  EXPECT_FALSE(cases_->PutUser({"", Role::kAdmin, "", false, 0}).ok());
  ASSERT_TRUE(cases_->PutAgency({"cong-an", "Công an tỉnh"}).ok());
  Reopen();
  auto users = cases_->Users();
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].name, "an");
  EXPECT_EQ((*users)[0].agency, "cong-an");
  EXPECT_EQ((*users)[0].role, Role::kAgency);
  auto binh = cases_->GetUser("binh");
  ASSERT_TRUE(binh.ok() && binh->has_value());
  EXPECT_TRUE((*binh)->cleared);
  EXPECT_EQ((*binh)->created, kNow);
  auto nobody = cases_->GetUser("nobody");
  ASSERT_TRUE(nobody.ok());
  EXPECT_FALSE(nobody->has_value());
  auto agencies = cases_->Agencies();
  ASSERT_TRUE(agencies.ok());
  ASSERT_EQ(agencies->size(), 1u);
  EXPECT_EQ((*agencies)[0].name, "Công an tỉnh");
}

TEST_F(CaseStoreTest, ReadOnlyStoreReadsCasesAndRefusesWrites) {
  const std::string id = Open("a", "cl-1");
  cases_.reset();
  store_.reset();
  auto ro = Store::Open(dir_, Store::Mode::kReadOnly);
  ASSERT_TRUE(ro.ok()) << ro.error().message;
  CaseStore reader(**ro);
  auto list = reader.List();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].id, id);
  auto write = reader.Act(id, {ActionKind::kConfirm}, kMonitor, {}, kNow);
  ASSERT_FALSE(write.ok());
  EXPECT_THAT(write.error().message, HasSubstr("read-only"));
}

TEST(SchemaMigration, AVersionOneDatabaseIsReadAsIsReadOnlyAndMigratedOnAReadWriteOpen) {
  pw::testing::TempDir tmp;
  const std::string dir = tmp.Sub("v1");
  {  // A database as provwatch 0.1 made it: the first five families, version 1.
    rocksdb::DBOptions options;
    options.create_if_missing = true;
    options.create_missing_column_families = true;
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const char* name : {"default", "items", "candidates", "sources", "meta", "registry"}) {
      families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    }
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir, families, &handles, &raw).ok());
    ASSERT_TRUE(raw->Put(rocksdb::WriteOptions(), handles[4], "schema_version", "1").ok());
    ASSERT_TRUE(raw->Put(rocksdb::WriteOptions(), handles[1], "url:https://old.invalid/1",
                         R"({"source_id":"old","title":"Tin cũ"})").ok());
    for (auto* h : handles) ASSERT_TRUE(raw->DestroyColumnFamilyHandle(h).ok());
    ASSERT_TRUE(raw->Close().ok());
    delete raw;
  }
  {
    auto ro = Store::Open(dir, Store::Mode::kReadOnly);
    ASSERT_TRUE(ro.ok()) << ro.error().message;
    CaseStore cases(**ro);
    auto list = cases.List();
    ASSERT_TRUE(list.ok()) << list.error().message;
    EXPECT_TRUE(list->empty()) << "the families it lacks read as empty";
    auto contains = (*ro)->Contains("url:https://old.invalid/1");
    ASSERT_TRUE(contains.ok() && *contains);
  }
  EXPECT_EQ(storage::testing::RawDb(dir).Get("meta", "schema_version"), "1") << "a reader changes nothing";
  {
    auto rw = Store::Open(dir, Store::Mode::kReadWrite);
    ASSERT_TRUE(rw.ok()) << rw.error().message;
    CaseStore cases(**rw);
    auto opened = cases.OpenForCandidate(SampleItem("url:https://old.invalid/1", true), "", {}, kNow);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
  }
  storage::testing::RawDb raw(dir);
  EXPECT_EQ(raw.Get("meta", "schema_version"), "2");
  EXPECT_EQ(raw.Keys("cases").size(), 2u) << "the case and its cluster mapping";
  EXPECT_EQ(raw.Keys("item_index").size(), 2u) << "the old item, indexed by time and by source";
  EXPECT_TRUE(storage::IsKnownSchemaVersion("1"));
  EXPECT_TRUE(storage::IsKnownSchemaVersion("2"));
  EXPECT_FALSE(storage::IsKnownSchemaVersion("3"));
}

TEST(CaseCodec, RoundTripsEveryFieldAndRefusesUnknownIdentifiers) {
  Case c;
  c.id = "C-20261126-0001";
  c.profile = "phu-tho";
  c.cluster_id = "cl-1";
  c.state = CaseState::kResponding;
  c.item_keys = {"a", "b"};
  c.topics = {"security"};
  c.lead_agency = "cong-an";
  c.coordinating = {"so-vhttdl", "so-ngoai-vu"};
  c.secret = true;
  c.measures = {{"press-release", 10, "cổng thông tin", "https://x.invalid", "vi"}};
  c.notices = {{"so-vhttdl", 11, "12/TB-CA"}};
  c.detected_at = 1;
  c.confirmed_at = 2;
  c.entered = {{CaseState::kDetected, 1}, {CaseState::kResponding, 9}};
  c.dismiss_reason = "trùng";
  c.dossier.sections[DossierSection::kMessaging] = "Thông điệp";
  c.dossier.evidence = {{"a", "https://a.invalid", "Tiêu đề", "{}", std::string(64, 'f'), 3, 4}};
  auto back = DecodeCase(EncodeCase(c));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(EncodeCase(*back), EncodeCase(c));
  EXPECT_EQ(back->confirmed_at, 2);
  EXPECT_EQ(back->entered.at(CaseState::kResponding), 9);
  auto bad = DecodeCase(R"({"state":"flying"})");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message, HasSubstr("unknown state"));
  EXPECT_FALSE(DecodeCase("[]").ok());
  EXPECT_FALSE(DecodeAuditRecord(R"({"event":{"kind":"fly"}})").ok());
}

}  // namespace
}  // namespace pw::workflow
