#include "crawler/html_text.h"

#include <algorithm>
#include <cctype>

#include "crawler/html_entities.h"
#include "crawler/text_util.h"

namespace pw::crawler {
namespace {

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Tags that do not separate words: "<b>Vi</b>ệt" is one word to a reader.
bool IsInlineTag(std::string_view name) {
  static constexpr std::string_view kInline[] = {
      "a",     "abbr", "acronym", "b",  "bdi",  "bdo",   "big",  "cite",   "code",
      "data",  "del",  "dfn",     "em", "font", "i",     "img",  "ins",    "kbd",
      "label", "mark", "q",       "s",  "samp", "small", "span", "strike", "strong",
      "sub",   "sup",  "time",    "tt", "u",    "var",   "wbr"};
  return std::find(std::begin(kInline), std::end(kInline), name) != std::end(kInline);
}

// Length of the character reference at text[0] == '&' and its decoded value,
// or 0 when there is none to decode.
std::size_t MatchReference(std::string_view text, std::string& decoded) {
  if (text.size() < 3 || text[0] != '&') return 0;
  if (text[1] == '#') {
    const bool hex = text.size() > 2 && (text[2] == 'x' || text[2] == 'X');
    std::size_t i = hex ? 3 : 2;
    const std::size_t digits_start = i;
    char32_t value = 0;
    bool overflow = false;
    for (; i < text.size(); ++i) {
      const char c = text[i];
      int digit = -1;
      if (IsAsciiDigit(c))
        digit = c - '0';
      else if (hex && c >= 'a' && c <= 'f')
        digit = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F')
        digit = c - 'A' + 10;
      if (digit < 0) break;
      value = value * (hex ? 16 : 10) + static_cast<char32_t>(digit);
      overflow = overflow || value > 0x10FFFF;
    }
    if (i == digits_start || i >= text.size() || text[i] != ';') return 0;
    if (overflow || value == 0) value = 0xFFFD;
    value = NumericReferenceValue(value);
    AppendUtf8(decoded, value);
    return i + 1;
  }
  std::size_t i = 1;
  while (i < text.size() && i <= 32 && (IsAsciiAlpha(text[i]) || IsAsciiDigit(text[i]))) ++i;
  if (i == 1 || i >= text.size() || text[i] != ';') return 0;
  const auto cp = LookupHtmlEntity(text.substr(1, i - 1));
  if (!cp) return 0;
  AppendUtf8(decoded, *cp);
  return i + 1;
}

// Index just past the '>' closing the tag that starts at html[start] == '<';
// npos when no '>' follows (the '<' is then text). Quoted attribute values may
// hold '>'; one whose quote never closes runs to the end, as in a browser.
std::size_t TagEnd(std::string_view html, std::size_t start) {
  char quote = 0;
  for (std::size_t i = start + 1; i < html.size(); ++i) {
    const char c = html[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      std::size_t j = i;
      while (j > start && (html[j - 1] == ' ' || html[j - 1] == '\t')) --j;
      if (j > start && html[j - 1] == '=') quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return quote == 0 ? std::string_view::npos : html.size();
}

std::size_t FindCaseInsensitive(std::string_view hay, std::string_view needle, std::size_t from) {
  const auto it =
      std::search(hay.begin() + static_cast<std::ptrdiff_t>(from), hay.end(), needle.begin(),
                  needle.end(), [](char a, char b) { return AsciiLower(a) == AsciiLower(b); });
  return it == hay.end() ? std::string_view::npos : static_cast<std::size_t>(it - hay.begin());
}

}  // namespace

namespace {

// Appends `html` to `out` with its character references decoded. Text
// between references is copied in runs, not byte by byte.
void AppendDecoded(std::string& out, std::string_view html) {
  std::size_t i = 0;
  while (i < html.size()) {
    const auto amp = html.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(html.substr(i));
      break;
    }
    out.append(html.substr(i, amp - i));
    if (const auto n = MatchReference(html.substr(amp), out); n > 0) {
      i = amp + n;
    } else {
      out += '&';
      i = amp + 1;
    }
  }
}

}  // namespace

std::string DecodeHtmlEntities(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  AppendDecoded(out, html);
  return out;
}

std::string HtmlToText(std::string_view html) {
  std::string text;
  text.reserve(html.size());
  std::size_t run_start = 0;  // start of the pending run of character data
  auto flush = [&](std::size_t end) {
    AppendDecoded(text, html.substr(run_start, end - run_start));
  };

  // Past the last '>' no tag can end: every '<' there is text. Knowing it
  // keeps "<<<<..." linear instead of rescanning to the end for each '<'.
  const std::size_t last_gt = html.rfind('>');
  std::size_t i = 0;
  while (i < html.size()) {
    if (html[i] != '<') {
      i = std::min(html.find('<', i), html.size());
      continue;
    }
    const std::string_view rest = html.substr(i);
    if (rest.starts_with("<!--")) {
      flush(i);
      const auto end = html.find("-->", i + 4);
      i = run_start = (end == std::string_view::npos) ? html.size() : end + 3;
      continue;
    }
    if (rest.starts_with("<![CDATA[")) {
      flush(i);
      const auto end = html.find("]]>", i + 9);
      const auto stop = (end == std::string_view::npos) ? html.size() : end;
      text += html.substr(i + 9, stop - (i + 9));
      i = run_start = (end == std::string_view::npos) ? html.size() : end + 3;
      continue;
    }
    const bool end_tag = rest.size() > 1 && rest[1] == '/';
    const std::size_t name_start = i + (end_tag ? 2 : 1);
    const bool markup = name_start < html.size() &&
                        (IsAsciiAlpha(html[name_start]) ||
                         (!end_tag && (html[name_start] == '!' || html[name_start] == '?')));
    const bool can_close = last_gt != std::string_view::npos && last_gt > i;
    const auto tag_end = markup && can_close ? TagEnd(html, i) : std::string_view::npos;
    if (tag_end == std::string_view::npos) {
      ++i;  // a literal '<'
      continue;
    }
    flush(i);
    std::string name;
    for (std::size_t j = name_start;
         j < tag_end && (IsAsciiAlpha(html[j]) || IsAsciiDigit(html[j])); ++j) {
      name += AsciiLower(html[j]);
    }
    i = tag_end;
    if (!end_tag && (name == "script" || name == "style")) {
      const auto close = FindCaseInsensitive(html, "</" + name, i);
      const auto gt = close == std::string_view::npos ? close : html.find('>', close);
      i = (gt == std::string_view::npos) ? html.size() : gt + 1;
    }
    if (name.empty() || !IsInlineTag(name)) text += ' ';
    run_start = i;
  }
  flush(html.size());
  return CollapseWhitespace(text);
}

}  // namespace pw::crawler
