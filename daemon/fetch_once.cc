#include "daemon/fetch_once.h"

#include <boost/asio/io_context.hpp>

namespace pw::daemon {

Result<crawler::FetchResponse> FetchOnce(const std::string& url) {
  boost::asio::io_context io;
  crawler::Fetcher fetcher(io);
  crawler::FetchResponse response;
  crawler::FetchRequest request;
  request.url = url;
  fetcher.Fetch(request, [&](crawler::FetchResponse r) { response = std::move(r); });
  io.run();
  if (!response.ok()) {
    return Error{response.error.empty() ? "HTTP status " + std::to_string(response.status)
                                        : response.error};
  }
  return response;
}

}  // namespace pw::daemon
