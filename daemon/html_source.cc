#include "daemon/html_source.h"

#include <chrono>
#include <ctime>
#include <set>
#include <utility>

#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "crawler/article_extract.h"
#include "crawler/html_charset.h"
#include "crawler/link_select.h"
#include "daemon/ingest.h"

namespace pw::daemon {
namespace asio = boost::asio;

struct HtmlSources::Job {
  SettingsPtr settings;
  config::SourceConfig source;
  storage::SourceState state;
  std::function<void(PollOutcome)> done;
  std::string listing_url;
  crawler::RobotsRules listing_robots;  ///< allows everything when robots are off
  crawler::FetchResponse listing;
  std::string language;                 ///< of the listing page
  std::vector<std::string> candidates;  ///< article links not stored yet, in page order
  std::vector<std::string> to_fetch;
  std::vector<crawler::FetchResponse> articles;
  std::size_t pending = 0;
  std::string fail_kind;                ///< kind of a failed poll when Ingest cannot tell it
  std::vector<std::string> warnings;    ///< per-article problems (the poll still succeeds)
  std::string warning_kind;             ///< "robots" or "article": the last warning's kind
  bool retry_listing = false;           ///< an article failed: keep no validators
  /// Robots rules of other origins that selected links point to.
  std::map<std::string, RobotsAnswer> other_robots;
};

namespace {



crawler::FetchResponse ErrorResponse(const std::string& url, std::string error) {
  crawler::FetchResponse r;
  r.url = url;
  r.error = std::move(error);
  return r;
}

std::string Rfc3339(UnixTime t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// "a; b; c and 4 more" — a state's last error stays one readable line.
std::string Summarise(const std::vector<std::string>& messages) {
  std::string out;
  const std::size_t shown = std::min<std::size_t>(messages.size(), 3);
  for (std::size_t i = 0; i < shown; ++i) out += (i > 0 ? "; " : "") + messages[i];
  if (messages.size() > shown) out += " and " + std::to_string(messages.size() - shown) + " more";
  return out;
}

}  // namespace

std::string ArticlesAsJsonFeed(const std::vector<FeedItem>& items, const std::string& title,
                               const std::string& language) {
  nlohmann::json feed = {{"version", "https://jsonfeed.org/version/1.1"}, {"title", title}};
  if (!language.empty()) feed["language"] = language;
  auto& out = feed["items"] = nlohmann::json::array();
  for (const auto& item : items) {
    nlohmann::json j = {{"id", item.link},
                        {"url", item.link},
                        {"title", item.title},
                        {"summary", item.summary},
                        {"content_text", item.content}};
    if (item.published) j["date_published"] = Rfc3339(*item.published);
    if (item.updated) j["date_modified"] = Rfc3339(*item.updated);
    if (!item.author.empty()) j["authors"] = {{{"name", item.author}}};
    if (!item.categories.empty()) j["tags"] = item.categories;
    out.push_back(std::move(j));
  }
  return feed.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

HtmlSources::HtmlSources(asio::io_context& io, asio::thread_pool& workers, storage::Store& store,
                         std::function<crawler::Fetcher*()> fetcher)
    : io_(io), workers_(workers), store_(store), fetcher_(std::move(fetcher)) {}

HtmlSources::~HtmlSources() = default;

void HtmlSources::Poll(SettingsPtr settings, const config::SourceConfig& source,
                       storage::SourceState state, std::function<void(PollOutcome)> done) {
  auto job = std::make_shared<Job>();
  job->settings = std::move(settings);
  job->source = source;
  job->listing_url = PollUrl(source, state);
  job->state = std::move(state);
  job->done = std::move(done);
  if (!source.robots || crawler::RobotsOrigin(job->listing_url).empty()) {
    FetchListing(job);
    return;
  }
  WithRobots(job, [this, job](RobotsAnswer answer) {
    if (!answer.problem.empty()) {
      job->fail_kind = "robots";
      Finish(job, ErrorResponse(job->listing_url, answer.problem));
      return;
    }
    job->listing_robots = std::move(answer.rules);
    if (!crawler::RobotsAllows(job->listing_robots, job->listing_url)) {
      job->fail_kind = "robots";
      Finish(job, ErrorResponse(job->listing_url, "robots.txt disallows " + job->listing_url));
      return;
    }
    FetchListing(job);
  });
}

// The robots.txt of the origin of the job's listing.
void HtmlSources::WithRobots(const std::shared_ptr<Job>& job,
                             std::function<void(RobotsAnswer)> then) {
  WithRobotsOf(job, crawler::RobotsOrigin(job->listing_url), std::move(then));
}

// The robots.txt of `origin`: from the cache, or fetched once while other
// polls of the same origin wait for it.
void HtmlSources::WithRobotsOf(const std::shared_ptr<Job>& job, const std::string& origin,
                               std::function<void(RobotsAnswer)> then) {
  const UnixTime now = NowUnix();
  if (auto cached = robots_.Get(origin, now)) {
    then(RobotsAnswer{std::move(*cached), {}});
    return;
  }
  auto& waiting = robots_waiting_[origin];
  waiting.push_back(std::move(then));
  if (waiting.size() > 1) return;  // a fetch is under way
  crawler::Fetcher* fetcher = fetcher_();
  if (fetcher == nullptr) return;
  const config::Config& cfg = job->settings->config;
  const std::string token = crawler::RobotsToken(cfg.user_agent);
  std::weak_ptr<bool> alive = alive_;
  fetcher->Fetch(RequestFor(cfg, origin + "/robots.txt"),
                 [this, alive, origin, token](crawler::FetchResponse r) {
    if (alive.expired()) return;
    RobotsAnswer answer;
    if (!r.error.empty() || r.status == 429 || r.status >= 500) {
      // RFC 9309 2.3.1.4: unreachable means "disallow everything" for now;
      // not cached, so the next poll asks again.
      answer.rules.disallow_all = true;
      answer.problem = "robots.txt unreachable (" +
                       (r.error.empty() ? "HTTP status " + std::to_string(r.status) : r.error) +
                       "): " + origin + " not fetched";
    } else {
      // 2xx: its rules; 4xx (no robots.txt): everything allowed.
      if (r.ok()) answer.rules = crawler::ParseRobots(r.body, token);
      robots_.Put(origin, answer.rules, NowUnix());
    }
    auto waiting = std::move(robots_waiting_[origin]);
    robots_waiting_.erase(origin);
    for (auto& then : waiting) then(answer);
  });
}

void HtmlSources::FetchListing(const std::shared_ptr<Job>& job) {
  crawler::Fetcher* fetcher = fetcher_();
  if (fetcher == nullptr) return;
  auto request = RequestFor(job->settings->config, job->listing_url);
  request.etag = job->state.etag;
  request.last_modified = job->state.last_modified;
  std::weak_ptr<bool> alive = alive_;
  fetcher->Fetch(std::move(request), [this, alive, job](crawler::FetchResponse r) {
    if (alive.expired()) return;
    if (!r.ok()) {  // 304, HTTP errors, transport errors: Ingest knows them all
      Finish(job, std::move(r));
      return;
    }
    job->listing = std::move(r);
    asio::post(workers_, [this, alive, job] {
      const auto& listing = job->listing;
      const std::string page = crawler::HtmlToUtf8(listing.body, listing.content_type);
      const std::string base = listing.effective_url.empty() ? listing.url : listing.effective_url;
      job->language = crawler::HtmlLanguage(page, listing.content_language);
      std::vector<std::string> links;
      if (job->source.selectors.empty()) {
        links = crawler::FindArticleLinks(page, base);
      } else {
        auto selectors = crawler::ParseSelectors(job->source.selectors);
        if (!selectors) {
          job->fail_kind = "config";
          Finish(job, ErrorResponse(job->listing_url, "selectors: " + selectors.error().message));
          return;
        }
        links = crawler::SelectLinks(page, base, *selectors);
      }
      const std::string self = CanonicalUrl(base);
      for (auto& link : links) {
        FeedItem probe;
        probe.link = link;
        if (CanonicalUrl(link) == self) continue;
        auto stored = store_.Contains(ItemKey(probe));
        if (stored.ok() && *stored) continue;
        job->candidates.push_back(std::move(link));
      }
      asio::post(io_, [this, alive, job] {
        if (!alive.expired()) FetchArticles(job);
      });
    });
  });
}

void HtmlSources::FetchArticles(const std::shared_ptr<Job>& job) {
  const config::SourceConfig& source = job->source;
  // Links to other origins need those origins' robots.txt first, one at a time.
  if (source.robots) {
    const std::string listing_origin = crawler::RobotsOrigin(job->listing_url);
    for (const auto& link : job->candidates) {
      const std::string origin = crawler::RobotsOrigin(link);
      if (origin.empty() || origin == listing_origin || job->other_robots.contains(origin)) continue;
      std::weak_ptr<bool> alive = alive_;
      WithRobotsOf(job, origin, [this, alive, job, origin](RobotsAnswer answer) {
        if (alive.expired()) return;
        job->other_robots[origin] = std::move(answer);
        FetchArticles(job);
      });
      return;
    }
  }
  for (const auto& link : job->candidates) {
    if (job->to_fetch.size() >= static_cast<std::size_t>(source.max_articles)) break;
    if (source.robots) {
      const auto other = job->other_robots.find(crawler::RobotsOrigin(link));
      const RobotsAnswer* answer = other == job->other_robots.end() ? nullptr : &other->second;
      if (answer != nullptr && !answer->problem.empty()) {
        job->warnings.push_back(answer->problem);
        job->warning_kind = "robots";
        continue;
      }
      if (!crawler::RobotsAllows(answer != nullptr ? answer->rules : job->listing_robots, link)) {
        job->warnings.push_back("robots.txt disallows " + link);
        job->warning_kind = "robots";
        continue;
      }
    }
    job->to_fetch.push_back(link);
  }
  if (job->to_fetch.empty()) {
    Finish(job, job->listing);
    return;
  }
  crawler::Fetcher* fetcher = fetcher_();
  if (fetcher == nullptr) return;
  job->articles.resize(job->to_fetch.size());
  job->pending = job->to_fetch.size();
  std::weak_ptr<bool> alive = alive_;
  for (std::size_t i = 0; i < job->to_fetch.size(); ++i) {
    fetcher->Fetch(RequestFor(job->settings->config, job->to_fetch[i]),
                   [this, alive, job, i](crawler::FetchResponse r) {
      if (alive.expired()) return;
      job->articles[i] = std::move(r);
      if (--job->pending == 0) Finish(job, job->listing);
    });
  }
}

// On a worker: extracts the fetched articles (if any), hands them to Ingest
// in place of the listing's body, records what went wrong with single
// articles, and reports the outcome on the io thread.
void HtmlSources::Finish(const std::shared_ptr<Job>& job, crawler::FetchResponse stand_in) {
  std::weak_ptr<bool> alive = alive_;
  asio::post(workers_, [this, alive, job, stand_in = std::move(stand_in)]() mutable {
    const UnixTime now = NowUnix();
    if (stand_in.ok()) {
      std::vector<FeedItem> items;
      for (std::size_t i = 0; i < job->articles.size(); ++i) {
        const auto& r = job->articles[i];
        const std::string& url = job->to_fetch[i];
        if (!r.ok()) {
          job->warnings.push_back(url + ": " +
                                  (r.error.empty() ? "HTTP status " + std::to_string(r.status) : r.error));
          job->warning_kind = "article";
          job->retry_listing = true;
          continue;
        }
        auto article = crawler::ExtractArticle(crawler::HtmlToUtf8(r.body, r.content_type), url);
        if (article.item.title.empty() && article.item.content.empty()) {
          job->warnings.push_back(url + ": no article found in the page");
          job->warning_kind = "article";
          continue;
        }
        items.push_back(std::move(article.item));
      }
      stand_in.body = ArticlesAsJsonFeed(items, job->source.name, job->language);
      stand_in.content_type = "application/feed+json";
      if (job->retry_listing) {
        stand_in.etag.clear();
        stand_in.last_modified.clear();
      }
    }
    PollOutcome outcome = Ingest(*job->settings, job->source, stand_in, store_, job->state, now);
    outcome.warnings = job->warnings;
    for (const auto& w : job->warnings) spdlog::warn("source {}: {}", job->source.id, w);
    const bool patch_kind = !outcome.error.empty() && !job->fail_kind.empty();
    const bool record_warnings = outcome.error.empty() && !job->warnings.empty();
    if (patch_kind || record_warnings) {
      // Ingest has saved the state; only the error fields change.
      auto saved = store_.GetSource(job->source.id);
      if (saved.ok() && *saved) {
        storage::SourceState st = **saved;
        if (patch_kind) {
          st.last_error_kind = job->fail_kind;
        } else {
          st.last_error = Summarise(job->warnings);
          st.last_error_kind = job->warning_kind;
        }
        if (auto put = store_.PutSource(job->source.id, st); !put) {
          spdlog::error("source {}: {}", job->source.id, put.error().message);
        }
      }
    }
    asio::post(io_, [alive, job, outcome = std::move(outcome)]() mutable {
      if (alive.expired()) return;
      job->done(std::move(outcome));
    });
  });
}

}  // namespace pw::daemon
