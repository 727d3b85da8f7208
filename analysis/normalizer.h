#pragma once
/// Vietnamese text normaliser: turns original UTF-8 into a match key with a
/// byte-exact map back to the original.
///
/// The key is NFC, case-folded, with one canonical tone placement per syllable
/// (old style: hòa, thủy, khỏe; keyboard slips qúy/họat/đọan repaired). Any
/// whitespace (NBSP, U+202F ...), punctuation, symbol or control becomes one
/// space; runs collapse and the key is trimmed, so tokens are exactly the
/// space-separated runs. Default-ignorable code points (U+200B, U+FEFF, soft
/// hyphen) vanish. Decomposed input (windows-1258 style, either mark order)
/// gives the same key as precomposed input. Ill-formed UTF-8 becomes U+FFFD.
///
/// Pure and thread-safe; rule terms and item text go through the same function
/// so that equal keys mean equal phrases.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pw::analysis {

/// How far to fold.
struct NormalizeOptions {
  /// Also drop every mark (tones, ă â ê ô ơ ư, and non-Vietnamese accents)
  /// and map đ to d: the key of text typed without diacritics.
  bool fold_accents = false;
  /// Also write a syllable-final y after a consonant onset as i, tone kept
  /// ("kỹ"/"kĩ", "quý"/"quí", "lý"/"lí", "mỹ"/"mĩ" give one key), as the
  /// matchers do. Only a whole token made of a Vietnamese onset (b, ch, đ, k,
  /// l, m, qu, s, t, th, tr, v ...) plus y: "thủy", "tay", "city" are untouched.
  bool fold_iy = false;
};

/// A match key and where each of its bytes came from.
struct NormalizedText {
  std::string text;                ///< the key, UTF-8
  /// For every byte i of `text`, [start[i], end[i]) is the original byte range
  /// it came from; always start[i] < end[i] <= original.size(). A phrase
  /// text[a, b) maps back to original[start[a], end[b - 1]).
  std::vector<std::size_t> start;
  std::vector<std::size_t> end;
  /// The original has a Vietnamese letter with a mark (à, ă, đ, ệ ...).
  bool has_diacritics = false;
  /// The original has a lower-case letter (false for an all-caps headline).
  bool has_lowercase = false;
};

/// Normalises `original` (UTF-8, possibly ill-formed) into a match key.
NormalizedText Normalize(std::string_view original, NormalizeOptions options = {});

}  // namespace pw::analysis
