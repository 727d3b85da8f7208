#include "crawler/xml_repair.h"

#include <unicode/ucnv.h>

#include <limits>

#include "crawler/html_entities.h"
#include "crawler/text_util.h"

namespace pw::crawler {
namespace {

bool StartsWith(std::string_view s, std::size_t at, std::string_view prefix) {
  return s.substr(at, prefix.size()) == prefix;
}

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

// Handles the '&' at xml[i]; returns the index after what it consumed.
std::size_t RepairReference(std::string_view xml, std::size_t i, std::string& out) {
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
      if (!overflow) value = NumericReferenceValue(value);
      if (overflow || !IsXmlChar(value)) value = 0xFFFD;
      out += "&#" + std::to_string(static_cast<unsigned long>(value)) + ";";
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
      if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") {
        out.append(xml.substr(i, j + 1 - i));
      } else if (const auto cp = LookupHtmlEntity(name)) {
        out += "&#" + std::to_string(static_cast<unsigned long>(*cp)) + ";";
      } else {
        // Possibly declared in the DOCTYPE; the parser keeps it verbatim.
        out.append(xml.substr(i, j + 1 - i));
      }
      return j + 1;
    }
  }
  out += "&amp;";
  return i + 1;
}

// A start or end tag at xml[i] == '<': names are copied, attribute values get
// the reference repairs and lose bare '<'.
std::size_t RepairTag(std::string_view xml, std::size_t i, std::string& out) {
  out += '<';
  char quote = 0;
  std::size_t j = i + 1;
  while (j < xml.size()) {
    const char c = xml[j];
    if (c == '\0') {
      ++j;
    } else if (quote != 0) {
      if (c == quote) {
        quote = 0;
        out += c;
        ++j;
      } else if (c == '&') {
        j = RepairReference(xml, j, out);
      } else if (c == '<') {
        out += "&lt;";
        ++j;
      } else {
        out += c;
        ++j;
      }
    } else {
      out += c;
      ++j;
      if (c == '"' || c == '\'') quote = c;
      if (c == '>') break;
    }
  }
  return j;
}

}  // namespace

std::string XmlToUtf8(std::string_view body, std::size_t* skipped) {
  *skipped = 0;
  if (const auto wide = DetectWide(body); wide.charset != nullptr) {
    bool ok = false;
    std::string utf8 = Convert(body.substr(wide.bom), wide.charset, &ok);
    if (ok) {
      const auto lead = LeadingSpace(utf8);
      return utf8.substr(lead);
    }
  }
  std::size_t start = body.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  start += LeadingSpace(body.substr(start));
  const auto xml = body.substr(start);
  const std::string charset = DeclaredEncoding(xml);
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
  std::string out;
  out.reserve(xml.size() + xml.size() / 16);
  std::size_t i = 0;
  while (i < xml.size()) {
    const char c = xml[i];
    if (c == '\0') {
      ++i;
    } else if (c == '&') {
      i = RepairReference(xml, i, out);
    } else if (c != '<') {
      out += c;
      ++i;
    } else if (StartsWith(xml, i, "<!--")) {
      i = CopyThrough(xml, i, "-->", out);
    } else if (StartsWith(xml, i, "<![CDATA[")) {
      i = CopyThrough(xml, i, "]]>", out);
    } else if (StartsWith(xml, i, "<?")) {
      i = CopyThrough(xml, i, "?>", out);
    } else if (StartsWith(xml, i, "<!")) {
      i = CopyDoctype(xml, i, out);
    } else if (i + 1 < xml.size() && (IsNameStart(xml[i + 1]) || xml[i + 1] == '/')) {
      i = RepairTag(xml, i, out);
    } else {
      out += "&lt;";
      ++i;
    }
  }
  return out;
}

}  // namespace pw::crawler
