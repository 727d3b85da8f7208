#pragma once
/// The daemon's control socket: while `provwatch run` holds the store (RocksDB
/// locks it to one process), the CLI's case, user, verify and backup commands
/// send their request to the daemon instead of opening the store.
///
/// Protocol: a Unix stream socket DATA_DIR/control.sock, mode 0600 (only the
/// daemon's user may connect). The client writes one request as a JSON
/// object on one line; the daemon answers one JSON line and closes. Requests
/// are those of case_command.h ("case.*", "user.*") plus {"op":"verify"} and
/// {"op":"backup","dir":...} and the "alert.*" requests of alert_command.h; HandleControlRequest answers them with the same
/// functions the CLI uses without a daemon, so the same checks apply.
/// Queries (QueryDaemon), answered {"ok":true,"code":N,"out":...,"err":...}:
///   {"op":"items","candidates","json","lang"}
///   {"op":"clusters","spreading","json","limit","lang"}
///   {"op":"sources.list","config","json","lang"}
///   {"op":"sources.add","url","all","pick","interval","lang"}
///   {"op":"sources.import","file" (as given),"path" (absolute),"interval","lang"}
///   {"op":"report","kind","profile","config","as","format","week","from","to","id","year","now"}
/// ("lang" is "vi" or "en"; "interval" in seconds; paths absolute.)
/// "err" carries the problems the command reports (the same text the CLI
/// writes to standard error without a daemon). After a sources.add or
/// sources.import that registered a source the server calls its RegistryHook.
///
/// Threads: the server accepts and reads on the io_context thread and runs
/// each request on the worker pool (store writes never block the I/O thread).
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "core/result.h"
#include "storage/store.h"

namespace pw::daemon {

/// DATA_DIR/control.sock
std::string ControlSocketPath(const std::string& data_dir);

/// Called on a worker after a sources.add or sources.import through the
/// control socket registered a source (the answer is sent after it returns). Returns true when the daemon polls
/// the registry (it then re-reads it, as on SIGHUP), false when it polls the
/// sources of its configuration file (the answer's "err" then says so, in
/// Vietnamese or English). Must not block for long.
using RegistryHook = std::function<bool()>;

/// Answers one control request against the open store (see above);
/// `registry_changed` (may be empty) as for ControlServer.
std::string HandleControlRequest(storage::Store& store, std::string_view request,
                                 const RegistryHook& registry_changed = {});

/// Sends `request` to a daemon serving `data_dir`. nullopt when none answers
/// (no socket, or nobody listening: a stale socket of a killed daemon);
/// an Error when one was reached but the exchange failed.
std::optional<Result<std::string>> AskDaemon(const std::string& data_dir, std::string_view request);

/// Runs `request` through the daemon serving `data_dir`, or, with none, on
/// the store opened here (read-only when `read_only`) with
/// HandleControlRequest. While the store is locked and no daemon answers (a
/// daemon starting or stopping) it retries for up to 10 s. Returns the answer
/// line; failures are answered as {"ok":false,"code":1,"error":...}.
std::string SubmitRequest(const std::string& data_dir, std::string_view request, bool read_only);

/// The CLI's queries while a daemon runs (`items`, `clusters`, `sources`
/// list/add/import, `report`): when a daemon serves `data_dir`, sends
/// `request` (one JSON line, see HandleControlRequest) to it, writes the
/// "out" and "err" of its answer to `out` and `err` unchanged, and returns the
/// exit code it answered; nullopt when no daemon answers, and the caller runs
/// the same function on a store it opens itself. The daemon answers with that
/// same function on its open store, so the output is the same byte for byte.
std::optional<int> QueryDaemon(const std::string& data_dir, std::string_view request, std::ostream& out,
                               std::ostream& err);

/// Listens on DATA_DIR/control.sock until destroyed (or Stop). A stale socket
/// file left by a killed daemon is replaced. `registry_changed` (may be
/// empty) is called after each registry change made through the socket; what
/// it refers to must outlive the worker pool's last job.
class ControlServer {
 public:
  static Result<std::unique_ptr<ControlServer>> Start(boost::asio::io_context& io,
                                                      boost::asio::thread_pool& workers,
                                                      storage::Store& store,
                                                      const std::string& data_dir,
                                                      RegistryHook registry_changed = {});
  ~ControlServer();
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;
  /// Stops accepting and removes the socket file; call on the io thread.
  void Stop();

  struct Impl;

 private:
  explicit ControlServer(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace pw::daemon
