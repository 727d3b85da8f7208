#include "analysis/scorer.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <tuple>
#include <unordered_set>

#include "analysis/normalizer.h"
#include "analysis/phrase_index.h"
#include "analysis/utf8.h"

namespace pw::analysis {
namespace {

constexpr std::string_view kProvinceRule = "province";
constexpr std::string_view kPlaceRule = "place";

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

struct Found {
  int field_order;  // 0 = title, 1 = text
  const Phrase* phrase;
  std::size_t start;
  std::size_t end;
};

}  // namespace

struct Scorer::Impl {
  double threshold = 0;
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
    index->Find(field, [&](const Phrase& phrase, std::size_t begin, std::size_t end) {
      if (!CapitalsMatch(phrase, field, original, begin, end)) return;
      out.push_back({field_order, &phrase, field.start[begin], field.end[end - 1]});
    });
  }
};

Scorer::Scorer(const config::Profile& profile) : impl_(std::make_unique<Impl>()) {
  impl_->threshold = profile.threshold;
  for (const auto& name : profile.names) impl_->Add(kProvinceRule, name, 0, true);
  for (const auto& place : profile.places) impl_->Add(kPlaceRule, place, 0, true);
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

  Score score;
  std::unordered_set<std::string_view> counted;
  score.matches.reserve(found.size());
  for (const Found& f : found) {
    const Phrase& phrase = *f.phrase;
    const bool mention = phrase.rule == kProvinceRule || phrase.rule == kPlaceRule;
    score.mentions_province = score.mentions_province || mention;
    double weight = 0;
    if (!mention && counted.insert(phrase.identity).second) weight = phrase.weight;
    score.value += weight;
    score.matches.push_back(
        {phrase.rule, phrase.written, f.field_order == 0 ? "title" : "text", f.start, f.end, weight});
  }
  score.candidate = score.mentions_province && score.value >= impl_->threshold;
  return score;
}

}  // namespace pw::analysis
