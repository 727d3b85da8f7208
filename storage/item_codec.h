#pragma once
/// JSON encodings of the records the Store keeps, apart from RocksDB so that
/// they can be tested as plain values.
///
/// Decoding is lenient about missing fields (they take the struct's default),
/// so a field added later does not make older records unreadable; a field of
/// the wrong type, or text that is not a JSON object, is an Error. Strings that
/// are not valid UTF-8 (a broken contract upstream) are stored with U+FFFD in
/// place of the bad bytes rather than failing the whole write.
/// Non-finite numbers (NaN, infinity) have no JSON form: they are stored as
/// null and read back as NaN.
#include <string>
#include <string_view>

#include "core/item.h"
#include "core/result.h"
#include "storage/store.h"

namespace pw::storage {

/// JSON of an item record: entry fields, source_id, fetched_at and the score
/// with its matches. The key is not part of the record: it is the RocksDB key.
std::string EncodeItem(const Item& item);

/// Inverse of EncodeItem; `key` becomes Item::key.
Result<Item> DecodeItem(std::string_view key, std::string_view json);

/// JSON of a candidate record: {score, title, source_id}. Enough to list
/// candidates without reading the item; the item record stays authoritative.
std::string EncodeCandidate(const Item& item);

/// JSON of a SourceState.
std::string EncodeSourceState(const SourceState& state);

/// Inverse of EncodeSourceState.
Result<SourceState> DecodeSourceState(std::string_view json);

}  // namespace pw::storage
