#pragma once
/// Files embedded in the binary at build time (daemon/web/embed.cmake writes
/// the .cc): the web page's files as "web/NAME" and the OpenAPI description
/// as "api/openapi.json".
#include <string_view>

namespace pw::daemon {

/// The bytes of an embedded file, or nullopt-like empty data with found=false.
struct EmbeddedFile {
  bool found = false;
  std::string_view bytes;
};

EmbeddedFile FindEmbedded(std::string_view name);

}  // namespace pw::daemon
