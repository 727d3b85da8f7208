#include "crawler/html_dom.h"

#include "crawler/text_util.h"

namespace pw::crawler::dom {

HtmlDocument::HtmlDocument(std::string_view utf8_html)
    : html_(utf8_html),
      output_(gumbo_parse_with_options(&kGumboDefaultOptions, html_.data(), html_.size())) {}

HtmlDocument::~HtmlDocument() { gumbo_destroy_output(&kGumboDefaultOptions, output_); }

std::string TagName(const GumboNode* n) {
  if (!IsElement(n)) return {};
  const GumboElement& el = n->v.element;
  if (el.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(el.tag);
  GumboStringPiece piece = el.original_tag;
  gumbo_tag_from_original_text(&piece);
  return AsciiLower(std::string_view(piece.data, piece.length));
}

std::string_view Attr(const GumboNode* n, const char* name) {
  if (!IsElement(n)) return {};
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a != nullptr && a->value != nullptr ? std::string_view(a->value) : std::string_view();
}

bool HasAttr(const GumboNode* n, const char* name) {
  return IsElement(n) && gumbo_get_attribute(&n->v.element.attributes, name) != nullptr;
}

bool HasClass(const GumboNode* n, std::string_view name) {
  const std::string_view classes = Attr(n, "class");
  std::size_t pos = 0;
  while (pos < classes.size()) {
    const auto start = classes.find_first_not_of(" \t\r\n\f", pos);
    if (start == std::string_view::npos) break;
    auto end = classes.find_first_of(" \t\r\n\f", start);
    if (end == std::string_view::npos) end = classes.size();
    if (classes.substr(start, end - start) == name) return true;
    pos = end;
  }
  return false;
}

std::string ClassAndId(const GumboNode* n) {
  return AsciiLower(std::string(Attr(n, "class")) + " " + std::string(Attr(n, "id")));
}

void ForEachElement(const GumboNode* node, const std::function<bool(const GumboNode*)>& visit) {
  if (!IsElement(node)) return;
  if (!visit(node)) return;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    ForEachElement(static_cast<const GumboNode*>(children.data[i]), visit);
  }
}

namespace {

bool IsInline(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_A: case GUMBO_TAG_ABBR: case GUMBO_TAG_B: case GUMBO_TAG_BDI:
    case GUMBO_TAG_BDO: case GUMBO_TAG_CITE: case GUMBO_TAG_CODE: case GUMBO_TAG_DATA:
    case GUMBO_TAG_DEL: case GUMBO_TAG_DFN: case GUMBO_TAG_EM: case GUMBO_TAG_FONT:
    case GUMBO_TAG_I: case GUMBO_TAG_INS: case GUMBO_TAG_KBD: case GUMBO_TAG_MARK:
    case GUMBO_TAG_Q: case GUMBO_TAG_S: case GUMBO_TAG_SAMP: case GUMBO_TAG_SMALL:
    case GUMBO_TAG_SPAN: case GUMBO_TAG_STRIKE: case GUMBO_TAG_STRONG: case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP: case GUMBO_TAG_TIME: case GUMBO_TAG_TT: case GUMBO_TAG_U:
    case GUMBO_TAG_VAR: case GUMBO_TAG_WBR: case GUMBO_TAG_BIG: case GUMBO_TAG_LABEL:
      return true;
    default:
      return false;
  }
}

void AppendText(const GumboNode* n, std::string& out) {
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
      n->type == GUMBO_NODE_CDATA) {
    out += n->v.text.text;
    return;
  }
  if (!IsElement(n)) return;
  const GumboTag tag = n->v.element.tag;
  if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE ||
      tag == GUMBO_TAG_NOSCRIPT) {
    return;
  }
  const bool block = !IsInline(tag);
  if (block) out += ' ';
  const GumboVector& children = n->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    AppendText(static_cast<const GumboNode*>(children.data[i]), out);
  }
  if (block) out += ' ';
}

}  // namespace

std::string TextOf(const GumboNode* node) {
  std::string out;
  if (node != nullptr) AppendText(node, out);
  return out;
}

std::string CleanText(std::string_view text) { return FinishText(CollapseWhitespace(text)); }

}  // namespace pw::crawler::dom
