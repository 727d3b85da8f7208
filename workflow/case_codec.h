#pragma once
/// JSON encodings of the workflow records the CaseStore keeps (cases, audit
/// records, users, agencies), apart from RocksDB so that they can be tested
/// as plain values. States, actions, roles and dossier sections are stored by
/// their stable English identifiers (LabelEn, ActionName, RoleName,
/// SectionName). Decoding is lenient about missing fields (struct defaults)
/// and strict about wrong types and unknown identifiers (an Error).
#include <string>
#include <string_view>

#include "core/result.h"
#include "workflow/case_store.h"
#include "workflow/audit.h"
#include "workflow/case.h"

namespace pw::workflow {

std::string EncodeCase(const Case& c);
Result<Case> DecodeCase(std::string_view json);

std::string EncodeAuditRecord(const AuditRecord& r);
Result<AuditRecord> DecodeAuditRecord(std::string_view json);

/// The user's name is the key, not part of the record.
std::string EncodeUser(const UserRecord& u);
Result<UserRecord> DecodeUser(std::string_view name, std::string_view json);

std::string EncodeAgency(const AgencyRecord& a);
Result<AgencyRecord> DecodeAgency(std::string_view id, std::string_view json);

}  // namespace pw::workflow
