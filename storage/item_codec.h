#pragma once
/// Encodings of the records the Store keeps, apart from RocksDB so that they
/// can be tested as plain values: item records in a compact binary form
/// (storage/item_binary.cc has the layout), everything else in JSON.
///
/// Item records written before the binary form are JSON: DecodeItem reads
/// both (a binary record starts with byte 0x01, a JSON one with '{'), so an
/// old database reads without a migration and its records stay as they are.
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

/// The item record as written: entry fields, source_id, fetched_at, cluster
/// and the score with its matches and topics, in the binary form. The key is
/// not part of the record: it is the RocksDB key. Match::covered_by is not
/// kept (as in the JSON form).
std::string EncodeItem(const Item& item);

/// The same fields as JSON: the record format before the binary one, and the
/// form archived as evidence (Store::ItemRecordBytes), which people read.
std::string EncodeItemJson(const Item& item);

/// Inverse of EncodeItem and of EncodeItemJson (chosen by the first byte);
/// `key` becomes Item::key.
Result<Item> DecodeItem(std::string_view key, std::string_view bytes);

/// True when `bytes` is a binary item record (EncodeItem), not a JSON one.
bool IsBinaryItemRecord(std::string_view bytes);

/// Inverse of EncodeItem only; an Error for anything else, truncated records
/// included.
Result<Item> DecodeBinaryItem(std::string_view key, std::string_view bytes);

/// JSON of a candidate record: {score, title, source_id}. Enough to list
/// candidates without reading the item; the item record stays authoritative.
std::string EncodeCandidate(const Item& item);

/// JSON of a SourceState.
std::string EncodeSourceState(const SourceState& state);

/// Inverse of EncodeSourceState.
Result<SourceState> DecodeSourceState(std::string_view json);

}  // namespace pw::storage
