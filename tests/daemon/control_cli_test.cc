// The CLI's queries through a running daemon's control socket
// (daemon/control_socket.h): the problems a command reports reach the
// officer's standard error as without a daemon, and a source added through
// the daemon is polled without a SIGHUP. Real binary, real daemon, feeds on a
// loopback server.
#include <signal.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

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
using pw::testing::Child;
using pw::testing::ProcessResult;
using pw::testing::TempDir;
using pw::testing::TestHttpServer;
using pw::testing::WriteFile;
using namespace std::chrono_literals;

class ControlCli : public ::testing::Test {
 protected:
  void SetUp() override { pw::testing::ServeTestFeeds(server); }

  ProcessResult Pw(std::vector<std::string> args) {
    args.insert(args.begin(), PW_BINARY);
    return pw::testing::Run(args, dir.path(), "", 60s);
  }

  /// A daemon on `data_dir` (args after `run`), once its control socket is up.
  std::unique_ptr<Child> StartDaemon(std::vector<std::string> args, const std::string& data_dir) {
    args.insert(args.begin(), {PW_BINARY, "run"});
    args.insert(args.end(), {"--http", "off"});
    auto daemon = std::make_unique<Child>(args, dir.path());
    const std::string sock = data_dir + "/control.sock";
    for (int i = 0; i < 400 && !std::filesystem::exists(sock); ++i) std::this_thread::sleep_for(25ms);
    EXPECT_TRUE(std::filesystem::exists(sock)) << daemon->Stderr();
    return daemon;
  }

  static void StopDaemon(Child& daemon) {
    daemon.Signal(SIGTERM);
    auto stopped = daemon.Wait(20s);
    EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  }

  /// Requests the loopback server received for `path`.
  std::size_t Requests(const std::string& path) const {
    std::size_t n = 0;
    for (const auto& r : server.requests()) n += r.path == path ? 1 : 0;
    return n;
  }

  /// Polls `items --data` (through the daemon) until it lists `title`.
  bool WaitForItem(const std::string& data_dir, const std::string& title, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      auto items = Pw({"items", "--data", data_dir});
      if (items.exit_code == 0 && items.out.find(title) != std::string::npos) return true;
      std::this_thread::sleep_for(100ms);
    }
    return false;
  }

  TempDir dir;
  TestHttpServer server;
  const std::string data = dir.Sub("data");
};

TEST_F(ControlCli, ErrorsOfQueriesReachTheCliThroughTheDaemonAsWithoutIt) {
  {  // A store whose item record cannot be decoded: `items` fails on it.
    ASSERT_TRUE(storage::Store::Open(data, storage::Store::Mode::kReadWrite).ok());
    storage::testing::RawDb raw(data);
    raw.Put("items", "zz-corrupt", "{not an item record");
  }
  WriteFile(dir.Sub("bad-lines.txt"), "# chỉ có dòng lỗi\nkhông phải URL\n");
  struct Case {
    std::vector<std::string> args;
    int exit_code;
    std::string message;  // what the officer must read on standard error
  };
  const std::vector<Case> cases = {
      {{"sources", "add", server.Url("/missing.xml"), "--data", data}, 1,
       "Không tải được " + server.Url("/missing.xml") + ": "},
      {{"--lang", "en", "sources", "add", server.Url("/missing.xml"), "--data", data}, 1, "404"},
      {{"sources", "add", "ftp://x", "--data", data}, 2, "\"ftp://x\" không phải URL http://"},
      {{"sources", "import", "no-such-list.txt", "--data", data}, 2, "no-such-list.txt: không đọc được tệp"},
      {{"--lang", "en", "sources", "import", "no-such-list.txt", "--data", data}, 2,
       "no-such-list.txt: cannot read the file"},
      {{"sources", "import", dir.Sub("bad-lines.txt"), "--data", data}, 0, "bad-lines.txt:2: not an http://"},
      {{"items", "--data", data}, 1, "Không đọc được tin đã lưu: read items from " + data + ": key zz-corrupt"},
      {{"--lang", "en", "items", "--json", "--data", data}, 1, "Cannot read the stored items: "},
  };
  std::vector<ProcessResult> direct;
  for (const auto& c : cases) {
    direct.push_back(Pw(c.args));
    EXPECT_EQ(direct.back().exit_code, c.exit_code) << ::testing::PrintToString(c.args) << direct.back().err;
    EXPECT_THAT(direct.back().err, HasSubstr(c.message)) << ::testing::PrintToString(c.args);
  }

  auto daemon = StartDaemon({"--profile", "lai-chau", "--data", data}, data);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    auto through = Pw(cases[i].args);
    EXPECT_EQ(through.exit_code, direct[i].exit_code) << ::testing::PrintToString(cases[i].args);
    EXPECT_EQ(through.err, direct[i].err) << ::testing::PrintToString(cases[i].args);
    EXPECT_EQ(through.out, direct[i].out) << ::testing::PrintToString(cases[i].args);
  }
  EXPECT_EQ(Requests("/missing.xml"), 4u) << "two adds without the daemon, two through it";
  StopDaemon(*daemon);
  const std::string log = daemon->Stderr();
  EXPECT_THAT(log, HasSubstr("control request: sources.import"));
  EXPECT_THAT(log, HasSubstr("control request: items")) << "the queries did go through the daemon";
  EXPECT_THAT(log, Not(HasSubstr("không đọc được tệp"))) << "the officer's message is not the daemon's";
  EXPECT_THAT(log, Not(HasSubstr("Không tải được")));
}

TEST_F(ControlCli, ASourceAddedThroughTheDaemonIsPolledWithoutASighup) {
  auto daemon = StartDaemon({"--profile", "lai-chau", "--data", data}, data);
  ASSERT_THAT(Pw({"items", "--data", data}).out, Not(HasSubstr("Mường Tè")));

  const auto added_at = std::chrono::steady_clock::now();
  auto added = Pw({"sources", "add", server.Url("/a.xml"), "--data", data});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_THAT(added.out, HasSubstr("Đã thêm nguồn 127.0.0.1-"));
  EXPECT_EQ(added.err, "") << "the daemon polls its registry: nothing to warn about";
  ASSERT_TRUE(WaitForItem(data, "Bác bỏ tin giả về sạt lở ở Mường Tè", 10s)) << daemon->Stderr();
  const auto polled_after = std::chrono::steady_clock::now() - added_at;
  EXPECT_GE(Requests("/a.xml"), 2u) << "the add's own fetch, then the daemon's poll";
  std::cout << "[ measure  ] added -> listed by items: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(polled_after).count() << " ms\n";

  WriteFile(dir.Sub("list.txt"), server.Url("/b.atom") + "\n");
  auto imported = Pw({"sources", "import", dir.Sub("list.txt"), "--data", data});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_THAT(imported.out, HasSubstr(": 1 nguồn mới"));
  ASSERT_TRUE(WaitForItem(data, "Tin đồn bịa đặt về lãnh đạo tỉnh Lai Châu", 10s)) << daemon->Stderr();
  EXPECT_EQ(Requests("/b.atom"), 1u) << "import fetches nothing; the one request is the daemon's poll";

  StopDaemon(*daemon);
  const std::string log = daemon->Stderr();
  EXPECT_THAT(log, HasSubstr("reload (source registry changed): configuration re-read, 1 sources"));
  EXPECT_THAT(log, HasSubstr("reload (source registry changed): configuration re-read, 2 sources"));
  EXPECT_THAT(log, Not(HasSubstr("SIGHUP")));
  std::size_t reloads = 0;
  for (auto at = log.find("reload ("); at != std::string::npos; at = log.find("reload (", at + 1)) ++reloads;
  EXPECT_EQ(reloads, 2u) << "one reload for each registry change";
}

TEST_F(ControlCli, WithAConfigurationFileTheCliIsToldTheDaemonPollsThatFilesSources) {
  WriteFile(dir.Sub("profile.toml"), pw::testing::kTestProfile);
  WriteFile(dir.Sub("pw.toml"), "profile_file = \"profile.toml\"\ndata_dir = \"cfg-data\"\n"
                                "[[sources]]\nid = \"a\"\nurl = \"" + server.Url("/a.xml") + "\"\n");
  const std::string cfg_data = dir.Sub("cfg-data");
  auto daemon = StartDaemon({"--config", dir.Sub("pw.toml")}, cfg_data);

  auto added = Pw({"sources", "add", server.Url("/b.atom"), "--data", cfg_data});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_THAT(added.out, HasSubstr("Đã thêm nguồn 127.0.0.1-"));
  EXPECT_THAT(added.err, HasSubstr("dịch vụ đang chạy theo dõi các nguồn trong tệp cấu hình"));
  WriteFile(dir.Sub("list.txt"), server.Url("/news/c.xml") + "\n");
  auto imported = Pw({"--lang", "en", "sources", "import", dir.Sub("list.txt"), "--data", cfg_data});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_THAT(imported.err, HasSubstr("the running daemon polls the sources of its configuration file"));
  auto again = Pw({"sources", "add", server.Url("/b.atom"), "--data", cfg_data});
  EXPECT_THAT(again.out, HasSubstr("đã có"));
  EXPECT_EQ(again.err, "") << "nothing was registered: nothing to warn about";

  StopDaemon(*daemon);
  EXPECT_THAT(daemon->Stderr(), Not(HasSubstr("reload"))) << "the registry is not what this daemon polls";
}

}  // namespace
}  // namespace pw::daemon
