#include "daemon/poller.h"

#include <algorithm>
#include <chrono>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "daemon/html_source.h"
#include "daemon/ingest.h"

namespace pw::daemon {
namespace asio = boost::asio;

namespace {


crawler::FetcherOptions FetcherOptionsOf(const config::Config& config) {
  crawler::FetcherOptions options;
  options.max_transfers = config.max_connections;
  options.max_per_host = config.max_per_host;
  options.host_delay = config.host_delay;
  options.proxy = config.proxy;
  return options;
}

}  // namespace

Poller::Poller(asio::io_context& io, asio::thread_pool& workers, storage::Store& store,
               SettingsPtr settings, Observer observer)
    : io_(io),
      workers_(workers),
      store_(store),
      settings_(std::move(settings)),
      observer_(std::move(observer)),
      fetcher_(std::make_unique<crawler::Fetcher>(io, FetcherOptionsOf(settings_->config))),
      html_(std::make_unique<HtmlSources>(io, workers, store, [this] { return fetcher_.get(); })) {}

Poller::~Poller() { Stop(); }

void Poller::PollOne(const config::SourceConfig& source, std::function<void(PollOutcome)> done) {
  if (stopped_ || !in_flight_.insert(source.id).second) return;
  // Backpressure: fetches finish faster than workers parse, so without a cap
  // a cycle over thousands of sources would hold every body in memory at once.
  const std::size_t cap = 2 * static_cast<std::size_t>(settings_->config.max_connections);
  if (active_ >= cap) {
    waiting_.emplace_back(source, std::move(done));
    return;
  }
  StartPoll(source, std::move(done));
}

void Poller::StartWaiting() {
  const std::size_t cap = 2 * static_cast<std::size_t>(settings_->config.max_connections);
  while (!stopped_ && active_ < cap && !waiting_.empty()) {
    auto [source, done] = std::move(waiting_.front());
    waiting_.pop_front();
    StartPoll(source, std::move(done));
  }
}

void Poller::StartPoll(const config::SourceConfig& source, std::function<void(PollOutcome)> done) {
  ++active_;
  std::weak_ptr<bool> alive = alive_;
  SettingsPtr settings = settings_;
  // While a poll is on the worker pool the io_context may have nothing else to
  // do; the guard keeps run() from returning before the outcome comes back.
  auto guard = std::make_shared<asio::executor_work_guard<asio::io_context::executor_type>>(
      io_.get_executor());
  done = [guard, done = std::move(done)](PollOutcome o) mutable {
    done(std::move(o));
    guard->reset();
  };
  // Source state (validators) is read on a worker: RocksDB reads stay off the io thread.
  asio::post(workers_, [this, alive, settings, source, done = std::move(done)]() mutable {
    auto state = store_.GetSource(source.id);
    storage::SourceState st = state && *state ? **state : storage::SourceState{};
    asio::post(io_, [this, alive, settings, source, st, done = std::move(done)]() mutable {
      if (alive.expired() || stopped_) return;
      if (source.type == "html") {
        html_->Poll(settings, source, st, [this, alive, done = std::move(done)](PollOutcome o) mutable {
          if (!alive.expired()) Landed(std::move(o), done);
        });
        return;
      }
      const config::Config& cfg = settings->config;
      crawler::FetchRequest request = RequestFor(cfg, PollUrl(source, st));
      request.etag = st.etag;
      request.last_modified = st.last_modified;
      fetcher_->Fetch(std::move(request), [this, alive, settings, source, st,
                                           done = std::move(done)](crawler::FetchResponse r) mutable {
        if (alive.expired() || stopped_) return;
        asio::post(workers_, [this, alive, settings, source, st, r = std::move(r),
                              done = std::move(done)]() mutable {
          PollOutcome outcome = Ingest(*settings, source, r, store_, st, NowUnix());
          asio::post(io_, [this, alive, outcome = std::move(outcome),
                           done = std::move(done)]() mutable {
            if (!alive.expired()) Landed(std::move(outcome), done);
          });
        });
      });
    });
  });
}

void Poller::Landed(PollOutcome outcome, std::function<void(PollOutcome)>& done) {
  in_flight_.erase(outcome.source_id);
  --active_;
  if (observer_) observer_(outcome);
  done(std::move(outcome));
  StartWaiting();
}

void Poller::PollAll(std::function<void(const CycleStats&)> done) {
  auto stats = std::make_shared<CycleStats>();
  const auto& sources = settings_->config.sources;
  auto remaining = std::make_shared<std::size_t>(sources.size());
  auto finish = std::make_shared<std::function<void(const CycleStats&)>>(std::move(done));
  if (sources.empty()) {
    asio::post(io_, [stats, finish] { (*finish)(*stats); });
    return;
  }
  for (const auto& source : sources) {
    PollOne(source, [stats, remaining, finish](PollOutcome o) {
      ++stats->sources;
      if (!o.error.empty()) ++stats->failed;
      if (o.not_modified) ++stats->not_modified;
      stats->parsed += o.parsed;
      stats->stored += o.stored.size();
      for (const auto& item : o.stored) stats->candidates += item.score.candidate ? 1 : 0;
      if (--*remaining == 0) (*finish)(*stats);
    });
  }
}

void Poller::Schedule(const config::SourceConfig& source, std::chrono::milliseconds delay) {
  if (stopped_) return;
  auto& timer = timers_[source.id];
  if (!timer) timer = std::make_unique<asio::steady_timer>(io_);
  timer->expires_after(delay);
  std::weak_ptr<bool> alive = alive_;
  timer->async_wait([this, alive, source](const boost::system::error_code& ec) {
    if (ec || alive.expired() || stopped_) return;
    PollOne(source, [this, alive, source](const PollOutcome& outcome) {
      if (alive.expired()) return;
      // Re-read the source: a reload may have changed or removed it.
      for (const auto& s : settings_->config.sources) {
        if (s.id == source.id) Schedule(s, Until(outcome.next_due));
      }
    });
  });
}

std::chrono::milliseconds Poller::Until(UnixTime next_due) {
  return std::chrono::milliseconds(std::max<UnixTime>(next_due - NowUnix(), 0) * 1000);
}

void Poller::ScheduleFromState(const config::SourceConfig& source) {
  std::weak_ptr<bool> alive = alive_;
  // Keeps run() from returning while the read is on the worker pool.
  auto guard = std::make_shared<asio::executor_work_guard<asio::io_context::executor_type>>(
      io_.get_executor());
  // The saved state is read on a worker: RocksDB reads stay off the io thread.
  asio::post(workers_, [this, alive, source, guard] {
    const auto state = store_.GetSource(source.id);
    const UnixTime due = state.ok() && *state ? (*state)->next_due : 0;
    asio::post(io_, [this, alive, source, due, guard] {
      guard->reset();
      if (alive.expired() || stopped_) return;
      Schedule(source, Until(due));
    });
  });
}

void Poller::Start() {
  running_ = true;
  for (const auto& source : settings_->config.sources) ScheduleFromState(source);
}

void Poller::Reload(SettingsPtr settings) {
  settings_ = std::move(settings);
  if (!running_ || stopped_) return;
  for (auto& [id, timer] : timers_) timer->cancel();
  timers_.clear();
  for (const auto& source : settings_->config.sources) {
    // Sources whose poll is in flight reschedule themselves when it lands.
    if (!in_flight_.contains(source.id)) ScheduleFromState(source);
  }
}

void Poller::Stop() {
  if (stopped_) return;
  stopped_ = true;
  for (auto& [id, timer] : timers_) timer->cancel();
  timers_.clear();
  fetcher_.reset();  // aborts transfers in flight; their callbacks never run
}

}  // namespace pw::daemon
