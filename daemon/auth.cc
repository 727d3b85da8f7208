#include "daemon/auth.h"

#include <algorithm>
#include <cstdlib>

#include <nlohmann/json.hpp>
#include <sodium.h>

#include "daemon/case_request.h"
#include "workflow/case.h"
#include "workflow/case_store.h"

namespace pw::daemon {
namespace {

using nlohmann::json;
using storage::RecordFamily;

constexpr std::string_view kCookie = "pw_session";

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string Hex(const unsigned char* bytes, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(digits[bytes[i] >> 4]);
    out.push_back(digits[bytes[i] & 15]);
  }
  return out;
}

// Secrets (session ids, tokens) are stored only as their SHA-256.
std::string HashedSecret(std::string_view secret) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  return Hex(digest, sizeof digest);
}

bool Init() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

// PROVWATCH_PWHASH=min: the cheapest limits (tests); else INTERACTIVE.
std::pair<unsigned long long, std::size_t> HashLimits() {
  const char* env = std::getenv("PROVWATCH_PWHASH");
  if (env != nullptr && std::string_view(env) == "min") {
    return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
  }
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

Result<std::optional<json>> GetJson(const storage::Store& store, const std::string& key) {
  auto raw = store.GetRecord(RecordFamily::kAuth, key);
  if (!raw) return raw.error();
  if (!raw->has_value()) return std::optional<json>();
  json j = json::parse(**raw, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error{"auth record " + key + ": not a JSON object"};
  return std::optional<json>(std::move(j));
}

Status PutRecord(storage::Store& store, std::string key, std::string value) {
  storage::RecordBatch batch;
  batch.Put(RecordFamily::kAuth, std::move(key), std::move(value));
  return store.Commit(batch, true);
}

json Fail(const std::string& message, int code = 2) {
  return {{"ok", false}, {"code", code}, {"error", message}};
}

}  // namespace

std::string RandomHex(std::size_t bytes) {
  Init();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return Hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

std::string GeneratePassword() {
  Init();
  static constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    out.push_back(kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))]);
  }
  return out;
}

AuthStore::AuthStore(storage::Store& store, std::chrono::seconds session_ttl)
    : store_(store), session_ttl_(session_ttl) {
  Init();
}

Status AuthStore::SetPassword(std::string_view user, std::string_view password, UnixTime now) {
  if (password.size() < 8) {
    return Error{"mật khẩu cần ít nhất 8 ký tự / the password needs at least 8 characters"};
  }
  const auto [ops, mem] = HashLimits();
  char hashed[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hashed, password.data(), password.size(), ops, mem) != 0) {
    return Error{"argon2id: out of memory"};
  }
  return PutRecord(store_, "cred/" + std::string(user), Dump({{"hash", hashed}, {"changed", now}}));
}

Result<bool> AuthStore::CheckPassword(std::string_view user, std::string_view password) const {
  auto cred = GetJson(store_, "cred/" + std::string(user));
  if (!cred) return cred.error();
  if (!cred->has_value()) {
    // Same work as a real check, so that timing does not tell names apart.
    const auto [ops, mem] = HashLimits();
    char hashed[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hashed, password.data(), password.size(), ops, mem) != 0) return false;
    return false;
  }
  const std::string hash = (**cred).value("hash", std::string());
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Result<Session> AuthStore::CreateSession(std::string_view user, UnixTime now) {
  Session s{RandomHex(32), std::string(user), RandomHex(16), now + session_ttl_.count()};
  const Status st = PutRecord(store_, "sess/" + HashedSecret(s.id),
                              Dump({{"user", s.user}, {"csrf", s.csrf}, {"created", now}, {"expires", s.expires}}));
  if (!st) return st.error();
  return s;
}

Result<std::optional<Session>> AuthStore::FindSession(std::string_view id, UnixTime now) const {
  if (id.size() != 64) return std::optional<Session>();
  auto rec = GetJson(store_, "sess/" + HashedSecret(id));
  if (!rec) return rec.error();
  if (!rec->has_value()) return std::optional<Session>();
  const json& j = **rec;
  Session s{std::string(id), j.value("user", std::string()), j.value("csrf", std::string()),
            j.value("expires", UnixTime{0})};
  if (s.expires <= now) return std::optional<Session>();
  return std::optional<Session>(std::move(s));
}

Status AuthStore::DeleteSession(std::string_view id) {
  storage::RecordBatch batch;
  batch.Delete(RecordFamily::kAuth, "sess/" + HashedSecret(id));
  return store_.Commit(batch, true);
}

Result<std::string> AuthStore::CreateToken(std::string_view user, UnixTime now) {
  std::string token = "pwt_" + RandomHex(32);
  const Status st = PutRecord(store_, "tok/" + HashedSecret(token), Dump({{"user", user}, {"created", now}}));
  if (!st) return st.error();
  return token;
}

Result<std::optional<std::string>> AuthStore::TokenUser(std::string_view token) const {
  auto rec = GetJson(store_, "tok/" + HashedSecret(token));
  if (!rec) return rec.error();
  if (!rec->has_value()) return std::optional<std::string>();
  return std::optional<std::string>((**rec).value("user", std::string()));
}

Result<std::optional<Principal>> AuthStore::Authenticate(const HttpRequest& request, UnixTime now) const {
  Principal p;
  const std::string authorization = request.Header("authorization");
  if (authorization.rfind("Bearer ", 0) == 0) {
    auto user = TokenUser(authorization.substr(7));
    if (!user) return user.error();
    if (!user->has_value()) return std::optional<Principal>();
    p.name = **user;
    p.by_token = true;
  } else {
    const std::string cookie = request.Cookie(kCookie);
    if (cookie.empty()) return std::optional<Principal>();
    auto session = FindSession(cookie, now);
    if (!session) return session.error();
    if (!session->has_value()) return std::optional<Principal>();
    p.name = (**session).user;
    p.session_id = cookie;
    p.csrf = (**session).csrf;
  }
  workflow::CaseStore cases(store_);
  auto record = cases.GetUser(p.name);
  if (!record) return record.error();
  if (!record->has_value()) return std::optional<Principal>();  // the user was removed
  p.role = std::string(workflow::RoleName((**record).role));
  p.agency = (**record).agency;
  p.cleared = (**record).cleared;
  return std::optional<Principal>(std::move(p));
}

Status AuthStore::EnsureDemoAccounts(const std::string& agency, UnixTime now, std::ostream& out) {
  workflow::CaseStore cases(store_);
  for (const char* role : {"monitor", "agency", "leader", "admin", "auditor"}) {
    const std::string name = std::string("demo-") + role;
    auto existing = cases.GetUser(name);
    if (!existing) return existing.error();
    if (!existing->has_value()) {
      workflow::UserRecord u;
      u.name = name;
      u.role = *workflow::ParseRole(role);
      u.agency = u.role == workflow::Role::kAgency ? agency : "";
      u.cleared = u.role == workflow::Role::kLeader || u.role == workflow::Role::kAdmin;
      u.created = now;
      if (Status st = cases.PutUser(u); !st) return st;
    }
    auto kept = store_.GetRecord(RecordFamily::kAuth, "demo/" + name);
    if (!kept) return kept.error();
    std::string password = kept->value_or("");
    if (password.empty()) {
      password = GeneratePassword();
      if (Status st = SetPassword(name, password, now); !st) return st;
      if (Status st = PutRecord(store_, "demo/" + name, password); !st) return st;
    }
    out << name << '\t' << role << '\t' << password << '\n';
  }
  return Status();
}

LoginLimiter::LoginLimiter(int max_failures, std::chrono::seconds window)
    : max_failures_(max_failures), window_(window) {}

long LoginLimiter::Blocked(std::map<std::string, Window>& map, const std::string& key, int limit,
                           UnixTime now) {
  const auto it = map.find(key);
  if (it == map.end()) return 0;
  const UnixTime until = it->second.start + window_.count();
  if (now >= until) {
    map.erase(it);
    return 0;
  }
  return it->second.failures >= limit ? static_cast<long>(until - now) : 0;
}

long LoginLimiter::RetryAfter(const std::string& user, const std::string& client, UnixTime now) {
  const std::lock_guard<std::mutex> lock(mutex_);
  return std::max(Blocked(users_, user, max_failures_, now), Blocked(clients_, client, max_failures_ * 4, now));
}

void LoginLimiter::Failed(const std::string& user, const std::string& client, UnixTime now) {
  const std::lock_guard<std::mutex> lock(mutex_);
  for (auto* entry : {&users_[user], &clients_[client]}) {
    if (entry->failures == 0 || now >= entry->start + window_.count()) *entry = {now, 0};
    ++entry->failures;
  }
  if (users_.size() > 100000) users_.clear();  // bounded memory under a spray of names
  if (clients_.size() > 100000) clients_.clear();
}

void LoginLimiter::Succeeded(const std::string& user) {
  const std::lock_guard<std::mutex> lock(mutex_);
  users_.erase(user);
}

std::optional<std::string> HandleAccountRequest(storage::Store& store, std::string_view request, UnixTime now) {
  const json req = json::parse(request, nullptr, false);
  if (req.is_discarded() || !req.is_object()) return std::nullopt;
  const std::string op = req.value("op", std::string());
  const std::string name = req.value("name", std::string());
  AuthStore auth(store);
  workflow::CaseStore cases(store);
  if (op == "user.add") {
    if (!req.contains("password")) return std::nullopt;
    const std::string password = req.value("password", std::string());
    if (password.size() < 8) return Dump(Fail("mật khẩu cần ít nhất 8 ký tự / the password needs at least 8 characters"));
    const std::string added = ExecuteCaseRequest(cases, request, now);
    if (!json::parse(added, nullptr, false).value("ok", false)) return added;
    if (Status st = auth.SetPassword(name, password, now); !st) return Dump(Fail(st.error().message, 1));
    return added;
  }
  if (op != "user.passwd" && op != "user.token") return std::nullopt;
  auto user = cases.GetUser(name);
  if (!user) return Dump(Fail(user.error().message, 1));
  if (!user->has_value()) return Dump(Fail("không có người dùng '" + name + "' / no such user '" + name + "'"));
  if (op == "user.passwd") {
    if (Status st = auth.SetPassword(name, req.value("password", std::string()), now); !st) {
      return Dump(Fail(st.error().message));
    }
    return Dump({{"ok", true}, {"name", name}});
  }
  auto token = auth.CreateToken(name, now);
  if (!token) return Dump(Fail(token.error().message, 1));
  return Dump({{"ok", true}, {"name", name}, {"token", *token}});
}

}  // namespace pw::daemon
