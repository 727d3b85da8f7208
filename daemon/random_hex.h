#pragma once
/// Random identifiers for sessions, API and feed tokens, alert ids and
/// webhook secrets: one generator (libsodium randombytes), defined in auth.cc.
#include <cstddef>
#include <string>

namespace pw::daemon {

/// `bytes` random bytes as lower-case hex.
std::string RandomHex(std::size_t bytes);

}  // namespace pw::daemon
