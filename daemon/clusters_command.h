#pragma once
/// `provwatch clusters [--data DIR] [--spreading] [--json]`: the story
/// clusters (storage/cluster.h), the most recently active first: first seen,
/// items, outlets, whether spreading, and the first item's title.
#include <cstddef>
#include <ostream>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "daemon/cli_env.h"
#include "storage/store.h"

namespace pw::daemon {

/// One cluster as `clusters --json` writes it (also the HTTP API's rows).
nlohmann::json ClusterJson(const storage::Cluster& c);

struct ClustersOptions {
  std::string data_dir;
  bool spreading_only = false;
  bool json = false;
  std::size_t limit = 50;
};

/// Lists the clusters. While a daemon serves `o.data_dir` the query goes
/// through it (control_socket.h QueryDaemon); else the store is opened
/// read-only here. With `open` (the daemon answering) that store is read.
int ListClusters(const ClustersOptions& o, Lang lang, std::ostream& out, std::ostream& err,
                 storage::Store* open = nullptr);

void RegisterClustersCommand(CLI::App& app, CliEnv& env);

}  // namespace pw::daemon
