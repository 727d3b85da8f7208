#include "analysis/vietnamese_letters.h"

namespace pw::analysis {

char32_t ComposeVowel(char32_t shape, Tone tone) {
  for (const auto row : letters_detail::kRows) {
    if (row[0] == shape) return row[static_cast<std::size_t>(tone)];
  }
  return shape;
}

bool HasShapeMark(char32_t shape) {
  return shape == U'ă' || shape == U'â' || shape == U'ê' || shape == U'ô' ||
         shape == U'ơ' || shape == U'ư';
}

bool IsMarkedVietnameseLetter(char32_t c) {
  if (c == U'đ') return true;
  const auto v = SplitVowel(c);
  return v && (v->tone != Tone::kLevel || HasShapeMark(v->shape));
}

}  // namespace pw::analysis
