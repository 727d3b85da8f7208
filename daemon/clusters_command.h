#pragma once
/// `provwatch clusters [--data DIR] [--spreading] [--json]`: the story
/// clusters (storage/cluster.h), the most recently active first: first seen,
/// items, outlets, whether spreading, and the first item's title.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "daemon/cli_env.h"
#include "storage/store.h"

namespace pw::daemon {

/// One cluster as `clusters --json` writes it (also the HTTP API's rows).
nlohmann::json ClusterJson(const storage::Cluster& c);

void RegisterClustersCommand(CLI::App& app, CliEnv& env);

}  // namespace pw::daemon
