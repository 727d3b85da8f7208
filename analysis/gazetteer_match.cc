#include "analysis/gazetteer_match.h"

#include <algorithm>

namespace pw::analysis {
namespace {

// Whether `key` occurs in `text` starting at `pos` and ending at a token boundary.
bool StartsAt(std::string_view text, std::size_t pos, std::string_view key) {
  if (pos > text.size() || text.size() - pos < key.size()) return false;
  if (text.compare(pos, key.size(), key) != 0) return false;
  return pos + key.size() == text.size() || text[pos + key.size()] == ' ';
}

// Whether `key` ends right before the token starting at `begin`.
bool EndsBefore(std::string_view text, std::size_t begin, std::string_view key) {
  // text[begin - 1] is the separating space.
  if (begin < key.size() + 1) return false;
  const std::size_t start = begin - 1 - key.size();
  if (text.compare(start, key.size(), key) != 0) return false;
  return start == 0 || text[start - 1] == ' ';
}

// Start of the token after the one (or the phrase) ending at `end`, or npos.
std::size_t NextToken(std::string_view text, std::size_t end) {
  end = text.find(' ', end);
  return end == std::string_view::npos ? std::string_view::npos : end + 1;
}

}  // namespace

GazetteerContext::Keys GazetteerContext::Compile(const std::vector<std::string>& terms) {
  Keys keys;
  for (const auto& term : terms) {
    std::string a = Normalize(term, {.fold_iy = true}).text;
    std::string f = Normalize(term, {.fold_accents = true, .fold_iy = true}).text;
    if (!a.empty()) keys.accented.push_back(std::move(a));
    if (!f.empty()) keys.folded.push_back(std::move(f));
  }
  // Longest first, so "thành phố" is skipped before a shorter connector.
  for (auto* v : {&keys.accented, &keys.folded}) {
    std::sort(v->begin(), v->end(),
              [](const std::string& x, const std::string& y) { return x.size() > y.size(); });
  }
  return keys;
}

GazetteerContext::GazetteerContext(const config::Profile& profile) {
  for (const auto& ex : profile.exclusions) {
    const std::string name = Normalize(ex.name, {.fold_accents = true, .fold_iy = true}).text;
    if (name.empty()) continue;
    exclusions_[name].push_back({Compile(ex.before), Compile(ex.after), ex.within});
  }
  names_ = Compile(profile.names);
  qualifiers_ = Compile(profile.qualifiers);
  connectors_ = Compile({"tỉnh", "thành phố", "tp", "cũ", "nay", "thuộc"});
}

bool GazetteerContext::Excluded(std::string_view name_folded_key, const NormalizedText& field,
                                bool folded, std::size_t begin, std::size_t end) const {
  const auto it = exclusions_.find(std::string(name_folded_key));
  if (it == exclusions_.end()) return false;
  const std::string_view text = field.text;
  for (const Compiled& ex : it->second) {
    const auto& before = ex.before.In(folded);
    const auto& after = ex.after.In(folded);
    if (ex.before.accented.empty() && ex.after.accented.empty()) continue;
    const bool before_ok =
        ex.before.accented.empty() ||
        std::any_of(before.begin(), before.end(),
                    [&](const std::string& k) { return EndsBefore(text, begin, k); });
    if (!before_ok) continue;
    if (ex.after.accented.empty()) return true;
    std::size_t pos = NextToken(text, end);
    for (int skipped = 0; pos != std::string_view::npos && skipped <= ex.within; ++skipped) {
      for (const auto& k : after) {
        if (StartsAt(text, pos, k)) return true;
      }
      pos = NextToken(text, pos);
    }
  }
  return false;
}

bool GazetteerContext::Qualified(const NormalizedText& field, bool folded, std::size_t end,
                                 bool use_qualifiers) const {
  const std::string_view text = field.text;
  std::size_t pos = NextToken(text, end);
  // At most three connecting words: "..., tỉnh Lai Châu", "... (tỉnh Thái Nguyên cũ)".
  for (int step = 0; pos != std::string_view::npos && step <= 3; ++step) {
    for (const auto& k : names_.In(folded)) {
      if (StartsAt(text, pos, k)) return true;
    }
    if (use_qualifiers) {
      for (const auto& k : qualifiers_.In(folded)) {
        if (StartsAt(text, pos, k)) return true;
      }
    }
    const auto& connectors = connectors_.In(folded);
    const auto c = std::find_if(connectors.begin(), connectors.end(),
                                [&](const std::string& k) { return StartsAt(text, pos, k); });
    if (c == connectors.end()) return false;
    pos = NextToken(text, pos + c->size());
  }
  return false;
}

}  // namespace pw::analysis
