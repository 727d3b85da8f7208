#pragma once
/// Logging set-up: spdlog to standard error, so standard output stays for
/// results (items, score lines) that other programs read.
#include <string_view>

namespace pw::daemon {

/// Installs the stderr logger; call once at start.
void InitLogging();
/// "trace", "debug", "info", "warn", "error"; anything else means info.
void SetLogLevel(std::string_view level);

}  // namespace pw::daemon
