#pragma once
/// Backup and restore of a whole data directory with RocksDB checkpoints: a
/// checkpoint is a consistent copy of the database at one moment (table
/// files hard-linked when on the same file system, copied otherwise), that
/// is itself an openable database.
#include <string>

#include "core/result.h"
#include "storage/store.h"

namespace pw::storage {

/// Writes a checkpoint of the open (read-write) `store` into `dir`, which
/// must not exist yet (its parent must). Safe while the store is in use: the
/// owner of the store calls it (the daemon, for `provwatch backup` sent over
/// its control socket).
Status Backup(Store& store, const std::string& dir);

/// Copies the backup in `backup_dir` into `data_dir`. The backup is checked
/// first (it must open as a provwatch database). Refuses a `data_dir` that
/// exists and is not empty unless `force`, which replaces its contents. The
/// data directory must not be in use (no daemon running on it).
Status Restore(const std::string& backup_dir, const std::string& data_dir, bool force);

}  // namespace pw::storage
