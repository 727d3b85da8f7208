#include "daemon/service.h"

#include <csignal>
#include <iostream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <spdlog/spdlog.h>

#include "daemon/logging.h"
#include "daemon/poller.h"

namespace pw::daemon {
namespace asio = boost::asio;

namespace {

Result<SettingsPtr> LoadSettings(const ServiceOptions& options) {
  auto cfg = config::LoadConfig(options.config_path);
  if (!cfg) return cfg.error();
  if (options.data_dir) cfg->data_dir = *options.data_dir;
  return SettingsPtr(std::make_shared<const Settings>(std::move(*cfg)));
}

}  // namespace

int RunService(const ServiceOptions& options) {
  auto loaded = LoadSettings(options);
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
  spdlog::info("provwatch: profile {} ({}), {} sources, data in {}", settings->config.profile.id,
               settings->config.profile.name, settings->config.sources.size(),
               settings->config.data_dir);

  asio::io_context io;
  asio::thread_pool workers(static_cast<std::size_t>(settings->config.workers));
  std::ostream* out = options.out;
  const Lang lang = options.lang;

  auto observer = [out, lang](const PollOutcome& o) {
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
    asio::signal_set signals(io, SIGINT, SIGTERM, SIGHUP);
    std::function<void()> wait_signal;
    auto stop = [&] {
      poller.Stop();
      signals.cancel();
    };
    wait_signal = [&] {
      signals.async_wait([&](const boost::system::error_code& ec, int sig) {
        if (ec) return;
        if (sig == SIGHUP) {
          auto reloaded = LoadSettings(options);
          if (!reloaded) {
            spdlog::error("reload: {} (keeping the previous configuration)",
                          reloaded.error().message);
          } else {
            if ((*reloaded)->config.data_dir != settings->config.data_dir) {
              spdlog::warn("reload: data_dir changed to {}; it takes effect on restart",
                           (*reloaded)->config.data_dir);
            }
            settings = std::move(*reloaded);
            SetLogLevel(settings->config.log_level);
            poller.Reload(settings);
            spdlog::info("reload: configuration re-read, {} sources",
                         settings->config.sources.size());
          }
          wait_signal();
          return;
        }
        spdlog::info("signal {}: stopping after the writes in flight", sig);
        stop();
      });
    };
    wait_signal();

    if (options.once) {
      poller.PollAll([&](const CycleStats& stats) {
        if (out != nullptr) *out << DescribeCycle(stats, lang) << std::flush;
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
  return 0;
}

}  // namespace pw::daemon
