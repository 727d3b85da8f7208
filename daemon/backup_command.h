#pragma once
/// `provwatch backup DIR --data D` and `provwatch restore DIR --data D [--force]`
/// (storage/backup.h). Backup goes through the running daemon's control
/// socket when one runs (the daemon writes the checkpoint), else opens the
/// store itself. Restore needs the data directory free: it refuses while a
/// daemon holds it, and refuses a non-empty directory unless --force.
/// Exit 0 done, 1 failure, 2 refused.
#include <CLI/CLI.hpp>

#include "daemon/cli_env.h"

namespace pw::daemon {

void RegisterBackupCommands(CLI::App& app, CliEnv& env);

}  // namespace pw::daemon
