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
  const std::string_view key = phrase.key;
  const std::size_t first_end = std::min(key.find(' '), key.size());
  by_first_token_[std::string(key.substr(0, first_end))].push_back(phrases_.size());
  std::size_t second = 0;
  if (first_end < key.size()) {
    const std::string_view rest = key.substr(first_end + 1);
    second = Hash{}(rest.substr(0, std::min(rest.find(' '), rest.size())));
  }
  second_hash_.push_back(second);
  phrases_.push_back(std::move(phrase));
  return true;
}

void PhraseIndex::Find(const NormalizedText& normalized, const Found& found) const {
  const std::string_view text = normalized.text;
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 4 + 1);
  for (std::size_t begin = 0; begin < text.size();) {
    std::size_t end = text.find(' ', begin);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view t = text.substr(begin, end - begin);
    tokens.push_back({t, Hash{}(t)});
    begin = end + 1;
  }
  for (std::size_t token = 0; token < tokens.size(); ++token) {
    const auto it = by_first_token_.find(tokens[token]);
    if (it == by_first_token_.end()) continue;
    const std::size_t begin = static_cast<std::size_t>(tokens[token].text.data() - text.data());
    for (const std::size_t index : it->second) {
      const Phrase& phrase = phrases_[index];
      if (phrase.tokens > 1 &&
          (token + 1 >= tokens.size() || tokens[token + 1].hash != second_hash_[index])) {
        continue;
      }
      const std::size_t end = begin + phrase.key.size();
      if (end > text.size() || text.compare(begin, phrase.key.size(), phrase.key) != 0) continue;
      if (end < text.size() && text[end] != ' ') continue;
      found(phrase, begin, end, token);
    }
  }
}

}  // namespace pw::analysis
