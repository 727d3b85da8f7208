#pragma once
/// Poller: fetch -> parse -> score -> store for each configured source.
/// Sources of type "html" (a listing page and its articles) are polled by
/// HtmlSources (daemon/html_source.h) and land the same way.
///
/// Fetches run on the io_context thread (curl multi-socket on Asio); parsing,
/// scoring and RocksDB writes run on the worker pool; outcomes come back to
/// the io thread. Nothing blocks the io thread.
///
/// Thread rules: every public method is called on the io thread. The Store
/// and the pool must outlive the Poller; join the pool before destroying the
/// io_context (workers post their outcomes to it).
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "core/item.h"
#include "crawler/fetcher.h"
#include "daemon/settings.h"
#include "storage/store.h"

namespace pw::daemon {

/// What one poll of one source produced.
struct PollOutcome {
  std::string source_id;
  std::string source_name;
  std::string url;
  std::string error;          ///< empty on success; else why the source failed
  bool not_modified = false;  ///< 304: nothing new, validators matched
  std::size_t parsed = 0;     ///< items in the document
  std::vector<Item> stored;   ///< items stored for the first time in this poll
  UnixTime next_due = 0;      ///< when the source is due again (saved in its state)
  bool circuit_open = false;  ///< parked after too many consecutive failures
  std::string unhealthy;      ///< empty, or why the source is unhealthy
  /// html sources: articles that were not stored (disallowed by robots.txt,
  /// failed to fetch) while the poll itself succeeded.
  std::vector<std::string> warnings;
};

/// Totals of one cycle over every source.
struct CycleStats {
  std::size_t sources = 0, failed = 0, not_modified = 0, parsed = 0, stored = 0, candidates = 0;
};

class HtmlSources;

class Poller {
 public:
  using Observer = std::function<void(const PollOutcome&)>;

  Poller(boost::asio::io_context& io, boost::asio::thread_pool& workers, storage::Store& store,
         SettingsPtr settings, Observer observer);
  ~Poller();
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  /// Polls every source once; `done` runs on the io thread after the last
  /// source's items are written.
  void PollAll(std::function<void(const CycleStats&)> done);

  /// Keeps polling: each source when it is due (the next-due time saved in
  /// its state, so a restarted daemon does not re-poll a source that is not
  /// due; never polled = now), then again when crawler/schedule.h says
  /// (adaptive interval, backoff, circuit, Retry-After, jitter).
  void Start();

  /// Replaces the configuration (SIGHUP): later polls use the new sources,
  /// profile, rules and time limits; polls in flight finish with the old ones.
  /// Connection limits, host delay and proxy are read when the Poller is
  /// built (they take effect on restart).
  void Reload(SettingsPtr settings);

  /// Stops scheduling and aborts transfers in flight. Jobs already on the
  /// worker pool finish their writes.
  void Stop();

 private:
  void PollOne(const config::SourceConfig& source, std::function<void(PollOutcome)> done);
  void StartPoll(const config::SourceConfig& source, std::function<void(PollOutcome)> done);
  void StartWaiting();
  void Schedule(const config::SourceConfig& source, std::chrono::milliseconds delay);
  /// Schedules `source` at the next-due time of its saved state.
  void ScheduleFromState(const config::SourceConfig& source);
  /// Delay until `next_due` (0 when past).
  static std::chrono::milliseconds Until(UnixTime next_due);
  /// On the io thread: a poll has come back from the workers.
  void Landed(PollOutcome outcome, std::function<void(PollOutcome)>& done);

  boost::asio::io_context& io_;
  boost::asio::thread_pool& workers_;
  storage::Store& store_;
  SettingsPtr settings_;
  Observer observer_;
  std::unique_ptr<crawler::Fetcher> fetcher_;
  std::unique_ptr<HtmlSources> html_;  ///< polls the sources of type "html" (daemon/html_source.h)
  std::map<std::string, std::unique_ptr<boost::asio::steady_timer>> timers_;
  std::set<std::string> in_flight_;
  /// Polls started and not yet back from the workers; the rest wait in order.
  std::size_t active_ = 0;
  std::deque<std::pair<config::SourceConfig, std::function<void(PollOutcome)>>> waiting_;
  bool running_ = false;
  bool stopped_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace pw::daemon
