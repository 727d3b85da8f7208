#pragma once
/// Owning handles for the blocking libcurl calls of the alert channels
/// (daemon/mail.cc SMTP, daemon/webhook.cc HTTP POST).
#include <memory>

#include <curl/curl.h>

namespace pw::daemon {

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlEasy = std::unique_ptr<CURL, CurlDeleter>;
using CurlSlist = std::unique_ptr<curl_slist, SlistDeleter>;

}  // namespace pw::daemon
