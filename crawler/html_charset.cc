#include "crawler/html_charset.h"

#include <vector>

#include "crawler/text_util.h"
#include "crawler/xml_repair.h"

namespace pw::crawler {
namespace {

constexpr std::size_t kPrescanBytes = 4096;

// Attributes of the tag that starts at lower[i] ('<'), as name=value pairs
// in one lower-cased string; `end` receives the index after its '>'.
struct Attribute {
  std::string name, value;
};

std::vector<Attribute> TagAttributes(std::string_view s, std::size_t i, std::size_t& end) {
  std::vector<Attribute> attrs;
  while (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' &&
         s[i] != '/' && s[i] != '>') {
    ++i;
  }
  while (i < s.size() && s[i] != '>') {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
                            s[i] == '/')) {
      ++i;
    }
    Attribute a;
    while (i < s.size() && s[i] != '=' && s[i] != '>' && s[i] != ' ' && s[i] != '\t' &&
           s[i] != '\n' && s[i] != '\r' && s[i] != '/') {
      a.name += s[i++];
    }
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    if (i < s.size() && s[i] == '=') {
      ++i;
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
      if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
        const char quote = s[i++];
        while (i < s.size() && s[i] != quote) a.value += s[i++];
        if (i < s.size()) ++i;
      } else {
        while (i < s.size() && s[i] != '>' && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' &&
               s[i] != '\r') {
          a.value += s[i++];
        }
      }
    }
    if (!a.name.empty()) attrs.push_back(std::move(a));
  }
  end = i < s.size() ? i + 1 : s.size();
  return attrs;
}

std::string Normalise(std::string charset) {
  charset = std::string(TrimAscii(charset));
  if (charset.starts_with("utf-16") || charset.starts_with("utf-32")) return "utf-8";
  return charset;
}

bool IsUtf8Label(std::string_view c) {
  return c == "utf-8" || c == "utf8" || c == "unicode-1-1-utf-8" || c == "us-ascii" ||
         c == "ascii";
}

}  // namespace

std::string HtmlMetaCharset(std::string_view html) {
  const std::string lower = AsciiLower(html.substr(0, kPrescanBytes));
  std::size_t i = 0;
  while ((i = lower.find('<', i)) != std::string::npos) {
    if (lower.compare(i, 4, "<!--") == 0) {
      const auto close = lower.find("-->", i + 4);
      if (close == std::string::npos) break;
      i = close + 3;
      continue;
    }
    const bool meta = lower.compare(i, 5, "<meta") == 0 && i + 5 < lower.size() &&
                      (lower[i + 5] == ' ' || lower[i + 5] == '\t' || lower[i + 5] == '\n' ||
                       lower[i + 5] == '\r' || lower[i + 5] == '/');
    std::size_t end = i + 1;
    if (!meta) {
      i = end;
      continue;
    }
    const auto attrs = TagAttributes(lower, i + 1, end);
    bool content_type = false;
    std::string charset, content;
    for (const auto& a : attrs) {
      if (a.name == "charset" && charset.empty()) charset = a.value;
      if (a.name == "http-equiv" && TrimAscii(a.value) == "content-type") content_type = true;
      if (a.name == "content") content = a.value;
    }
    if (!charset.empty()) return Normalise(charset);
    if (content_type) {
      if (auto c = CharsetFromContentType(content); !c.empty()) return Normalise(c);
    }
    i = end;
  }
  return {};
}

std::string HtmlToUtf8(std::string_view body, std::string_view content_type) {
  if (body.starts_with("\xEF\xBB\xBF")) return std::string(body.substr(3));
  const char* bom_charset = body.starts_with("\xFF\xFE")   ? "UTF-16LE"
                            : body.starts_with("\xFE\xFF") ? "UTF-16BE"
                                                           : nullptr;
  if (bom_charset != nullptr) {
    bool ok = false;
    std::string utf8 = ConvertToUtf8(body.substr(2), bom_charset, &ok);
    if (ok) return utf8;
  }
  std::string charset = Normalise(CharsetFromContentType(content_type));
  if (charset.empty()) charset = HtmlMetaCharset(body);
  if (charset.empty() || IsUtf8Label(charset)) return std::string(body);
  bool ok = false;
  std::string utf8 = ConvertToUtf8(body, charset.c_str(), &ok);
  return ok ? utf8 : std::string(body);
}

std::string HtmlLanguage(std::string_view html, std::string_view content_language) {
  const std::string lower = AsciiLower(html.substr(0, kPrescanBytes));
  std::size_t i = 0;
  while ((i = lower.find("<html", i)) != std::string::npos) {
    std::size_t end = i + 1;
    for (const auto& a : TagAttributes(lower, i + 1, end)) {
      if ((a.name == "lang" || a.name == "xml:lang") && !TrimAscii(a.value).empty()) {
        return std::string(TrimAscii(a.value));
      }
    }
    i = end;
  }
  std::string_view first = content_language.substr(0, content_language.find(','));
  return AsciiLower(TrimAscii(first));
}

}  // namespace pw::crawler
