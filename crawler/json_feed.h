#pragma once
/// JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1) -> Feed. Private to
/// pw_crawler; pure. Called by ParseFeed for documents that start with '{'.
#include <string_view>

#include "core/item.h"
#include "core/result.h"

namespace pw::crawler {

/// Parses UTF-8 JSON Feed text. Fields: title, home_page_url (link),
/// description, language; items' id, url (else external_url), title,
/// summary (else the clean text of content_html or content_text), content
/// (content_html, else content_text), date_published/date_modified,
/// author(s) name (the item's, else the feed's), tags. URLs are resolved
/// against `base_url`. JSON that is not a feed is an Error.
Result<Feed> ParseJsonFeed(std::string_view json, std::string_view base_url);

}  // namespace pw::crawler
