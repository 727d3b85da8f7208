#include "crawler/xml_repair.h"

#include <unicode/ucnv.h>

#include <limits>
#include <map>
#include <vector>

#include "crawler/html_entities.h"
#include "crawler/text_util.h"

namespace pw::crawler {
namespace {

bool StartsWith(std::string_view s, std::size_t at, std::string_view prefix) {
  return s.substr(at, prefix.size()) == prefix;
}

// Byte classes for the copying loops, one table test a byte: `text` stops a
// run of character data ('&', '<', NUL); `tag` stops a run inside a tag
// outside quotes ('"', '\'', '>', NUL).
struct StopBytes {
  bool text[256] = {};
  bool tag[256] = {};
  constexpr StopBytes() {
    text[static_cast<unsigned char>('&')] = text[static_cast<unsigned char>('<')] = text[0] = true;
    tag[static_cast<unsigned char>('"')] = tag[static_cast<unsigned char>('\'')] = true;
    tag[static_cast<unsigned char>('>')] = tag[0] = true;
  }
};
constexpr StopBytes kStop;

bool StopsText(char c) { return kStop.text[static_cast<unsigned char>(c)]; }
bool StopsTag(char c) { return kStop.tag[static_cast<unsigned char>(c)]; }

// The encoding named by the XML declaration, lower-cased, or "".
std::string DeclaredEncoding(std::string_view xml) {
  if (!xml.starts_with("<?xml")) return {};
  const auto end = xml.find("?>");
  if (end == std::string_view::npos) return {};
  const auto decl = xml.substr(0, end);
  const auto key = decl.find("encoding");
  if (key == std::string_view::npos) return {};
  auto pos = decl.find_first_of("\"'", key);
  if (pos == std::string_view::npos) return {};
  const char quote = decl[pos];
  const auto close = decl.find(quote, pos + 1);
  if (close == std::string_view::npos) return {};
  return AsciiLower(TrimAscii(decl.substr(pos + 1, close - pos - 1)));
}

// `bytes` in `charset` as UTF-8 via ICU; *ok is false when ICU cannot.
std::string Convert(std::string_view bytes, const char* charset, bool* ok) {
  *ok = false;
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max() / 4)) return {};
  UErrorCode status = U_ZERO_ERROR;
  const auto size = static_cast<int32_t>(bytes.size());
  const int32_t needed = ucnv_convert("UTF-8", charset, nullptr, 0, bytes.data(), size, &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return {};
  status = U_ZERO_ERROR;
  std::string out(static_cast<std::size_t>(needed) + 1, '\0');
  const int32_t written = ucnv_convert(
      "UTF-8", charset, out.data(), static_cast<int32_t>(out.size()), bytes.data(), size, &status);
  if (U_FAILURE(status)) return {};
  out.resize(static_cast<std::size_t>(written));
  *ok = true;
  return out;
}

struct WideEncoding {
  const char* charset = nullptr;  // nullptr: the document is 8-bit
  std::size_t bom = 0;            // bytes of byte-order mark to skip
};

// What a byte-order mark or the first bytes ("<" in UTF-16/32) reveal.
WideEncoding DetectWide(std::string_view b) {
  auto at = [&](std::size_t i) { return i < b.size() ? static_cast<unsigned char>(b[i]) : 0x100; };
  if (at(0) == 0xFF && at(1) == 0xFE && at(2) == 0 && at(3) == 0) return {"UTF-32LE", 4};
  if (at(0) == 0 && at(1) == 0 && at(2) == 0xFE && at(3) == 0xFF) return {"UTF-32BE", 4};
  if (at(0) == 0xFF && at(1) == 0xFE) return {"UTF-16LE", 2};
  if (at(0) == 0xFE && at(1) == 0xFF) return {"UTF-16BE", 2};
  if (at(0) == '<' && at(1) == 0 && at(2) == 0 && at(3) == 0) return {"UTF-32LE", 0};
  if (at(0) == 0 && at(1) == 0 && at(2) == 0 && at(3) == '<') return {"UTF-32BE", 0};
  if (at(0) == '<' && at(1) == 0 && at(3) == 0) return {"UTF-16LE", 0};
  if (at(0) == 0 && at(1) == '<' && at(2) == 0) return {"UTF-16BE", 0};
  return {};
}

std::size_t LeadingSpace(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && (s[n] == ' ' || s[n] == '\t' || s[n] == '\r' || s[n] == '\n')) ++n;
  return n;
}

bool IsXmlChar(char32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

bool IsNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Copies xml[i..] up to and including `terminator` (or to the end) to out.
std::size_t CopyThrough(std::string_view xml, std::size_t i, std::string_view terminator,
                        std::string& out) {
  const auto end = xml.find(terminator, i);
  const auto stop = end == std::string_view::npos ? xml.size() : end + terminator.size();
  out.append(xml.substr(i, stop - i));
  return stop;
}

// <!DOCTYPE ...> with an optional [internal subset] holding quoted '>'s.
std::size_t CopyDoctype(std::string_view xml, std::size_t i, std::string& out) {
  std::size_t j = i + 2;
  int brackets = 0;
  char quote = 0;
  for (; j < xml.size(); ++j) {
    const char c = xml[j];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[') {
      ++brackets;
    } else if (c == ']') {
      --brackets;
    } else if (c == '>' && brackets <= 0) {
      ++j;
      break;
    }
  }
  out.append(xml.substr(i, j - i));
  return j;
}

// General entities declared in the DOCTYPE's internal subset
// (<!ENTITY id "tag:example.com,">), which pugixml does not expand. Only
// plain values are kept (no markup, references or quotes, at most 256
// bytes, so the value is safe in text and attributes alike), and
// expansion stops after 1 MiB so that declared entities cannot inflate a
// document without bound.
struct DeclaredEntities {
  std::map<std::string, std::string, std::less<>> values;
  std::size_t expanded = 0;
  static constexpr std::size_t kMaxExpanded = 1 << 20;
};

DeclaredEntities ReadEntityDeclarations(std::string_view doctype) {
  DeclaredEntities declared;
  std::size_t at = 0;
  auto skip_space = [&](std::size_t j) {
    while (j < doctype.size() && (doctype[j] == ' ' || doctype[j] == '\t' || doctype[j] == '\r' ||
                                  doctype[j] == '\n')) {
      ++j;
    }
    return j;
  };
  while ((at = doctype.find("<!ENTITY", at)) != std::string_view::npos) {
    std::size_t j = skip_space(at + 8);
    at += 8;
    if (j >= doctype.size() || doctype[j] == '%') continue;  // a parameter entity
    const std::size_t name_start = j;
    while (j < doctype.size() && doctype[j] != ' ' && doctype[j] != '\t' && doctype[j] != '\r' &&
           doctype[j] != '\n' && doctype[j] != '"' && doctype[j] != '\'' && doctype[j] != '>') {
      ++j;
    }
    const std::string name(doctype.substr(name_start, j - name_start));
    j = skip_space(j);
    if (name.empty() || j >= doctype.size() || (doctype[j] != '"' && doctype[j] != '\'')) {
      continue;  // external (SYSTEM/PUBLIC): never fetched
    }
    const auto close = doctype.find(doctype[j], j + 1);
    if (close == std::string_view::npos) break;
    const auto value = doctype.substr(j + 1, close - j - 1);
    if (value.size() <= 256 && value.find_first_of("<&%\"'") == std::string_view::npos) {
      declared.values.emplace(name, std::string(value));
    }
    at = close + 1;
  }
  return declared;
}

// Handles the '&' at xml[i]; returns the index after what it consumed.
std::size_t RepairReference(std::string_view xml, std::size_t i, std::string& out,
                            bool& repaired, DeclaredEntities* declared) {
  std::size_t j = i + 1;
  if (j < xml.size() && xml[j] == '#') {
    const bool hex = j + 1 < xml.size() && (xml[j + 1] == 'x' || xml[j + 1] == 'X');
    j += hex ? 2 : 1;
    const std::size_t digits = j;
    char32_t value = 0;
    bool overflow = false;
    for (; j < xml.size(); ++j) {
      const char c = xml[j];
      int d = -1;
      if (c >= '0' && c <= '9')
        d = c - '0';
      else if (hex && c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
      if (d < 0) break;
      value = value * (hex ? 16 : 10) + static_cast<char32_t>(d);
      overflow = overflow || value > 0x10FFFF;
    }
    if (j > digits && j < xml.size() && xml[j] == ';') {
      const char32_t given = value;
      if (!overflow) value = NumericReferenceValue(value);
      if (overflow || !IsXmlChar(value)) value = 0xFFFD;
      if (!overflow && value == given) {
        out.append(xml.substr(i, j + 1 - i));  // well-formed: copied as it is
      } else {
        repaired = true;
        out += "&#" + std::to_string(static_cast<unsigned long>(value)) + ";";
      }
      return j + 1;
    }
  } else {
    while (j < xml.size() && j - i <= 32 &&
           ((xml[j] >= 'a' && xml[j] <= 'z') || (xml[j] >= 'A' && xml[j] <= 'Z') ||
            (xml[j] >= '0' && xml[j] <= '9') || xml[j] == '_' || xml[j] == '-' || xml[j] == '.')) {
      ++j;
    }
    if (j > i + 1 && j < xml.size() && xml[j] == ';') {
      const auto name = xml.substr(i + 1, j - i - 1);
      const std::string* own = nullptr;
      if (declared != nullptr) {
        const auto it = declared->values.find(name);
        if (it != declared->values.end() &&
            declared->expanded + it->second.size() <= DeclaredEntities::kMaxExpanded) {
          own = &it->second;
        }
      }
      if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") {
        out.append(xml.substr(i, j + 1 - i));
      } else if (own != nullptr) {
        declared->expanded += own->size();
        out += *own;  // well-formed XML: not a repair
      } else if (const auto cp = LookupHtmlEntity(name)) {
        repaired = true;
        out += "&#" + std::to_string(static_cast<unsigned long>(*cp)) + ";";
      } else {
        // Declared in an external DTD (never fetched) or past the expansion
        // budget: the parser keeps it verbatim.
        out.append(xml.substr(i, j + 1 - i));
      }
      return j + 1;
    }
  }
  repaired = true;
  out += "&amp;";
  return i + 1;
}

// A start or end tag at xml[i] == '<': names are copied, attribute values get
// the reference repairs and lose bare '<'.
std::size_t RepairTag(std::string_view xml, std::size_t i, std::string& out, bool& repaired,
                      DeclaredEntities* declared) {
  out += '<';
  char quote = 0;
  std::size_t j = i + 1;
  while (j < xml.size()) {
    const char c = xml[j];
    if (c == '\0') {
      repaired = true;
      ++j;
    } else if (quote != 0) {
      if (c == quote) {
        quote = 0;
        out += c;
        ++j;
      } else if (c == '&') {
        j = RepairReference(xml, j, out, repaired, declared);
      } else if (c == '<') {
        repaired = true;
        out += "&lt;";
        ++j;
      } else {
        // An attribute value's text up to its next special byte, as a run.
        std::size_t k = j + 1;
        while (k < xml.size() && xml[k] != quote && xml[k] != '&' && xml[k] != '<' &&
               xml[k] != '\0') {
          ++k;
        }
        out.append(xml.data() + j, k - j);
        j = k;
      }
    } else {
      // Names and spaces up to the next quote, '>' or NUL, as a run.
      std::size_t k = j;
      while (k < xml.size() && !StopsTag(xml[k])) ++k;
      out.append(xml.data() + j, k - j);
      j = k;
      if (j >= xml.size() || xml[j] == '\0') continue;
      const char d = xml[j];
      out += d;
      ++j;
      if (d == '"' || d == '\'') quote = d;
      if (d == '>') break;
    }
  }
  return j;
}

}  // namespace

std::string ConvertToUtf8(std::string_view bytes, const char* charset, bool* ok) {
  return Convert(bytes, charset, ok);
}

std::string XmlToUtf8(std::string_view body, std::size_t* skipped) {
  return XmlToUtf8(body, std::string_view{}, skipped);
}

std::string CharsetFromContentType(std::string_view content_type) {
  const std::string lower = AsciiLower(content_type);
  std::size_t at = 0;
  while ((at = lower.find("charset", at)) != std::string::npos) {
    std::size_t i = at + 7;
    while (i < lower.size() && (lower[i] == ' ' || lower[i] == '\t')) ++i;
    if (i >= lower.size() || lower[i] != '=') {
      at = i;
      continue;
    }
    ++i;
    while (i < lower.size() && (lower[i] == ' ' || lower[i] == '\t')) ++i;
    const bool quoted = i < lower.size() && (lower[i] == '"' || lower[i] == '\'');
    if (quoted) ++i;
    std::size_t end = i;
    while (end < lower.size() && lower[end] != ';' && lower[end] != '"' && lower[end] != '\'' &&
           lower[end] != ' ' && lower[end] != '\t') {
      ++end;
    }
    return lower.substr(i, end - i);
  }
  return {};
}

std::string XmlToUtf8(std::string_view body, std::string_view http_charset, std::size_t* skipped) {
  *skipped = 0;
  if (const auto wide = DetectWide(body); wide.charset != nullptr) {
    bool ok = false;
    std::string utf8 = Convert(body.substr(wide.bom), wide.charset, &ok);
    if (ok) {
      const auto lead = LeadingSpace(utf8);
      return utf8.substr(lead);
    }
  }
  const bool utf8_bom = body.starts_with("\xEF\xBB\xBF");
  std::size_t start = utf8_bom ? 3 : 0;
  start += LeadingSpace(body.substr(start));
  const auto xml = body.substr(start);
  // A UTF-8 byte-order mark settles the question before any label.
  const std::string http = utf8_bom ? std::string("utf-8") : AsciiLower(TrimAscii(http_charset));
  const bool http_unicode = http == "utf-8" || http == "utf8" || http == "us-ascii" ||
                            http == "ascii" || http.starts_with("utf-16") ||
                            http.starts_with("utf-32");
  if (!http.empty() && !http_unicode) {
    bool ok = false;
    std::string utf8 = Convert(xml, http.c_str(), &ok);
    if (ok) return utf8;
  }
  // An HTTP charset of UTF-8 (or ASCII, its subset) overrides the declaration.
  const std::string charset = http_unicode ? std::string{} : DeclaredEncoding(xml);
  // A declaration claiming UTF-16/32 over 8-bit bytes is wrong; the bytes win.
  const bool eight_bit_other = !charset.empty() && charset != "utf-8" && charset != "utf8" &&
                               !charset.starts_with("utf-16") && !charset.starts_with("utf-32") &&
                               !charset.starts_with("ucs") && charset != "us-ascii" &&
                               charset != "ascii";
  if (eight_bit_other) {
    bool ok = false;
    std::string utf8 = Convert(xml, charset.c_str(), &ok);
    if (ok) return utf8;
  }
  *skipped = start;
  return std::string(xml);
}

std::string RepairXml(std::string_view xml) {
  bool repaired = false;
  return RepairXml(xml, &repaired);
}

std::string RepairXml(std::string_view xml, bool* repaired_out) {
  bool repaired = false;
  std::string out;
  out.reserve(xml.size() + xml.size() / 16);
  // Open elements, as views into `xml`: end tags that close nothing are
  // dropped, one that closes an outer element first closes the inner ones,
  // and what is still open at the end is closed, as a browser's tree builder
  // would do with bad nesting and truncation.
  std::vector<std::string_view> open;
  DeclaredEntities declared;
  auto copy_section = [&](std::size_t at, std::string_view terminator) {
    const std::size_t next = CopyThrough(xml, at, terminator, out);
    if (!out.ends_with(terminator) || next - at < terminator.size() + 2) {
      repaired = true;  // cut short: close it so what follows stays markup
      out += terminator;
    }
    return next;
  };
  std::size_t i = 0;
  while (i < xml.size()) {
    const char c = xml[i];
    if (c == '\0') {
      repaired = true;
      ++i;
    } else if (c == '&') {
      i = RepairReference(xml, i, out, repaired, &declared);
    } else if (c != '<') {
      // Character data up to the next byte that needs a look: copied as a run.
      std::size_t j = i + 1;
      while (j < xml.size() && !StopsText(xml[j])) ++j;
      out.append(xml.data() + i, j - i);
      i = j;
    } else if (i + 1 < xml.size() && xml[i + 1] != '!' && xml[i + 1] != '?' &&
               (IsNameStart(xml[i + 1]) || xml[i + 1] == '/')) {
      // An element's tag, the common case, tested first; "<!" and "<?" are
      // never tags, so the order of the tests below does not matter to it.
      const std::size_t mark = out.size();
      const bool end_tag = xml[i + 1] == '/';
      const std::size_t name_start = i + (end_tag ? 2 : 1);
      std::size_t name_end = name_start;
      while (name_end < xml.size() && xml[name_end] != '>' && xml[name_end] != '/' &&
             xml[name_end] != '<' && xml[name_end] != ' ' && xml[name_end] != '\t' &&
             xml[name_end] != '\r' && xml[name_end] != '\n' && xml[name_end] != '\0') {
        ++name_end;
      }
      const std::string_view name = xml.substr(name_start, name_end - name_start);
      i = RepairTag(xml, i, out, repaired, &declared);
      if (out.size() == mark || out.back() != '>' || name.empty()) {
        repaired = true;  // a tag cut by the end of the document, or nameless
        out.resize(mark);
        continue;
      }
      if (!end_tag) {
        if (out[out.size() - 2] != '/') open.push_back(name);
        continue;
      }
      if (!open.empty() && open.back() == name) {
        open.pop_back();
        continue;
      }
      repaired = true;
      std::size_t depth = open.size();
      while (depth > 0 && open[depth - 1] != name) --depth;
      if (depth == 0) {
        out.resize(mark);  // closes nothing that is open: dropped
        continue;
      }
      out.resize(mark);
      while (open.size() >= depth) {
        out += "</";
        out += open.back();
        out += '>';
        open.pop_back();
      }
    } else if (StartsWith(xml, i, "<!--")) {
      i = copy_section(i, "-->");
    } else if (StartsWith(xml, i, "<![CDATA[")) {
      i = copy_section(i, "]]>");
    } else if (StartsWith(xml, i, "<?")) {
      i = copy_section(i, "?>");
    } else if (StartsWith(xml, i, "<!") && open.empty()) {
      const std::size_t start = i;
      i = CopyDoctype(xml, i, out);
      declared = ReadEntityDeclarations(xml.substr(start, i - start));
    } else if (StartsWith(xml, i, "<!")) {
      // No declaration inside an element: a CDATA or comment opener cut by
      // the end of the document is dropped, anything else is text.
      repaired = true;
      const auto rest = xml.substr(i);
      if (std::string_view("<![CDATA[").starts_with(rest) ||
          std::string_view("<!--").starts_with(rest)) {
        break;
      }
      out += "&lt;";
      ++i;
    } else {
      repaired = true;
      out += "&lt;";
      ++i;
    }
  }
  if (!open.empty()) repaired = true;
  while (!open.empty()) {
    out += "</";
    out += open.back();
    out += '>';
    open.pop_back();
  }
  if (repaired) *repaired_out = true;
  return out;
}

}  // namespace pw::crawler
