#pragma once
/// Accounts of the web page and the HTTP API: passwords (Argon2id, libsodium
/// crypto_pwhash_str), sessions (cookie pw_session, 256-bit random ids stored
/// only as their SHA-256, with a CSRF token and an expiry) and API tokens
/// (random, stored as their SHA-256). Users themselves (name, role, agency,
/// clearance) are the workflow's (workflow/case_store.h UserRecord).
///
/// Records, in storage RecordFamily::kAuth (values are JSON):
///   "cred/" NAME           {"hash": crypto_pwhash_str string, "changed": unix}
///   "sess/" HEX(SHA256(id)) {"user", "csrf", "created", "expires"}
///   "tok/"  HEX(SHA256(tok)) {"user", "created"}
///   "demo/" NAME           the demo account's password (provwatch demo only)
/// Sessions are stored (synced), so they survive a daemon restart.
///
/// Cost: production hashes with libsodium's INTERACTIVE limits; the
/// environment variable PROVWATCH_PWHASH=min selects the minimum limits
/// (tests under ASan). Verification reads the limits from the stored string,
/// so both kinds verify either way.
///
/// Threads: AuthStore's methods are thread-safe (the Store is); LoginLimiter
/// locks its own mutex.
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "core/item.h"
#include "core/result.h"
#include "daemon/http_router.h"
#include "storage/store.h"

namespace pw::daemon {

/// A session as the API sees it.
struct Session {
  std::string id;  ///< the cookie value (only known at creation and from the cookie)
  std::string user;
  std::string csrf;
  UnixTime expires = 0;
};

/// Random bytes as lower-case hex (libsodium randombytes).
std::string RandomHex(std::size_t bytes);
/// A password a person can type: 16 characters from an unambiguous alphabet.
std::string GeneratePassword();

class AuthStore {
 public:
  explicit AuthStore(storage::Store& store, std::chrono::seconds session_ttl = std::chrono::hours(12));

  Status SetPassword(std::string_view user, std::string_view password, UnixTime now);
  /// True when `user` has a password and it is `password`.
  Result<bool> CheckPassword(std::string_view user, std::string_view password) const;

  Result<Session> CreateSession(std::string_view user, UnixTime now);
  /// The live session with this cookie value, or nullopt (unknown or expired).
  Result<std::optional<Session>> FindSession(std::string_view id, UnixTime now) const;
  Status DeleteSession(std::string_view id);

  /// A new API token for `user` (shown once; only its hash is kept).
  Result<std::string> CreateToken(std::string_view user, UnixTime now);
  /// The user the token belongs to, or nullopt.
  Result<std::optional<std::string>> TokenUser(std::string_view token) const;

  /// The authenticated user of a request: a Bearer token, else the
  /// pw_session cookie; nullopt when neither is valid. Role, agency and
  /// clearance come from the workflow's user record.
  Result<std::optional<Principal>> Authenticate(const HttpRequest& request, UnixTime now) const;

  /// Demo accounts: one per role (demo-monitor, demo-agency, demo-leader,
  /// demo-admin, demo-auditor), created when missing with a random password
  /// that is kept, so every run prints the same ones. `agency`: the demo
  /// agency member's agency. Writes "name role password" lines to `out`.
  Status EnsureDemoAccounts(const std::string& agency, UnixTime now, std::ostream& out);

 private:
  storage::Store& store_;
  std::chrono::seconds session_ttl_;
};

/// Login rate limiting: after `max_failures` failed logins within `window`
/// for one user name or (`max_failures` × 4) for one client address, further
/// attempts are refused until the window has passed since the first failure.
class LoginLimiter {
 public:
  LoginLimiter(int max_failures = 5, std::chrono::seconds window = std::chrono::minutes(15));
  /// Seconds to wait before trying again, or 0 when allowed now.
  long RetryAfter(const std::string& user, const std::string& client, UnixTime now);
  void Failed(const std::string& user, const std::string& client, UnixTime now);
  void Succeeded(const std::string& user);

 private:
  struct Window {
    UnixTime start = 0;
    int failures = 0;
  };
  long Blocked(std::map<std::string, Window>& map, const std::string& key, int limit, UnixTime now);
  int max_failures_;
  std::chrono::seconds window_;
  std::mutex mutex_;
  std::map<std::string, Window> users_, clients_;
};

/// The control requests on accounts (they reach a running daemon through the
/// control socket like the other user commands):
///   {"op":"user.add", ..., "password"}  user.add (case_request.h), then the password
///   {"op":"user.passwd","name","password"}
///   {"op":"user.token","name"}            answers {"ok":true,"token"}
/// nullopt for any other request.
std::optional<std::string> HandleAccountRequest(storage::Store& store, std::string_view request, UnixTime now);

}  // namespace pw::daemon
