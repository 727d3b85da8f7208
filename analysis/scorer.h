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
///
/// The gazetteer (config/gazetteer/, profile fields `ambiguous`, `qualifiers`,
/// `exclusions`): a name, place or ambiguous name in one of its exclusion
/// contexts ("trường đua Phú Thọ") does not count. An ambiguous name
/// ("Tân Uyên", also in Hồ Chí Minh City) counts only when qualified - directly
/// followed, after at most a few connecting words ("tỉnh", "thành phố", "cũ"),
/// by one of the province's names or, unless marked not qualifiable, one of the
/// profile's qualifiers ("Chợ Mới, tỉnh Thái Nguyên" for the former Bắc Kạn) -
/// or when the same item also has a counting unambiguous name or place, or a
/// qualified ambiguous name. A counting ambiguous name is reported with rule
/// "place". A name that does not count is still reported, so the explanation
/// shows what was set aside: rule "place-unconfirmed", weight 0, and it does
/// not set mentions_province.
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
  /// "province"/"place" and weight 0; names that do not count (see above)
  /// have rule "place-unconfirmed" and weight 0. score = sum of match weights;
  /// candidate = mentions_province && score >= profile.threshold.
  Score ScoreItem(std::string_view title, std::string_view text) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pw::analysis
