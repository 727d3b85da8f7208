#pragma once
/// Verify: the store's invariants, checked in order, stopping at the first
/// violation (so the message names one thing to look at):
///   1. the schema version is one this provwatch knows;
///   2. the audit log is an unbroken hash chain (workflow::VerifyChain) and
///      every record belongs to a stored case;
///   3. every case: its items are stored; its cluster record exists when the
///      clusters family holds any record; its cluster maps back to it; its
///      events exist and the last one leaves the case in its stored state;
///   4. the item indexes agree with the item records
///      (storage::Store::VerifyItemIndex).
#include <cstddef>

#include "core/result.h"
#include "storage/store.h"

namespace pw::workflow {

/// What was checked, for the summary line.
struct VerifySummary {
  std::size_t items = 0;
  std::size_t cases = 0;
  std::size_t audit_records = 0;
  std::size_t case_items = 0;
};

/// The summary, or an Error naming the first violation
/// ("case C-20261126-0001: item url:https://... is not stored").
/// Reads only (a read-only Store will do); case writers of this process wait
/// until it is done (Store::LockRecords).
Result<VerifySummary> Verify(storage::Store& store);

}  // namespace pw::workflow
