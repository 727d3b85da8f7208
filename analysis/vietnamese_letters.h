#pragma once
/// The Vietnamese vowel letters as (shape, tone) pairs, lower case only.
/// Callers case-fold first. Internal to pw_analysis.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace pw::analysis {

/// The five tone marks plus "level" (no mark), in the order of the table.
enum class Tone { kLevel = 0, kGrave, kAcute, kHook, kTilde, kDot };

/// A vowel letter split into its shape (a ă â e ê i o ô ơ u ư y) and tone.
struct Vowel {
  char32_t shape;  ///< the letter without its tone mark, e.g. U'ê' for ệ
  Tone tone;
};

namespace letters_detail {

// One row per shape; columns follow enum Tone. All NFC single code points.
constexpr std::array<std::u32string_view, 12> kRows = {
    U"aàáảãạ", U"ăằắẳẵặ", U"âầấẩẫậ", U"eèéẻẽẹ", U"êềếểễệ", U"iìíỉĩị",
    U"oòóỏõọ", U"ôồốổỗộ", U"ơờớởỡợ", U"uùúủũụ", U"ưừứửữự", U"yỳýỷỹỵ",
};

constexpr bool RowsAreWellFormed() {
  for (const auto row : kRows) {
    if (row.size() != 6) return false;
  }
  return true;
}
static_assert(RowsAreWellFormed(), "each vowel row needs 6 precomposed letters");

// Every vowel lies in [U+0061, U+01B0] or in [U+1EA0, U+1EF9]: two direct
// tables (row + 1, 0 = not a vowel; and the tone) make SplitVowel a lookup,
// which matters because the normaliser asks for every letter of every word.
constexpr char32_t kLowBegin = 0x61, kLowEnd = 0x1B1, kHighBegin = 0x1EA0, kHighEnd = 0x1EFA;

struct Slot {
  unsigned char row = 0;
  unsigned char tone = 0;
};

struct Tables {
  std::array<Slot, kLowEnd - kLowBegin> low{};
  std::array<Slot, kHighEnd - kHighBegin> high{};
};

constexpr Tables BuildTables() {
  Tables t;
  for (std::size_t row = 0; row < kRows.size(); ++row) {
    for (std::size_t tone = 0; tone < kRows[row].size(); ++tone) {
      const char32_t c = kRows[row][tone];
      const Slot slot{static_cast<unsigned char>(row + 1), static_cast<unsigned char>(tone)};
      if (c >= kLowBegin && c < kLowEnd) t.low[c - kLowBegin] = slot;
      if (c >= kHighBegin && c < kHighEnd) t.high[c - kHighBegin] = slot;
    }
  }
  return t;
}

constexpr Tables kTables = BuildTables();

}  // namespace letters_detail

/// The shape and tone of a lower-case vowel letter, or nullopt if `c` is
/// not one of the 72 lower-case Vietnamese vowels (NFC). Inline: the
/// normaliser and tone placement ask for every letter of every word.
inline std::optional<Vowel> SplitVowel(char32_t c) {
  using namespace letters_detail;
  Slot slot;
  if (c >= kLowBegin && c < kLowEnd) {
    slot = kTables.low[c - kLowBegin];
  } else if (c >= kHighBegin && c < kHighEnd) {
    slot = kTables.high[c - kHighBegin];
  }
  if (slot.row == 0) return std::nullopt;
  return Vowel{kRows[slot.row - 1][0], static_cast<Tone>(slot.tone)};
}

/// The precomposed letter for a shape and a tone (every pair has one).
/// `shape` must be one of the 12 shapes.
char32_t ComposeVowel(char32_t shape, Tone tone);

/// True for ă â ê ô ơ ư: the vowels whose shape mark decides where the tone goes.
bool HasShapeMark(char32_t shape);

/// True for a lower-case Vietnamese letter that carries any mark (à, ă, ệ, đ ...).
bool IsMarkedVietnameseLetter(char32_t c);

}  // namespace pw::analysis
