#pragma once
/// The long-running service behind `provwatch run` and `provwatch demo`:
/// opens the store, polls until a signal, reloads on SIGHUP.
#include <optional>
#include <ostream>
#include <string>

#include "daemon/report.h"

namespace pw::daemon {

struct ServiceOptions {
  std::string config_path;
  std::optional<std::string> data_dir;  ///< overrides the configuration's data_dir
  bool once = false;                    ///< one cycle, wait for every write, exit
  Lang lang = Lang::kVi;
  std::ostream* out = nullptr;          ///< where stored items are described; null: nowhere
};

/// Runs until SIGINT/SIGTERM (or after one cycle with `once`). SIGHUP
/// re-reads the configuration; a bad new one is logged and the old one kept.
/// Returns the process exit code: 0 after a clean stop, 2 for a bad
/// configuration, 1 when the store cannot be opened.
int RunService(const ServiceOptions& options);

}  // namespace pw::daemon
