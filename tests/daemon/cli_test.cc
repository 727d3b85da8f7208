// The provwatch binary as users and outside checks run it: exit codes,
// standard output formats, errors naming file, line and field, signals.
#include <signal.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

#include "storage/store.h"
#include "tests/daemon/fixtures.h"
#include "tests/support/http_server.h"
#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"

namespace pw::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using pw::testing::Child;
using pw::testing::ProcessResult;
using pw::testing::TempDir;
using pw::testing::TestHttpServer;
using pw::testing::WriteFile;
using namespace std::chrono_literals;

using pw::testing::Lines;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir.Sub("profile.toml"), pw::testing::kTestProfile);
    TestHttpServer::Response a;
    a.body = pw::testing::kFeedA;
    server.Set("/a.xml", a);
    TestHttpServer::Response b;
    b.body = pw::testing::kFeedB;
    server.Set("/b.atom", b);
    TestHttpServer::Response broken;
    broken.body = "not a feed at all";
    server.Set("/broken.xml", broken);
  }

  ProcessResult Pw(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), PW_BINARY);
    return pw::testing::Run(args, dir.path(), input, 60s);
  }

  std::string WriteConfig(const std::vector<std::pair<std::string, std::string>>& sources) {
    std::string text = "profile_file = \"profile.toml\"\ndata_dir = \"data\"\n";
    for (const auto& [id, path] : sources) {
      text += "[[sources]]\nid = \"" + id + "\"\nurl = \"" + server.Url(path) + "\"\n" +
              "interval = \"10s\"\n";
    }
    WriteFile(dir.Sub("provwatch.toml"), text);
    return dir.Sub("provwatch.toml");
  }

  TempDir dir;
  TestHttpServer server;
};

TEST_F(CliTest, PrintsVersionAndHelpForEverySubcommand) {
  auto version = Pw({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_THAT(version.out, HasSubstr("provwatch 0."));
  for (const char* sub : {"run", "demo", "check-config", "fetch", "items", "score"}) {
    auto help = Pw({sub, "--help"});
    EXPECT_EQ(help.exit_code, 0) << sub;
    EXPECT_THAT(help.out, HasSubstr("--help")) << sub;
  }
  EXPECT_NE(Pw({"no-such-command"}).exit_code, 0);
}

TEST_F(CliTest, BadConfigurationNamesFileLineAndField) {
  WriteFile(dir.Sub("bad.toml"),
            "profile_file = \"profile.toml\"\n[[sources]]\nid = \"a\"\nurl = \"https://x.invalid/\"\n"
            "interval = \"soon\"\n");
  auto check = Pw({"check-config", dir.Sub("bad.toml")});
  EXPECT_EQ(check.exit_code, 2);
  EXPECT_THAT(check.err, HasSubstr(dir.Sub("bad.toml") + ":5: sources[1].interval: \"soon\""));

  auto run = Pw({"run", "--config", dir.Sub("bad.toml"), "--once"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("bad.toml:5: sources[1].interval"));
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("data"))) << "nothing is created on a bad config";

  auto good = Pw({"check-config", WriteConfig({{"a", "/a.xml"}})});
  EXPECT_EQ(good.exit_code, 0) << good.err;
  EXPECT_THAT(good.out, HasSubstr("test-lai-chau"));
}

TEST_F(CliTest, RunOnceStoresLogsBrokenSourcesAndNeverStoresTwice) {
  const std::string cfg = WriteConfig({{"a", "/a.xml"}, {"broken", "/broken.xml"}, {"b", "/b.atom"}});
  auto first = Pw({"run", "--config", cfg, "--once"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(first.err, HasSubstr("source broken"));
  EXPECT_THAT(first.err, HasSubstr("cannot parse the feed"));

  auto items = Pw({"items", "--config", cfg});
  ASSERT_EQ(items.exit_code, 0) << items.err;
  EXPECT_EQ(Lines(items.out).size(), 4u);
  auto candidates = Pw({"items", "--candidates", "--data", dir.Sub("data")});
  ASSERT_EQ(candidates.exit_code, 0) << candidates.err;
  ASSERT_EQ(Lines(candidates.out).size(), 2u);
  EXPECT_THAT(candidates.out, HasSubstr("Bác bỏ tin giả về sạt lở ở Mường Tè"));
  for (const auto& line : Lines(candidates.out)) EXPECT_THAT(line, HasSubstr("\t*\t"));

  auto second = Pw({"run", "--config", cfg, "--once"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(Lines(Pw({"items", "--config", cfg}).out).size(), 4u);

  auto json = Pw({"items", "--candidates", "--json", "--data", dir.Sub("data")});
  for (const auto& line : Lines(json.out)) {
    auto j = nlohmann::json::parse(line);
    EXPECT_TRUE(j["candidate"].get<bool>());
    EXPECT_FALSE(j["matches"].empty());
  }
}

TEST_F(CliTest, ItemsSinceListsOnlyThatWindowOldestFirst) {
  const UnixTime now = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
  {
    auto store = storage::Store::Open(dir.Sub("data"), storage::Store::Mode::kReadWrite);
    ASSERT_TRUE(store.ok()) << store.error().message;
    auto at = [&](std::string key, UnixTime published, bool candidate) {
      Item item;
      item.key = std::move(key);
      item.source_id = "s";
      item.entry.title = "Tin " + item.key;
      item.entry.published = published;
      item.fetched_at = now;
      item.score.candidate = candidate;
      return item;
    };
    ASSERT_TRUE((*store)->PutNew({at("hom-nay", now - 3600, false), at("hom-qua", now - 30 * 3600, true),
                                  at("tuan-truoc", now - 9 * 86400, true)})
                    .ok());
  }
  auto recent = Pw({"items", "--since", "2d", "--data", dir.Sub("data")});
  ASSERT_EQ(recent.exit_code, 0) << recent.err;
  const auto lines = Lines(recent.out);
  ASSERT_EQ(lines.size(), 2u) << recent.out;
  EXPECT_THAT(lines[0], HasSubstr("Tin hom-qua"));  // oldest first
  EXPECT_THAT(lines[1], HasSubstr("Tin hom-nay"));
  auto candidates = Pw({"items", "--since", "2d", "--candidates", "--data", dir.Sub("data")});
  ASSERT_EQ(Lines(candidates.out).size(), 1u) << candidates.out;
  EXPECT_THAT(candidates.out, HasSubstr("Tin hom-qua"));
  EXPECT_EQ(Lines(Pw({"items", "--data", dir.Sub("data")}).out).size(), 3u);  // without: everything
  auto bad = Pw({"--lang", "en", "items", "--since", "soon", "--data", dir.Sub("data")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--since \"soon\": expected a duration like \"7d\""));
}

TEST_F(CliTest, ItemsOnAMissingDataDirectoryIsAClearError) {
  auto items = Pw({"items", "--data", dir.Sub("nothing-here")});
  EXPECT_EQ(items.exit_code, 1);
  EXPECT_THAT(items.err, HasSubstr("nothing-here"));
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("nothing-here")));
}

TEST_F(CliTest, DemoOnceShowsCandidatesAndARerunStoresNothingTwice) {
  const std::string data = dir.Sub("demo-data");
  auto demo = Pw({"demo", "--once", "--data", data});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  EXPECT_THAT(demo.out, HasSubstr("NGHI SAI LỆCH"));
  auto candidates = Pw({"items", "--candidates", "--data", data});
  ASSERT_EQ(candidates.exit_code, 0) << candidates.err;
  const auto first_candidates = Lines(candidates.out).size();
  EXPECT_GE(first_candidates, 1u);
  const auto first_items = Lines(Pw({"items", "--data", data}).out).size();
  // The retitled copy of the land-clearance rumour joined its original's cluster.
  auto clusters = Pw({"clusters", "--json", "--data", data});
  ASSERT_EQ(clusters.exit_code, 0) << clusters.err;
  int shared = 0;
  for (const std::string& line : Lines(clusters.out)) {
    // The feeds are read in parallel: either outlet may have come first.
    if (line.find("\"outlets\":[\"bao-lai-chau-demo\",\"tin-tay-bac-demo\"]") != std::string::npos ||
        line.find("\"outlets\":[\"tin-tay-bac-demo\",\"bao-lai-chau-demo\"]") != std::string::npos) {
      ++shared;
      EXPECT_THAT(line, HasSubstr("\"items\":2"));
      EXPECT_THAT(line, HasSubstr("sân golf"));
    }
  }
  EXPECT_EQ(shared, 1) << clusters.out;

  auto again = Pw({"demo", "--once", "--data", data});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, Not(HasSubstr("NGHI SAI LỆCH")));
  EXPECT_EQ(Lines(Pw({"items", "--data", data}).out).size(), first_items);
  EXPECT_EQ(Lines(Pw({"items", "--candidates", "--data", data}).out).size(), first_candidates);

  auto english = Pw({"--lang", "en", "demo", "--once", "--data", dir.Sub("demo-en")});
  ASSERT_EQ(english.exit_code, 0) << english.err;
  EXPECT_THAT(english.out, HasSubstr("CANDIDATE"));
}

TEST_F(CliTest, SighupReloadsTheConfigurationAndSigtermStopsCleanly) {
  const std::string cfg = WriteConfig({{"a", "/a.xml"}});
  Child daemon({PW_BINARY, "run", "--config", cfg}, dir.path());
  ASSERT_TRUE(daemon.WaitForOutput("[a]", 20s)) << daemon.Stderr();

  WriteConfig({{"a", "/a.xml"}, {"b", "/b.atom"}});
  daemon.Signal(SIGHUP);
  ASSERT_TRUE(daemon.WaitForOutput("[b]", 30s)) << daemon.Stderr();
  EXPECT_THAT(daemon.Stderr(), HasSubstr("reload"));

  // While the daemon holds the store, `items` still reads it.
  EXPECT_EQ(Lines(Pw({"items", "--config", cfg}).out).size(), 4u);

  daemon.Signal(SIGTERM);
  auto result = daemon.Wait(20s);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("stopped"));
  EXPECT_EQ(Lines(Pw({"items", "--config", cfg}).out).size(), 4u);
}

TEST_F(CliTest, BadReloadKeepsThePreviousConfiguration) {
  const std::string cfg = WriteConfig({{"a", "/a.xml"}});
  Child daemon({PW_BINARY, "run", "--config", cfg}, dir.path());
  ASSERT_TRUE(daemon.WaitForOutput("[a]", 20s)) << daemon.Stderr();
  WriteFile(cfg, "profile_file = \"profile.toml\"\nsources = 3\n");
  daemon.Signal(SIGHUP);
  ASSERT_TRUE(daemon.WaitForOutput("keeping the previous configuration", 20s)) << daemon.Stderr();
  daemon.Signal(SIGINT);
  auto result = daemon.Wait(20s);
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(CliTest, FetchPrintsTheItemsOfOneFeed) {
  auto fetch = Pw({"fetch", server.Url("/a.xml")});
  ASSERT_EQ(fetch.exit_code, 0) << fetch.err;
  ASSERT_EQ(Lines(fetch.out).size(), 3u);
  EXPECT_THAT(fetch.out, HasSubstr("2026-11-20T01:15:00Z\tBác bỏ tin giả về sạt lở ở Mường Tè"));
  auto missing = Pw({"fetch", server.Url("/nope.xml")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("404"));
}

TEST_F(CliTest, ScoreReadsJsonLinesAndAnswersEachInOrder) {
  const std::string input =
      R"({"id": "a1", "title": "Bác bỏ tin giả về Lai Châu", "text": "Tỉnh làm rõ."})" "\n"
      R"({"id": "bad", "title": 5})" "\n"
      "this is not json\n"
      R"({"id": 7, "title": "Lai Châu mùa lúa chín", "text": "", "lang": "vi"})" "\n";
  auto score = Pw({"score", "--profile", "lai-chau"}, input);
  ASSERT_EQ(score.exit_code, 0) << score.err;
  auto lines = Lines(score.out);
  ASSERT_EQ(lines.size(), 4u);
  auto first = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(first["id"], "a1");
  EXPECT_TRUE(first["mentions_province"].get<bool>());
  EXPECT_TRUE(first["candidate"].get<bool>());
  EXPECT_GT(first["score"].get<double>(), 0);
  const std::string title = "Bác bỏ tin giả về Lai Châu";
  bool saw_province = false;
  for (const auto& m : first["matches"]) {
    EXPECT_TRUE(m.contains("rule") && m.contains("term") && m.contains("field"));
    const auto start = m["start"].get<std::size_t>(), end = m["end"].get<std::size_t>();
    if (m["field"] == "title") {
      ASSERT_LE(end, title.size());
      if (m["rule"] == "province") {
        EXPECT_EQ(title.substr(start, end - start), "Lai Châu");
        saw_province = true;
      }
    }
  }
  EXPECT_TRUE(saw_province);
  auto bad = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(bad["id"], "bad");
  EXPECT_TRUE(bad.contains("error"));
  auto garbage = nlohmann::json::parse(lines[2]);
  EXPECT_TRUE(garbage["id"].is_null());
  EXPECT_TRUE(garbage.contains("error"));
  auto last = nlohmann::json::parse(lines[3]);
  EXPECT_EQ(last["id"], 7);
  EXPECT_TRUE(last["mentions_province"].get<bool>());
  EXPECT_FALSE(last["candidate"].get<bool>());

  WriteFile(dir.Sub("in.jsonl"), input);
  auto from_file = Pw({"score", "--profile", "lai-chau", "--input", dir.Sub("in.jsonl")});
  EXPECT_EQ(from_file.out, score.out);
  auto unknown = Pw({"score", "--profile", "ha-noi"}, input);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("unknown profile"));
}

}  // namespace
}  // namespace pw::daemon
