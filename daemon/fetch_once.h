#pragma once
/// FetchOnce: one URL fetched to completion on a private io_context, for the
/// one-shot commands (fetch, parse, sources add) — never inside the daemon,
/// whose fetches share its I/O thread.
#include <string>

#include "core/result.h"
#include "crawler/fetcher.h"

namespace pw::daemon {

/// The response when the transfer succeeded with a 2xx status; otherwise an
/// Error with the reason ("connection refused", "HTTP status 404"), without
/// the URL (callers name it).
Result<crawler::FetchResponse> FetchOnce(const std::string& url);

/// The URL relative links in the response resolve against.
inline std::string BaseUrl(const crawler::FetchResponse& r) {
  return r.effective_url.empty() ? r.url : r.effective_url;
}

}  // namespace pw::daemon
