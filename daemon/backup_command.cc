#include "daemon/backup_command.h"

#include <filesystem>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "daemon/control_socket.h"
#include "storage/backup.h"
#include "storage/store.h"

namespace pw::daemon {
namespace {

struct BackupArgs {
  std::string dir, data;
  bool force = false;
};

int RunBackup(const BackupArgs& a, Lang lang) {
  // Absolute: the daemon that writes it may run in another directory.
  const std::string dir = std::filesystem::absolute(a.dir).lexically_normal().string();
  const nlohmann::json req = {{"op", "backup"}, {"dir", dir}};
  const nlohmann::json resp = nlohmann::json::parse(SubmitRequest(a.data, req.dump(), /*read_only=*/false));
  if (!resp.value("ok", false)) {
    std::cerr << resp.value("error", std::string("?")) << '\n';
    return 1;
  }
  std::cout << Tr(lang, "Đã sao lưu ", "Backed up ") << a.data << Tr(lang, " vào ", " to ") << dir << '\n';
  return 0;
}

int RunRestore(const BackupArgs& a, Lang lang) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(a.data, ec) && !fs::is_empty(a.data, ec)) {
    // Taking the lock proves no daemon uses the directory; released at once.
    auto held = storage::Store::Open(a.data, storage::Store::Mode::kReadWrite);
    if (!held.ok() && held.error().message.find("is locked") != std::string::npos) {
      std::cerr << Tr(lang, "khôi phục: thư mục dữ liệu đang được dùng (dừng provwatch trước) / ",
                      "") << "restore: the data dir is in use (stop the daemon first): "
                << held.error().message << '\n';
      return 2;
    }
    if (!a.force) {
      std::cerr << "khôi phục: thư mục dữ liệu " << a.data
                << " không trống (dùng --force để ghi đè) / restore: data dir " << a.data
                << " is not empty (--force replaces its contents)\n";
      return 2;
    }
  }
  if (Status st = storage::Restore(a.dir, a.data, a.force); !st.ok()) {
    std::cerr << st.error().message << '\n';
    return 1;
  }
  std::cout << Tr(lang, "Đã khôi phục ", "Restored ") << a.dir << Tr(lang, " vào ", " into ") << a.data << '\n';
  return 0;
}

}  // namespace

void RegisterBackupCommands(CLI::App& app, CliEnv& env) {
  auto args = std::make_shared<BackupArgs>();
  CLI::App* backup = app.add_subcommand(
      "backup", "sao lưu dữ liệu (cả khi dịch vụ đang chạy) / back up the store (also while the daemon runs)");
  backup->add_option("DIR", args->dir, "new directory for the backup")->required();
  backup->add_option("--data", args->data, "data directory")->default_val(env.default_data);
  backup->callback([args, &env] { env.Finish(RunBackup(*args, env.lang())); });

  CLI::App* restore = app.add_subcommand(
      "restore", "khôi phục dữ liệu từ bản sao lưu / restore the store from a backup");
  restore->add_option("DIR", args->dir, "the backup directory")->required();
  restore->add_option("--data", args->data, "data directory")->default_val(env.default_data);
  restore->add_flag("--force", args->force, "replace a non-empty data directory");
  restore->callback([args, &env] { env.Finish(RunRestore(*args, env.lang())); });
}

}  // namespace pw::daemon
