#include "analysis/phrase_index.h"

#include <algorithm>

namespace pw::analysis {

bool PhraseIndex::Add(Phrase phrase) {
  if (phrase.key.empty()) return false;
  std::string seen_key = phrase.rule;
  seen_key.push_back('\0');
  seen_key += phrase.key;
  if (!seen_.insert(std::move(seen_key)).second) return false;
  phrase.tokens = 1 + static_cast<std::size_t>(std::count(phrase.key.begin(), phrase.key.end(), ' '));
  const std::string first_token = phrase.key.substr(0, phrase.key.find(' '));
  by_first_token_[first_token].push_back(phrases_.size());
  phrases_.push_back(std::move(phrase));
  return true;
}

void PhraseIndex::Find(const NormalizedText& normalized, const Found& found) const {
  const std::string_view text = normalized.text;
  std::size_t begin = 0;
  for (std::size_t token = 0; begin < text.size(); ++token) {
    std::size_t token_end = text.find(' ', begin);
    if (token_end == std::string_view::npos) token_end = text.size();
    const auto it = by_first_token_.find(text.substr(begin, token_end - begin));
    if (it != by_first_token_.end()) {
      for (const std::size_t index : it->second) {
        const Phrase& phrase = phrases_[index];
        const std::size_t end = begin + phrase.key.size();
        if (end > text.size() || text.compare(begin, phrase.key.size(), phrase.key) != 0) continue;
        if (end < text.size() && text[end] != ' ') continue;
        found(phrase, begin, end, token);
      }
    }
    begin = token_end + 1;
  }
}

}  // namespace pw::analysis
