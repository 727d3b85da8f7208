#include "daemon/service.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <mutex>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <spdlog/spdlog.h>

#include "config/bundled.h"
#include "daemon/api.h"
#include "daemon/auth.h"
#include "daemon/control_socket.h"
#include "daemon/http_server.h"
#include "daemon/ingest.h"
#include "daemon/logging.h"
#include "daemon/poller.h"

namespace pw::daemon {
namespace asio = boost::asio;

namespace {

// Without a configuration file: the bundled profile, every other setting's
// default, and the sources registered in `store` (none when it is null: the
// profile is checked before anything is created on disk).
Result<SettingsPtr> StoreSettings(const ServiceOptions& options, const storage::Store* store) {
  auto profile = config::BundledProfile(options.profile_id);
  if (!profile) return profile.error();
  if (!options.data_dir) return Error{"run: without --config, give the data directory (--data DIR)"};
  config::Config cfg;
  cfg.data_dir = *options.data_dir;
  cfg.profile = std::move(*profile);
  if (store != nullptr) {
    auto registered = store->RegisteredSources();
    if (!registered) return registered.error();
    for (const auto& r : *registered) {
      config::SourceConfig source;
      source.id = r.id;
      source.name = r.name.empty() ? r.id : r.name;
      source.url = r.url;
      // The bounds the configuration enforces: 10 s to 7 days.
      source.interval = std::chrono::seconds(std::clamp<std::int64_t>(r.interval_seconds, 10, 7 * 24 * 3600));
      cfg.sources.push_back(std::move(source));
    }
  }
  return SettingsPtr(std::make_shared<const Settings>(std::move(cfg)));
}

// One retention sweep (storage/store.h Sweep), logged with its progress.
void SweepOnce(storage::Store& store, std::chrono::seconds retention) {
  const UnixTime cutoff = NowUnix() - retention.count();
  spdlog::info("retention: removing non-candidate items first seen more than {} days ago",
               retention.count() / 86400);
  auto swept = store.Sweep(cutoff, [](const storage::SweepStats& s) {
    spdlog::debug("retention: {} items scanned, {} removed", s.items_scanned, s.items_removed);
  });
  if (!swept) {
    spdlog::error("retention: {}", swept.error().message);
    return;
  }
  spdlog::info("retention: {} items scanned, {} removed, {} clusters removed", swept->items_scanned,
               swept->items_removed, swept->clusters_removed);
}

// What `run --once` sums up in its last line.
struct RunTally {
  std::size_t polled = 0, ok = 0, not_modified = 0, errors = 0, stored = 0;
};

Result<SettingsPtr> LoadSettings(const ServiceOptions& options, const storage::Store* store) {
  if (options.config_path.empty()) return StoreSettings(options, store);
  auto cfg = config::LoadConfig(options.config_path);
  if (!cfg) return cfg.error();
  if (options.data_dir) cfg->data_dir = *options.data_dir;
  return SettingsPtr(std::make_shared<const Settings>(std::move(*cfg)));
}

// The address the HTTP server listens on, or "" for none.
std::string HttpListen(const ServiceOptions& options, const config::Config& cfg) {
  if (options.http) return *options.http == "off" ? std::string() : *options.http;
  if (options.once) return {};
  return cfg.http_listen == "off" ? std::string() : cfg.http_listen;
}

}  // namespace

int RunService(const ServiceOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  auto loaded = LoadSettings(options, nullptr);
  if (!loaded) {
    spdlog::error("{}", loaded.error().message);
    return 2;
  }
  SettingsPtr settings = std::move(*loaded);
  SetLogLevel(settings->config.log_level);

  auto store = storage::Store::Open(settings->config.data_dir, storage::Store::Mode::kReadWrite);
  if (!store) {
    spdlog::error("{}", store.error().message);
    return 1;
  }
  // A crash between storing a candidate and opening its case leaves a
  // candidate without one: open those now (idempotent; writes only what is missing).
  if (auto candidates = (*store)->Items(true); !candidates) {
    spdlog::error("{}", candidates.error().message);
    return 1;
  } else if (Status opened = OpenCases(**store, *candidates, NowUnix(), settings->config.profile);
             !opened) {
    spdlog::error("{}", opened.error().message);
    return 1;
  }
  if (options.config_path.empty()) {  // now the registered sources can be read
    auto with_sources = LoadSettings(options, store->get());
    if (!with_sources) {
      spdlog::error("{}", with_sources.error().message);
      return 1;
    }
    settings = std::move(*with_sources);
    if (settings->config.sources.empty()) {
      spdlog::warn("no sources registered in {}: add some with `provwatch sources add URL` or "
                   "`provwatch sources import FILE`",
                   settings->config.data_dir);
    }
  }
  // Demo accounts only with the web page on (demo --once stays a plain poll).
  if (options.demo_accounts && !HttpListen(options, settings->config).empty()) {
    const auto& agencies = settings->config.profile.workflow.agencies;
    std::ostream& out = options.out != nullptr ? *options.out : std::cout;
    out << Tr(options.lang, "Tài khoản demo (tên, vai trò, mật khẩu):\n",
              "Demo accounts (name, role, password):\n");
    if (Status st = AuthStore(**store).EnsureDemoAccounts(agencies.empty() ? "" : agencies.begin()->first,
                                                          NowUnix(), out);
        !st) {
      spdlog::error("{}", st.error().message);
      return 1;
    }
    out << std::flush;
  }
  spdlog::info("provwatch: profile {} ({}), {} sources, data in {}", settings->config.profile.id,
               settings->config.profile.name, settings->config.sources.size(),
               settings->config.data_dir);

  asio::io_context io;
  asio::thread_pool workers(static_cast<std::size_t>(settings->config.workers));
  std::ostream* out = options.out;
  const Lang lang = options.lang;

  RunTally tally;
  ServiceMetrics metrics;
  auto observer = [out, lang, &tally, &metrics](const PollOutcome& o) {
    ++tally.polled;
    metrics.Poll(o.error);
    std::size_t stored_candidates = 0;
    for (const auto& item : o.stored) {
      if (!item.score.candidate) continue;
      ++stored_candidates;
      if (item.entry.published) metrics.Alerted(static_cast<double>(NowUnix() - *item.entry.published));
    }
    metrics.Stored(o.stored.size(), stored_candidates);
    tally.stored += o.stored.size();
    // PollOutcome has no status: a poll without error is a 304 or a 200
    // (file:// reads count as 200, as the fetcher reports them).
    if (!o.error.empty()) {
      ++tally.errors;
    } else if (o.not_modified) {
      ++tally.not_modified;
    } else {
      ++tally.ok;
    }
    if (!o.error.empty()) {
      spdlog::error("source {} ({}): {}", o.source_id, o.url, o.error);
    } else {
      std::size_t candidates = 0;
      for (const auto& item : o.stored) candidates += item.score.candidate ? 1 : 0;
      spdlog::info("source {}: {} items, {} new, {} candidates{}", o.source_id, o.parsed,
                   o.stored.size(), candidates, o.not_modified ? " (not modified)" : "");
    }
    if (out != nullptr) *out << DescribeOutcome(o, lang) << std::flush;
  };
  {
    Poller poller(io, workers, **store, settings, observer);
    // The CLI's case, user, verify and backup commands reach the store through it.
    auto control = ControlServer::Start(io, workers, **store, settings->config.data_dir);
    if (!control) spdlog::warn("{} (case commands need the daemon stopped)", control.error().message);
    // The web page and the HTTP API; handlers read the settings of the moment.
    std::mutex settings_mutex;
    auto current_settings = [&] {
      const std::lock_guard<std::mutex> lock(settings_mutex);
      return settings;
    };
    std::unique_ptr<Api> api;
    std::unique_ptr<HttpServer> http;
    if (const std::string listen = HttpListen(options, settings->config); !listen.empty()) {
      api = std::make_unique<Api>(ApiDeps{**store, current_settings, &metrics, settings->config.data_dir});
      auto started_http = HttpServer::Start(io, workers, listen, HttpLimits{},
                                            [&api](HttpRequest&& r) { return api->Handle(std::move(r)); });
      if (started_http) {
        http = std::move(*started_http);
        spdlog::info("http listening on {}:{}", ParseListenAddress(listen)->first, http->port());
      } else if (options.http) {  // asked for on the command line: fatal
        spdlog::error("{}", started_http.error().message);
        return 2;
      } else {
        spdlog::error("{} (running without the web page and the HTTP API)", started_http.error().message);
      }
    }
    asio::signal_set signals(io, SIGINT, SIGTERM, SIGHUP);
    std::function<void()> wait_signal;
    std::function<void()> stop = [&] {
      poller.Stop();
      if (control) (*control)->Stop();
      if (http) http->Stop();
      signals.cancel();
    };
    wait_signal = [&] {
      signals.async_wait([&](const boost::system::error_code& ec, int sig) {
        if (ec) return;
        if (sig == SIGHUP) {
          // Reading the file (and the registry) and compiling the scorer is
          // worker work; only the swap happens on the io thread.
          asio::post(workers, [&] {
            auto reloaded = LoadSettings(options, store->get());
            asio::post(io, [&, reloaded = std::move(reloaded)]() mutable {
              if (!reloaded) {
                spdlog::error("reload: {} (keeping the previous configuration)",
                              reloaded.error().message);
                return;
              }
              if ((*reloaded)->config.data_dir != settings->config.data_dir) {
                spdlog::warn("reload: data_dir changed to {}; it takes effect on restart",
                             (*reloaded)->config.data_dir);
              }
              {
                const std::lock_guard<std::mutex> lock(settings_mutex);
                settings = std::move(*reloaded);
              }
              SetLogLevel(settings->config.log_level);
              poller.Reload(settings);
              spdlog::info("reload: configuration re-read, {} sources",
                           settings->config.sources.size());
            });
          });
          wait_signal();
          return;
        }
        spdlog::info("signal {}: stopping after the writes in flight", sig);
        stop();
      });
    };
    wait_signal();

    // Retention (config `retention`): a sweep a minute after start, then daily,
    // on a worker; not in --once runs, which must stay a plain poll cycle.
    asio::steady_timer sweep_timer(io);
    std::function<void(std::chrono::seconds)> schedule_sweep = [&](std::chrono::seconds delay) {
      if (settings->config.retention.count() == 0) return;
      sweep_timer.expires_after(delay);
      sweep_timer.async_wait([&](const boost::system::error_code& ec) {
        if (ec) return;
        const auto retention = settings->config.retention;
        asio::post(workers, [&, retention] { SweepOnce(**store, retention); });
        schedule_sweep(std::chrono::hours(24));
      });
    };
    if (!options.once) schedule_sweep(std::chrono::minutes(1));
    stop = [&, stop_poller = stop] {
      sweep_timer.cancel();
      stop_poller();
    };

    if (options.once) {
      poller.PollAll([&](const CycleStats& stats) {
        if (std::ostream* o = out != nullptr ? out : options.summary) {
          *o << DescribeCycle(stats, lang) << std::flush;
        }
        stop();
      });
    } else {
      poller.Start();
    }
    io.run();
    workers.join();  // every write handed to a worker has finished
  }
  if (auto st = (*store)->Sync(); !st) {
    spdlog::error("{}", st.error().message);
    return 1;
  }
  spdlog::info("provwatch: stopped");
  if (options.once && options.summary != nullptr) {
    const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - started;
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.2f", wall.count());
    *options.summary << "feeds polled " << tally.polled << ", 200: " << tally.ok
                     << ", 304: " << tally.not_modified << ", errors: " << tally.errors
                     << ", new items: " << tally.stored << ", wall seconds: " << seconds << std::endl;
  }
  return 0;
}

}  // namespace pw::daemon
