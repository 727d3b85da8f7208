#pragma once
/// `provwatch clusters [--data DIR] [--spreading] [--json]`: the story
/// clusters (storage/cluster.h), the most recently active first: first seen,
/// items, outlets, whether spreading, and the first item's title.
#include <CLI/CLI.hpp>

#include "daemon/cli_env.h"

namespace pw::daemon {

void RegisterClustersCommand(CLI::App& app, CliEnv& env);

}  // namespace pw::daemon
