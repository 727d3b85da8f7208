#include "crawler/feed_parser.h"

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <vector>

#include "crawler/feed_date.h"
#include "crawler/html_text.h"
#include "crawler/text_util.h"
#include "crawler/url.h"
#include "crawler/xml_repair.h"

namespace pw::crawler {
namespace {

constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kAtom03Ns = "http://purl.org/atom/ns#";
constexpr std::string_view kContentNs = "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view kDcNs = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kDcTermsNs = "http://purl.org/dc/terms/";

// ---- names and namespaces (pugixml keeps prefixes, resolving is ours) ----

std::string_view Prefix(std::string_view qname) {
  const auto colon = qname.find(':');
  return colon == std::string_view::npos ? std::string_view{} : qname.substr(0, colon);
}

std::string_view LocalName(std::string_view qname) {
  const auto colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

// The namespace URI of an element, from the nearest xmlns declaration. Feeds
// that use "dc:" or "content:" without declaring them get the usual URI.
std::string_view NamespaceOf(pugi::xml_node node) {
  const auto prefix = Prefix(node.name());
  const std::string attr = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  for (auto n = node; n; n = n.parent()) {
    if (const auto a = n.attribute(attr.c_str())) return a.value();
  }
  if (prefix == "dc") return kDcNs;
  if (prefix == "content") return kContentNs;
  if (prefix == "atom") return kAtomNs;
  if (prefix == "dcterms") return kDcTermsNs;
  return {};
}

bool Is(pugi::xml_node node, std::string_view ns, std::string_view local) {
  return node.type() == pugi::node_element && LocalName(node.name()) == local &&
         NamespaceOf(node) == ns;
}

pugi::xml_node Child(pugi::xml_node parent, std::string_view ns, std::string_view local) {
  for (auto c = parent.first_child(); c; c = c.next_sibling()) {
    if (Is(c, ns, local)) return c;
  }
  return {};
}

// RSS has no namespace, except that Userland's own feeds declared one.
bool IsRssNamespace(std::string_view ns) {
  return ns.empty() || ns == "http://backend.userland.com/rss" ||
         ns == "http://backend.userland.com/rss2" || ns == "http://blogs.law.harvard.edu/tech/rss";
}

pugi::xml_node RssChild(pugi::xml_node parent, std::string_view local) {
  for (auto c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && Prefix(c.name()).empty() && c.name() == local &&
        IsRssNamespace(NamespaceOf(c))) {
      return c;
    }
  }
  return {};
}

// ---- element text ----

bool HasElementChildren(pugi::xml_node node) {
  for (auto c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) return true;
  }
  return false;
}

// The children serialised back to markup (escaped), for HtmlToText.
std::string InnerXml(pugi::xml_node node) {
  struct Writer : pugi::xml_writer {
    std::string out;
    void write(const void* data, std::size_t size) override {
      out.append(static_cast<const char*>(data), size);
    }
  } writer;
  for (auto c = node.first_child(); c; c = c.next_sibling()) {
    c.print(writer, "", pugi::format_raw, pugi::encoding_utf8);
  }
  return writer.out;
}

// Character data of the element itself (text and CDATA children).
std::string OwnText(pugi::xml_node node) {
  std::string text;
  for (auto c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) text += c.value();
  }
  return text;
}

// An element whose content is HTML, escaped or in CDATA; unescaped markup
// (well-formed XHTML pasted into <description>) is read as HTML too.
std::string HtmlField(pugi::xml_node node) {
  if (!node) return {};
  return FinishText(HtmlToText(HasElementChildren(node) ? InnerXml(node) : OwnText(node)));
}

std::string PlainField(pugi::xml_node node) {
  if (!node) return {};
  return FinishText(CollapseWhitespace(OwnText(node)));
}

// Author names are text, but feeds escape them as HTML; "Name <mail@x>" must
// keep its address, so entities are decoded and no tag is stripped.
std::string AuthorField(pugi::xml_node node) {
  if (!node) return {};
  return FinishText(CollapseWhitespace(DecodeHtmlEntities(OwnText(node))));
}

// An Atom text construct (RFC 4287 3.1; Atom 0.3's "mode" too) as plain
// text. Content that is not text (base64 payloads, out-of-line src=) is "".
std::string AtomText(pugi::xml_node node) {
  if (!node || node.attribute("src")) return {};
  const std::string type = AsciiLower(TrimAscii(node.attribute("type").value()));
  const std::string mode = AsciiLower(TrimAscii(node.attribute("mode").value()));
  if (mode == "base64") return {};
  const bool markup = type == "xhtml" || type.ends_with("+xml") || type.ends_with("/xml");
  if (markup) return mode == "escaped" ? HtmlField(node) : FinishText(HtmlToText(InnerXml(node)));
  if (type == "html" || type == "text/html") return HtmlField(node);
  if (type.empty() || type == "text" || type.starts_with("text/")) {
    return FinishText(
        CollapseWhitespace(HasElementChildren(node) ? HtmlToText(InnerXml(node)) : OwnText(node)));
  }
  return {};
}

// ---- links ----

// The base URI in effect at `node` (xml:base, RFC 3986 resolution down the
// ancestors), starting from the document's own URL.
std::string BaseAt(pugi::xml_node node, std::string_view document_url) {
  std::vector<pugi::xml_node> chain;
  for (auto n = node; n && n.type() == pugi::node_element; n = n.parent()) chain.push_back(n);
  std::string base(TrimAscii(document_url));
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (const auto a = it->attribute("xml:base")) base = ResolveUrl(base, a.value());
  }
  return base;
}

std::string LinkFrom(pugi::xml_node node, std::string_view href, std::string_view document_url) {
  const auto trimmed = TrimAscii(href);
  if (trimmed.empty()) return {};
  return FinishText(ResolveUrl(BaseAt(node, document_url), trimmed));
}

// The first alternate link of an Atom entry or feed (no rel means alternate).
std::string AtomAlternateLink(pugi::xml_node parent, std::string_view ns,
                              std::string_view document_url) {
  for (auto c = parent.first_child(); c; c = c.next_sibling()) {
    if (!Is(c, ns, "link")) continue;
    const std::string rel = AsciiLower(TrimAscii(c.attribute("rel").value()));
    if (!rel.empty() && rel != "alternate") continue;
    // Some generators put the URL in the element instead of href=.
    const std::string href = c.attribute("href") ? c.attribute("href").value() : OwnText(c);
    if (!TrimAscii(href).empty()) return LinkFrom(c, href, document_url);
  }
  return {};
}

std::optional<UnixTime> DateField(pugi::xml_node node) {
  if (!node) return std::nullopt;
  return ParseFeedDate(CollapseWhitespace(OwnText(node)));
}

// ---- RSS ----

FeedItem ParseRssItem(pugi::xml_node item, std::string_view document_url) {
  FeedItem out;
  const auto guid = RssChild(item, "guid");
  out.guid = PlainField(guid);
  if (const auto link = RssChild(item, "link")) {
    out.link = LinkFrom(link, OwnText(link), document_url);
  }
  if (out.link.empty()) out.link = AtomAlternateLink(item, kAtomNs, document_url);
  // RSS 2.0: a guid is the permalink unless isPermaLink="false".
  const bool permalink = AsciiLower(TrimAscii(guid.attribute("isPermaLink").value())) != "false";
  if (out.link.empty() && permalink &&
      (out.guid.starts_with("http://") || out.guid.starts_with("https://"))) {
    out.link = out.guid;
  }
  out.title = HtmlField(RssChild(item, "title"));
  if (out.title.empty()) out.title = HtmlField(Child(item, kDcNs, "title"));
  out.summary = HtmlField(RssChild(item, "description"));
  if (out.summary.empty()) out.summary = HtmlField(Child(item, kContentNs, "encoded"));
  if (out.summary.empty()) out.summary = HtmlField(Child(item, kDcNs, "description"));
  out.author = AuthorField(RssChild(item, "author"));
  if (out.author.empty()) out.author = AuthorField(Child(item, kDcNs, "creator"));
  out.published = DateField(RssChild(item, "pubDate"));
  if (!out.published) out.published = DateField(Child(item, kDcNs, "date"));
  if (!out.published) out.published = DateField(Child(item, kDcTermsNs, "issued"));
  if (!out.published) out.published = DateField(Child(item, kDcTermsNs, "created"));
  if (!out.published) out.published = DateField(Child(item, kDcTermsNs, "modified"));
  return out;
}

Feed ParseRss(pugi::xml_node root, std::string_view document_url) {
  Feed feed;
  feed.format = "rss2";
  auto channel = RssChild(root, "channel");
  if (!channel) channel = root;
  feed.title = HtmlField(RssChild(channel, "title"));
  if (feed.title.empty()) feed.title = HtmlField(Child(channel, kDcNs, "title"));
  if (const auto link = RssChild(channel, "link")) {
    feed.link = LinkFrom(link, OwnText(link), document_url);
  }
  if (feed.link.empty()) feed.link = AtomAlternateLink(channel, kAtomNs, document_url);
  // RSS 0.9x put items beside the channel; some generators still do.
  for (auto parent : {channel, root}) {
    for (auto c = parent.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element && Prefix(c.name()).empty() &&
          std::string_view(c.name()) == "item") {
        feed.items.push_back(ParseRssItem(c, document_url));
      }
    }
    if (channel == root) break;
  }
  return feed;
}

// ---- Atom ----

std::string AtomAuthor(pugi::xml_node parent, std::string_view ns) {
  const auto author = Child(parent, ns, "author");
  return author ? AuthorField(Child(author, ns, "name")) : std::string{};
}

FeedItem ParseAtomEntry(pugi::xml_node entry, std::string_view ns, const std::string& feed_author,
                        std::string_view document_url) {
  FeedItem out;
  out.guid = PlainField(Child(entry, ns, "id"));
  out.link = AtomAlternateLink(entry, ns, document_url);
  out.title = AtomText(Child(entry, ns, "title"));
  out.summary = AtomText(Child(entry, ns, "summary"));
  if (out.summary.empty()) out.summary = AtomText(Child(entry, ns, "content"));
  out.author = AtomAuthor(entry, ns);
  if (out.author.empty()) {
    if (const auto source = Child(entry, ns, "source")) out.author = AtomAuthor(source, ns);
  }
  if (out.author.empty()) out.author = feed_author;  // RFC 4287 4.2.1: entries inherit it
  const bool v03 = ns == kAtom03Ns;
  out.published = DateField(Child(entry, ns, v03 ? "issued" : "published"));
  if (!out.published) out.published = DateField(Child(entry, ns, v03 ? "modified" : "updated"));
  if (!out.published && v03) out.published = DateField(Child(entry, ns, "created"));
  if (!out.published) out.published = DateField(Child(entry, kDcNs, "date"));
  return out;
}

Feed ParseAtom(pugi::xml_node root, std::string_view document_url) {
  const std::string_view ns = NamespaceOf(root);
  Feed feed;
  feed.format = ns == kAtom03Ns ? "atom03" : "atom1";
  feed.title = AtomText(Child(root, ns, "title"));
  feed.link = AtomAlternateLink(root, ns, document_url);
  const std::string feed_author = AtomAuthor(root, ns);
  for (auto c = root.first_child(); c; c = c.next_sibling()) {
    if (Is(c, ns, "entry")) feed.items.push_back(ParseAtomEntry(c, ns, feed_author, document_url));
  }
  return feed;
}

// ---- dispatch ----

// True when all that follows the parser's error is closing tags (or comments), possibly cut
// ("...</channel></rss" or a missing "</rss>"): the content is complete and
// only the end of the document is damaged. pugixml keeps the tree it built
// up to the error, which then holds the whole feed. A body cut in the middle
// of an item looks the same here; the fetcher reports such transfers as
// errors, so they do not reach the parser.
bool OnlyClosingTagsFrom(std::string_view xml, std::size_t offset) {
  if (offset > xml.size()) return false;
  // Start at the tag the error is in, unless that tag was complete.
  const auto lt = xml.rfind('<', offset);
  const bool inside_tag = lt != std::string_view::npos && xml.find('>', lt) >= offset;
  std::size_t i = inside_tag ? lt : offset;
  while (i < xml.size()) {
    const char c = xml[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (xml.substr(i, 4) == "<!--") {
      const auto end = xml.find("-->", i + 4);
      i = end == std::string_view::npos ? xml.size() : end + 3;
    } else if (xml.substr(i, 2) == "</") {
      i += 2;
      while (i < xml.size() && xml[i] != '>' && xml[i] != '<') {
        const char n = xml[i];
        const bool name = (n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') ||
                          (n >= '0' && n <= '9') || n == ':' || n == '_' || n == '-' || n == '.' ||
                          n == ' ' || n == '\t' || n == '\r' || n == '\n';
        if (!name) return false;
        ++i;
      }
      if (i < xml.size() && xml[i] == '>') ++i;
    } else {
      return false;
    }
  }
  return true;
}

bool LooksLikeHtml(std::string_view text) {
  const std::string head = AsciiLower(text.substr(0, 64));
  return head.starts_with("<!doctype html") || head.starts_with("<html");
}

Result<Feed> FromDocument(const pugi::xml_document& doc, std::string_view document_url) {
  const auto root = doc.document_element();
  if (!root) return Error{"not a feed: no root element"};
  const std::string_view local = LocalName(root.name());
  if (local == "rss") return ParseRss(root, document_url);
  if (local == "feed") return ParseAtom(root, document_url);
  if (local == "RDF") return Error{"unsupported format: RDF (RSS 0.90/1.0) is not read yet"};
  if (local == "CHANNEL") return Error{"unsupported format: CDF"};
  return Error{"not a feed: root element <" + std::string(root.name()) + ">"};
}

}  // namespace

Result<Feed> ParseFeed(std::string_view body, std::string_view base_url) {
  std::size_t skipped = 0;
  const std::string xml = XmlToUtf8(body, &skipped);
  if (TrimAscii(xml).empty()) return Error{"empty document"};
  if (xml.front() == '{' || xml.front() == '[') {
    return Error{"unsupported format: JSON (JSON Feed is not read yet)"};
  }

  constexpr unsigned kOptions = pugi::parse_default;
  const std::string repaired = RepairXml(xml);
  pugi::xml_document doc;
  const auto result =
      doc.load_buffer(repaired.data(), repaired.size(), kOptions, pugi::encoding_utf8);
  const bool truncated_end = (result.status == pugi::status_end_element_mismatch ||
                              result.status == pugi::status_bad_end_element) &&
                             doc.document_element() &&
                             OnlyClosingTagsFrom(repaired, static_cast<std::size_t>(result.offset));
  if (result || truncated_end) return FromDocument(doc, base_url);
  if (LooksLikeHtml(xml)) return Error{"not a feed: an HTML page"};
  // Offsets into the repaired text mean nothing to the user; report the
  // parser's complaint about the document as it came.
  const auto original = doc.load_buffer(xml.data(), xml.size(), kOptions, pugi::encoding_utf8);
  if (original) return FromDocument(doc, base_url);
  return Error{"not XML: " + std::string(original.description()) + " at offset " +
               std::to_string(static_cast<std::size_t>(original.offset) + skipped)};
}

}  // namespace pw::crawler
