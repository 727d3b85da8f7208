// `provwatch case|user|verify|backup|restore` through the real binary: the
// clarification workflow as officers run it, with the store opened directly
// (no daemon) and through a running daemon's control socket.
#include "daemon/case_request.h"

#include <sys/stat.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include "workflow/case_store.h"
#include "storage/store.h"
#include "tests/daemon/fixtures.h"
#include "tests/storage/raw_db.h"
#include "tests/support/http_server.h"
#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"

namespace pw::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;
using pw::testing::Child;
using pw::testing::Lines;
using pw::testing::ProcessResult;
using pw::testing::TempDir;
using namespace std::chrono_literals;

constexpr UnixTime kDetected = 1'795'662'000;  // 2026-11-26 10:00 in Vietnam

Item Candidate(const std::string& n) {
  Item item;
  item.key = "url:https://news.invalid/" + n;
  item.source_id = "tin";
  item.entry.link = "https://news.invalid/" + n;
  item.entry.title = "Tin giả về Mường Tè " + n;
  item.fetched_at = kDetected - 60;
  item.score.candidate = true;
  item.score.mentions_province = true;
  return item;
}

class CaseCli : public ::testing::Test {
 protected:
  // The users, written in-process (one store open instead of seven runs);
  // `user add` itself is tested below.
  void SetUp() override {
    auto store = storage::Store::Open(data, storage::Store::Mode::kReadWrite);
    ASSERT_TRUE(store.ok()) << store.error().message;
    workflow::CaseStore cases(**store);
    using workflow::Role;
    for (const workflow::UserRecord& u : std::vector<workflow::UserRecord>{
             {"an", Role::kMonitor, "", false, 1},
             {"binh", Role::kLeader, "", false, 1},
             {"khanh", Role::kLeader, "", true, 1},
             {"cuong", Role::kAgency, "cong-an", false, 1},
             {"dung", Role::kAgency, "so-vhttdl", false, 1},
             {"giang", Role::kAuditor, "", false, 1},
             {"hoa", Role::kAdmin, "", true, 1}}) {
      ASSERT_TRUE(cases.PutUser(u).ok());
    }
  }

  ProcessResult Pw(std::vector<std::string> args) {
    args.insert(args.begin(), PW_BINARY);
    return pw::testing::Run(args, dir.path(), "", 60s);
  }
  /// Runs and expects exit 0.
  std::string Ok(const std::vector<std::string>& args) {
    auto r = Pw(args);
    EXPECT_EQ(r.exit_code, 0) << ::testing::PrintToString(args) << "\n" << r.err;
    return r.out;
  }

  /// Stores candidates and opens a case for each (one cluster each), as
  /// detection does; returns the case ids.
  std::vector<std::string> SeedCases(int n, const std::string& profile = "") {
    auto store = storage::Store::Open(data, storage::Store::Mode::kReadWrite);
    EXPECT_TRUE(store.ok()) << store.error().message;
    workflow::CaseStore cases(**store);
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
      const Item item = Candidate(std::to_string(next_item_));
      // Stored as ingest stores a candidate: in a story cluster of its own.
      const std::vector<std::uint64_t> signature = {0x9e3779b97f4a7c15ull * static_cast<std::uint64_t>(next_item_)};
      std::vector<std::string> cluster;
      EXPECT_TRUE((*store)->PutNew({item}, nullptr, &signature, &cluster).ok());
      auto opened = cases.OpenForCandidate(item, cluster[0], {"security"}, kDetected, profile);
      EXPECT_TRUE(opened.ok());
      ids.push_back(opened->first);
      ++next_item_;
    }
    return ids;
  }

  std::size_t AuditCount() {
    auto out = Ok({"case", "audit", "--as", "hoa", "--data", data, "--json"});
    return json::parse(out)["records"].size();
  }

  TempDir dir;
  const std::string data = dir.Sub("data");
  int next_item_ = 1;
};

TEST_F(CaseCli, WalksACaseFromDetectionToCloseWithDossierEvidenceMeasureAndNotice) {
  const std::string id = SeedCases(1)[0];
  const std::string item = Candidate("1").key;
  auto as = [&](const std::string& user, std::vector<std::string> args) {
    args.insert(args.begin(), "case");
    for (const std::string& a : {std::string("--as"), user, std::string("--data"), data}) args.push_back(a);
    return Ok(args);
  };
  EXPECT_THAT(as("an", {"triage", id, "confirm"}), HasSubstr(id + ": confirm, phát hiện -> xác nhận"));
  as("an", {"report", id});
  as("binh", {"assign", id, "--lead", "cong-an", "--coordinating", "so-vhttdl,so-ngoai-vu"});
  as("cuong", {"dossier", id});
  as("cuong", {"dossier", id, "--section", "true-facts", "--text", "Không có sạt lở ở Mường Tè."});
  as("cuong", {"dossier", id, "--evidence", item});
  as("cuong", {"respond", id});
  as("dung", {"measure", id, "--kind", "press-release", "--date", "2026-11-27", "--channel",
              "Cổng thông tin điện tử tỉnh", "--link", "https://laichau.invalid/tb", "--lang", "vi"});
  as("cuong", {"clarify", id});
  as("cuong", {"notify", id, "--agency", "so-vhttdl", "--reference", "15/TB-CA"});
  as("binh", {"close", id});

  const json shown = json::parse(as("an", {"show", id, "--json"}));
  const json& c = shown["case"];
  EXPECT_EQ(c["state"], "closed");
  EXPECT_EQ(c["state_vi"], "đóng");
  EXPECT_EQ(c["lead_agency"], "cong-an");
  EXPECT_EQ(c["dossier"]["sections"]["true-facts"], "Không có sạt lở ở Mường Tè.");
  ASSERT_EQ(c["dossier"]["evidence"].size(), 1u);
  EXPECT_EQ(c["dossier"]["evidence"][0]["sha256"].get<std::string>().size(), 64u);
  EXPECT_FALSE(c["dossier"]["evidence"][0].contains("archived")) << "the bytes stay in the store";
  EXPECT_EQ(c["measures"][0]["date"], 1'795'712'400) << "2026-11-27 00:00 in Vietnam";
  EXPECT_EQ(c["measures"][0]["language"], "vi");
  EXPECT_EQ(c["notices"][0]["reference"], "15/TB-CA");
  ASSERT_EQ(shown["history"].size(), 12u) << "detect + 11 actions";
  EXPECT_EQ(shown["history"][11]["user"], "binh");
  EXPECT_EQ(shown["history"][11]["role"], "leader");

  const std::string text = as("an", {"show", id});
  EXPECT_THAT(text, HasSubstr("Hồ sơ " + id + ": đóng"));
  EXPECT_THAT(text, HasSubstr("Thông tin đúng: Không có sạt lở ở Mường Tè."));
  auto english = Pw({"--lang", "en", "case", "show", id, "--as", "an", "--data", data});
  EXPECT_THAT(english.out, HasSubstr("Case " + id + ": closed"));
  EXPECT_EQ(Lines(as("an", {"list"})).size(), 1u);
  EXPECT_THAT(as("an", {"list"}), HasSubstr(id + "\tđóng\tcong-an\t1 tin\tsecurity"));

  EXPECT_THAT(Ok({"verify", "--data", data}), HasSubstr("12 bản ghi nhật ký"));
}

TEST_F(CaseCli, UserAddAndListKeepRoleAgencyAndClearance) {
  EXPECT_THAT(Ok({"user", "add", "lan", "--role", "agency", "--agency", "so-ngoai-vu", "--cleared",
                  "--data", data}),
              HasSubstr("Đã thêm người dùng lan (agency)"));
  const std::string list = Ok({"user", "list", "--data", data});
  EXPECT_EQ(Lines(list).size(), 8u);
  EXPECT_THAT(list, HasSubstr("lan\tagency\tso-ngoai-vu\tđược xem tin mật"));
  auto no_agency = Pw({"user", "add", "minh", "--role", "agency", "--data", data});
  EXPECT_EQ(no_agency.exit_code, 2);
  EXPECT_THAT(no_agency.err, HasSubstr("an agency member needs --agency"));
  EXPECT_NE(Pw({"user", "add", "minh", "--role", "king", "--data", data}).exit_code, 0);
}

TEST_F(CaseCli, RefusedActionsExitTwoWithTheReasonAndWriteNothing) {
  const std::string id = SeedCases(1)[0];
  const std::size_t before = AuditCount();
  struct Refusal {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<Refusal> refusals = {
      {{"case", "close", id, "--as", "binh"}, "không thể chuyển từ 'phát hiện' sang 'đóng'"},
      {{"case", "triage", id, "dismiss", "--as", "an"}, "cần nêu lý do / a reason is required"},
      {{"case", "triage", id, "confirm", "--as", "giang"}, "role auditor may not 'confirm'"},
      {{"case", "triage", id, "confirm", "--as", "nobody"}, "no such user 'nobody'"},
      {{"case", "triage", "C-20000101-0001", "confirm", "--as", "an"}, "no such case C-20000101-0001"},
      {{"case", "dossier", id, "--section", "gossip", "--text", "x", "--as", "hoa"}, "unknown dossier section"},
      {{"case", "measure", id, "--kind", "press-release", "--date", "27/11/2026", "--as", "hoa"},
       "expected YYYY-MM-DD"},
      {{"case", "audit", "--as", "an"}, "only an auditor or admin reads the audit log"},
      {{"user", "add", "an", "--role", "monitor"}, "user 'an' already exists"},
  };
  for (Refusal r : refusals) {
    r.args.push_back("--data");
    r.args.push_back(data);
    auto result = Pw(r.args);
    EXPECT_EQ(result.exit_code, 2) << ::testing::PrintToString(r.args) << result.err;
    EXPECT_THAT(result.err, HasSubstr(r.says)) << ::testing::PrintToString(r.args);
  }
  EXPECT_EQ(AuditCount(), before);
  EXPECT_THAT(Ok({"case", "show", id, "--as", "an", "--data", data}), HasSubstr(": phát hiện"));
}

TEST_F(CaseCli, ASecretCaseIsAbsentFromEveryOutputForAnUnclearedUser) {
  const auto ids = SeedCases(2);
  const std::string open = ids[0], secret = ids[1];
  Ok({"case", "secret", secret, "--as", "khanh", "--data", data});
  for (const std::string user : {"an", "binh", "giang"}) {
    SCOPED_TRACE(user);
    for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
             {"case", "list"}, {"case", "list", "--json"}, {"case", "audit"}, {"case", "audit", "--json"}}) {
      if (args[1] == "audit" && user != "giang") continue;  // only auditors read it
      args.insert(args.end(), {"--as", user, "--data", data});
      auto r = Pw(args);
      EXPECT_EQ(r.exit_code, 0) << r.err;
      EXPECT_THAT(r.out, Not(HasSubstr(secret)));
      EXPECT_THAT(r.err, Not(HasSubstr(secret)));
      if (args[1] == "list") {
        EXPECT_THAT(r.out, HasSubstr(open));
      }
    }
    auto show = Pw({"case", "show", secret, "--as", user, "--data", data});
    EXPECT_EQ(show.exit_code, 2);
    EXPECT_THAT(show.err, HasSubstr("no such case")) << "the same answer as a wrong id";
    auto act = Pw({"case", "triage", secret, "confirm", "--as", user, "--data", data});
    EXPECT_EQ(act.exit_code, 2);
    EXPECT_THAT(act.err, HasSubstr("no such case"));
  }
  EXPECT_THAT(Ok({"case", "list", "--as", "khanh", "--data", data}), HasSubstr(secret));
  EXPECT_THAT(Ok({"case", "show", secret, "--as", "hoa", "--data", data}), HasSubstr("MẬT"));
}

TEST_F(CaseCli, VerifyPassesThenNamesATamperedAuditRecord) {
  const std::string id = SeedCases(2)[0];
  Ok({"case", "triage", id, "confirm", "--as", "an", "--data", data});
  EXPECT_THAT(Ok({"verify", "--data", data}), HasSubstr("2 hồ sơ, 3 bản ghi nhật ký"));
  {
    storage::testing::RawDb raw(data);
    const std::string key = "a/" + std::string(19, '0') + "3";
    json record = json::parse(raw.Get("case_events", key));
    ASSERT_EQ(record["event"]["kind"], "confirm");
    record["event"]["user"] = "binh";  // someone else's name on the confirmation
    raw.Put("case_events", key, record.dump());
  }
  auto tampered = Pw({"verify", "--data", data});
  EXPECT_EQ(tampered.exit_code, 1);
  EXPECT_THAT(tampered.err, HasSubstr("audit record 3: hash does not match its content"));
}

TEST_F(CaseCli, VerifyNamesACaseWhoseStateDisagreesWithItsEventsOrWhoseItemIsGone) {
  const std::string id = SeedCases(1)[0];
  {
    storage::testing::RawDb raw(data);
    json c = json::parse(raw.Get("cases", "case/" + id));
    c["state"] = "clarified";
    raw.Put("cases", "case/" + id, c.dump());
  }
  auto state = Pw({"verify", "--data", data});
  EXPECT_EQ(state.exit_code, 1);
  EXPECT_THAT(state.err, HasSubstr("case " + id + ": state is clarified but its last event (detect) left it detected"));
  {
    storage::testing::RawDb raw(data);
    json c = json::parse(raw.Get("cases", "case/" + id));
    c["state"] = "detected";
    raw.Put("cases", "case/" + id, c.dump());
    raw.Delete("items", Candidate("1").key);
  }
  auto item = Pw({"verify", "--data", data});
  EXPECT_EQ(item.exit_code, 1);
  EXPECT_THAT(item.err, HasSubstr("item " + Candidate("1").key + " is not stored"));
}

TEST_F(CaseCli, BackupAndRestoreRoundTripAndRestoreRefusesToOverwrite) {
  const std::string id = SeedCases(1)[0];
  Ok({"case", "triage", id, "confirm", "--as", "an", "--data", data});
  Ok({"backup", dir.Sub("bk"), "--data", data});
  auto again = Pw({"backup", dir.Sub("bk"), "--data", data});
  EXPECT_EQ(again.exit_code, 1) << "never overwrites a backup";
  Ok({"case", "report", id, "--as", "an", "--data", data});  // after the backup

  auto refused = Pw({"restore", dir.Sub("bk"), "--data", data});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("--force"));
  EXPECT_THAT(Ok({"case", "show", id, "--as", "an", "--data", data}), HasSubstr(": báo cáo"));

  Ok({"restore", dir.Sub("bk"), "--data", dir.Sub("fresh")});
  EXPECT_THAT(Ok({"case", "show", id, "--as", "an", "--data", dir.Sub("fresh")}), HasSubstr(": xác nhận"));
  Ok({"verify", "--data", dir.Sub("fresh")});
  Ok({"restore", dir.Sub("bk"), "--data", data, "--force"});
  EXPECT_THAT(Ok({"case", "show", id, "--as", "an", "--data", data}), HasSubstr(": xác nhận"));
  auto not_backup = Pw({"restore", dir.Sub("nothing-here"), "--data", dir.Sub("other")});
  EXPECT_EQ(not_backup.exit_code, 1);
}

// A case follows its profile's [workflow]: border-area outreach is a measure
// of Lai Châu, not of Bắc Kạn; Phú Thọ closes only after a written notice to
// every coordinating agency (QĐ 01/2020 Đ5.2).
TEST_F(CaseCli, ActionsFollowTheCaseProfilesWorkflowPolicy) {
  auto walk_to_responding = [&](const std::string& id) {
    Ok({"case", "triage", id, "confirm", "--as", "an", "--data", data});
    Ok({"case", "report", id, "--as", "an", "--data", data});
    Ok({"case", "assign", id, "--lead", "cong-an", "--coordinating", "so-vhttdl", "--as", "binh", "--data", data});
    Ok({"case", "dossier", id, "--as", "cuong", "--data", data});
    Ok({"case", "respond", id, "--as", "cuong", "--data", data});
  };
  auto outreach = [&](const std::string& id) {
    return Pw({"case", "measure", id, "--kind", "border-outreach", "--date", "2026-11-27", "--channel",
               "Đồn Biên phòng", "--link", "https://bp.invalid/1", "--lang", "vi", "--as", "cuong", "--data", data});
  };
  const std::string lai_chau = SeedCases(1, "lai-chau")[0];
  const std::string bac_kan = SeedCases(1, "bac-kan")[0];
  const std::string phu_tho = SeedCases(1, "phu-tho")[0];
  for (const std::string& id : {lai_chau, bac_kan, phu_tho}) walk_to_responding(id);
  EXPECT_EQ(outreach(lai_chau).exit_code, 0);
  auto refused = outreach(bac_kan);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("border-outreach"));

  Ok({"case", "measure", phu_tho, "--kind", "press-release", "--date", "2026-11-27", "--channel", "Cổng TTĐT tỉnh",
      "--link", "https://phutho.invalid/tb", "--lang", "vi", "--as", "cuong", "--data", data});
  Ok({"case", "clarify", phu_tho, "--as", "cuong", "--data", data});
  auto early = Pw({"case", "close", phu_tho, "--as", "binh", "--data", data});
  EXPECT_EQ(early.exit_code, 2) << "no written notice to so-vhttdl yet";
  Ok({"case", "notify", phu_tho, "--agency", "so-vhttdl", "--reference", "21/TB-CA", "--as", "cuong", "--data", data});
  Ok({"case", "close", phu_tho, "--as", "binh", "--data", data});
}

// Without --lead, assign takes what the profile's routing proposes for the
// case's topics (shown by case show): a border topic in Lai Châu goes to the
// border guard, the standing coordinators coordinate.
TEST_F(CaseCli, AssignWithoutALeadTakesTheRoutingProposal) {
  std::string id;
  {
    auto store = storage::Store::Open(data, storage::Store::Mode::kReadWrite);
    ASSERT_TRUE(store.ok()) << store.error().message;
    const Item item = Candidate("border");
    const std::vector<std::uint64_t> signature = {0x0123456789abcdefull};
    std::vector<std::string> cluster;
    ASSERT_TRUE((*store)->PutNew({item}, nullptr, &signature, &cluster).ok());
    auto opened = workflow::CaseStore(**store).OpenForCandidate(item, cluster[0], {"sector-border", "false-info"},
                                                                kDetected, "lai-chau");
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    id = opened->first;
  }
  const json shown = json::parse(Ok({"case", "show", id, "--as", "an", "--data", data, "--json"}));
  const std::string proposed = shown["proposed_assignment"]["lead"];
  EXPECT_EQ(proposed, "bien-phong");
  EXPECT_THAT(Ok({"case", "show", id, "--as", "an", "--data", data}), HasSubstr("Đề xuất giao: chủ trì bien-phong"));
  Ok({"case", "triage", id, "confirm", "--as", "an", "--data", data});
  Ok({"case", "report", id, "--as", "an", "--data", data});
  Ok({"case", "assign", id, "--as", "binh", "--data", data});
  const json assigned = json::parse(Ok({"case", "show", id, "--as", "binh", "--data", data, "--json"}));
  EXPECT_EQ(assigned["case"]["lead_agency"], "bien-phong");
  EXPECT_THAT(assigned["case"]["coordinating"].get<std::vector<std::string>>(), ::testing::Contains("cong-an"));
}

TEST_F(CaseCli, WhileTheDaemonRunsCommandsGoThroughItsControlSocket) {
  const std::string id = SeedCases(1)[0];
  pw::testing::TestHttpServer server;
  pw::testing::ServeTestFeeds(server);
  Ok({"sources", "add", server.Url("/a.xml"), "--data", data});
  Child daemon({PW_BINARY, "run", "--profile", "lai-chau", "--data", data}, dir.path());
  const std::string sock = data + "/control.sock";
  for (int i = 0; i < 200 && !std::filesystem::exists(sock); ++i) std::this_thread::sleep_for(50ms);
  ASSERT_TRUE(std::filesystem::exists(sock)) << daemon.Stderr();
  struct stat st{};
  ASSERT_EQ(::stat(sock.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // The store is locked by the daemon: these succeed only through it.
  EXPECT_THAT(Ok({"case", "triage", id, "confirm", "--as", "an", "--data", data}), HasSubstr("xác nhận"));
  Ok({"user", "add", "lan", "--role", "monitor", "--data", data});
  Ok({"case", "report", id, "--as", "lan", "--data", data});
  auto refused = Pw({"case", "close", id, "--as", "binh", "--data", data});
  EXPECT_EQ(refused.exit_code, 2) << "the same checks through the daemon";
  EXPECT_THAT(refused.err, HasSubstr("cannot move from reported to closed"));
  // The daemon may be opening a case for the feed's candidate meanwhile: the
  // count of records is not fixed, the chain's integrity is.
  EXPECT_THAT(Ok({"verify", "--data", data}), HasSubstr("chuỗi băm nguyên vẹn"));
  Ok({"backup", dir.Sub("live-bk"), "--data", data});

  daemon.Signal(SIGTERM);
  auto stopped = daemon.Wait(20s);
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  EXPECT_FALSE(std::filesystem::exists(sock)) << "removed on a clean stop";
  EXPECT_THAT(Ok({"case", "show", id, "--as", "an", "--data", dir.Sub("live-bk")}), HasSubstr(": báo cáo"));
}


// ---- The daemon's sweep: escalations, severity, reminders -----------------------

/// Starts `provwatch run` on `data` and waits for its control socket.
std::unique_ptr<Child> StartDaemon(const std::string& work, const std::string& data, const std::string& profile) {
  auto daemon = std::make_unique<Child>(
      std::vector<std::string>{PW_BINARY, "run", "--profile", profile, "--data", data}, work);
  const std::string sock = data + "/control.sock";
  for (int i = 0; i < 200 && !std::filesystem::exists(sock); ++i) std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(std::filesystem::exists(sock)) << daemon->Stderr();
  return daemon;
}

void StopDaemon(Child& daemon) {
  daemon.Signal(SIGTERM);
  auto stopped = daemon.Wait(20s);
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
}

TEST_F(CaseCli, TheDaemonEscalatesAnOverdueCaseOnceAcrossARestartAndFlagsIt) {
  const std::string id = SeedCases(1)[0];
  {
    // Confirmed three days before: the 24-hour initial information is overdue.
    auto store = storage::Store::Open(data, storage::Store::Mode::kReadWrite);
    ASSERT_TRUE(store.ok());
    workflow::CaseStore cases(**store);
    auto confirmed = cases.Act(id, {workflow::ActionKind::kConfirm}, {"an", workflow::Role::kMonitor, "", false},
                               {}, kDetected - 3 * 86400);
    ASSERT_TRUE(confirmed.ok()) << confirmed.error().message;
  }
  auto escalations = [&] {
    const json shown = json::parse(Ok({"case", "show", id, "--as", "an", "--data", data, "--json"}));
    int n = 0;
    for (const json& e : shown["history"]) {
      if (e["kind"] == "escalate") {
        ++n;
        EXPECT_EQ(e["user"], "system");
        EXPECT_THAT(e["detail"].get<std::string>(), HasSubstr("escalation initial-information due="));
      }
    }
    EXPECT_EQ(shown["case"]["overdue"], true);
    // The deadline itself, as the web page shows it: 24 hours after the confirmation.
    const json& deadlines = shown["case"]["deadlines"];
    EXPECT_EQ(deadlines.size(), 1u);
    if (!deadlines.empty()) {
      EXPECT_EQ(deadlines[0]["what"], "initial-information");
      EXPECT_EQ(deadlines[0]["due"].get<UnixTime>(), kDetected - 3 * 86400 + 24 * 3600);
      EXPECT_EQ(deadlines[0]["met"], false);
      EXPECT_EQ(deadlines[0]["overdue"], true);
    }
    return n;
  };
  EXPECT_EQ(escalations(), 0) << "nothing runs the sweep without a daemon";
  EXPECT_THAT(Ok({"case", "list", "--as", "an", "--data", data}), HasSubstr("QUÁ HẠN"));

  for (int run = 1; run <= 2; ++run) {
    auto daemon = StartDaemon(dir.path(), data, "lai-chau");
    ASSERT_TRUE(daemon->WaitForOutput("case sweep: 1 cases overdue", 20s)) << daemon->Stderr();
    EXPECT_EQ(escalations(), 1) << "run " << run << ": once per deadline, also after a restart";
    EXPECT_THAT(Ok({"--lang", "en", "case", "list", "--as", "an", "--data", data}), HasSubstr("OVERDUE"));
    StopDaemon(*daemon);
    if (run == 1) {
      EXPECT_THAT(daemon->Stderr(), HasSubstr("1 cases overdue, 1 escalated"));
    } else {
      EXPECT_THAT(daemon->Stderr(), HasSubstr("1 cases overdue, 0 escalated"));
      EXPECT_THAT(daemon->Stderr(), Not(HasSubstr("initial-information escalated")));
    }
  }
  EXPECT_THAT(Ok({"verify", "--data", data}), HasSubstr("chuỗi băm nguyên vẹn"));
}

TEST_F(CaseCli, TheDaemonRecordsAPeriodReportReminderOnceAndLogsItInVietnamese) {
  // 1 December 2026, 10:00 in Vietnam: Bắc Kạn's synthesis is due 05/12.
  ::setenv("PROVWATCH_TEST_NOW", std::to_string(kDetected + 5 * 86400).c_str(), 1);
  for (int run = 1; run <= 2; ++run) {
    auto daemon = StartDaemon(dir.path(), data, "bac-kan");
    ASSERT_TRUE(daemon->WaitForOutput("case sweep: ", 20s)) << daemon->Stderr();
    StopDaemon(*daemon);
    const std::string log = daemon->Stderr();
    if (run == 1) {
      EXPECT_THAT(log, HasSubstr("Nhắc hạn: báo cáo \"Báo cáo tổng hợp"));
      EXPECT_THAT(log, HasSubstr("đến hạn ngày 2026-12-05, còn 4 ngày"));
      EXPECT_THAT(log, HasSubstr("1 reminders recorded"));
    } else {
      EXPECT_THAT(log, Not(HasSubstr("Nhắc hạn"))) << "recorded once";
      EXPECT_THAT(log, HasSubstr("0 reminders recorded"));
    }
  }
  ::unsetenv("PROVWATCH_TEST_NOW");
  auto store = storage::Store::Open(data, storage::Store::Mode::kReadOnly);
  ASSERT_TRUE(store.ok());
  auto reminder = (*store)->GetRecord(storage::RecordFamily::kAlerts, "reminder/bac-kan/synthesis/2026-12-05");
  ASSERT_TRUE(reminder.ok());
  EXPECT_TRUE(reminder->has_value());
}

// ---- Queries through the daemon ---------------------------------------------------

TEST_F(CaseCli, QueriesGoThroughARunningDaemonAndPrintTheSameBytes) {
  SeedCases(2);
  pw::testing::TestHttpServer server;
  pw::testing::ServeTestFeeds(server);
  const std::string list = dir.path() + "/list.txt";
  {
    std::ofstream(list) << server.Url("/b.atom") << "\n";
  }
  const std::vector<std::vector<std::string>> queries = {
      {"items", "--data", data},
      {"items", "--candidates", "--json", "--data", data},
      {"items", "--since", "3650d", "--data", data},
      {"clusters", "--data", data},
      {"--lang", "en", "clusters", "--json", "--data", data},
      {"sources", "--data", data},
      {"sources", "--json", "--data", data},
      {"report", "weekly", "--as", "hoa", "--profile", "lai-chau", "--data", data, "--now", "2026-11-30"},
      {"report", "period", "--as", "hoa", "--profile", "lai-chau", "--data", data, "--format", "csv",
       "--now", "2026-11-30"},
      {"report", "reminders", "--profile", "bac-kan", "--data", data, "--now", "2026-12-01"},
  };
  std::vector<std::string> direct;
  for (const auto& q : queries) direct.push_back(Ok(q));
  EXPECT_THAT(direct[0], HasSubstr("Tin giả về Mường Tè 1"));

  auto daemon = StartDaemon(dir.path(), data, "lai-chau");
  for (std::size_t i = 0; i < queries.size(); ++i) {
    EXPECT_EQ(Ok(queries[i]), direct[i]) << ::testing::PrintToString(queries[i]);
  }
  // Writes succeed only through the daemon (it holds the store's lock).
  EXPECT_THAT(Ok({"sources", "add", server.Url("/a.xml"), "--data", data}), HasSubstr("a.xml"));
  EXPECT_THAT(Ok({"sources", "import", list, "--data", data}), HasSubstr(": 1 ")) << daemon->Stderr();
  const std::string sources = Ok({"sources", "--json", "--data", data});
  EXPECT_EQ(Lines(sources).size(), 2u) << sources;
  auto refused = Pw({"report", "weekly", "--as", "nobody", "--profile", "lai-chau", "--data", data});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("no user \"nobody\""));
  StopDaemon(*daemon);
  const std::string log = daemon->Stderr();
  for (const char* op : {"items", "clusters", "sources.list", "sources.add", "sources.import", "report"}) {
    EXPECT_THAT(log, HasSubstr(std::string("control request: ") + op));
  }
  EXPECT_EQ(Lines(Ok({"sources", "--json", "--data", data})).size(), 2u) << "and without it";
}

}  // namespace
}  // namespace pw::daemon
