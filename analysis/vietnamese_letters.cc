#include "analysis/vietnamese_letters.h"

#include <array>
#include <string_view>

namespace pw::analysis {
namespace {

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

}  // namespace

std::optional<Vowel> SplitVowel(char32_t c) {
  Slot slot;
  if (c >= kLowBegin && c < kLowEnd) {
    slot = kTables.low[c - kLowBegin];
  } else if (c >= kHighBegin && c < kHighEnd) {
    slot = kTables.high[c - kHighBegin];
  }
  if (slot.row == 0) return std::nullopt;
  return Vowel{kRows[slot.row - 1][0], static_cast<Tone>(slot.tone)};
}

char32_t ComposeVowel(char32_t shape, Tone tone) {
  for (const auto row : kRows) {
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
