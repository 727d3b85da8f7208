#pragma once
/// Scorer: finds the province and the rule terms in an item and explains
/// every point. Pure: values in, values out; safe to share between threads
/// once constructed (all methods are const).
#include <memory>
#include <string_view>

#include "config/profile.h"
#include "core/item.h"

namespace pw::analysis {

class Scorer {
 public:
  explicit Scorer(const config::Profile& profile);
  ~Scorer();
  Scorer(Scorer&&) noexcept;
  Scorer& operator=(Scorer&&) noexcept;
  Scorer(const Scorer&) = delete;
  Scorer& operator=(const Scorer&) = delete;

  /// Scores one item. Matches carry field "title" or "text" and UTF-8 byte
  /// offsets into the original field text. Province/place matches have rule
  /// "province"/"place" and weight 0. score = sum of match weights;
  /// candidate = mentions_province && score >= profile.threshold.
  Score ScoreItem(std::string_view title, std::string_view text) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pw::analysis
