#include "crawler/opml.h"

#include <algorithm>
#include <sstream>

#include <pugixml.hpp>

namespace pw::crawler {
namespace {

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Empty when `url` is acceptable as a feed address; else why not.
std::string UrlProblem(std::string_view url) {
  if (url.empty()) return "empty URL";
  std::string_view rest;
  for (std::string_view scheme : {"http://", "https://", "file://"}) {
    if (StartsWithNoCase(url, scheme)) rest = url.substr(scheme.size());
  }
  const std::string quoted = "\"" + std::string(url.substr(0, 200)) + "\"";
  if (rest.empty()) return "not an http://, https:// or file:// URL: " + quoted;
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= ' ') return "a URL cannot contain spaces: " + quoted;
  }
  return {};
}

// 1-based line of byte `offset` in `text`.
int LineAt(std::string_view text, std::ptrdiff_t offset) {
  if (offset < 0) return 0;
  const auto end = text.begin() + std::min<std::ptrdiff_t>(offset, static_cast<std::ptrdiff_t>(text.size()));
  return 1 + static_cast<int>(std::count(text.begin(), end, '\n'));
}

// Attribute by name, ignoring ASCII case ("xmlUrl", "xmlurl" and "XMLURL" all occur).
std::string Attr(const pugi::xml_node& node, std::string_view name) {
  for (const pugi::xml_attribute& a : node.attributes()) {
    std::string_view n = a.name();
    if (n.size() == name.size() && StartsWithNoCase(n, name)) return std::string(Trim(a.value()));
  }
  return {};
}

void Walk(const pugi::xml_node& parent, std::string_view text, SourceList& out) {
  for (const pugi::xml_node& node : parent.children("outline")) {
    const std::string url = Attr(node, "xmlurl");
    if (!url.empty()) {
      if (std::string problem = UrlProblem(url); !problem.empty()) {
        out.problems.push_back({LineAt(text, node.offset_debug()), problem});
      } else {
        ListedFeed feed;
        feed.url = url;
        feed.title = Attr(node, "title");
        if (feed.title.empty()) feed.title = Attr(node, "text");
        feed.html_url = Attr(node, "htmlurl");
        out.feeds.push_back(std::move(feed));
      }
    }
    Walk(node, text, out);  // folders nest; a feed outline with children is rare but legal
  }
}

Result<SourceList> ParseOpml(std::string_view text) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_auto);
  if (!parsed) {
    return Error{"not OPML: " + std::string(parsed.description()) + " at line " +
                 std::to_string(LineAt(text, parsed.offset)) + " (offset " +
                 std::to_string(parsed.offset) + ")"};
  }
  const pugi::xml_node root = doc.document_element();
  if (std::string_view(root.name()) != "opml") {
    return Error{"not OPML: root element <" + std::string(root.name()) + ">"};
  }
  SourceList out;
  out.format = "opml";
  Walk(root.child("body"), text, out);
  return out;
}

SourceList ParseText(std::string_view text) {
  SourceList out;
  out.format = "text";
  int line_no = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    line = Trim(line);
    if (line.empty() || line.front() == '#') continue;
    if (std::string problem = UrlProblem(line); !problem.empty()) {
      out.problems.push_back({line_no, problem});
      continue;
    }
    out.feeds.push_back({std::string(line), {}, {}});
  }
  return out;
}

// Control characters have no place in XML 1.0 attributes.
std::string XmlSafe(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') c = ' ';
  }
  return out;
}

}  // namespace

Result<SourceList> ParseSourceList(std::string_view text) {
  std::string_view body = text;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);  // UTF-8 BOM
  if (!Trim(body).empty() && Trim(body).front() == '<') return ParseOpml(text);
  return ParseText(body);
}

std::string WriteOpml(const std::vector<ListedFeed>& feeds, std::string_view title) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node opml = doc.append_child("opml");
  opml.append_attribute("version") = "2.0";
  opml.append_child("head").append_child("title").text() = XmlSafe(title).c_str();
  pugi::xml_node body = opml.append_child("body");
  for (const ListedFeed& feed : feeds) {
    pugi::xml_node o = body.append_child("outline");
    const std::string text = XmlSafe(feed.title.empty() ? feed.url : feed.title);
    o.append_attribute("type") = "rss";
    o.append_attribute("text") = text.c_str();
    o.append_attribute("title") = text.c_str();
    o.append_attribute("xmlUrl") = XmlSafe(feed.url).c_str();
    if (!feed.html_url.empty()) o.append_attribute("htmlUrl") = XmlSafe(feed.html_url).c_str();
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

}  // namespace pw::crawler
