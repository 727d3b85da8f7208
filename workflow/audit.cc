#include "workflow/audit.h"

#include <sodium.h>

#include <cstdlib>

namespace pw::workflow {
namespace {

const std::string kGenesis(64, '0');

void Field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += ';';
}

std::string HashOf(const std::string& prev_hash, std::uint64_t seq, const Event& event) {
  return Sha256Hex(prev_hash + Canonical(seq, event));
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  if (sodium_init() < 0) std::abort();  // cannot happen once the library loads
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string Canonical(std::uint64_t seq, const Event& e) {
  std::string out = "pw-audit-v1;";
  Field(out, std::to_string(seq));
  Field(out, e.case_id);
  Field(out, ActionName(e.kind));
  Field(out, LabelEn(e.from));
  Field(out, LabelEn(e.to));
  Field(out, e.user);
  Field(out, RoleName(e.role));
  Field(out, std::to_string(e.at));
  Field(out, e.detail);
  return out;
}

AuditRecord Append(const AuditRecord* previous, Event event) {
  AuditRecord r;
  r.seq = previous == nullptr ? 1 : previous->seq + 1;
  r.prev_hash = previous == nullptr ? kGenesis : previous->hash;
  r.event = std::move(event);
  r.hash = HashOf(r.prev_hash, r.seq, r.event);
  return r;
}

Status VerifyChain(const std::vector<AuditRecord>& records) {
  std::string expected_prev = kGenesis;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const AuditRecord& r = records[i];
    const std::string where = "audit record " + std::to_string(r.seq) + ": ";
    if (r.seq != i + 1) {
      return Error{where + "expected sequence number " + std::to_string(i + 1) +
                   " (a record is missing or out of order)"};
    }
    if (r.prev_hash != expected_prev) return Error{where + "does not link to the record before it"};
    if (r.hash != HashOf(r.prev_hash, r.seq, r.event)) {
      return Error{where + "hash does not match its content (the record was changed)"};
    }
    expected_prev = r.hash;
  }
  return Status::Ok();
}

}  // namespace pw::workflow
