#pragma once
/// HtmlSources: polls the sources of type "html" — a listing page whose
/// article links are followed — for the Poller.
///
/// One poll: robots.txt of the listing's host (fetched once per host and
/// kept 24 h; `robots = false` skips it) -> the listing page (conditional
/// GET; a 304 fetches nothing more) -> its article links (the source's
/// selectors, else found automatically; crawler/link_select.h) -> the links
/// not stored yet and allowed by robots.txt, at most `max_articles` -> each
/// article fetched once through the same Fetcher (caps and host delay apply)
/// -> extracted (crawler/article_extract.h) -> Ingest, as a feed's items are.
///
/// Ingest is reused unchanged: the extracted articles reach it as a JSON
/// Feed document standing in for the listing's body (with the listing's
/// status and validators), so validators, storage, scheduling and health
/// follow one path for both kinds of source.
///
/// Errors: a listing disallowed by robots.txt or a robots.txt that cannot be
/// read (5xx, network) fails the poll with kind "robots". A disallowed or
/// failed article does not: it is listed in PollOutcome::warnings, logged,
/// and saved as the source's last error (kind "robots" or "article") while
/// the poll counts as a success. A failed article (not a disallowed one)
/// also drops the listing's validators, so the next poll fetches the
/// listing again and retries it.
///
/// Thread rules: construct, call Poll() and destroy on the io thread. `done`
/// runs on the io thread, and never when the Poller stopped in between (the
/// fetcher is gone: `fetcher()` returns null). The Store must outlive every
/// job posted to the worker pool.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "crawler/fetcher.h"
#include "crawler/robots.h"
#include "daemon/poller.h"
#include "daemon/settings.h"
#include "storage/store.h"

namespace pw::daemon {

class HtmlSources {
 public:
  HtmlSources(boost::asio::io_context& io, boost::asio::thread_pool& workers,
              storage::Store& store, std::function<crawler::Fetcher*()> fetcher);
  ~HtmlSources();
  HtmlSources(const HtmlSources&) = delete;
  HtmlSources& operator=(const HtmlSources&) = delete;

  /// Polls one html source whose saved state is `state`.
  void Poll(SettingsPtr settings, const config::SourceConfig& source, storage::SourceState state,
            std::function<void(PollOutcome)> done);

  struct Job;  // one poll in progress (html_source.cc)

 private:
  /// What robots.txt says for an origin; `problem` is set when it could not be read.
  struct RobotsAnswer {
    crawler::RobotsRules rules;
    std::string problem;
  };
  void WithRobots(const std::shared_ptr<Job>& job, std::function<void(RobotsAnswer)> then);
  void WithRobotsOf(const std::shared_ptr<Job>& job, const std::string& origin,
                    std::function<void(RobotsAnswer)> then);
  void FetchListing(const std::shared_ptr<Job>& job);
  void FetchArticles(const std::shared_ptr<Job>& job);
  void Finish(const std::shared_ptr<Job>& job, crawler::FetchResponse listing_stand_in);

  boost::asio::io_context& io_;
  boost::asio::thread_pool& workers_;
  storage::Store& store_;
  std::function<crawler::Fetcher*()> fetcher_;
  crawler::RobotsCache robots_;
  /// Origins whose robots.txt is being fetched, with the polls waiting for it.
  std::map<std::string, std::vector<std::function<void(RobotsAnswer)>>> robots_waiting_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

/// The items as a JSON Feed 1.1 document (title, url, id, summary,
/// content_text, date_published, date_modified, authors, tags, language),
/// so that crawler::ParseFeed gives them back unchanged.
std::string ArticlesAsJsonFeed(const std::vector<FeedItem>& items, const std::string& title,
                               const std::string& language);

}  // namespace pw::daemon
