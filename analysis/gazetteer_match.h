#pragma once
/// The gazetteer's context checks around a name found in a field: whether an
/// occurrence is qualified ("Tân Uyên, tỉnh Lai Châu", "Chợ Mới (Thái
/// Nguyên)") and whether it sits in an exclusion context ("trường đua Phú
/// Thọ"). Internal to pw_analysis: the scorer calls it on a field's match key.
///
/// Context terms are compiled with the same normaliser as the text, in both
/// modes (accented, accent-folded), so they match case-insensitively in any
/// tone placement; a check in folded mode uses the folded keys. Pure and
/// immutable after construction; safe to share between threads.
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/normalizer.h"
#include "config/profile.h"

namespace pw::analysis {

class GazetteerContext {
 public:
  explicit GazetteerContext(const config::Profile& profile);

  /// Whether the occurrence field.text[begin, end) of the name whose
  /// accent-folded key is `name_folded_key` is in one of the profile's
  /// exclusion contexts. `folded`: field is an accent-folded key.
  bool Excluded(std::string_view name_folded_key, const NormalizedText& field, bool folded,
                std::size_t begin, std::size_t end) const;

  /// Whether a qualifier directly follows the occurrence ending at `end`: one
  /// of the province's names, or (when `use_qualifiers`) of the profile's
  /// `qualifiers`, after at most the connecting words "tỉnh", "thành phố",
  /// "tp", "cũ", "nay", "thuộc" (punctuation is already gone from the key).
  bool Qualified(const NormalizedText& field, bool folded, std::size_t end,
                 bool use_qualifiers) const;

 private:
  struct Keys {
    std::vector<std::string> accented;
    std::vector<std::string> folded;
    const std::vector<std::string>& In(bool f) const { return f ? folded : accented; }
  };
  struct Compiled {
    Keys before;
    Keys after;
    int within = 0;
  };
  static Keys Compile(const std::vector<std::string>& terms);

  std::unordered_map<std::string, std::vector<Compiled>> exclusions_;  // by folded name key
  Keys names_;
  Keys qualifiers_;
  Keys connectors_;
};

}  // namespace pw::analysis
