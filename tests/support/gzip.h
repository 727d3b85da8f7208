#pragma once
/// Gzip for tests that serve compressed bodies (decoding, gzip bombs).
#include <string>

namespace pw::testing {

/// `data` gzip-compressed (RFC 1952) at the best compression level.
std::string Gzip(const std::string& data);

}  // namespace pw::testing
