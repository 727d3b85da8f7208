#pragma once
/// `provwatch alert add|list|rm|feed-url|dead-letters|retry`: a user's alert
/// rules and channels, the secret feed URL, and the dead letters of webhook
/// and e-mail delivery.
///
/// Each command is one request line, sent to the daemon's control socket
/// when a daemon runs (control_socket.h), else answered on the store opened
/// here, by ExecuteAlertRequest either way:
///   {"op":"alert.add","user","profile","topics":[...],"min_score","webhook","secret","email"}
///   {"op":"alert.list","user"}  {"op":"alert.rm","user","id"}  {"op":"alert.feed-url","user"}
///   {"op":"alert.dead-letters"}  {"op":"alert.retry","id"}
/// Answers {"ok":true,...} or {"ok":false,"code":1|2,"error":"vi / en"} (2:
/// refused, nothing written; 1: the store failed). Writes are synced.
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "core/item.h"
#include "daemon/cli_env.h"
#include "storage/store.h"

namespace pw::daemon {

/// Answers one "alert.*" request against `store`; `now` stamps new rules.
std::string ExecuteAlertRequest(storage::Store& store, std::string_view request, UnixTime now);

/// True for the "alert.*" requests that only read.
bool IsReadOnlyAlertRequest(std::string_view op);

/// Adds the `alert` subcommands to `app`.
void RegisterAlertCommands(CLI::App& app, CliEnv& env);

}  // namespace pw::daemon
