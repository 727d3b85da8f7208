#include "daemon/service.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <spdlog/spdlog.h>

#include "config/bundled.h"
#include "daemon/alerts_delivery.h"
#include "daemon/alerts_engine.h"
#include "daemon/api.h"
#include "daemon/auth.h"
#include "daemon/case_request.h"
#include "daemon/control_socket.h"
#include "daemon/digest_sender.h"
#include "daemon/http_server.h"
#include "daemon/ingest.h"
#include "daemon/logging.h"
#include "daemon/poller.h"
#include "workflow/case_sweep.h"
#include "workflow/report_reminders.h"

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

// The sweep's clock: PROVWATCH_TEST_NOW (Unix seconds) when a test sets it,
// else the system clock.
UnixTime SweepNow() {
  if (const char* env = std::getenv("PROVWATCH_TEST_NOW"); env != nullptr && *env != '\0') {
    return static_cast<UnixTime>(std::strtoll(env, nullptr, 10));
  }
  return NowUnix();
}

// One pass of the workflow sweep (workflow/case_sweep.h) and of the period
// report reminders (workflow/report_reminders.h); on a worker. Failures are
// logged; the next pass tries again.
void SweepWorkflow(storage::Store& store, const config::Config& config,
                   const std::vector<ReminderHook>& hooks) {
  const config::Profile& profile = config.profile;
  const UnixTime now = SweepNow();
  std::size_t overdue = 0, escalated = 0, raised = 0, reminded = 0;
  if (auto swept = workflow::SweepCases(store, PoliciesOf, now); !swept) {
    spdlog::error("case sweep: {}", swept.error().message);
  } else {
    for (const auto& e : swept->escalated) {
      spdlog::warn("hồ sơ {} quá hạn {} (hạn {}): đã ghi nhận chuyển cấp / case {} overdue: {} escalated",
                   e.case_id, e.deadline, IsoTime(e.due), e.case_id, e.deadline);
    }
    for (const auto& id : swept->raised) {
      spdlog::warn("hồ sơ {}: cụm tin đang lan truyền, mức độ nâng lên cao / case {}: cluster spreading, "
                   "severity raised to high", id, id);
    }
    overdue = swept->overdue.size();
    escalated = swept->escalated.size();
    raised = swept->raised.size();
  }
  if (auto reminders = workflow::RecordDueReminders(store, profile.id, profile.workflow, now); !reminders) {
    spdlog::error("report reminders: {}", reminders.error().message);
  } else {
    for (const auto& r : *reminders) {
      spdlog::warn("{}", workflow::ReminderText(r));
      for (const auto& hook : hooks) hook(r);
      if (auto st = MailReminder(config, r); !st) spdlog::error("report reminder e-mail: {}", st.error().message);
    }
    reminded = reminders->size();
  }
  // The weekly digest, once its scheduled time has come ([digest], [smtp]).
  if (auto sent = SendDueDigest(store, config, now); !sent) {
    spdlog::error("weekly digest: {}", sent.error().message);
  }
  // The last line of a pass (tests wait for it).
  spdlog::info("case sweep: {} cases overdue, {} escalated, {} severity raised, {} reminders recorded",
               overdue, escalated, raised, reminded);
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
  } else if (auto alerted = CatchUpAlerts(**store, settings->config, *candidates, NowUnix()); !alerted) {
    spdlog::error("alerts: {}", alerted.error().message);
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

  // Webhook and e-mail deliveries, on a thread of their own (alerts_delivery.h).
  AlertDelivery delivery(**store, settings->config.smtp, settings->config.alerts);
  if (!options.once) delivery.Start();

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
    // The web page and the HTTP API read the settings of the moment.
    std::mutex settings_mutex;
    auto current_settings = [&] {
      const std::lock_guard<std::mutex> lock(settings_mutex);
      return settings;
    };
    // Re-reads the configuration file (without one: the source registry), on
    // SIGHUP and after a source is added through the control socket. Reading
    // and compiling the scorer is worker work; only the swap happens on the io
    // thread. Reloads may overlap: the swap keeps the one that started last,
    // so an older read never replaces a newer one.
    std::atomic<std::uint64_t> reloads_started{0};
    std::uint64_t reload_applied = 0;  // io thread only
    const std::function<void(const char*)> reload = [&](const char* why) {
      asio::post(workers, [&, why] {
        const std::uint64_t generation = ++reloads_started;
        auto reloaded = LoadSettings(options, store->get());
        asio::post(io, [&, why, generation, reloaded = std::move(reloaded)]() mutable {
          if (generation < reload_applied) return;  // a later read has been applied
          reload_applied = generation;
          if (!reloaded) {
            spdlog::error("reload ({}): {} (keeping the previous configuration)", why, reloaded.error().message);
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
          delivery.SetConfig(settings->config.smtp, settings->config.alerts);
          spdlog::info("reload ({}): configuration re-read, {} sources", why, settings->config.sources.size());
        });
      });
    };
    // The CLI's case, user, verify, backup and query commands reach the store
    // through it. A source added through it is polled when the daemon polls
    // the registry (no --config); with a configuration file the CLI is told.
    auto control = ControlServer::Start(io, workers, **store, settings->config.data_dir, [&options, &reload] {
      if (!options.config_path.empty()) return false;
      reload("source registry changed");
      return true;
    });
    if (!control) spdlog::warn("{} (case commands need the daemon stopped)", control.error().message);
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
          reload("SIGHUP");
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

    // The workflow sweep (escalations, severity, report reminders): now, on a
    // worker, then every escalation_interval; in --once runs only the first.
    asio::steady_timer workflow_timer(io);
    std::function<void()> schedule_workflow = [&] {
      const SettingsPtr current = settings;
      asio::post(workers, [&store, current, &options] {
        SweepWorkflow(**store, current->config, options.reminder_hooks);
      });
      if (options.once) return;
      workflow_timer.expires_after(settings->config.escalation_interval);
      workflow_timer.async_wait([&](const boost::system::error_code& ec) {
        if (!ec) schedule_workflow();
      });
    };
    schedule_workflow();
    stop = [&, stop_poller = stop] {
      sweep_timer.cancel();
      workflow_timer.cancel();
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
  // --once: one delivery pass for the alerts of this cycle, then exit.
  if (options.once) delivery.RunDue(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch()).count());
  delivery.Stop();
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
