#include "crawler/feed_parser.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "crawler/feed_date.h"
#include "crawler/html_text.h"
#include "crawler/json_feed.h"
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
constexpr std::string_view kMediaNs = "http://search.yahoo.com/mrss/";
constexpr std::string_view kRss10Ns = "http://purl.org/rss/1.0/";
constexpr std::string_view kRss090Ns = "http://my.netscape.com/rdf/simple/0.9/";
constexpr std::string_view kXhtmlNs = "http://www.w3.org/1999/xhtml";
constexpr std::string_view kItunesNs = "http://www.itunes.com/dtds/podcast-1.0.dtd";

// ---- names and namespaces (pugixml keeps prefixes, resolving is ours) ----

std::string_view Prefix(std::string_view qname) {
  const auto colon = qname.find(':');
  return colon == std::string_view::npos ? std::string_view{} : qname.substr(0, colon);
}

std::string_view LocalName(std::string_view qname) {
  const auto colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

// The xmlns attribute of `node` that binds `prefix` ("" = the default
// namespace), or a null attribute. No string is built for the lookup.
pugi::xml_attribute XmlnsAttribute(pugi::xml_node node, std::string_view prefix) {
  for (auto a = node.first_attribute(); a; a = a.next_attribute()) {
    const std::string_view name = a.name();
    if (!name.starts_with("xmlns")) continue;
    if (prefix.empty() ? name.size() == 5
                       : (name.size() == 6 + prefix.size() && name[5] == ':' &&
                          name.substr(6) == prefix)) {
      return a;
    }
  }
  return {};
}

// Whether `node` declares any namespace (an attribute named xmlns or xmlns:*).
bool DeclaresNamespace(pugi::xml_node node) {
  for (auto a = node.first_attribute(); a; a = a.next_attribute()) {
    if (std::string_view(a.name()).starts_with("xmlns")) return true;
  }
  return false;
}

// The namespace URI bound to `prefix` at `start`, from the nearest xmlns
// declaration on it or an ancestor. Feeds that use "dc:" or "content:"
// without declaring them get the usual URI.
std::string_view NamespaceFor(pugi::xml_node start, std::string_view prefix) {
  for (auto n = start; n; n = n.parent()) {
    if (const auto a = XmlnsAttribute(n, prefix)) return a.value();
  }
  if (prefix == "dc") return kDcNs;
  if (prefix == "content") return kContentNs;
  if (prefix == "atom") return kAtomNs;
  if (prefix == "dcterms") return kDcTermsNs;
  if (prefix == "media") return kMediaNs;
  return {};
}

// The namespace URI of an element.
std::string_view NamespaceOf(pugi::xml_node node) { return NamespaceFor(node, Prefix(node.name())); }

bool SameNamespace(std::string_view found, std::string_view wanted) {
  if (found == wanted) return true;
  // Apple's podcast namespace is written in either case; Media RSS often
  // without its final slash.
  if (wanted == kMediaNs) return found == wanted.substr(0, wanted.size() - 1);
  return wanted == kItunesNs && found.size() == wanted.size() && AsciiLower(found) == wanted;
}

bool Is(pugi::xml_node node, std::string_view ns, std::string_view local) {
  return node.type() == pugi::node_element && LocalName(node.name()) == local &&
         SameNamespace(NamespaceOf(node), ns);
}

pugi::xml_node Child(pugi::xml_node parent, std::string_view ns, std::string_view local) {
  for (auto c = parent.first_child(); c; c = c.next_sibling()) {
    if (Is(c, ns, local)) return c;
  }
  return {};
}

// RSS has no namespace, except that Userland's own feeds declared one.
bool IsRssNamespace(std::string_view ns) {
  return ns.empty() || ns.starts_with("http://backend.userland.com/rss") ||
         ns == "http://blogs.law.harvard.edu/tech/rss";
}

// ---- the element children of one parent, indexed once ----

// An element child with its qualified name split and its namespace resolved
// once. An item's fields are looked up some thirty times among its children;
// with this index each lookup compares string_views instead of re-reading
// C strings and walking the ancestors for xmlns declarations.
struct ChildInfo {
  pugi::xml_node node;
  std::string_view local;
  std::string_view ns;
  // An RSS element: no prefix, or a prefix bound to one of the RSS namespaces
  // ("<r:title>" under xmlns:r="http://backend.userland.com/rss2").
  bool rss = false;
};

class Children {
 public:
  // The element children of `parent`, in document order.
  explicit Children(pugi::xml_node parent) {
    // Prefixes resolved at `parent`, for children that declare no namespace
    // themselves (nearly all): feeds use a handful of prefixes.
    std::vector<std::pair<std::string_view, std::string_view>> resolved;
    for (auto c = parent.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view qname = c.name();
      const auto colon = qname.find(':');
      const bool prefixed = colon != std::string_view::npos;
      const std::string_view prefix = prefixed ? qname.substr(0, colon) : std::string_view{};
      ChildInfo info{c, prefixed ? qname.substr(colon + 1) : qname, {}, false};
      if (DeclaresNamespace(c)) {
        info.ns = NamespaceFor(c, prefix);
      } else {
        const auto it = std::find_if(resolved.begin(), resolved.end(),
                                     [&](const auto& r) { return r.first == prefix; });
        if (it != resolved.end()) {
          info.ns = it->second;
        } else {
          info.ns = NamespaceFor(parent, prefix);
          resolved.emplace_back(prefix, info.ns);
        }
      }
      info.rss = IsRssNamespace(info.ns) && (!prefixed || !info.ns.empty());
      list_.push_back(info);
    }
  }

  const std::vector<ChildInfo>& all() const { return list_; }

  // The first child named `local` in `ns`; the last one (when an element
  // repeats, the last value wins, as in feedparser).
  pugi::xml_node First(std::string_view ns, std::string_view local) const {
    for (const auto& c : list_) {
      if (Is(c, ns, local)) return c.node;
    }
    return {};
  }
  pugi::xml_node Last(std::string_view ns, std::string_view local) const {
    pugi::xml_node last;
    for (const auto& c : list_) {
      if (Is(c, ns, local)) last = c.node;
    }
    return last;
  }
  // The first RSS element named `local`.
  pugi::xml_node FirstRss(std::string_view local) const {
    for (const auto& c : list_) {
      if (c.rss && c.local == local) return c.node;
    }
    return {};
  }

  static bool Is(const ChildInfo& c, std::string_view ns, std::string_view local) {
    return c.local == local && SameNamespace(c.ns, ns);
  }

 private:
  std::vector<ChildInfo> list_;
};

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

// Character data of the element itself (text and CDATA children). Most
// elements have one such child: its value is returned as a view of the
// document, without a copy; several are joined in `storage`.
std::string_view OwnText(pugi::xml_node node, std::string& storage) {
  std::string_view text;
  int parts = 0;
  for (auto c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_pcdata && c.type() != pugi::node_cdata) continue;
    if (parts == 0) {
      text = c.value();
    } else {
      if (parts == 1) storage.assign(text);
      storage += c.value();
    }
    ++parts;
  }
  return parts > 1 ? std::string_view(storage) : text;
}

std::string OwnText(pugi::xml_node node) {
  std::string storage;
  return std::string(OwnText(node, storage));
}

// The body of an element as text that may hold markup: its children
// serialised back when it has element children, else its character data.
// `storage` holds the text when it is not a view of the document.
std::string_view BodyText(pugi::xml_node node, std::string& storage) {
  if (!HasElementChildren(node)) return OwnText(node, storage);
  storage = InnerXml(node);
  return storage;
}

// An element whose content is HTML, escaped or in CDATA; unescaped markup
// (well-formed XHTML pasted into <description>) is read as HTML too.
std::string HtmlField(pugi::xml_node node) {
  if (!node) return {};
  std::string storage;
  return FinishText(HtmlToText(BodyText(node, storage)));
}

std::string PlainField(pugi::xml_node node) {
  if (!node) return {};
  std::string storage;
  return FinishText(CollapseWhitespace(OwnText(node, storage)));
}

// Author names are text, but feeds escape them as HTML; "Name <mail@x>" must
// keep its address, so entities are decoded and no tag is stripped.
std::string AuthorField(pugi::xml_node node) {
  if (!node) return {};
  std::string storage;
  return FinishText(CollapseWhitespace(DecodeHtmlEntities(OwnText(node, storage))));
}

// Standard base64 with whitespace ignored; nullopt when it is not base64.
std::optional<std::string> DecodeBase64(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+') v = 62;
    else if (c == '/') v = 63;
    else if (c == '=' || c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    else return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

// Whether an Atom construct carries base64: Atom 0.3 says so with
// mode="base64"; in Atom 1.0 every type that is not text or XML is base64.
bool IsBase64Construct(pugi::xml_node node, const std::string& type) {
  if (AsciiLower(TrimAscii(node.attribute("mode").value())) == "base64") return true;
  const bool textual = type.empty() || type == "text" || type == "html" || type == "xhtml" ||
                       type.starts_with("text/") || type.ends_with("+xml") ||
                       type.ends_with("/xml");
  return !textual;
}

// The decoded payload of a base64 construct when it is text (valid UTF-8
// without NUL), else "".
std::string Base64Text(pugi::xml_node node) {
  const auto decoded = DecodeBase64(OwnText(node));
  if (!decoded || decoded->find('\0') != std::string::npos) return {};
  return ToNfc(TrimAscii(*decoded));
}

// The body of an element as the feed gave it: character data (escaped HTML
// arrives unescaped, as the author wrote it) or inline markup serialised
// back. Trimmed, NFC; nothing else is touched.
std::string RawField(pugi::xml_node node) {
  if (!node) return {};
  std::string storage;
  return FinishText(TrimAscii(BodyText(node, storage)));
}

// Atom content as given: an xhtml construct loses its wrapping <div>
// (RFC 4287 3.1.1.3), base64 is decoded when it is text, other kinds are
// RawField; out-of-line content (src=) is "".
std::string AtomRaw(pugi::xml_node node) {
  if (!node || node.attribute("src")) return {};
  const std::string type = AsciiLower(TrimAscii(node.attribute("type").value()));
  if (IsBase64Construct(node, type)) return Base64Text(node);
  if (type == "xhtml") {
    pugi::xml_node only;
    int elements = 0;
    for (auto c = node.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element) {
        only = c;
        ++elements;
      }
    }
    if (elements == 1 && LocalName(only.name()) == "div" && NamespaceOf(only) == kXhtmlNs) {
      return FinishText(TrimAscii(InnerXml(only)));
    }
  }
  return RawField(node);
}

// An Atom text construct (RFC 4287 3.1; Atom 0.3's "mode" too) as plain
// text. Base64 payloads are decoded (binary ones give ""); out-of-line
// content (src=) is "".
std::string AtomText(pugi::xml_node node) {
  if (!node || node.attribute("src")) return {};
  const std::string type = AsciiLower(TrimAscii(node.attribute("type").value()));
  const std::string mode = AsciiLower(TrimAscii(node.attribute("mode").value()));
  if (IsBase64Construct(node, type)) {
    // Decoded text is read as its type says; an opaque type as HTML.
    const std::string text = Base64Text(node);
    const bool plain = type.empty() || type == "text" || type == "text/plain";
    return FinishText(plain ? CollapseWhitespace(text) : HtmlToText(text));
  }
  const bool markup = type == "xhtml" || type.ends_with("+xml") || type.ends_with("/xml");
  if (markup) return mode == "escaped" ? HtmlField(node) : FinishText(HtmlToText(InnerXml(node)));
  if (type == "html" || type == "text/html") return HtmlField(node);
  // HtmlToText's result is collapsed already.
  if (HasElementChildren(node)) return FinishText(HtmlToText(InnerXml(node)));
  std::string storage;
  return FinishText(CollapseWhitespace(OwnText(node, storage)));
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

// The first link of an Atom entry or feed whose rel is `wanted` (no rel
// means alternate).
std::string AtomLink(const Children& parent, std::string_view ns, std::string_view document_url,
                     std::string_view wanted = "alternate") {
  for (const auto& info : parent.all()) {
    if (!Children::Is(info, ns, "link")) continue;
    const auto c = info.node;
    std::string rel = AsciiLower(TrimAscii(c.attribute("rel").value()));
    if (rel.empty()) rel = "alternate";
    if (rel != wanted) continue;
    // Some generators put the URL in the element instead of href=.
    const std::string href = c.attribute("href") ? c.attribute("href").value() : OwnText(c);
    if (!TrimAscii(href).empty()) return LinkFrom(c, href, document_url);
  }
  return {};
}

std::optional<UnixTime> DateField(pugi::xml_node node) {
  if (!node) return std::nullopt;
  std::string storage;
  return ParseFeedDate(CollapseWhitespace(OwnText(node, storage)));
}

// The first readable date among `nodes`, in order.
std::optional<UnixTime> FirstDate(std::initializer_list<pugi::xml_node> nodes) {
  for (const auto& n : nodes) {
    if (auto t = DateField(n)) return t;
  }
  return std::nullopt;
}

void AddCategory(std::vector<std::string>& out, std::string name) {
  if (name.empty()) return;
  for (const auto& existing : out) {
    if (existing == name) return;
  }
  out.push_back(std::move(name));
}

// A media:* child of an item or of its media:group.
pugi::xml_node MediaChild(const Children& item, std::string_view local) {
  if (auto n = item.First(kMediaNs, local)) return n;
  if (auto group = item.First(kMediaNs, "group")) return Child(group, kMediaNs, local);
  return {};
}

// A language tag as BCP 47 writes it ("en_US" -> "en-US").
std::string Language(std::string tag) {
  for (char& c : tag) {
    if (c == '_') c = '-';
  }
  return tag;
}

// ---- RSS 0.9x/2.0 and RSS 1.0/0.90 (RDF) ----

// RSS 2.0 elements have no namespace; RSS 1.0 and 0.90 ones have theirs.
struct RssDialect {
  std::string_view ns;  // "" for RSS 0.9x/2.0
  pugi::xml_node child(const Children& parent, std::string_view local) const {
    return ns.empty() ? parent.FirstRss(local) : parent.First(ns, local);
  }
  bool is(const ChildInfo& c, std::string_view local) const {
    return ns.empty() ? c.rss && c.local == local : Children::Is(c, ns, local);
  }
};

FeedItem ParseRssItem(pugi::xml_node item, const RssDialect& rss, std::string_view document_url) {
  FeedItem out;
  const Children kids(item);
  const auto guid = rss.child(kids, "guid");
  out.guid = PlainField(guid);
  if (out.guid.empty()) out.guid = FinishText(TrimAscii(item.attribute("rdf:about").value()));
  if (const auto link = rss.child(kids, "link")) {
    std::string storage;
    out.link = LinkFrom(link, OwnText(link, storage), document_url);
  }
  if (out.link.empty()) out.link = AtomLink(kids, kAtomNs, document_url);
  // RSS 2.0: a guid is the permalink unless isPermaLink="false".
  const bool permalink = AsciiLower(TrimAscii(guid.attribute("isPermaLink").value())) != "false";
  if (out.link.empty() && guid && permalink &&
      (out.guid.starts_with("http://") || out.guid.starts_with("https://"))) {
    out.link = out.guid;
  }
  out.title = HtmlField(rss.child(kids, "title"));
  if (out.title.empty()) out.title = HtmlField(kids.First(kDcNs, "title"));
  if (out.title.empty()) out.title = HtmlField(MediaChild(kids, "title"));

  const auto description = rss.child(kids, "description");
  // The full body: content:encoded, else the XHTML <body> or <fullitem> some
  // generators of the 2000s used.
  auto encoded = kids.First(kContentNs, "encoded");
  if (!encoded) encoded = kids.First(kXhtmlNs, "body");
  if (!encoded) encoded = rss.child(kids, "body");
  if (!encoded) encoded = rss.child(kids, "fullitem");
  out.summary = HtmlField(description);
  if (out.summary.empty()) out.summary = HtmlField(encoded);
  if (out.summary.empty()) out.summary = HtmlField(kids.First(kDcNs, "description"));
  if (out.summary.empty()) out.summary = HtmlField(MediaChild(kids, "description"));
  if (out.summary.empty()) out.summary = HtmlField(kids.First(kItunesNs, "summary"));
  if (out.summary.empty()) out.summary = HtmlField(kids.First(kItunesNs, "subtitle"));
  out.content = RawField(encoded);
  if (out.content.empty()) out.content = RawField(description);

  out.author = AuthorField(rss.child(kids, "author"));
  if (out.author.empty()) out.author = AuthorField(kids.First(kDcNs, "creator"));
  if (out.author.empty()) out.author = AuthorField(kids.First(kDcNs, "author"));
  if (out.author.empty()) out.author = AuthorField(kids.First(kItunesNs, "author"));
  if (out.author.empty()) out.author = AuthorField(kids.First(kAtomNs, "author").child("name"));
  out.published = FirstDate({rss.child(kids, "pubDate"), kids.First(kDcNs, "date"),
                             kids.First(kDcTermsNs, "issued"), kids.First(kDcTermsNs, "created"),
                             kids.First(kAtomNs, "published"), kids.First(kDcTermsNs, "modified")});
  out.updated = FirstDate({kids.First(kDcTermsNs, "modified"), kids.First(kAtomNs, "updated"),
                           kids.Last(kDcNs, "date")});
  for (const auto& c : kids.all()) {
    if (rss.is(c, "category") || Children::Is(c, kDcNs, "subject") ||
        Children::Is(c, kMediaNs, "category")) {
      AddCategory(out.categories, PlainField(c.node));
    } else if (Children::Is(c, kItunesNs, "category")) {
      AddCategory(out.categories,
                  FinishText(CollapseWhitespace(c.node.attribute("text").value())));
    }
  }
  return out;
}

Feed ParseRss(pugi::xml_node root, const RssDialect& rss, std::string_view format,
              std::string_view document_url) {
  Feed feed;
  feed.format = std::string(format);
  const Children root_kids(root);
  auto channel = rss.child(root_kids, "channel");
  if (!channel) channel = root;
  const Children channel_kids(channel);
  feed.title = HtmlField(rss.child(channel_kids, "title"));
  if (feed.title.empty()) feed.title = HtmlField(channel_kids.First(kDcNs, "title"));
  if (const auto link = rss.child(channel_kids, "link")) {
    std::string storage;
    feed.link = LinkFrom(link, OwnText(link, storage), document_url);
  }
  if (feed.link.empty()) feed.link = AtomLink(channel_kids, kAtomNs, document_url);
  // The feed's own address is a last resort for its home page.
  if (feed.link.empty()) feed.link = AtomLink(channel_kids, kAtomNs, document_url, "self");
  feed.description = HtmlField(rss.child(channel_kids, "description"));
  if (feed.description.empty()) feed.description = HtmlField(channel_kids.First(kDcNs, "description"));
  if (feed.description.empty()) feed.description = HtmlField(channel_kids.First(kItunesNs, "subtitle"));
  if (feed.description.empty()) feed.description = HtmlField(channel_kids.First(kItunesNs, "summary"));
  feed.language = Language(PlainField(rss.child(channel_kids, "language")));
  if (feed.language.empty()) feed.language = Language(PlainField(channel_kids.First(kDcNs, "language")));
  // RSS 0.9x and 1.0 put items beside the channel; some RSS 2 generators too.
  for (const Children* parent : {&channel_kids, &root_kids}) {
    for (const auto& c : parent->all()) {
      if (rss.is(c, "item")) feed.items.push_back(ParseRssItem(c.node, rss, document_url));
    }
    if (channel == root) break;
  }
  return feed;
}

// ---- Atom ----

std::string AtomAuthor(const Children& parent, std::string_view ns) {
  const auto author = parent.First(ns, "author");
  return author ? AuthorField(Child(author, ns, "name")) : std::string{};
}

FeedItem ParseAtomEntry(pugi::xml_node entry, std::string_view ns, const std::string& feed_author,
                        std::string_view document_url) {
  FeedItem out;
  const Children kids(entry);
  out.guid = PlainField(kids.First(ns, "id"));
  out.link = AtomLink(kids, ns, document_url);
  out.title = AtomText(kids.First(ns, "title"));
  if (out.title.empty()) out.title = HtmlField(MediaChild(kids, "title"));
  const auto summary = kids.First(ns, "summary");
  const auto content = kids.First(ns, "content");
  out.summary = AtomText(summary);
  if (out.summary.empty()) out.summary = AtomText(content);
  if (out.summary.empty()) out.summary = HtmlField(MediaChild(kids, "description"));
  out.content = AtomRaw(content);
  if (out.content.empty()) out.content = AtomRaw(summary);
  out.author = AtomAuthor(kids, ns);
  if (out.author.empty()) {
    if (const auto source = kids.First(ns, "source")) out.author = AtomAuthor(Children(source), ns);
  }
  if (out.author.empty()) out.author = AuthorField(kids.First(kDcNs, "creator"));
  if (out.author.empty()) out.author = feed_author;  // RFC 4287 4.2.1: entries inherit it
  const bool v03 = ns == kAtom03Ns;
  const auto updated = kids.Last(ns, v03 ? "modified" : "updated");
  // Atom 0.3 feeds also wrote 1.0's <published>; the later element wins.
  pugi::xml_node published;
  for (const auto& c : kids.all()) {
    if (Children::Is(c, ns, "published") || (v03 && Children::Is(c, ns, "issued"))) {
      published = c.node;
    }
  }
  out.published = FirstDate({published, updated,
                             v03 ? kids.First(ns, "created") : pugi::xml_node{},
                             kids.First(kDcNs, "date")});
  out.updated = DateField(updated);
  for (const auto& info : kids.all()) {
    const auto c = info.node;
    if (Children::Is(info, ns, "category")) {
      std::string term = FinishText(CollapseWhitespace(c.attribute("term").value()));
      if (term.empty()) term = FinishText(CollapseWhitespace(c.attribute("label").value()));
      AddCategory(out.categories, std::move(term));
    } else if (Children::Is(info, kDcNs, "subject")) {
      AddCategory(out.categories, PlainField(c));
    }
  }
  return out;
}

Feed ParseAtom(pugi::xml_node root, std::string_view document_url) {
  const std::string_view ns = NamespaceOf(root);
  const bool v03 = ns == kAtom03Ns;
  Feed feed;
  feed.format = v03 ? "atom03" : "atom1";
  const Children kids(root);
  feed.title = AtomText(kids.First(ns, "title"));
  feed.link = AtomLink(kids, ns, document_url);
  // 0.3 named it tagline, 1.0 subtitle; feeds mix the two.
  feed.description = AtomText(kids.First(ns, v03 ? "tagline" : "subtitle"));
  if (feed.description.empty()) feed.description = AtomText(kids.First(ns, v03 ? "subtitle" : "tagline"));
  if (feed.description.empty()) feed.description = AtomText(kids.First(ns, "info"));
  feed.language = Language(FinishText(TrimAscii(root.attribute("xml:lang").value())));
  if (feed.language.empty()) feed.language = Language(PlainField(kids.First(kDcNs, "language")));
  const std::string feed_author = AtomAuthor(kids, ns);
  for (const auto& c : kids.all()) {
    if (Children::Is(c, ns, "entry")) {
      feed.items.push_back(ParseAtomEntry(c.node, ns, feed_author, document_url));
    }
  }
  return feed;
}

// ---- CDF (Microsoft's Channel Definition Format, 1997) ----

// CDF element and attribute names are upper-case by convention but were
// read case-insensitively.
pugi::xml_node CdfChild(pugi::xml_node parent, std::string_view name) {
  for (auto c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && AsciiLower(c.name()) == name) return c;
  }
  return {};
}

std::string_view CdfAttribute(pugi::xml_node node, std::string_view name) {
  for (auto a = node.first_attribute(); a; a = a.next_attribute()) {
    if (AsciiLower(a.name()) == name) return a.value();
  }
  return {};
}

Feed ParseCdf(pugi::xml_node root, std::string_view document_url) {
  Feed feed;
  feed.format = "cdf";
  feed.title = HtmlField(CdfChild(root, "title"));
  feed.link = LinkFrom(root, CdfAttribute(root, "href"), document_url);
  feed.description = HtmlField(CdfChild(root, "abstract"));
  for (auto c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element || AsciiLower(c.name()) != "item") continue;
    FeedItem item;
    item.title = HtmlField(CdfChild(c, "title"));
    item.link = LinkFrom(c, CdfAttribute(c, "href"), document_url);
    const auto abstract = CdfChild(c, "abstract");
    item.summary = HtmlField(abstract);
    item.content = RawField(abstract);
    const auto lastmod = CdfAttribute(c, "lastmod");
    if (!lastmod.empty()) item.updated = ParseFeedDate(lastmod);
    item.published = item.updated;
    feed.items.push_back(std::move(item));
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
  if (local == "rss") return ParseRss(root, RssDialect{}, "rss2", document_url);
  if (local == "feed") return ParseAtom(root, document_url);
  if (local == "RDF") {
    // RSS 1.0 or 0.90: the channel's namespace names the version.
    for (auto c = root.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view ns = NamespaceOf(c);
      if (ns == kRss090Ns) return ParseRss(root, RssDialect{kRss090Ns}, "rss090", document_url);
      if (ns == kRss10Ns) return ParseRss(root, RssDialect{kRss10Ns}, "rss10", document_url);
    }
    return ParseRss(root, RssDialect{kRss10Ns}, "rss10", document_url);
  }
  if (AsciiLower(local) == "channel") return ParseCdf(root, document_url);
  return Error{"not a feed: root element <" + std::string(root.name()) + ">"};
}

}  // namespace

Result<Feed> ParseFeed(std::string_view body, std::string_view base_url) {
  return ParseFeed(body, base_url, std::string_view{});
}

Result<Feed> ParseFeed(std::string_view body, std::string_view base_url_in,
                       std::string_view content_type) {
  // Links resolve only against a base that can hold documents; a
  // "javascript:" or "data:" base would make every relative link one.
  const std::string base_lower = AsciiLower(TrimAscii(base_url_in).substr(0, 8));
  const bool usable_base = base_lower.starts_with("http://") ||
                           base_lower.starts_with("https://") || base_lower.starts_with("file:");
  const std::string_view base_url = usable_base ? base_url_in : std::string_view{};
  std::size_t skipped = 0;
  const std::string xml = XmlToUtf8(body, CharsetFromContentType(content_type), &skipped);
  if (TrimAscii(xml).empty()) return Error{"empty document"};
  if (xml.front() == '{') return ParseJsonFeed(xml, base_url);
  if (xml.front() == '[') return Error{"not a feed: a JSON array"};

  constexpr unsigned kOptions = pugi::parse_default;
  bool repaired = false;
  // Parsed in place: pugixml keeps its tree in this buffer (no copy of the
  // document), which must outlive `doc`, declared after it.
  std::string fixed = RepairXml(xml, &repaired);
  pugi::xml_document doc;
  const auto result =
      doc.load_buffer_inplace(fixed.data(), fixed.size(), kOptions, pugi::encoding_utf8);
  // In-place parsing has overwritten the text before the error; the check
  // reads a fresh repair (same bytes) of the document.
  const bool truncated_end = (result.status == pugi::status_end_element_mismatch ||
                              result.status == pugi::status_bad_end_element) &&
                             doc.document_element() &&
                             OnlyClosingTagsFrom(RepairXml(xml),
                                                 static_cast<std::size_t>(result.offset));
  if (result || truncated_end) {
    auto feed = FromDocument(doc, base_url);
    if (feed) feed->recovered = repaired || truncated_end;
    return feed;
  }
  if (LooksLikeHtml(xml)) return Error{"not a feed: an HTML page"};
  // Offsets into the repaired text mean nothing to the user; report the
  // parser's complaint about the document as it came.
  const auto original = doc.load_buffer(xml.data(), xml.size(), kOptions, pugi::encoding_utf8);
  if (original) return FromDocument(doc, base_url);
  return Error{"not XML: " + std::string(original.description()) + " at offset " +
               std::to_string(static_cast<std::size_t>(original.offset) + skipped)};
}

Result<Feed> ParseFeed(std::string_view body, std::string_view base_url,
                       std::string_view content_type, std::string_view content_language) {
  auto feed = ParseFeed(body, base_url, content_type);
  if (feed && feed->language.empty()) {
    const auto first = content_language.substr(0, content_language.find(','));
    feed->language = AsciiLower(TrimAscii(first));
  }
  return feed;
}

}  // namespace pw::crawler
