#pragma once
/// `provwatch case ...` and `provwatch user ...`: the clarification workflow
/// from the command line.
///
/// Every command becomes one request, a JSON object on one line
/// ({"op":"case.act","as":"an","id":"C-20261126-0001","action":{...}}), which
/// ExecuteCaseRequest answers with one JSON line ({"ok":true,...} or
/// {"ok":false,"error":"vi / en"}). The CLI executes it on the store directly
/// when no daemon runs, and a running daemon executes the very same function
/// for requests on its control socket, so the same checks apply either way.
///
/// The acting user (--as) must exist in the store; role, agency and
/// clearance come from there. Output is Vietnamese first (English with
/// --lang en), or the response JSON with --json. Exit codes: 0 done; 2 a
/// refused request (bad usage, unknown user, illegal action), nothing
/// written; 1 the store cannot be opened or written.
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "core/item.h"
#include "daemon/cli_env.h"
#include "storage/case_store.h"

namespace pw::daemon {

/// Adds the `case` and `user` subcommands to `app`.
void RegisterCaseCommands(CLI::App& app, CliEnv& env);

/// Answers one request line (see above) against `cases`. `now` stamps the
/// action. Never throws; a malformed request is an {"ok":false} answer.
std::string ExecuteCaseRequest(storage::CaseStore& cases, std::string_view request, UnixTime now);

/// True when the request only reads (a read-only store can answer it).
bool IsReadOnlyRequest(std::string_view request);

}  // namespace pw::daemon
