#include "storage/backup.h"

#include <filesystem>
#include <memory>

#include <rocksdb/utilities/checkpoint.h>

#include "storage/store_impl.h"

namespace pw::storage {

Status Backup(Store& store, const std::string& dir) {
  Store::Impl& s = store.internals();
  if (s.mode == Store::Mode::kReadOnly) return ReadOnlyError("back up", s.dir);
  std::error_code ec;
  if (std::filesystem::exists(dir, ec)) {
    return Error{"sao lưu: " + dir + " đã tồn tại / backup: " + dir + " already exists"};
  }
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status st = rocksdb::Checkpoint::Create(s.db.get(), &raw);
  if (!st.ok()) return RocksError("back up", s.dir, st);
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  // log_size_for_flush = 0: memtables are flushed first, so the checkpoint
  // holds every acknowledged write in table files.
  st = checkpoint->CreateCheckpoint(dir, /*log_size_for_flush=*/0);
  if (!st.ok()) return RocksError("back up " + s.dir + " to", dir, st);
  return {};
}

Status Restore(const std::string& backup_dir, const std::string& data_dir, bool force) {
  namespace fs = std::filesystem;
  {
    auto check = Store::Open(backup_dir, Store::Mode::kReadOnly);
    if (!check.ok()) {
      return Error{"khôi phục: " + backup_dir + " không phải bản sao lưu hợp lệ / restore: " +
                   backup_dir + " is not a usable backup: " + check.error().message};
    }
  }
  std::error_code ec;
  if (fs::exists(data_dir, ec) && !fs::is_empty(data_dir, ec)) {
    if (!force) {
      return Error{"khôi phục: thư mục dữ liệu " + data_dir +
                   " không trống (dùng --force để ghi đè) / restore: data dir " + data_dir +
                   " is not empty (--force replaces its contents)"};
    }
    for (const auto& entry : fs::directory_iterator(data_dir, ec)) {
      fs::remove_all(entry.path(), ec);
      if (ec) return Error{"restore: remove " + entry.path().string() + ": " + ec.message()};
    }
  }
  fs::create_directories(data_dir, ec);
  if (ec) return Error{"restore: create " + data_dir + ": " + ec.message()};
  fs::copy(backup_dir, data_dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
  if (ec) return Error{"restore: copy " + backup_dir + " to " + data_dir + ": " + ec.message()};
  return {};
}

}  // namespace pw::storage
