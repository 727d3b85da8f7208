#include "daemon/digest_pdf.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

extern char** environ;

namespace pw::daemon {
namespace {

namespace fs = std::filesystem;

bool Executable(const std::string& path) { return !path.empty() && ::access(path.c_str(), X_OK) == 0; }

/// A fresh directory under the system temp dir, removed with the object.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (fs::temp_directory_path() / "provwatch-print-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// Runs `argv` with stdout and stderr to `log`, killed after `timeout`.
/// Returns the exit status, or an Error when it could not start or timed out.
Result<int> RunLogged(const std::vector<std::string>& argv, const std::string& log,
                      std::chrono::seconds timeout) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);  // its own group: killed with its children
  posix_spawnattr_setpgroup(&attr, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) return Error{"cannot start " + argv[0] + ": " + std::strerror(rc)};
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (true) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0) return Error{std::string("waitpid: ") + std::strerror(errno)};
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return Error{"Chromium không xong sau " + std::to_string(timeout.count()) +
                   " giây / Chromium did not finish within " + std::to_string(timeout.count()) + " s"};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string Tail(const std::string& path) {
  std::ifstream in(path);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return all.size() > 600 ? all.substr(all.size() - 600) : all;
}

/// Writes the page to a scratch dir and runs Chromium on it with `action`
/// (--print-to-pdf=... or --screenshot=...), checking that `out` was written.
Status RunChromium(const std::string& html, const std::vector<std::string>& action,
                   const std::string& out, std::chrono::seconds timeout) {
  auto chromium = FindChromium();
  if (!chromium) return chromium.error();
  ScratchDir dir;
  if (dir.path().empty()) return Error{"không tạo được thư mục tạm / cannot create a temporary directory"};
  const std::string page = dir.path() + "/digest.html", log = dir.path() + "/chromium.log";
  {
    std::ofstream f(page, std::ios::binary);
    f << html;
    if (!f) return Error{"không ghi được " + page + " / cannot write " + page};
  }
  std::error_code ec;
  fs::remove(out, ec);
  std::vector<std::string> argv{*chromium,
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--no-first-run",
                                "--no-default-browser-check",
                                "--user-data-dir=" + dir.path() + "/profile"};
  argv.insert(argv.end(), action.begin(), action.end());
  argv.push_back("file://" + page);
  auto rc = RunLogged(argv, log, timeout);
  if (!rc) return rc.error();
  if (*rc != 0 || !fs::exists(out) || fs::file_size(out, ec) == 0) {
    return Error{"Chromium không tạo được " + out + " / Chromium failed to write " + out + " (exit " +
                 std::to_string(*rc) + "): " + Tail(log)};
  }
  return {};
}

std::string Absolute(const std::string& path) { return fs::absolute(path).string(); }

}  // namespace

Result<std::string> FindChromium() {
  if (const char* env = std::getenv("PROVWATCH_CHROMIUM"); env != nullptr && *env != '\0') {
    if (Executable(env)) return std::string(env);
    return Error{std::string("PROVWATCH_CHROMIUM không chạy được: ") + env +
                 " / PROVWATCH_CHROMIUM is not an executable: " + env};
  }
  if (Executable("/usr/lib/chromium/chromium")) return std::string("/usr/lib/chromium/chromium");
  if (const char* path = std::getenv("PATH")) {
    std::string dirs = path;
    for (std::size_t start = 0; start <= dirs.size();) {
      const std::size_t end = std::min(dirs.find(':', start), dirs.size());
      const std::string candidate = dirs.substr(start, end - start) + "/chromium";
      if (end > start && Executable(candidate)) return candidate;
      start = end + 1;
    }
  }
  return Error{
      "không tìm thấy Chromium để in PDF: cài gói chromium (apt-get install chromium) hoặc đặt PROVWATCH_CHROMIUM / "
      "Chromium not found for printing to PDF: install the Debian package chromium (apt-get install chromium) "
      "or set PROVWATCH_CHROMIUM"};
}

Status PrintHtmlToPdf(const std::string& html, const std::string& pdf_path, std::chrono::seconds timeout) {
  const std::string out = Absolute(pdf_path);
  return RunChromium(html, {"--no-pdf-header-footer", "--print-to-pdf=" + out}, out, timeout);
}

Status ScreenshotHtml(const std::string& html, const std::string& png_path, int width, int height,
                      std::chrono::seconds timeout) {
  const std::string out = Absolute(png_path);
  return RunChromium(html,
                     {"--hide-scrollbars", "--window-size=" + std::to_string(width) + "," + std::to_string(height),
                      "--screenshot=" + out},
                     out, timeout);
}

}  // namespace pw::daemon
