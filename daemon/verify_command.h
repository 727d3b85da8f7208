#pragma once
/// `provwatch verify --data DIR [--json]`: checks the store's invariants
/// (workflow/verify.h) through the running daemon, or on the store opened
/// read-only when none runs. Exit 0 with a summary line; 1 naming the first
/// violation (or a store that cannot be opened).
#include <CLI/CLI.hpp>

#include "daemon/cli_env.h"

namespace pw::daemon {

void RegisterVerifyCommand(CLI::App& app, CliEnv& env);

}  // namespace pw::daemon
