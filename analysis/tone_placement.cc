#include "analysis/tone_placement.h"

#include <optional>
#include <string_view>

#include "analysis/vietnamese_letters.h"

namespace pw::analysis {
namespace {

bool IsConsonant(char32_t c) {
  return (c >= U'a' && c <= U'z' && !SplitVowel(c)) || c == U'đ';
}

bool IsFinal(std::u32string_view s) {
  return s.empty() || s == U"c" || s == U"ch" || s == U"m" || s == U"n" || s == U"ng" ||
         s == U"nh" || s == U"p" || s == U"t";
}

char32_t ShapeOf(char32_t c) {
  const auto v = SplitVowel(c);
  return v ? v->shape : c;
}

// Where the old style puts the tone within the nucleus [begin, end).
std::size_t TonePosition(const std::u32string& s, std::size_t begin, std::size_t end,
                         bool has_final) {
  // A shaped vowel carries the tone (ươ, iê, uô: the later one).
  for (std::size_t i = end; i-- > begin;) {
    if (HasShapeMark(ShapeOf(s[i]))) return i;
  }
  if (has_final) return end - 1;                 // hoàn, khoét, huýt
  if (end - begin == 3) return begin + 1;        // xoài, ngoáy, khuỷu
  return begin;                                  // hòa, khỏe, thủy, mùa, mía
}

}  // namespace

void PlaceToneOldStyle(std::u32string& s) {
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n && !SplitVowel(s[i])) {
    if (!IsConsonant(s[i])) return;
    ++i;
  }
  if (i == n) return;
  // "qu" and "gi" are consonants when another vowel follows (quý, già),
  // so a tone typed on their u/i (qúy, gìa) belongs to the next vowel.
  std::size_t glide = n;
  if (i == 1 && i + 1 < n && SplitVowel(s[i + 1]) &&
      ((s[0] == U'q' && ShapeOf(s[1]) == U'u') || (s[0] == U'g' && ShapeOf(s[1]) == U'i'))) {
    glide = 1;
    i = 2;
  }
  const std::size_t nucleus_begin = i;
  while (i < n && SplitVowel(s[i])) ++i;
  const std::size_t nucleus_end = i;
  if (nucleus_end - nucleus_begin > 3) return;
  for (std::size_t k = nucleus_end; k < n; ++k) {
    if (!IsConsonant(s[k])) return;
  }
  if (!IsFinal(std::u32string_view(s).substr(nucleus_end))) return;

  std::optional<std::size_t> toned;
  Tone tone = Tone::kLevel;
  for (std::size_t k = (glide == 1 ? 1 : nucleus_begin); k < nucleus_end; ++k) {
    const auto v = SplitVowel(s[k]);
    if (v->tone == Tone::kLevel) continue;
    if (toned) return;  // two tones: not a syllable we understand
    toned = k;
    tone = v->tone;
  }
  if (!toned) return;

  const std::size_t target = TonePosition(s, nucleus_begin, nucleus_end, nucleus_end < n);
  if (target == *toned) return;
  s[*toned] = ComposeVowel(ShapeOf(s[*toned]), Tone::kLevel);
  s[target] = ComposeVowel(ShapeOf(s[target]), tone);
}

}  // namespace pw::analysis
