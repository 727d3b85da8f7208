#include "analysis/scorer.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <tuple>
#include <unordered_set>

#include "analysis/gazetteer_match.h"
#include "analysis/normalizer.h"
#include "analysis/phrase_index.h"
#include "analysis/rule_expr.h"
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

constexpr NormalizeOptions kAccentedKey{.fold_accents = false, .fold_iy = true};
constexpr NormalizeOptions kFoldedKey{.fold_accents = true, .fold_iy = true};

// Position factors of province relevance (scorer.h).
constexpr std::size_t kLeadBytes = 400;
constexpr double kDeepMention = 0.4;

// One field of the item being scored.
struct Field {
  std::string_view name;      // "title", "summary", "body" or "text"
  std::string_view original;
};

// Where the lead of a text or body ends: its first kLeadBytes bytes, or its
// whole first sentence if that is longer. Title and summary are all lead.
std::size_t LeadEnd(std::string_view name, std::string_view text) {
  if (name == "title" || name == "summary") return text.size();
  std::size_t sentence = text.size();
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' || ((c == '.' || c == '!' || c == '?') && text[i + 1] == ' ')) {
      sentence = i + 1;
      break;
    }
  }
  return std::max(sentence, std::min(kLeadBytes, text.size()));
}

struct Found {
  std::size_t field;  // index into the item's fields, in order
  const Phrase* phrase;
  std::size_t start;
  std::size_t end;
  bool excluded = false;   // a name in one of the gazetteer's exclusion contexts
  bool qualified = false;  // an ambiguous name directly followed by a qualifier
};

// What a rule is, for topics and cues.
struct RuleInfo {
  std::string id;
  std::string topic;
  std::string agency;
  config::Cue cue = config::Cue::kNone;
};

struct CompiledExpr {
  RuleExpr expr;
  std::size_t rule_index;
  std::string text;      // as written, the match's term
  std::string identity;  // rule + expression: counts once per item
  double weight;
  // Whether it holds when none of its phrases occurs ("NOT x"): if not, an
  // item without a hit skips the evaluation.
  bool holds_without_hits = false;
};

// A match with where it sorts: field order, then offsets.
struct Listed {
  std::size_t field;
  Match match;
  std::size_t rule_index = Phrase::kNoRule;
};

}  // namespace

struct Scorer::Impl {
  explicit Impl(const config::Profile& profile) : context(profile) {
    for (const auto& a : profile.ambiguous) {
      if (!a.qualifiable) unqualifiable.insert(Normalize(a.name, kFoldedKey).text);
    }
  }

  double threshold = 0;
  GazetteerContext context;
  std::unordered_set<std::string> unqualifiable;  // folded keys of ambiguous names
  PhraseIndex accented;  // matched against fields that carry diacritics
  PhraseIndex folded;    // matched against fields written without any
  std::vector<RuleInfo> rules;
  std::vector<CompiledExpr> expressions;

  void Add(std::string_view rule, const std::string& written, double weight, bool proper,
           std::size_t rule_index = Phrase::kNoRule) {
    const NormalizedText accented_key = Normalize(written, kAccentedKey);
    const NormalizedText folded_key = Normalize(written, kFoldedKey);
    std::string identity(rule);
    identity.push_back('\0');
    identity += folded_key.text;

    Phrase phrase{std::string(rule), written, accented_key.text, identity, weight, {}};
    phrase.rule_index = rule_index;
    if (proper) phrase.capital = CapitalsOf(written, accented_key);
    accented.Add(phrase);

    phrase.key = folded_key.text;
    if (proper) phrase.capital = CapitalsOf(written, folded_key);
    folded.Add(std::move(phrase));
  }

  // Puts the phrases of expression `e` into both indexes, one internal rule
  // per leaf so that equal phrases of different leaves stay apart.
  void AddLeaves(std::size_t e) {
    const auto& leaves = expressions[e].expr.Leaves();
    for (std::size_t leaf = 0; leaf < leaves.size(); ++leaf) {
      const std::string rule = "\x01" + std::to_string(e) + "." + std::to_string(leaf);
      Phrase phrase{rule, {}, leaves[leaf].accented, rule, 0, {}};
      phrase.expr = e;
      phrase.leaf = leaf;
      accented.Add(phrase);
      phrase.key = leaves[leaf].folded;
      folded.Add(std::move(phrase));
    }
  }

  // Scans field `fi` once: names and terms go to `out`, expression phrases to
  // `hits` (hits[e * field count + fi] for expression e).
  void Scan(const Field& f, std::size_t fi, std::size_t field_count, std::vector<Found>& out,
            std::vector<ExprFieldHits>& hits) const {
    if (f.original.empty()) return;
    NormalizedText field = Normalize(f.original, kAccentedKey);
    const PhraseIndex* index = &accented;
    // Without a single diacritic the writer did not type accents (social
    // posts, slugs, English): only then may bare keys match. With them, bare
    // matching would read "trở lại châu Âu" as Lai Châu.
    if (!field.has_diacritics) {
      field = Normalize(f.original, kFoldedKey);
      index = &folded;
    }
    const bool is_folded = index == &folded;
    index->Find(field, [&](const Phrase& phrase, std::size_t begin, std::size_t end,
                           std::size_t token) {
      if (phrase.expr != Phrase::kNoRule) {
        auto& by_leaf = hits[phrase.expr * field_count + fi].by_leaf;
        by_leaf.resize(expressions[phrase.expr].expr.Leaves().size());
        by_leaf[phrase.leaf].push_back(
            {token, token + phrase.tokens - 1, field.start[begin], field.end[end - 1]});
        return;
      }
      if (!CapitalsMatch(phrase, field, f.original, begin, end)) return;
      Found found{fi, &phrase, field.start[begin], field.end[end - 1]};
      const bool ambiguous = phrase.rule == kUnconfirmedRule;
      if (ambiguous || phrase.rule == kProvinceRule || phrase.rule == kPlaceRule) {
        const std::string_view key = FoldedKeyOf(phrase);
        found.excluded = context.Excluded(key, field, is_folded, begin, end);
        if (ambiguous) {
          found.qualified = context.Qualified(field, is_folded, end,
                                              !unqualifiable.contains(std::string(key)));
        }
      }
      out.push_back(found);
    });
  }

  Score Run(const std::vector<Field>& fields) const;
};

namespace {

bool IsName(std::string_view rule) {
  return rule == kProvinceRule || rule == kPlaceRule || rule == kUnconfirmedRule;
}

// The cue match (negation or refutation) of another rule than `rule_index`
// that contains [start, end) of field `field`, or nullptr.
const Found* CoveringCue(std::size_t field, std::size_t start, std::size_t end, std::size_t rule_index,
                         const std::vector<const Found*>& cues) {
  for (const Found* c : cues) {
    if (c->field == field && c->start <= start && end <= c->end && c->phrase->rule_index != rule_index) {
      return c;
    }
  }
  return nullptr;
}

const Found* CoveringCue(const Found& f, const std::vector<const Found*>& cues) {
  return CoveringCue(f.field, f.start, f.end, f.phrase->rule_index, cues);
}

}  // namespace

Score Scorer::Impl::Run(const std::vector<Field>& fields) const {
  std::vector<Found> found;
  const std::size_t nf = fields.size();
  std::vector<ExprFieldHits> hits(expressions.size() * nf);
  for (std::size_t i = 0; i < hits.size(); ++i) hits[i].name = fields[i % nf].name;
  for (std::size_t fi = 0; fi < nf; ++fi) Scan(fields[fi], fi, nf, found, hits);
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    return std::tie(a.field, a.start, a.end) < std::tie(b.field, b.start, b.end);
  });

  // An unambiguous name or place, or a qualified ambiguous name, outside any
  // exclusion context makes the item a mention; then every other ambiguous
  // name of the item counts too.
  bool confirmed = false;
  std::vector<const Found*> cues;
  for (const Found& f : found) {
    const std::string_view rule = f.phrase->rule;
    if (f.phrase->rule_index != Phrase::kNoRule &&
        rules[f.phrase->rule_index].cue != config::Cue::kNone) {
      cues.push_back(&f);
    }
    if (f.excluded) continue;
    if (rule == kProvinceRule || rule == kPlaceRule || (rule == kUnconfirmedRule && f.qualified)) {
      confirmed = true;
    }
  }

  Score score;
  std::vector<Listed> listed;
  listed.reserve(found.size());
  std::unordered_set<std::string_view> counted;
  double raw = 0, relevance = 0;
  std::size_t first_name = Phrase::kNoRule;  // index in `listed` of the first counting name
  std::vector<std::size_t> lead_ends(fields.size(), Phrase::kNoRule);
  for (const Found& f : found) {
    const Phrase& phrase = *f.phrase;
    std::string_view rule = phrase.rule;
    const bool name = IsName(rule);
    if (name) {
      if (f.excluded || (rule == kUnconfirmedRule && !confirmed)) {
        rule = kUnconfirmedRule;
      } else if (rule == kUnconfirmedRule) {
        rule = kPlaceRule;
      }
      if (rule != kUnconfirmedRule) {
        score.mentions_province = true;
        // Where the lead ends is looked up only for a field that names the province.
        std::size_t& lead_end = lead_ends[f.field];
        if (lead_end == Phrase::kNoRule) lead_end = LeadEnd(fields[f.field].name, fields[f.field].original);
        relevance += f.start < lead_end ? 1.0 : kDeepMention;
        if (first_name == Phrase::kNoRule) first_name = listed.size();
      }
    }
    double weight = 0;
    std::string covered_by;
    if (!name) {
      if (const Found* cue = CoveringCue(f, cues)) {
        covered_by = cue->phrase->written;
      } else if (counted.insert(phrase.identity).second) {
        weight = phrase.weight;
      }
    }
    raw += weight;
    Match m{std::string(rule), phrase.written, std::string(fields[f.field].name), f.start, f.end,
            weight};
    m.covered_by = std::move(covered_by);
    listed.push_back({f.field, std::move(m), phrase.rule_index});
  }
  Match first_name_match;
  if (first_name != Phrase::kNoRule) first_name_match = listed[first_name].match;

  // Expressions, from the hits of the same pass.
  for (std::size_t e = 0; e < expressions.size(); ++e) {
    const CompiledExpr& ce = expressions[e];
    const std::span<const ExprFieldHits> mine(hits.data() + e * nf, nf);
    bool any_hit = false;
    for (const auto& f : mine) any_hit = any_hit || !f.by_leaf.empty();
    if (!any_hit && !ce.holds_without_hits) continue;
    // A leaf occurrence inside a negation or refutation cue of another rule
    // ("không phải tin giả") is no hit, as a term there counts nothing; a
    // bare occurrence elsewhere still is. An expression that holds only with
    // the covered occurrences is listed with weight 0 and the cue.
    const Found* cue = nullptr;
    std::vector<ExprFieldHits> uncovered;
    if (!cues.empty()) {
      uncovered.assign(mine.begin(), mine.end());
      for (std::size_t fi = 0; fi < nf; ++fi) {
        for (auto& leaf : uncovered[fi].by_leaf) {
          std::erase_if(leaf, [&](const ExprHit& h) {
            const Found* c = CoveringCue(fi, h.start, h.end, ce.rule_index, cues);
            if (c != nullptr && cue == nullptr) cue = c;
            return c != nullptr;
          });
        }
      }
    }
    ExprResult r;
    bool covered = false;
    if (cue != nullptr) {
      r = ce.expr.EvaluateHits(uncovered);
      if (!r.matched) {
        r = ce.expr.EvaluateHits(mine);
        covered = true;
      }
    } else {
      r = ce.expr.EvaluateHits(mine);
    }
    if (!r.matched) continue;
    const bool first = !covered && counted.insert(ce.identity).second;
    const std::string& rule = rules[ce.rule_index].id;
    if (r.spans.empty()) {
      listed.push_back({0, Match{rule, ce.text, "", 0, 0, first ? ce.weight : 0}, ce.rule_index});
    }
    for (std::size_t i = 0; i < r.spans.size(); ++i) {
      const ExprSpan& span = r.spans[i];
      std::size_t fi = 0;
      while (fi + 1 < fields.size() && fields[fi].name != span.field) ++fi;
      Match m{rule, ce.text, span.field, span.start, span.end, first && i == 0 ? ce.weight : 0};
      if (covered) m.covered_by = cue->phrase->written;
      listed.push_back({fi, std::move(m), ce.rule_index});
    }
    if (first) raw += ce.weight;
  }
  std::stable_sort(listed.begin(), listed.end(), [](const Listed& a, const Listed& b) {
    return std::tie(a.field, a.match.start, a.match.end) <
           std::tie(b.field, b.match.start, b.match.end);
  });

  // Topics: every rule with a match that is not covered by a cue. An item
  // has few: a linear search beats a table the size of the rule list.
  std::vector<std::size_t> topic_rules;  // rule index of score.topics[i]
  for (const Listed& l : listed) {
    if (l.rule_index == Phrase::kNoRule || !l.match.covered_by.empty()) continue;
    const RuleInfo& info = rules[l.rule_index];
    const auto at = std::find(topic_rules.begin(), topic_rules.end(), l.rule_index);
    const auto t = static_cast<std::size_t>(at - topic_rules.begin());
    if (at == topic_rules.end()) {
      topic_rules.push_back(l.rule_index);
      score.topics.push_back({info.id, info.topic, 0, info.agency,
                              info.cue == config::Cue::kRefutation});
    }
    score.topics[t].weight += l.match.weight;
    if (info.cue == config::Cue::kRefutation) score.refutation = true;
  }
  std::stable_sort(score.topics.begin(), score.topics.end(),
                   [](const Topic& a, const Topic& b) { return a.weight > b.weight; });

  score.matches.reserve(listed.size() + 1);
  for (Listed& l : listed) score.matches.push_back(std::move(l.match));
  score.value = raw;
  if (score.mentions_province && raw > 0 && relevance < 1.0) {
    score.relevance = relevance;
    Match adjust = first_name_match;
    adjust.rule = "relevance";
    adjust.weight = (relevance - 1.0) * raw;
    score.value += adjust.weight;
    score.matches.push_back(std::move(adjust));
  }
  score.candidate = score.mentions_province && score.value >= threshold;
  return score;
}

Scorer::Scorer(const config::Profile& profile) : impl_(std::make_unique<Impl>(profile)) {
  impl_->threshold = profile.threshold;
  for (const auto& name : profile.names) impl_->Add(kProvinceRule, name, 0, true);
  for (const auto& place : profile.places) impl_->Add(kPlaceRule, place, 0, true);
  for (const auto& a : profile.ambiguous) impl_->Add(kUnconfirmedRule, a.name, 0, true);
  for (std::size_t ri = 0; ri < profile.rules.size(); ++ri) {
    const config::Rule& rule = profile.rules[ri];
    impl_->rules.push_back({rule.id, rule.topic, rule.agency, rule.cue});
    for (const auto& term : rule.terms) impl_->Add(rule.id, term, rule.weight, false, ri);
    for (const auto& text : rule.expressions) {
      auto expr = RuleExpr::Parse(text);
      if (!expr) continue;
      std::string identity = rule.id;
      identity.push_back('\0');
      identity += "expr:" + text;
      const ExprFieldHits none{"text", {}};
      const bool holds = expr->EvaluateHits(std::span(&none, 1)).matched;
      impl_->expressions.push_back({std::move(*expr), ri, text, identity, rule.weight, holds});
      impl_->AddLeaves(impl_->expressions.size() - 1);
    }
  }
}

Result<Scorer> Scorer::Compile(const config::Profile& profile) {
  for (const auto& rule : profile.rules) {
    for (std::size_t i = 0; i < rule.expressions.size(); ++i) {
      auto expr = RuleExpr::Parse(rule.expressions[i]);
      if (expr) continue;
      const std::string where = rule.where.empty() ? "rule \"" + rule.id + "\" expressions"
                                                   : rule.where;
      return Error{where + "[" + std::to_string(i + 1) + "]: " + expr.error().message};
    }
  }
  return Scorer(profile);
}

Scorer::~Scorer() = default;
Scorer::Scorer(Scorer&&) noexcept = default;
Scorer& Scorer::operator=(Scorer&&) noexcept = default;

double Scorer::threshold() const { return impl_->threshold; }

Score Scorer::ScoreItem(std::string_view title, std::string_view text) const {
  return impl_->Run({{"title", title}, {"text", text}});
}

Score Scorer::ScoreItem(const ItemText& item) const {
  return impl_->Run({{"title", item.title}, {"summary", item.summary}, {"body", item.body}});
}

}  // namespace pw::analysis
