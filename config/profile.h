#pragma once
/// A province profile and its keyword rules, as typed values.
///
/// Loaded from TOML by config/loader.h (bundled profiles are compiled into the
/// binary from config/profiles/*.toml and config/rules/*.toml). Everything here
/// is plain data: the analysis library compiles it into a matcher.
#include <string>
#include <vector>

namespace pw::config {

/// A weighted list of phrases. Each distinct term found in an item adds
/// `weight` once (a negative weight marks a trap context, e.g. "cải chính hộ
/// tịch" is civil registration, not a correction of false news).
struct Rule {
  std::string id;                 ///< e.g. "false-info"
  std::string topic;              ///< free text shown with the explanation
  double weight = 1.0;
  std::vector<std::string> terms; ///< UTF-8 NFC phrases, written with diacritics
};

/// A province: the names that designate it and the rules that score items.
struct Profile {
  std::string id;                 ///< "lai-chau", "bac-kan", "phu-tho", "soc-trang", "vinh-long"
  std::string name;               ///< "Lai Châu"
  /// Names of the province itself ("Lai Châu", "Lai Chau"): a match means the
  /// item mentions the province. Proper names: matched case-sensitively on the
  /// first letter of each syllable unless the field carries no case (all caps).
  std::vector<std::string> names;
  /// Places inside the covered territory (communes, wards, former districts,
  /// former provinces merged in 2025): a match also counts as a mention.
  std::vector<std::string> places;
  double threshold = 5.0;         ///< score at or above which a mentioning item is a candidate
  std::vector<Rule> rules;
};

}  // namespace pw::config
