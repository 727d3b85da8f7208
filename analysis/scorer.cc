#include "analysis/scorer.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <tuple>
#include <unordered_set>

#include "analysis/gazetteer_match.h"
#include "analysis/normalizer.h"
#include "analysis/phrase_index.h"
#include "analysis/utf8.h"

namespace pw::analysis {
namespace {

constexpr std::string_view kProvinceRule = "province";
constexpr std::string_view kPlaceRule = "place";
// Internal rule of ambiguous names; also the reported rule of every name
// match that does not count (see scorer.h).
constexpr std::string_view kUnconfirmedRule = "place-unconfirmed";

bool IsCapital(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return false;
  const auto c = static_cast<UChar32>(DecodeUtf8(text, pos).cp);
  return u_isupper(c) || u_istitle(c);
}

// For each token of `key`: does the written form start it with a capital?
std::vector<bool> CapitalsOf(std::string_view written, const NormalizedText& key) {
  std::vector<bool> capital;
  for (std::size_t i = 0; i < key.text.size(); ++i) {
    if (i == 0 || key.text[i - 1] == ' ') capital.push_back(IsCapital(written, key.start[i]));
  }
  return capital;
}

// A proper name counts only where the original capitalises it as the profile
// does ("hòa bình" is peace, "Hòa Bình" the place), unless the field has no
// case at all (an all-caps headline).
bool CapitalsMatch(const Phrase& phrase, const NormalizedText& field, std::string_view original,
                   std::size_t begin, std::size_t end) {
  if (phrase.capital.empty() || !field.has_lowercase) return true;
  std::size_t token = 0;
  for (std::size_t i = begin; i < end; ++i) {
    if (i != begin && field.text[i - 1] != ' ') continue;
    if (token < phrase.capital.size() && phrase.capital[token] &&
        !IsCapital(original, field.start[i])) {
      return false;
    }
    ++token;
  }
  return true;
}

std::string_view FoldedKeyOf(const Phrase& phrase) {
  const std::string_view id = phrase.identity;
  return id.substr(id.find('\0') + 1);
}

struct Found {
  int field_order;  // 0 = title, 1 = text
  const Phrase* phrase;
  std::size_t start;
  std::size_t end;
  bool excluded = false;   // a name in one of the gazetteer's exclusion contexts
  bool qualified = false;  // an ambiguous name directly followed by a qualifier
};

}  // namespace

struct Scorer::Impl {
  explicit Impl(const config::Profile& profile) : context(profile) {
    for (const auto& a : profile.ambiguous) {
      if (!a.qualifiable) unqualifiable.insert(Normalize(a.name, {.fold_accents = true}).text);
    }
  }

  double threshold = 0;
  GazetteerContext context;
  std::unordered_set<std::string> unqualifiable;  // folded keys of ambiguous names
  PhraseIndex accented;  // matched against fields that carry diacritics
  PhraseIndex folded;    // matched against fields written without any

  void Add(std::string_view rule, const std::string& written, double weight, bool proper) {
    const NormalizedText accented_key = Normalize(written);
    const NormalizedText folded_key = Normalize(written, {.fold_accents = true});
    std::string identity(rule);
    identity.push_back('\0');
    identity += folded_key.text;

    Phrase phrase{std::string(rule), written, accented_key.text, identity, weight, {}};
    if (proper) phrase.capital = CapitalsOf(written, accented_key);
    accented.Add(phrase);

    phrase.key = folded_key.text;
    if (proper) phrase.capital = CapitalsOf(written, folded_key);
    folded.Add(std::move(phrase));
  }

  void Scan(std::string_view original, int field_order, std::vector<Found>& out) const {
    NormalizedText field = Normalize(original);
    const PhraseIndex* index = &accented;
    // Without a single diacritic the writer did not type accents (social
    // posts, slugs, English): only then may bare keys match. With them, bare
    // matching would read "trở lại châu Âu" as Lai Châu.
    if (!field.has_diacritics) {
      field = Normalize(original, {.fold_accents = true});
      index = &folded;
    }
    const bool is_folded = index == &folded;
    index->Find(field, [&](const Phrase& phrase, std::size_t begin, std::size_t end) {
      if (!CapitalsMatch(phrase, field, original, begin, end)) return;
      Found f{field_order, &phrase, field.start[begin], field.end[end - 1]};
      const bool ambiguous = phrase.rule == kUnconfirmedRule;
      if (ambiguous || phrase.rule == kProvinceRule || phrase.rule == kPlaceRule) {
        const std::string_view key = FoldedKeyOf(phrase);
        f.excluded = context.Excluded(key, field, is_folded, begin, end);
        if (ambiguous) {
          f.qualified = context.Qualified(field, is_folded, end,
                                          !unqualifiable.contains(std::string(key)));
        }
      }
      out.push_back(f);
    });
  }
};

Scorer::Scorer(const config::Profile& profile) : impl_(std::make_unique<Impl>(profile)) {
  impl_->threshold = profile.threshold;
  for (const auto& name : profile.names) impl_->Add(kProvinceRule, name, 0, true);
  for (const auto& place : profile.places) impl_->Add(kPlaceRule, place, 0, true);
  for (const auto& a : profile.ambiguous) impl_->Add(kUnconfirmedRule, a.name, 0, true);
  for (const auto& rule : profile.rules) {
    for (const auto& term : rule.terms) impl_->Add(rule.id, term, rule.weight, false);
  }
}

Scorer::~Scorer() = default;
Scorer::Scorer(Scorer&&) noexcept = default;
Scorer& Scorer::operator=(Scorer&&) noexcept = default;

Score Scorer::ScoreItem(std::string_view title, std::string_view text) const {
  std::vector<Found> found;
  impl_->Scan(title, 0, found);
  impl_->Scan(text, 1, found);
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    return std::tie(a.field_order, a.start, a.end) < std::tie(b.field_order, b.start, b.end);
  });

  // An unambiguous name or place, or a qualified ambiguous name, outside any
  // exclusion context makes the item a mention; then every other ambiguous
  // name of the item counts too.
  bool confirmed = false;
  for (const Found& f : found) {
    const std::string_view rule = f.phrase->rule;
    if (f.excluded) continue;
    if (rule == kProvinceRule || rule == kPlaceRule || (rule == kUnconfirmedRule && f.qualified)) {
      confirmed = true;
    }
  }

  Score score;
  std::unordered_set<std::string_view> counted;
  score.matches.reserve(found.size());
  for (const Found& f : found) {
    const Phrase& phrase = *f.phrase;
    std::string_view rule = phrase.rule;
    const bool name = rule == kProvinceRule || rule == kPlaceRule || rule == kUnconfirmedRule;
    if (name) {
      if (f.excluded || (rule == kUnconfirmedRule && !confirmed)) {
        rule = kUnconfirmedRule;
      } else if (rule == kUnconfirmedRule) {
        rule = kPlaceRule;
      }
      score.mentions_province = score.mentions_province || rule != kUnconfirmedRule;
    }
    double weight = 0;
    if (!name && counted.insert(phrase.identity).second) weight = phrase.weight;
    score.value += weight;
    score.matches.push_back({std::string(rule), phrase.written,
                             f.field_order == 0 ? "title" : "text", f.start, f.end, weight});
  }
  score.candidate = score.mentions_province && score.value >= impl_->threshold;
  return score;
}

}  // namespace pw::analysis
