#include "analysis/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>

#include "analysis/tone_placement.h"
#include "analysis/utf8.h"
#include "analysis/vietnamese_letters.h"

namespace pw::analysis {
namespace {

// One code point of the key before spaces collapse, with its original bytes.
struct Unit {
  char32_t cp;
  bool space;
  std::size_t begin;
  std::size_t end;
};

bool IsMark(UChar32 c) {
  const auto type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK ||
         type == U_ENCLOSING_MARK;
}

bool IsIgnorable(UChar32 c) {
  return u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

// Everything that cannot be part of a word separates tokens. U+FFFD (what
// broken bytes decode to) stays a word character so that damage does not
// invent a token boundary.
bool IsSeparator(UChar32 c) {
  if (c == 0xFFFD) return false;
  if (u_isUWhiteSpace(c)) return true;
  switch (u_charType(c)) {
    case U_CONTROL_CHAR:
    case U_SPACE_SEPARATOR:
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
    case U_MATH_SYMBOL:
    case U_CURRENCY_SYMBOL:
    case U_MODIFIER_SYMBOL:
    case U_OTHER_SYMBOL:
      return true;
    default:
      return false;
  }
}

class Builder {
 public:
  Builder(std::string_view original, NormalizeOptions options)
      : original_(original), options_(options) {
    UErrorCode status = U_ZERO_ERROR;
    nfc_ = icu::Normalizer2::getNFCInstance(status);
    nfd_ = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status)) nfc_ = nfd_ = nullptr;
  }

  NormalizedText Run() {
    units_.clear();
    units_.reserve(original_.size());
    std::size_t pos = 0;
    std::u32string segment;
    const std::size_t size = original_.size();
    while (pos < size) {
      // An ASCII character followed by another (or by nothing) is a segment
      // of its own: most of any Vietnamese text takes this path.
      if (const auto b = static_cast<unsigned char>(original_[pos]);
          b < 0x80 && (pos + 1 == size || static_cast<unsigned char>(original_[pos + 1]) < 0x80)) {
        AddAscii(static_cast<char>(b), pos, pos + 1);
        ++pos;
        continue;
      }
      // A segment is a base code point and the combining marks after it:
      // the unit NFC works on and the smallest range a key byte maps to.
      const std::size_t begin = pos;
      const Decoded base = DecodeUtf8(original_, pos);
      pos += base.size;
      segment.assign(1, base.cp);
      while (pos < original_.size()) {
        // ASCII is never a combining mark: most text ends its segment here.
        if (static_cast<unsigned char>(original_[pos]) < 0x80) break;
        const Decoded next = DecodeUtf8(original_, pos);
        // No combining mark lies below U+0300 or among the precomposed
        // Vietnamese letters: skip the property lookup for them.
        if (!next.valid || next.cp < 0x300 || (next.cp >= 0x1EA0 && next.cp <= 0x1EFF) ||
            !IsMark(static_cast<UChar32>(next.cp))) {
          break;
        }
        segment.push_back(next.cp);
        pos += next.size;
      }
      AddSegment(segment, begin, pos);
    }
    if (!options_.fold_accents) PlaceTones();
    if (options_.fold_iy) FoldIY();
    return Emit();
  }

 private:
  void AddSegment(std::u32string& segment, std::size_t begin, std::size_t end) {
    char32_t base = segment[0];
    if (base < 0x80 && segment.size() == 1) {
      AddAscii(static_cast<char>(base), begin, end);
      return;
    }
    const auto ubase = static_cast<UChar32>(base);
    // The precomposed Latin letters Vietnamese is written in are neither
    // ignorable, separators nor marks (× and ÷ are symbols): the common case
    // needs none of the property lookups below.
    if (segment.size() == 1 && IsPrecomposedLatin(base) && base != 0xD7 && base != 0xF7) {
      if (base == 0xD0) base = U'Đ';
      if (u_islower(static_cast<UChar32>(base))) result_.has_lowercase = true;
      AddLatin(base, begin, end);
      return;
    }
    if (IsIgnorable(ubase)) return;
    if (IsSeparator(ubase)) {
      units_.push_back({U' ', true, begin, end});
      return;
    }
    if (IsMark(ubase)) return;  // a mark with nothing to sit on
    // Ð (U+00D0, eth) is what legacy fonts and keyboards give for Đ.
    if (base == 0xD0) segment[0] = base = U'Đ';
    if (u_islower(ubase)) result_.has_lowercase = true;
    if (segment.size() == 1 && IsPrecomposedLatin(base)) {
      AddLatin(base, begin, end);
      return;
    }

    icu::UnicodeString text;
    for (const char32_t c : segment) text.append(static_cast<UChar32>(c));
    text = Compose(text);
    text.foldCase(U_FOLD_CASE_DEFAULT);
    for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
      if (IsMarkedVietnameseLetter(static_cast<char32_t>(text.char32At(i)))) {
        result_.has_diacritics = true;
      }
    }
    if (options_.fold_accents) text = StripMarks(text);
    for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
      const UChar32 c = text.char32At(i);
      if (IsIgnorable(c)) continue;
      units_.push_back({static_cast<char32_t>(c), false, begin, end});
    }
  }

  void AddAscii(char c, std::size_t begin, std::size_t end) {
    if (c >= 'A' && c <= 'Z') {
      units_.push_back({static_cast<char32_t>(c - 'A' + 'a'), false, begin, end});
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (c >= 'a') result_.has_lowercase = true;
      units_.push_back({static_cast<char32_t>(c), false, begin, end});
    } else {
      units_.push_back({U' ', true, begin, end});  // ASCII punctuation, symbols, controls
    }
  }

  // The Latin letters Vietnamese text is made of, alone in their segment,
  // are already NFC and fold by simple case mapping: skip the ICU strings.
  static bool IsPrecomposedLatin(char32_t c) {
    const bool latin = (c >= 0xC0 && c < 0x250) || (c >= 0x1EA0 && c <= 0x1EFF);
    // Full case folding expands these: ß, İ, ŉ, ǰ.
    return latin && c != 0xDF && c != 0x130 && c != 0x149 && c != 0x1F0;
  }

  void AddLatin(char32_t c, std::size_t begin, std::size_t end) {
    c = static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
    if (IsMarkedVietnameseLetter(c)) result_.has_diacritics = true;
    if (options_.fold_accents) {
      if (c == U'đ') {
        c = U'd';
      } else if (const auto vowel = SplitVowel(c)) {
        c = Unmarked(vowel->shape);
      } else {
        icu::UnicodeString text(static_cast<UChar32>(c));
        text = StripMarks(text);
        for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
          units_.push_back({static_cast<char32_t>(text.char32At(i)), false, begin, end});
        }
        return;
      }
    }
    units_.push_back({c, false, begin, end});
  }

  static char32_t Unmarked(char32_t shape) {
    switch (shape) {
      case U'ă': case U'â': return U'a';
      case U'ê': return U'e';
      case U'ô': case U'ơ': return U'o';
      case U'ư': return U'u';
      default: return shape;
    }
  }

  icu::UnicodeString Compose(const icu::UnicodeString& text) const {
    if (nfc_ == nullptr) return text;
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString out = nfc_->normalize(text, status);
    return U_SUCCESS(status) ? out : text;
  }

  // NFD, drop every nonspacing mark, NFC; then đ -> d, which has no decomposition.
  icu::UnicodeString StripMarks(const icu::UnicodeString& text) const {
    if (nfd_ == nullptr) return text;
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString decomposed = nfd_->normalize(text, status);
    if (U_FAILURE(status)) return text;
    icu::UnicodeString bare;
    for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
      const UChar32 c = decomposed.char32At(i);
      if (u_charType(c) == U_NON_SPACING_MARK) continue;
      bare.append(c == 0x0111 ? UChar32{'d'} : c);  // đ
    }
    return Compose(bare);
  }

  // Re-places the tone of every token that has a non-ASCII letter. When a
  // tone moves, the letters it moved across map to their union range, so a
  // match boundary never splits what the reader sees as one syllable.
  void PlaceTones() {
    std::u32string syllable;
    std::size_t i = 0;
    while (i < units_.size()) {
      if (units_[i].space) {
        ++i;
        continue;
      }
      std::size_t j = i;
      bool ascii = true;
      while (j < units_.size() && !units_[j].space) {
        ascii = ascii && units_[j].cp < 0x80;
        ++j;
      }
      if (!ascii) Rewrite(i, j, syllable);
      i = j;
    }
  }

  void Rewrite(std::size_t from, std::size_t to, std::u32string& syllable) {
    syllable.clear();
    for (std::size_t k = from; k < to; ++k) syllable.push_back(units_[k].cp);
    PlaceToneOldStyle(syllable);
    std::size_t first = to, last = from;
    for (std::size_t k = from; k < to; ++k) {
      if (units_[k].cp == syllable[k - from]) continue;
      units_[k].cp = syllable[k - from];
      first = std::min(first, k);
      last = std::max(last, k);
    }
    if (first > last) return;
    std::size_t begin = units_[first].begin, end = units_[first].end;
    for (std::size_t k = first; k <= last; ++k) {
      begin = std::min(begin, units_[k].begin);
      end = std::max(end, units_[k].end);
    }
    for (std::size_t k = first; k <= last; ++k) {
      units_[k].begin = begin;
      units_[k].end = end;
    }
  }

  // See NormalizeOptions::fold_iy. Runs after tone placement, so "qúy",
  // "quý" and "quí" all end as "quí".
  void FoldIY() {
    std::size_t i = 0;
    while (i < units_.size()) {
      if (units_[i].space) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < units_.size() && !units_[j].space) ++j;
      if (j - i >= 2 && j - i <= 4) {
        const char32_t i_form = IFormOfY(units_[j - 1].cp);
        if (i_form != 0 && IsOnset(i, j - 1)) units_[j - 1].cp = i_form;
      }
      i = j;
    }
  }

  // The i with the same tone as a final y (y ý ỳ ỷ ỹ ỵ), or 0.
  static char32_t IFormOfY(char32_t c) {
    switch (c) {
      case U'y': return U'i';
      case U'ý': return U'í';
      case U'ỳ': return U'ì';
      case U'ỷ': return U'ỉ';
      case U'ỹ': return U'ĩ';
      case U'ỵ': return U'ị';
      default: return 0;
    }
  }

  // Whether units_[from, to) spell a Vietnamese initial consonant before a
  // final i/y (gi is left out: "gi" + y is no syllable).
  bool IsOnset(std::size_t from, std::size_t to) const {
    std::u32string onset;
    for (std::size_t k = from; k < to; ++k) onset.push_back(units_[k].cp);
    static constexpr std::u32string_view kOnsets[] = {
        U"b", U"c", U"ch", U"d", U"đ", U"h", U"k", U"kh", U"l", U"m", U"n", U"nh", U"p",
        U"ph", U"qu", U"r", U"s", U"t", U"th", U"tr", U"v", U"x"};
    for (const auto o : kOnsets) {
      if (onset == o) return true;
    }
    return false;
  }

  NormalizedText Emit() {
    std::string& text = result_.text;
    text.reserve(units_.size());
    result_.start.reserve(units_.size());
    result_.end.reserve(units_.size());
    bool pending_space = false;
    std::size_t space_begin = 0, space_end = 0;
    for (const Unit& unit : units_) {
      if (unit.space) {
        if (text.empty()) continue;  // trim the front
        if (!pending_space) space_begin = unit.begin;
        pending_space = true;
        space_end = unit.end;
        continue;
      }
      if (pending_space) {
        Push(" ", space_begin, space_end);
        pending_space = false;
      }
      if (unit.cp < 0x80) {  // most of any text: one byte, no temporary
        text.push_back(static_cast<char>(unit.cp));
        result_.start.push_back(unit.begin);
        result_.end.push_back(unit.end);
        continue;
      }
      char bytes[4];
      Push(std::string_view(bytes, EncodeUtf8(unit.cp, bytes)), unit.begin, unit.end);
    }
    return std::move(result_);
  }

  // UTF-8 of a scalar value from the key (never a surrogate) into `out`; returns its length.
  static std::size_t EncodeUtf8(char32_t cp, char* out) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = U'\uFFFD';
    if (cp < 0x800) {
      out[0] = static_cast<char>(0xC0 | (cp >> 6));
      out[1] = static_cast<char>(0x80 | (cp & 0x3F));
      return 2;
    }
    if (cp < 0x10000) {
      out[0] = static_cast<char>(0xE0 | (cp >> 12));
      out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out[2] = static_cast<char>(0x80 | (cp & 0x3F));
      return 3;
    }
    out[0] = static_cast<char>(0xF0 | (cp >> 18));
    out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (cp & 0x3F));
    return 4;
  }

  void Push(std::string_view bytes, std::size_t begin, std::size_t end) {
    result_.text.append(bytes);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      result_.start.push_back(begin);
      result_.end.push_back(end);
    }
  }

  std::string_view original_;
  NormalizeOptions options_;
  const icu::Normalizer2* nfc_ = nullptr;
  const icu::Normalizer2* nfd_ = nullptr;
  // One buffer a thread, reused call after call: a fresh one for every
  // field was a large allocation for every item scored.
  static std::vector<Unit>& ThreadUnits() {
    thread_local std::vector<Unit> units;
    return units;
  }

  std::vector<Unit>& units_ = ThreadUnits();
  NormalizedText result_;
};

}  // namespace

NormalizedText Normalize(std::string_view original, NormalizeOptions options) {
  return Builder(original, options).Run();
}

}  // namespace pw::analysis
