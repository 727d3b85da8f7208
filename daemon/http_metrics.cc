#include "daemon/http_metrics.h"

#include <sstream>

namespace pw::daemon {

std::string ServiceMetrics::ErrorKindOf(const std::string& e) {
  auto has = [&](const char* needle) { return e.find(needle) != std::string::npos; };
  if (has("timed out") || has("timeout")) return "timeout";
  if (has("HTTP status") || has("HTTP ")) return "http";
  if (has("larger than")) return "too-large";
  if (has("parse") || has("not XML") || has("not a feed") || has("unsupported")) return "parse";
  return "network";
}

std::string ServiceMetrics::Text() const {
  std::ostringstream out;
  out << "# HELP provwatch_polls_total Source polls finished.\n# TYPE provwatch_polls_total counter\n"
      << "provwatch_polls_total " << polls_.load() << "\n";
  out << "# HELP provwatch_fetch_errors_total Failed polls by kind.\n"
         "# TYPE provwatch_fetch_errors_total counter\n";
  const std::lock_guard<std::mutex> lock(mutex_);
  for (const char* kind : {"http", "network", "parse", "timeout", "too-large"}) {
    const auto it = errors_.find(kind);
    out << "provwatch_fetch_errors_total{kind=\"" << kind << "\"} " << (it == errors_.end() ? 0 : it->second)
        << "\n";
  }
  out << "# HELP provwatch_items_stored_total Items stored for the first time.\n"
         "# TYPE provwatch_items_stored_total counter\nprovwatch_items_stored_total "
      << items_.load() << "\n";
  out << "# HELP provwatch_candidates_total Candidate items stored.\n"
         "# TYPE provwatch_candidates_total counter\nprovwatch_candidates_total "
      << candidates_.load() << "\n";
  out << "# HELP provwatch_publication_to_alert_seconds Time from an item's publication to its alert.\n"
         "# TYPE provwatch_publication_to_alert_seconds histogram\n";
  for (std::size_t i = 0; i < kAlertBuckets.size(); ++i) {
    out << "provwatch_publication_to_alert_seconds_bucket{le=\"" << kAlertBuckets[i] << "\"} " << buckets_[i]
        << "\n";
  }
  out << "provwatch_publication_to_alert_seconds_bucket{le=\"+Inf\"} " << alert_count_ << "\n"
      << "provwatch_publication_to_alert_seconds_sum " << alert_sum_ << "\n"
      << "provwatch_publication_to_alert_seconds_count " << alert_count_ << "\n";
  return out.str();
}

}  // namespace pw::daemon
