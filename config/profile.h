#pragma once
/// A province profile and its keyword rules, as typed values.
///
/// Loaded from TOML by config/loader.h (bundled profiles are compiled into the
/// binary from config/profiles/*.toml and config/rules/*.toml). Everything here
/// is plain data: the analysis library compiles it into a matcher.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "config/workflow_config.h"

namespace pw::config {

/// The lead agency roles a topic routes to (the workflow maps each role to a
/// province's real agency names). A rule without `agency` routes to
/// kDefaultAgency, the UBND office that issues official statements.
inline constexpr std::array<std::string_view, 12> kAgencies = {
    "cong-an",                 // police: external security, incitement, hostile framing
    "ngoai-vu",                // foreign affairs: foreign press
    "van-hoa",                 // culture, sports, tourism, press
    "dau-tu",                  // finance, planning and investment
    "bien-phong",              // border guard: border areas
    "quan-su",                 // military command: defence
    "van-phong-ubnd",          // UBND office: official statements (default)
    "dan-toc-ton-giao",        // ethnicity and religion
    "nong-nghiep-moi-truong",  // land, environment, agriculture
    "y-te",                    // health
    "phong-chong-thien-tai",   // disasters
    "xa",                      // the commune concerned
};
inline constexpr std::string_view kDefaultAgency = "van-phong-ubnd";

/// What a rule's terms do besides adding their weight. A cue's match
/// neutralises the matches of other rules that lie inside it ("không phải tin
/// giả" keeps "tin giả" from counting): they are listed with weight 0.
enum class Cue {
  kNone,
  kNegation,    ///< the text denies the falsity ("không phải tin giả")
  kRefutation,  ///< an official refutation ("bác bỏ tin đồn"): relevant, but a response
};

/// A topic: a weighted list of phrases and boolean expressions. Each distinct
/// term found in an item adds `weight` once (a negative weight marks a trap
/// context, e.g. "cải chính hộ tịch" is civil registration, not a correction
/// of false news); each expression that holds adds `weight` once.
struct Rule {
  std::string id;                 ///< e.g. "false-info"
  std::string topic;              ///< free text shown with the explanation
  double weight = 1.0;
  std::vector<std::string> terms; ///< UTF-8 NFC phrases, written with diacritics
  /// analysis/rule_expr.h syntax ("xuyên tạc NEAR/5 (dân tộc OR tôn giáo)").
  std::vector<std::string> expressions = {};
  std::string agency = std::string(kDefaultAgency);  ///< one of kAgencies
  Cue cue = Cue::kNone;
  /// "file:line: rules[N].expressions", the prefix of errors found when the
  /// rule is compiled (an expression that does not parse); empty for rules
  /// built in code.
  std::string where = {};
};

/// Whether `id` is one of kAgencies.
inline bool IsAgency(std::string_view id) {
  for (const auto a : kAgencies) {
    if (a == id) return true;
  }
  return false;
}

/// A name of the covered territory that also designates something else
/// (another province's unit, a former province, a common word or personal
/// name): a mention only when confirmed (see analysis/scorer.h).
struct AmbiguousName {
  std::string name;        ///< "Tân Uyên"
  std::string why;         ///< where else it exists, for people
  /// Whether the profile's `qualifiers` confirm it (false when the name also
  /// exists in the rest of the containing province, e.g. in Thái Nguyên
  /// outside the former Bắc Kạn).
  bool qualifiable = true;
};

/// A context in which a name designates something outside the territory
/// ("trường đua Phú Thọ" is the racecourse in Hồ Chí Minh City). An
/// occurrence of `name` is excluded when one of `before` ends right before it
/// (or `before` is empty) and one of `after` starts within `within` tokens
/// after it (or `after` is empty). At least one of the two lists is given.
/// Terms are matched like rule terms (case-insensitive, any tone placement).
struct Exclusion {
  std::string name;
  std::vector<std::string> before;
  std::vector<std::string> after;
  int within = 0;          ///< tokens allowed between the name and an `after` term
};

/// A commune or ward as it was before 1 July 2025 and what it became.
struct FormerUnit {
  std::string name;              ///< "Xã Bum Tở"
  std::string district;          ///< "Huyện Mường Tè"
  std::vector<std::string> now;  ///< the unit(s) since 1 July 2025, "Xã Bum Tở"
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
  /// Names that count only when confirmed by a qualifier or by an unambiguous
  /// name or place in the same item (generated gazetteer, config/gazetteer/).
  std::vector<AmbiguousName> ambiguous;
  /// Names that confirm an ambiguous name they directly follow without being a
  /// mention themselves ("Thái Nguyên" for the former Bắc Kạn).
  std::vector<std::string> qualifiers;
  /// Contexts in which a name, place or ambiguous name is not this province.
  std::vector<Exclusion> exclusions;
  /// The gazetteer's facts, for people and reports (not used for matching):
  /// units since 1 July 2025, former districts, former communes with their
  /// successors. Empty for a profile without a gazetteer.
  std::vector<std::string> units;
  std::vector<std::string> former_districts;
  std::vector<FormerUnit> former_units;
  double threshold = 5.0;         ///< score at or above which a mentioning item is a candidate
  std::vector<Rule> rules;
  WorkflowConfig workflow;       ///< the `[workflow]` table: agencies, routing, deadlines, reports
};

}  // namespace pw::config
