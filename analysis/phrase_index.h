#pragma once
/// A set of normalised phrases, found in a normalised text at token
/// boundaries. Internal to pw_analysis: the scorer keeps one index for
/// accented keys and one for accent-folded keys, each holding every name,
/// rule term and expression phrase of the profile.
///
/// The multi-pattern matcher over syllable tokens: phrases are grouped by
/// their first token, so a scan is one pass over the text's tokens with one
/// hash probe each, whatever the number of rules; a candidate phrase of
/// several tokens is compared only when its second token's hash equals the
/// next text token's (each text token is hashed once).
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "analysis/normalizer.h"

namespace pw::analysis {

/// One phrase as compiled from the profile.
struct Phrase {
  std::string rule;     ///< "province", "place" or a rule id
  std::string written;  ///< the term as written in the profile
  std::string key;      ///< normalised key in this index's mode; never empty
  /// Identity for "a term adds its weight once per item": rule plus the
  /// accent-folded key, so the same phrase seen accented in the title and
  /// bare in the text still counts once.
  std::string identity;
  double weight = 0;
  /// Per token of `key`: the original must start that syllable with a
  /// capital (proper names). Empty for ordinary terms.
  std::vector<bool> capital;
  /// Index of the config::Rule it comes from; kNoRule for names and places.
  std::size_t rule_index = kNoRule;
  /// For a phrase of an expression: the expression's index in the scorer and
  /// the phrase's index among RuleExpr::Leaves(); kNoRule otherwise.
  std::size_t expr = kNoRule;
  std::size_t leaf = 0;
  std::size_t tokens = 1;  ///< tokens in `key` (set by PhraseIndex::Add)

  static constexpr std::size_t kNoRule = static_cast<std::size_t>(-1);
};

/// Phrases by first token; one entry per distinct (rule, key).
class PhraseIndex {
 public:
  /// Adds `phrase` unless the same rule already has the same key (old and new
  /// tone placement of one term are one phrase). Returns whether it was added.
  bool Add(Phrase phrase);

  /// Calls `found(phrase, begin, end, token)` for every occurrence, with
  /// [begin, end) byte offsets into `text.text`, bounded by the text's ends or
  /// spaces, and `token` the index of its first token in the text.
  using Found = std::function<void(const Phrase&, std::size_t, std::size_t, std::size_t)>;
  void Find(const NormalizedText& text, const Found& found) const;

  std::size_t size() const { return phrases_.size(); }

 private:
  // A token of the text with its hash, computed once per scan.
  struct Token {
    std::string_view text;
    std::size_t hash;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    std::size_t operator()(const Token& t) const { return t.hash; }
  };
  struct Eq {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const { return a == b; }
    bool operator()(const Token& a, std::string_view b) const { return a.text == b; }
    bool operator()(std::string_view a, const Token& b) const { return a == b.text; }
  };
  std::vector<Phrase> phrases_;
  std::vector<std::size_t> second_hash_;  // per phrase: Hash of its second token (0: none)
  std::unordered_set<std::string> seen_;
  std::unordered_map<std::string, std::vector<std::size_t>, Hash, Eq> by_first_token_;
};

}  // namespace pw::analysis
