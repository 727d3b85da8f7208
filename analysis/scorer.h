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
///
/// Keys fold i/y after a consonant ("kỹ"/"kĩ", "quý"/"quí"; normalizer.h).
/// Every name, term and expression phrase sits in one PhraseIndex per key
/// mode: a field is scanned once, whatever the number of rules; expressions
/// are evaluated from the phrase hits (RuleExpr::EvaluateHits), never by
/// scanning again.
///
/// Topics and cues (config/profile.h): each rule is a topic routed to an
/// agency role; Score::topics lists the matched ones by summed weight. A match
/// of a negation or refutation cue neutralises the matches of other rules
/// inside its span ("không phải tin giả" contains "tin giả"): they are listed
/// with weight 0 and `covered_by`. An expression leaf found inside such a
/// span is no hit: an expression that holds only through one is listed the
/// same way. A refutation cue sets Score::refutation.
/// An expression that holds adds its rule's weight once, listed with term =
/// the expression text and one match per span (the first carries the weight).
///
/// Province relevance (where the province is named):
///   each counting name or place occurrence has a position factor
///     1.0  in the title or the summary,
///     1.0  in the lead of the text or body: its first kLeadBytes (400) bytes,
///          or its whole first sentence if that is longer,
///     0.4  deeper in the text or body (kDeepMention);
///   relevance r = min(1, sum of the factors);
///   raw = sum of the rule matches' weights;
///   score = raw + (r - 1) * raw  when the item mentions the province, raw > 0
///           and r < 1, listed as one match of rule "relevance" (term and
///           offsets of the first counting name, a negative weight); else raw.
/// So one mention in passing deep in a long body takes 60 % off, two such
/// mentions 20 %, three or a mention in the title or lead nothing. An item that
/// does not mention the province keeps raw (it is no candidate anyway).
#include <memory>
#include <string_view>

#include "config/profile.h"
#include "core/item.h"
#include "core/result.h"

namespace pw::analysis {

/// The fields of an item as the scorer sees them. Empty fields are skipped.
struct ItemText {
  std::string_view title;
  std::string_view summary;  ///< the feed's summary / lead
  std::string_view body;     ///< the article text (plain text)
};

class Scorer {
 public:
  /// Compiles the profile; an expression that does not parse is skipped
  /// (use Compile to get the error).
  explicit Scorer(const config::Profile& profile);

  /// Compiles the profile or says which expression does not parse:
  /// "rules.toml:12: rules[3].expressions[2]: column 14: NEAR needs ...".
  static Result<Scorer> Compile(const config::Profile& profile);

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

  /// Scores an item with its fields apart: matches carry field "title",
  /// "summary" or "body", and expressions' field scopes apply to them.
  Score ScoreItem(const ItemText& item) const;

  /// The profile's threshold.
  double threshold() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pw::analysis
