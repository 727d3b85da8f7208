#include "daemon/alerts_delivery.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "daemon/mail.h"
#include "daemon/report.h"
#include "daemon/svg_chart.h"
#include "daemon/webhook.h"

namespace pw::daemon {
namespace {

using nlohmann::json;
using storage::RecordFamily;

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

double DrawJitter() {
  thread_local std::mt19937 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(-1.0, 1.0)(rng);
}

using svg::Escape;

std::string Joined(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "-" : out;
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::string WebhookPayload(const Delivery& d, const AlertEntry& e) {
  return Dump({{"delivery", d.id},
               {"user", d.user},
               {"kind", e.kind},
               {"alert",
                {{"id", e.id}, {"title", e.title}, {"link", e.link}, {"summary", e.summary}, {"score", e.score},
                 {"topics", e.topics}, {"outlets", e.outlets}, {"cluster", e.cluster_id}, {"item", e.item_key},
                 {"source", e.source_id}, {"rules", e.rules}, {"published", IsoTime(e.published)},
                 {"updated", IsoTime(e.updated)}}}});
}

AlertMail AlertMailFor(const AlertEntry& e) {
  AlertMail m;
  m.subject = (e.kind == "source" ? "[provwatch] " : "[provwatch] Cảnh báo: ") + e.title;
  m.text = e.title + "\n" + e.link + "\n\n" + e.summary + "\n\nNguồn đăng: " + Joined(e.outlets) +
           "\nThời điểm: " + IsoTime(e.published) + "\n\n-- \nprovwatch: cảnh báo theo quy tắc của bạn "
           "(provwatch alert list).\n";
  m.html = "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><body><h1>" + Escape(e.title) +
           "</h1><p><a href=\"" + Escape(e.link) + "\">" + Escape(e.link) + "</a></p><pre>" +
           Escape(e.summary) + "</pre><p>Nguồn đăng: " + Escape(Joined(e.outlets)) + "</p></body></html>";
  return m;
}

std::int64_t BackoffMs(const config::AlertsConfig& policy, int attempts, double jitter) {
  const double base = static_cast<double>(policy.retry_initial.count()) *
                      std::pow(2.0, std::clamp(attempts - 1, 0, 40));
  const double capped = std::min(base, static_cast<double>(policy.retry_max.count()));
  return static_cast<std::int64_t>(capped * (1.0 + 0.2 * std::clamp(jitter, -1.0, 1.0)));
}

AlertDelivery::AlertDelivery(storage::Store& store, config::SmtpConfig smtp, config::AlertsConfig policy)
    : store_(store), smtp_(std::move(smtp)), policy_(std::move(policy)) {}

AlertDelivery::~AlertDelivery() { Stop(); }

void AlertDelivery::SetConfig(config::SmtpConfig smtp, config::AlertsConfig policy) {
  std::lock_guard lock(mu_);
  smtp_ = std::move(smtp);
  policy_ = std::move(policy);
}

void AlertDelivery::Attempt(Delivery d, const config::SmtpConfig& smtp, const config::AlertsConfig& policy,
                            std::int64_t now_ms, DeliveryStats& stats) {
  Status sent = Error{"the alert entry " + d.entry_key + " is missing"};
  auto raw = store_.GetRecord(RecordFamily::kAlerts, d.entry_key);
  if (!raw) {
    sent = raw.error();
  } else if (*raw) {
    if (auto entry = DecodeEntry(**raw); !entry) {
      sent = entry.error();
    } else if (d.channel == "webhook") {
      sent = PostWebhook({d.target, d.secret, d.id, WebhookPayload(d, *entry),
                          std::chrono::duration_cast<std::chrono::seconds>(policy.webhook_timeout)});
    } else if (d.channel == "email") {
      const AlertMail mail = AlertMailFor(*entry);
      sent = SendMail(smtp, d.target, mail.subject, mail.text, mail.html);
    } else {
      sent = Error{"unknown channel " + d.channel};
    }
  }
  storage::RecordBatch batch;
  if (sent.ok()) {
    ++stats.sent;
    batch.Delete(RecordFamily::kAlerts, OutboxKey(d.id));
    spdlog::info("alert delivery {} ({} to {}) sent", d.id, d.channel, d.target);
  } else {
    ++d.attempts;
    d.last_error = sent.error().message;
    if (d.attempts >= policy.dead_letter_after) {
      ++stats.dead;
      d.dead_at = now_ms / 1000;
      batch.Delete(RecordFamily::kAlerts, OutboxKey(d.id));
      batch.Put(RecordFamily::kAlerts, DeadKey(d.id), EncodeDelivery(d));
      spdlog::error("alert delivery {} ({} to {}): dead letter after {} attempts: {}", d.id, d.channel,
                    d.target, d.attempts, d.last_error);
    } else {
      ++stats.failed;
      d.next_attempt_ms = now_ms + BackoffMs(policy, d.attempts, DrawJitter());
      batch.Put(RecordFamily::kAlerts, OutboxKey(d.id), EncodeDelivery(d));
      spdlog::warn("alert delivery {} ({} to {}) attempt {} failed: {}; retrying in {} ms", d.id, d.channel,
                   d.target, d.attempts, d.last_error, d.next_attempt_ms - now_ms);
    }
  }
  // A retried dead letter (alert retry) may have replaced the record meanwhile:
  // the write is still right, since it carries this attempt's outcome.
  if (Status st = store_.Commit(batch, /*sync=*/true); !st) {
    spdlog::error("alert delivery {}: {}", d.id, st.error().message);
  }
}

DeliveryStats AlertDelivery::RunDue(std::int64_t now_ms) {
  config::SmtpConfig smtp;
  config::AlertsConfig policy;
  {
    std::lock_guard lock(mu_);
    smtp = smtp_;
    policy = policy_;
  }
  DeliveryStats stats;
  auto pending = LoadDeliveries(store_, /*dead=*/false);
  if (!pending) {
    spdlog::error("alert delivery: {}", pending.error().message);
    return stats;
  }
  for (Delivery& d : *pending) {
    if (d.next_attempt_ms > now_ms) continue;
    {
      std::lock_guard lock(mu_);
      if (stop_) break;
    }
    Attempt(std::move(d), smtp, policy, now_ms, stats);
  }
  if (auto after = LoadDeliveries(store_, false); after) {
    for (const Delivery& d : *after) {
      if (stats.next_due_ms == 0 || d.next_attempt_ms < stats.next_due_ms) stats.next_due_ms = d.next_attempt_ms;
    }
  }
  return stats;
}

void AlertDelivery::Start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      const DeliveryStats stats = RunDue(NowMs());
      lock.lock();
      if (stop_) break;
      std::int64_t wait = 1000;
      if (stats.next_due_ms != 0) wait = std::clamp<std::int64_t>(stats.next_due_ms - NowMs(), 1, 1000);
      cv_.wait_for(lock, std::chrono::milliseconds(wait), [this] { return stop_ || woken_; });
      woken_ = false;
    }
  });
}

void AlertDelivery::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AlertDelivery::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

}  // namespace pw::daemon
