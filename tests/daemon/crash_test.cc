// Nothing lost: the daemon is killed with SIGKILL at random moments while it
// ingests feeds and applies case actions sent by the CLI through its control
// socket. After every restart `provwatch verify` passes, and every action the
// CLI acknowledged (exit 0) is in the case's history exactly once.
#include <signal.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <random>
#include <thread>

#include "workflow/case_store.h"
#include "storage/store.h"
#include "tests/daemon/fixtures.h"
#include "tests/support/http_server.h"
#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"

namespace pw::daemon {
namespace {

using nlohmann::json;
using pw::testing::Child;
using pw::testing::ProcessResult;
using pw::testing::TempDir;
using namespace std::chrono_literals;

// The actions each case goes through, in order, and who takes them.
struct Step {
  std::vector<std::string> args;  // the subcommand, then what follows the id
  std::string kind;               // the ActionName recorded
  std::string user;
};
const std::vector<Step> kSteps = {
    {{"triage", "confirm"}, "confirm", "an"},
    {{"report"}, "report", "an"},
    {{"assign", "--lead", "cong-an"}, "assign", "binh"},
    {{"dossier"}, "dossier", "cuong"},
    {{"respond"}, "respond", "cuong"},
};

constexpr int kKills = 55;
constexpr int kCases = 30;

class CrashTest : public ::testing::Test {
 protected:
  ProcessResult Pw(std::vector<std::string> args) {
    args.insert(args.begin(), PW_BINARY);
    return pw::testing::Run(args, dir.path(), "", 60s);
  }
  std::vector<std::string> ActionArgs(const std::string& id, const Step& step) {
    // case SUBCOMMAND ID [more] --as USER --data DIR
    std::vector<std::string> args = {PW_BINARY, "case", step.args[0], id};
    args.insert(args.end(), step.args.begin() + 1, step.args.end());
    args.insert(args.end(), {"--as", step.user, "--data", data});
    return args;
  }
  /// How many times each action kind is in the case's history.
  std::map<std::string, int> Kinds(const std::string& id) {
    auto shown = Pw({"case", "show", id, "--as", "hoa", "--data", data, "--json"});
    EXPECT_EQ(shown.exit_code, 0) << shown.err;
    std::map<std::string, int> kinds;
    last_show_ = shown.out + shown.err;
    if (shown.exit_code != 0) return kinds;
    const json answer = json::parse(shown.out);
    for (const json& e : answer["history"]) ++kinds[e["kind"].get<std::string>()];
    return kinds;
  }
  /// Checks the acknowledged steps are there exactly once, and returns the
  /// step to take next (an unacknowledged step may or may not have landed).
  std::size_t Reconcile(const std::string& id, std::size_t acked) {
    const auto kinds = Kinds(id);
    std::size_t done = 0;
    for (std::size_t i = 0; i < kSteps.size(); ++i) {
      const auto it = kinds.find(kSteps[i].kind);
      const int n = it == kinds.end() ? 0 : it->second;
      EXPECT_LE(n, 1) << id << " " << kSteps[i].kind << " applied twice";
      if (i < acked) {
        EXPECT_EQ(n, 1) << id << " acknowledged " << kSteps[i].kind << " is missing; history: " << last_show_;
      }
      if (n == 1) done = i + 1;
    }
    return done;
  }

  TempDir dir;
  const std::string data = dir.Sub("data");
  pw::testing::TestHttpServer server;
  std::string last_show_;
};

TEST_F(CrashTest, SigkillDuringIngestAndCaseActionsLosesNothingAcknowledged) {
  const auto started = std::chrono::steady_clock::now();
  for (auto [name, role, agency] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"an", "monitor", ""}, {"binh", "leader", ""}, {"cuong", "agency", "cong-an"}, {"hoa", "admin", ""}}) {
    std::vector<std::string> args = {"user", "add", name, "--role", role, "--data", data};
    if (!agency.empty()) args.insert(args.end(), {"--agency", agency});
    ASSERT_EQ(Pw(args).exit_code, 0);
  }
  std::vector<std::string> ids;
  {
    auto store = storage::Store::Open(data, storage::Store::Mode::kReadWrite);
    ASSERT_TRUE(store.ok()) << store.error().message;
    workflow::CaseStore cases(**store);
    for (int i = 0; i < kCases; ++i) {
      Item item;
      item.key = "url:https://seed.invalid/" + std::to_string(i);
      item.entry.title = "Tin giả " + std::to_string(i);
      item.score.candidate = true;
      // Stored as ingest stores a candidate: in a story cluster of its own.
      const std::vector<std::uint64_t> signature = {0x9e3779b97f4a7c15ull * static_cast<std::uint64_t>(i + 1)};
      std::vector<std::string> cluster;
      ASSERT_TRUE((*store)->PutNew({item}, nullptr, &signature, &cluster).ok());
      auto opened = cases.OpenForCandidate(item, cluster[0], {"security"}, 1'795'662'000);
      ASSERT_TRUE(opened.ok()) << opened.error().message;
      ids.push_back(opened->first);
    }
  }

  std::mt19937 rng(20261126);
  std::vector<std::size_t> next(ids.size(), 0), acked(ids.size(), 0);
  std::size_t case_index = 0, acknowledged = 0, unacknowledged = 0;
  for (int kill = 0; kill < kKills; ++kill) {
    // A new feed each round, so the daemon is ingesting when it starts.
    pw::testing::TestHttpServer::Response feed;
    feed.body = pw::testing::kFeedA;
    for (std::size_t at = 0; (at = feed.body.find("news.invalid/a/", at)) != std::string::npos;) {
      feed.body.replace(at, 15, "news.invalid/r" + std::to_string(kill) + "/");
    }
    server.Set("/r" + std::to_string(kill) + ".xml", feed);
    auto added = Pw({"sources", "add", server.Url("/r" + std::to_string(kill) + ".xml"), "--data", data});
    ASSERT_EQ(added.exit_code, 0) << added.err;

    Child daemon({PW_BINARY, "run", "--profile", "lai-chau", "--data", data}, dir.path());
    ASSERT_TRUE(daemon.WaitForOutput("provwatch: profile", 20s)) << daemon.Stderr();
    auto verified = Pw({"verify", "--data", data});
    ASSERT_EQ(verified.exit_code, 0) << "after restart " << kill << ": " << verified.err;

    // Skip cases that have gone through every step.
    while (case_index < ids.size() && next[case_index] >= kSteps.size()) ++case_index;
    ASSERT_LT(case_index, ids.size()) << "more cases needed";
    const std::size_t c = case_index;
    // One action acknowledged before the kill...
    auto sure = pw::testing::Run(ActionArgs(ids[c], kSteps[next[c]]), dir.path(), "", 30s);
    ASSERT_EQ(sure.exit_code, 0) << sure.err;
    acked[c] = ++next[c];
    ++acknowledged;
    // ...and one in flight (on another case) when the kill comes.
    const std::size_t d = (c + 1 + kill % 3) % ids.size();
    std::optional<Child> in_flight;
    if (next[d] < kSteps.size()) in_flight.emplace(ActionArgs(ids[d], kSteps[next[d]]), dir.path());
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 60)(rng)));
    daemon.Signal(SIGKILL);
    daemon.Wait(10s);
    if (in_flight) {
      const ProcessResult r = in_flight->Wait(30s);
      if (r.exit_code == 0) {
        acked[d] = ++next[d];
        ++acknowledged;
      } else {
        ++unacknowledged;
      }
    }
    // With no daemon, the store is read directly: the action cut off by the
    // kill either landed once or not at all (case c is checked in the final sweep).
    next[d] = Reconcile(ids[d], acked[d]);
  }

  Child daemon({PW_BINARY, "run", "--profile", "lai-chau", "--data", data}, dir.path());
  ASSERT_TRUE(daemon.WaitForOutput("provwatch: profile", 20s)) << daemon.Stderr();
  auto verified = Pw({"verify", "--data", data});
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  for (std::size_t i = 0; i < ids.size(); ++i) Reconcile(ids[i], acked[i]);
  daemon.Signal(SIGTERM);
  EXPECT_EQ(daemon.Wait(20s).exit_code, 0);

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << kKills << " kills, " << acknowledged << " acknowledged actions, " << unacknowledged
            << " cut off by the kill, " << seconds << " s\n";
  EXPECT_GT(acknowledged, static_cast<std::size_t>(kKills));
}

}  // namespace
}  // namespace pw::daemon
