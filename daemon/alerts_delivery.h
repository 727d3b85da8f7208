#pragma once
/// Alert delivery: drains the outbox (alerts_store.h) over webhooks
/// (webhook.h) and e-mail (mail.h). A failed attempt is retried after an
/// exponential backoff with jitter (retry_initial × 2^(attempts−1), at most
/// retry_max, ±20 %); after AlertsConfig::dead_letter_after failed attempts
/// the delivery moves to the dead letters (`provwatch alert dead-letters`,
/// `alert retry ID`). Each outcome is one Commit, so a kill -9 at any moment
/// at worst repeats one attempt (receivers dedup by X-Provwatch-Delivery).
///
/// Thread rules: RunDue blocks on the network and runs on the caller's
/// thread; Start runs it on a thread of its own (never the I/O thread) until
/// Stop. SetConfig may be called from any thread (a SIGHUP reload).
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "config/config.h"
#include "daemon/alerts_store.h"
#include "storage/store.h"

namespace pw::daemon {

/// What one pass did.
struct DeliveryStats {
  std::size_t sent = 0, failed = 0, dead = 0;
  std::int64_t next_due_ms = 0;  ///< earliest pending attempt after the pass (0: none)
};

/// The JSON body of a webhook for `entry` (delivery id included).
std::string WebhookPayload(const Delivery& delivery, const AlertEntry& entry);

/// The e-mail of an alert: subject, plain text and HTML, Vietnamese.
struct AlertMail {
  std::string subject, text, html;
};
AlertMail AlertMailFor(const AlertEntry& entry);

/// The wait before the next attempt after `attempts` failed ones, jitter
/// `jitter` in [-1, 1] scaling ±20 %.
std::int64_t BackoffMs(const config::AlertsConfig& policy, int attempts, double jitter);

class AlertDelivery {
 public:
  AlertDelivery(storage::Store& store, config::SmtpConfig smtp, config::AlertsConfig policy);
  ~AlertDelivery();  ///< stops the thread
  AlertDelivery(const AlertDelivery&) = delete;
  AlertDelivery& operator=(const AlertDelivery&) = delete;

  /// Attempts every pending delivery due at `now_ms`.
  DeliveryStats RunDue(std::int64_t now_ms);
  /// Runs RunDue on its own thread, waking when the next one is due, on
  /// Wake, and at least every second (new alerts written by ingest).
  void Start();
  /// Finishes the attempt in flight and joins the thread.
  void Stop();
  void Wake();
  void SetConfig(config::SmtpConfig smtp, config::AlertsConfig policy);

 private:
  /// One attempt of `d`; writes its outcome.
  void Attempt(Delivery d, const config::SmtpConfig& smtp, const config::AlertsConfig& policy,
               std::int64_t now_ms, DeliveryStats& stats);

  storage::Store& store_;
  std::mutex mu_;
  std::condition_variable cv_;
  config::SmtpConfig smtp_;
  config::AlertsConfig policy_;
  bool stop_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace pw::daemon
