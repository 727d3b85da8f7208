#pragma once
/// Counters the daemon keeps for GET /metrics (Prometheus text format):
/// polls, fetch errors by kind, items and candidates stored, and the time
/// from an item's publication to its alert (the moment a candidate was stored
/// and its case opened), as a histogram. Cases by state are counted from the
/// store at scrape time (api.cc).
///
/// Threads: every method may be called from any thread.
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace pw::daemon {

class ServiceMetrics {
 public:
  /// Upper bounds (seconds) of the publication-to-alert histogram buckets.
  static constexpr std::array<double, 8> kAlertBuckets = {60, 300, 900, 1800, 3600, 3 * 3600, 12 * 3600, 86400};

  void Poll(const std::string& error) {
    polls_.fetch_add(1, std::memory_order_relaxed);
    if (error.empty()) return;
    const std::lock_guard<std::mutex> lock(mutex_);
    ++errors_[ErrorKindOf(error)];
  }
  void Stored(std::size_t items, std::size_t candidates) {
    items_.fetch_add(items, std::memory_order_relaxed);
    candidates_.fetch_add(candidates, std::memory_order_relaxed);
  }
  /// A candidate alerted `seconds` after its publication.
  void Alerted(double seconds) {
    const std::lock_guard<std::mutex> lock(mutex_);
    for (std::size_t i = 0; i < kAlertBuckets.size(); ++i) {
      if (seconds <= kAlertBuckets[i]) ++buckets_[i];
    }
    ++alert_count_;
    alert_sum_ += seconds;
  }

  /// The counters in Prometheus text format (no trailing cases).
  std::string Text() const;

  /// "timeout", "http", "too-large", "parse" or "network", from the message
  /// (the kinds `provwatch sources` shows).
  static std::string ErrorKindOf(const std::string& error);

 private:
  std::atomic<std::uint64_t> polls_{0}, items_{0}, candidates_{0};
  mutable std::mutex mutex_;
  std::map<std::string, std::uint64_t> errors_;
  std::array<std::uint64_t, kAlertBuckets.size()> buckets_{};
  std::uint64_t alert_count_ = 0;
  double alert_sum_ = 0;
};

}  // namespace pw::daemon
