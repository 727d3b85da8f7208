#pragma once
/// Small helpers over gumbo's parse tree, shared by link selection and
/// article extraction. Private to pw_crawler (gumbo stays inside the library).
///
/// Lifetime: an HtmlDocument owns its tree; node pointers die with it.
#include <functional>
#include <string>
#include <string_view>

#include <gumbo.h>

namespace pw::crawler::dom {

/// A parsed HTML5 document (input must be UTF-8). Move-only owner.
class HtmlDocument {
 public:
  explicit HtmlDocument(std::string_view utf8_html);
  ~HtmlDocument();
  HtmlDocument(const HtmlDocument&) = delete;
  HtmlDocument& operator=(const HtmlDocument&) = delete;
  const GumboNode* root() const { return output_->root; }

 private:
  std::string html_;  // gumbo points into it
  GumboOutput* output_;
};

inline bool IsElement(const GumboNode* n) {
  return n != nullptr && (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE);
}

/// The tag name, lower-case ("h1", or the original name of an unknown tag).
std::string TagName(const GumboNode* element);

/// The attribute's value, "" when absent.
std::string_view Attr(const GumboNode* element, const char* name);
bool HasAttr(const GumboNode* element, const char* name);

/// True when the class attribute lists `name` (whitespace-separated tokens, case-sensitive).
bool HasClass(const GumboNode* element, std::string_view name);

/// The class and id attributes together, lower-cased, for keyword tests
/// ("related", "comment").
std::string ClassAndId(const GumboNode* element);

/// Calls `visit` for every element under `node` (itself included) in
/// document order; when `visit` returns false the element's children are skipped.
void ForEachElement(const GumboNode* node, const std::function<bool(const GumboNode*)>& visit);

/// Text of everything under `node`, whitespace not yet collapsed; the contents
/// of script, style, template and noscript are skipped, and block elements
/// and <br> separate words with a space.
std::string TextOf(const GumboNode* node);

/// `text` with whitespace runs collapsed, trimmed, in NFC.
std::string CleanText(std::string_view text);

}  // namespace pw::crawler::dom
