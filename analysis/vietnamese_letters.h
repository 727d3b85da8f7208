#pragma once
/// The Vietnamese vowel letters as (shape, tone) pairs, lower case only.
/// Callers case-fold first. Internal to pw_analysis.
#include <optional>

namespace pw::analysis {

/// The five tone marks plus "level" (no mark), in the order of the table.
enum class Tone { kLevel = 0, kGrave, kAcute, kHook, kTilde, kDot };

/// A vowel letter split into its shape (a ă â e ê i o ô ơ u ư y) and tone.
struct Vowel {
  char32_t shape;  ///< the letter without its tone mark, e.g. U'ê' for ệ
  Tone tone;
};

/// The shape and tone of a lower-case vowel letter, or nullopt if `c` is
/// not one of the 72 lower-case Vietnamese vowels (NFC).
std::optional<Vowel> SplitVowel(char32_t c);

/// The precomposed letter for a shape and a tone (every pair has one).
/// `shape` must be one of the 12 shapes.
char32_t ComposeVowel(char32_t shape, Tone tone);

/// True for ă â ê ô ơ ư: the vowels whose shape mark decides where the tone goes.
bool HasShapeMark(char32_t shape);

/// True for a lower-case Vietnamese letter that carries any mark (à, ă, ệ, đ ...).
bool IsMarkedVietnameseLetter(char32_t c);

}  // namespace pw::analysis
