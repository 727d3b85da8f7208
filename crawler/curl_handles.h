#pragma once
/// Move-only owners of libcurl handles. Private to pw_crawler: curl's headers
/// must not leak into the public ones.
#include <curl/curl.h>

#include <memory>

namespace pw::crawler {

struct CurlEasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct CurlMultiDeleter {
  void operator()(CURLM* h) const { curl_multi_cleanup(h); }
};
struct CurlSlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

/// An easy handle; remove it from its multi handle before it dies.
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;
/// A multi handle; its easy handles must be removed first.
using CurlMulti = std::unique_ptr<CURLM, CurlMultiDeleter>;

/// A header list. Append() keeps the list valid when curl_slist_append fails
/// (it returns NULL then, and the old list would leak).
class CurlSlist {
 public:
  bool Append(const char* header) {
    curl_slist* grown = curl_slist_append(list_.get(), header);
    if (grown == nullptr) return false;
    if (!list_) list_.reset(grown);  // later appends keep the head
    return true;
  }
  curl_slist* get() const { return list_.get(); }

 private:
  std::unique_ptr<curl_slist, CurlSlistDeleter> list_;
};

}  // namespace pw::crawler
