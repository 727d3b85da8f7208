#include "daemon/parse_command.h"
#include "daemon/json_fields.h"


#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "crawler/feed_parser.h"
#include "daemon/fetch_once.h"
#include "daemon/report.h"

namespace pw::daemon {
namespace {

struct Document {
  std::string body;
  std::string url;           // base for relative links ("" for a local file)
  std::string content_type;  // from HTTP, when fetched
  std::string content_language;  // likewise
};

// `input` fetched or read; the error message on failure.
Result<Document> Load(const std::string& input) {
  const bool url = input.find("://") != std::string::npos &&
                   input.find("://") == input.find_first_of(":/");  // a scheme, not a path
  if (!url) {
    std::ifstream in(input, std::ios::binary);
    if (!in) return Error{std::string("cannot read the file: ") + std::strerror(errno)};
    std::ostringstream body;
    body << in.rdbuf();
    if (in.bad()) return Error{"cannot read the file"};
    return Document{body.str(), "", "", ""};
  }
  auto response = FetchOnce(input);
  if (!response) return response.error();
  return Document{std::move(response->body), BaseUrl(*response), std::move(response->content_type),
                  std::move(response->content_language)};
}

// At most `max` bytes of `text` on one line, cut at a UTF-8 boundary.
std::string Excerpt(const std::string& text, std::size_t max) {
  std::string line = text;
  for (char& c : line) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (line.size() <= max) return line;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
  return line.substr(0, cut) + "…";
}

void PrintListing(const Feed& feed, std::ostream& out) {
  out << "format: " << feed.format << (feed.recovered ? " (recovered from ill-formed input)" : "")
      << "\ntitle: " << feed.title << "\nlink: " << feed.link << "\n";
  if (!feed.language.empty()) out << "language: " << feed.language << "\n";
  if (!feed.description.empty()) out << "description: " << Excerpt(feed.description, 200) << "\n";
  out << "items: " << feed.items.size() << "\n";
  std::size_t n = 0;
  for (const FeedItem& item : feed.items) {
    out << "\n[" << ++n << "] " << Excerpt(item.title, 200) << "\n";
    if (!item.link.empty()) out << "    link: " << item.link << "\n";
    if (!item.guid.empty() && item.guid != item.link) out << "    id: " << item.guid << "\n";
    out << "    published: " << IsoTime(item.published);
    if (item.updated) out << "  updated: " << IsoTime(item.updated);
    out << "\n";
    if (!item.author.empty()) out << "    author: " << item.author << "\n";
    if (!item.categories.empty()) {
      out << "    categories:";
      for (std::size_t i = 0; i < item.categories.size(); ++i) {
        out << (i == 0 ? " " : ", ") << item.categories[i];
      }
      out << "\n";
    }
    if (!item.summary.empty()) out << "    " << Excerpt(item.summary, 240) << "\n";
  }
}

}  // namespace

std::string FeedJson(const Feed& feed) {
  nlohmann::json items = nlohmann::json::array();
  for (const FeedItem& item : feed.items) {
    items.push_back({{"id", item.guid},
                     {"title", item.title},
                     {"link", item.link},
                     {"summary", item.summary},
                     {"content", item.content},
                     {"published", DateJson(item.published)},
                     {"updated", DateJson(item.updated)},
                     {"author", item.author},
                     {"categories", item.categories}});
  }
  const nlohmann::json doc = {{"format", feed.format},
                              {"recovered", feed.recovered},
                              {"feed",
                               {{"title", feed.title},
                                {"link", feed.link},
                                {"description", feed.description},
                                {"language", feed.language}}},
                              {"items", std::move(items)}};
  return JsonLine(doc, 2) + "\n";
}

int ParseCommand(const std::string& input, bool json, std::ostream& out, std::ostream& err) {
  auto document = Load(input);
  if (!document) {
    err << "provwatch parse: " << input << ": " << document.error().message << "\n";
    return 1;
  }
  auto feed = crawler::ParseFeed(document->body, document->url, document->content_type,
                                 document->content_language);
  if (!feed) {
    err << "provwatch parse: " << input << ": " << feed.error().message << "\n";
    return 1;
  }
  if (json) {
    out << FeedJson(*feed);
  } else {
    PrintListing(*feed, out);
  }
  out.flush();
  return 0;
}

}  // namespace pw::daemon
