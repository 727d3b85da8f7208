#include "daemon/control_socket.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <sstream>
#include <thread>
#include <vector>

#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "daemon/alert_command.h"
#include "daemon/auth.h"
#include "daemon/case_request.h"
#include "daemon/clusters_command.h"
#include "daemon/commands.h"
#include "daemon/report_command.h"
#include "daemon/sources_command.h"
#include "storage/backup.h"
#include "workflow/case_store.h"
#include "workflow/verify.h"

namespace pw::daemon {
namespace asio = boost::asio;
using local = asio::local::stream_protocol;
using nlohmann::json;

namespace {

// A request line longer than this is refused (the connection is closed).
constexpr std::size_t kMaxRequestBytes = 1 << 20;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json VerifyAnswer(storage::Store& store) {
  auto summary = workflow::Verify(store);
  if (!summary.ok()) return {{"ok", false}, {"code", 1}, {"error", summary.error().message}};
  return {{"ok", true},
          {"cases", summary->cases},
          {"audit_records", summary->audit_records},
          {"case_items", summary->case_items}};
}

std::string Text(const json& req, const char* key) {
  return req.contains(key) && req[key].is_string() ? req[key].get<std::string>() : std::string();
}

/// How many sources are registered; nullopt when the registry cannot be read.
std::optional<std::size_t> RegistrySize(const storage::Store& store) {
  auto sources = store.RegisteredSources();
  return sources ? std::optional(sources->size()) : std::nullopt;
}

/// Runs sources.add or sources.import (`command`, returning its exit code).
/// When it registered a source (sources are only ever added, so the count
/// tells), calls `hook`, and tells the officer when the daemon does not poll
/// the registry.
int ChangingRegistry(storage::Store& store, const RegistryHook& hook, Lang lang, std::ostream& err,
                     const std::function<int()>& command) {
  const auto before = RegistrySize(store);
  const int code = command();
  const auto after = RegistrySize(store);
  const bool changed = before && after ? *after != *before : code == 0;
  if (!changed || !hook || hook()) return code;
  err << Tr(lang,
            "Nguồn đã được ghi vào danh sách nguồn, nhưng dịch vụ đang chạy theo dõi các nguồn trong tệp "
            "cấu hình của nó (--config): thêm nguồn vào tệp đó để dịch vụ tải nó.\n",
            "The source is registered, but the running daemon polls the sources of its configuration file "
            "(--config): add it to that file to have it polled.\n");
  return code;
}

/// Runs a query (see control_socket.h) on the daemon's open store with the
/// function the CLI runs without a daemon; nullopt when `op` is no query.
std::optional<int> RunQuery(storage::Store& store, const std::string& op, const json& req,
                            std::string_view line, std::ostream& out, std::ostream& err,
                            const RegistryHook& registry_changed) {
  const Lang lang = ParseLang(Text(req, "lang"));
  const std::chrono::seconds interval(req.value("interval", std::int64_t{3600}));
  if (op == "items") {
    std::optional<std::int64_t> since;
    if (req.contains("since")) since = req["since"].get<std::int64_t>();
    return ListItems(store.dir(), req.value("candidates", false), req.value("json", false), lang, out, err,
                     &store, since);
  }
  if (op == "clusters") {
    ClustersOptions o{store.dir(), req.value("spreading", false), req.value("json", false),
                      req.value("limit", std::size_t{50})};
    return ListClusters(o, lang, out, err, &store);
  }
  if (op == "sources.list") {
    return ListSources({store.dir(), Text(req, "config")}, req.value("json", false), lang, out, err, &store);
  }
  if (op == "sources.add") {
    std::optional<int> pick;
    if (req.contains("pick") && req["pick"].is_number_integer()) pick = req["pick"].get<int>();
    return ChangingRegistry(store, registry_changed, lang, err, [&] {
      return AddSource(store.dir(), Text(req, "url"), req.value("all", false), pick, interval, lang, out, err,
                       &store);
    });
  }
  if (op == "sources.import") {
    return ChangingRegistry(store, registry_changed, lang, err, [&] {
      return ImportSources(store.dir(), Text(req, "file"), interval, lang, out, err, &store, Text(req, "path"));
    });
  }
  if (op == "report") return RunReport(ReportOptionsOf(line), out, err, &store);
  return std::nullopt;
}

/// The answer to a query: its exit code and what it wrote, kept byte for byte
/// (invalid UTF-8, which JSON cannot carry, is replaced).
json QueryAnswer(int code, const std::string& out, const std::string& err) {
  return {{"ok", true}, {"code", code}, {"out", out}, {"err", err}};
}

}  // namespace

std::string ControlSocketPath(const std::string& data_dir) { return data_dir + "/control.sock"; }

std::string HandleControlRequest(storage::Store& store, std::string_view request,
                                 const RegistryHook& registry_changed) {
  std::string op;
  json req;
  try {
    req = json::parse(request);
    if (req.is_object()) op = req.value("op", std::string());
  } catch (const json::exception&) {
    // ExecuteCaseRequest answers malformed requests.
  }
  if (op == "verify") return Dump(VerifyAnswer(store));
  if (op.starts_with("alert.")) return ExecuteAlertRequest(store, request, static_cast<UnixTime>(std::time(nullptr)));
  {
    std::ostringstream out, err;
    std::optional<int> code;
    try {
      code = RunQuery(store, op, req, request, out, err, registry_changed);
    } catch (const std::exception& e) {  // a malformed field (json type_error): refused
      return Dump({{"ok", false}, {"code", 2}, {"error", std::string("bad request: ") + e.what()}});
    }
    if (code) return Dump(QueryAnswer(*code, out.str(), err.str()));
  }
  if (op == "backup") {
    const Status st = storage::Backup(store, req.value("dir", std::string()));
    if (!st.ok()) return Dump({{"ok", false}, {"code", 1}, {"error", st.error().message}});
    return Dump({{"ok", true}});
  }
  const auto now = static_cast<UnixTime>(std::time(nullptr));
  if (auto answer = HandleAccountRequest(store, request, now)) return *answer;  // passwords, tokens
  workflow::CaseStore cases(store);
  return ExecuteCaseRequest(cases, request, static_cast<UnixTime>(std::time(nullptr)));
}

std::optional<int> QueryDaemon(const std::string& data_dir, std::string_view request, std::ostream& out,
                               std::ostream& err) {
  auto answer = AskDaemon(data_dir, request);
  if (!answer) return std::nullopt;
  if (!answer->ok()) {
    err << answer->error().message << "\n";
    return 1;
  }
  const json j = json::parse(**answer, nullptr, false);
  if (!j.is_object()) {
    err << "control socket " << ControlSocketPath(data_dir) << ": bad answer\n";
    return 1;
  }
  if (!j.value("ok", false)) {
    err << j.value("error", std::string("?")) << "\n";
    return j.value("code", 1);
  }
  out << j.value("out", std::string()) << std::flush;
  err << j.value("err", std::string()) << std::flush;
  return j.value("code", 0);
}

std::optional<Result<std::string>> AskDaemon(const std::string& data_dir, std::string_view request) {
  const std::string path = ControlSocketPath(data_dir);
  sockaddr_un addr{};
  if (path.size() >= sizeof addr.sun_path) return std::nullopt;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  // Nobody listening (a socket file left by a killed daemon): no daemon.
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return std::nullopt;
  }
  timeval timeout{60, 0};  // a backup of a large store takes a while
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  const std::string line = std::string(request) + "\n";
  std::size_t sent = 0;
  while (sent < line.size()) {
    const ssize_t n = ::send(fd, line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return Result<std::string>(Error{"control socket " + path + ": send: " + std::strerror(errno)});
    }
    sent += static_cast<std::size_t>(n);
  }
  std::string answer;
  char buf[4096];
  while (answer.find('\n') == std::string::npos) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    answer.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  const auto end = answer.find('\n');
  if (end == std::string::npos) {
    return Result<std::string>(
        Error{"control socket " + path + ": the daemon closed the connection without an answer "
              "(it may have stopped; the action may or may not have been applied)"});
  }
  answer.resize(end);
  return Result<std::string>(std::move(answer));
}

struct Connection;

struct ControlServer::Impl : std::enable_shared_from_this<ControlServer::Impl> {
  Impl(asio::io_context& io_context, asio::thread_pool& pool, storage::Store& s, std::string p, RegistryHook hook)
      : io(io_context), workers(pool), store(s), path(std::move(p)), registry_changed(std::move(hook)),
        acceptor(io_context) {}

  void Accept();

  asio::io_context& io;
  asio::thread_pool& workers;
  storage::Store& store;
  std::string path;
  RegistryHook registry_changed;
  local::acceptor acceptor;
  bool stopped = false;
  std::vector<std::weak_ptr<Connection>> connections;  // io thread only
};

std::string SubmitRequest(const std::string& data_dir, std::string_view request, bool read_only) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    if (auto answer = AskDaemon(data_dir, request); answer.has_value()) {
      if (!answer->ok()) return Dump({{"ok", false}, {"code", 1}, {"error", answer->error().message}});
      return **answer;
    }
    auto store = storage::Store::Open(
        data_dir, read_only ? storage::Store::Mode::kReadOnly : storage::Store::Mode::kReadWrite);
    if (store.ok()) return HandleControlRequest(**store, request);
    const bool locked = store.error().message.find("is locked") != std::string::npos;
    if (!locked || std::chrono::steady_clock::now() > deadline) {
      return Dump({{"ok", false}, {"code", 1}, {"error", store.error().message}});
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// One client connection: read a line, run it on a worker, write the answer, close.
struct Connection : std::enable_shared_from_this<Connection> {
  Connection(local::socket s, std::shared_ptr<ControlServer::Impl> server)
      : socket(std::move(s)), owner(std::move(server)) {}
  void Start();

  local::socket socket;
  asio::streambuf in{kMaxRequestBytes};
  std::string answer;
  std::shared_ptr<ControlServer::Impl> owner;
};

void ControlServer::Impl::Accept() {
  acceptor.async_accept([self = shared_from_this()](const boost::system::error_code& ec, local::socket s) {
    if (self->stopped) return;
    if (!ec) {
      std::erase_if(self->connections, [](const std::weak_ptr<Connection>& w) { return w.expired(); });
      auto conn = std::make_shared<Connection>(std::move(s), self);
      self->connections.push_back(conn);
      conn->Start();
    } else {
      spdlog::warn("control socket {}: accept: {}", self->path, ec.message());
    }
    self->Accept();
  });
}

void Connection::Start() {
  auto self = shared_from_this();
  asio::async_read_until(socket, in, '\n', [self](const boost::system::error_code& ec, std::size_t n) {
    if (ec) return;  // the client went away, or the line was too long
    std::string line(asio::buffers_begin(self->in.data()), asio::buffers_begin(self->in.data()) + n - 1);
    // Store work (possibly a synced write or a checkpoint) runs on a worker.
    asio::post(self->owner->workers, [self, line = std::move(line)] {
      // Only the op is logged: a request may carry secrets (issue 6 passwords).
      const json req = json::parse(line, nullptr, false);
      spdlog::info("control request: {}", req.is_object() && req.contains("op") && req["op"].is_string()
                                              ? req["op"].get<std::string>()
                                              : std::string("?"));
      self->answer = HandleControlRequest(self->owner->store, line, self->owner->registry_changed) + "\n";
      asio::post(self->socket.get_executor(), [self] {
        asio::async_write(self->socket, asio::buffer(self->answer),
                          [self](const boost::system::error_code&, std::size_t) {
                            boost::system::error_code ignored;
                            self->socket.close(ignored);
                          });
      });
    });
  });
}

ControlServer::ControlServer(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
ControlServer::~ControlServer() {
  if (!impl_->stopped) Stop();
}

Result<std::unique_ptr<ControlServer>> ControlServer::Start(asio::io_context& io,
                                                            asio::thread_pool& workers,
                                                            storage::Store& store,
                                                            const std::string& data_dir,
                                                            RegistryHook registry_changed) {
  const std::string path = ControlSocketPath(data_dir);
  if (path.size() >= sizeof(sockaddr_un{}.sun_path)) {
    return Error{"control socket " + path + ": the path is too long for a Unix socket"};
  }
  // This process holds the store's lock, so a socket file here is a stale
  // one from a daemon that was killed.
  std::error_code fs_ec;
  std::filesystem::remove(path, fs_ec);
  auto impl = std::make_shared<Impl>(io, workers, store, path, std::move(registry_changed));
  boost::system::error_code ec;
  impl->acceptor.open(local(), ec);
  // Created with mode 0600: only the daemon's user may send requests.
  const mode_t old_mask = ::umask(0177);
  if (!ec) impl->acceptor.bind(local::endpoint(path), ec);
  ::umask(old_mask);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Error{"control socket " + path + ": " + ec.message()};
  impl->Accept();
  return std::unique_ptr<ControlServer>(new ControlServer(std::move(impl)));
}

void ControlServer::Stop() {
  impl_->stopped = true;
  boost::system::error_code ec;
  impl_->acceptor.close(ec);
  for (auto& weak : impl_->connections) {
    if (auto conn = weak.lock()) conn->socket.close(ec);
  }
  impl_->connections.clear();
  std::error_code fs_ec;
  std::filesystem::remove(impl_->path, fs_ec);
}

}  // namespace pw::daemon
