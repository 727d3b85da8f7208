#pragma once
/// Scorer: finds the province and the rule terms in an item and explains
/// every point. Pure: values in, values out; safe to share between threads
/// once constructed (all methods are const).
///
/// Matching (see analysis/normalizer.h for the key): a term matches whole
/// tokens only. A field with any Vietnamese diacritic is matched on accented
/// keys only, so "trở lại châu Âu" is not Lai Châu; a field with none at all
/// (typed without accents) is matched on accent-folded keys. Province names and
/// places are proper names: each syllable the profile capitalises must be
/// capitalised in the original, unless the field has no lower-case letter.
/// A term adds its rule's weight once per item, identified by rule and
/// accent-folded key; repeats are listed with weight 0.
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
