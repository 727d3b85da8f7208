#pragma once
/// The audit log of case actions as a hash chain: each record's hash is the
/// SHA-256 of the previous record's hash and of the record's own canonical
/// bytes, so changing, removing or reordering any record breaks every hash
/// after it. Pure (hashing is a computation); the store keeps the records.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "workflow/case.h"

namespace pw::workflow {

struct AuditRecord {
  std::uint64_t seq = 0;   ///< 1, 2, 3, ... with no gap
  Event event;
  std::string prev_hash;   ///< hex; 64 zeros for the first record
  std::string hash;        ///< hex SHA-256(prev_hash || Canonical(seq, event))
};

/// Hex SHA-256 of `bytes` (libsodium); also the digest of archived evidence.
std::string Sha256Hex(std::string_view bytes);

/// The unambiguous bytes that are hashed (length-prefixed fields).
std::string Canonical(std::uint64_t seq, const Event& event);

/// The record that follows `previous` (nullptr: the first record).
AuditRecord Append(const AuditRecord* previous, Event event);

/// Checks sequence numbers, links and hashes; the Error names the first bad
/// record ("audit record 17: hash does not match its content").
Status VerifyChain(const std::vector<AuditRecord>& records);

}  // namespace pw::workflow
