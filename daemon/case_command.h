#pragma once
/// `provwatch case list|show|audit|triage|report|assign|dossier|respond|
/// clarify|measure|notify|close|reopen|secret ... --as USER` and
/// `provwatch user add|list`: the clarification workflow from the command line.
///
/// Each command becomes one request (case_request.h), sent to the running
/// daemon's control socket, or answered on the store opened here when no
/// daemon runs. Output is Vietnamese first (English with --lang en), or the
/// answer's JSON line with --json. Exit codes: 0 done; 2 refused (bad usage,
/// unknown user, an action the workflow does not allow), nothing written;
/// 1 the store cannot be opened or written.
#include <CLI/CLI.hpp>

#include "daemon/cli_env.h"

namespace pw::daemon {

/// Adds the `case` and `user` subcommands to `app`.
void RegisterCaseCommands(CLI::App& app, CliEnv& env);

}  // namespace pw::daemon
