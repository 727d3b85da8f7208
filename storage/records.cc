// Store: the workflow's records as opaque bytes (store.h RecordFamily). The
// keys and values are workflow/'s (see workflow/case_store.cc); a family
// missing from an older database opened read-only reads as empty.
#include <memory>

#include <rocksdb/iterator.h>
#include <rocksdb/write_batch.h>

#include "storage/item_codec.h"
#include "storage/store.h"
#include "storage/store_impl.h"

namespace pw::storage {
namespace {

Cf FamilyCf(RecordFamily family) {
  switch (family) {
    case RecordFamily::kCases: return kCases;
    case RecordFamily::kCaseEvents: return kCaseEvents;
    case RecordFamily::kUsers: return kUsers;
    case RecordFamily::kAgencies: return kAgencies;
    case RecordFamily::kAuth: return kAuth;
    case RecordFamily::kAlerts: return kAlerts;
  }
  return kCases;
}

std::string_view View(const rocksdb::Slice& s) { return {s.data(), s.size()}; }

}  // namespace

const std::string& Store::dir() const { return impl_->dir; }

Result<std::string> Store::SchemaVersion() const {
  const Impl& s = *impl_;
  std::string version;
  const rocksdb::Status st = s.db->Get(rocksdb::ReadOptions(), s.cf[kMeta], "schema_version", &version);
  if (!st.ok()) return RocksError("read schema version from", s.dir, st);
  return version;
}

Status Store::Commit(const RecordBatch& batch, bool sync) {
  Impl& s = *impl_;
  if (s.mode == Mode::kReadOnly) return ReadOnlyError("write records to", s.dir);
  if (batch.empty()) return {};
  rocksdb::WriteBatch wb;
  for (const RecordBatch::Op& op : batch.ops()) {
    rocksdb::ColumnFamilyHandle* cf = s.cf[FamilyCf(op.family)];
    const rocksdb::Status st = op.erase ? wb.Delete(cf, op.key) : wb.Put(cf, op.key, op.value);
    if (!st.ok()) return RocksError("write records to", s.dir, st);
  }
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  if (const rocksdb::Status st = s.db->Write(wo, &wb); !st.ok()) return RocksError("write records to", s.dir, st);
  return {};
}

Result<std::optional<std::string>> Store::GetRecord(RecordFamily family, std::string_view key) const {
  const Impl& s = *impl_;
  rocksdb::ColumnFamilyHandle* cf = s.cf[FamilyCf(family)];
  if (cf == nullptr) return std::optional<std::string>();
  std::string value;
  const rocksdb::Status st = s.db->Get(rocksdb::ReadOptions(), cf, ToSlice(key), &value);
  if (st.IsNotFound()) return std::optional<std::string>();
  if (!st.ok()) return RocksError("read record from", s.dir, st);
  return std::optional<std::string>(std::move(value));
}

Status Store::ScanRecords(RecordFamily family, std::string_view prefix,
                          const std::function<Status(std::string_view, std::string_view)>& f) const {
  const Impl& s = *impl_;
  rocksdb::ColumnFamilyHandle* cf = s.cf[FamilyCf(family)];
  if (cf == nullptr) return {};
  std::unique_ptr<rocksdb::Iterator> it(s.db->NewIterator(rocksdb::ReadOptions(), cf));
  for (it->Seek(ToSlice(prefix)); it->Valid() && View(it->key()).starts_with(prefix); it->Next()) {
    if (Status st = f(View(it->key()), View(it->value())); !st.ok()) return st;
  }
  if (!it->status().ok()) return RocksError("read records from", s.dir, it->status());
  return {};
}

Result<std::optional<std::pair<std::string, std::string>>> Store::LastRecord(RecordFamily family,
                                                                             std::string_view prefix) const {
  using Found = std::optional<std::pair<std::string, std::string>>;
  const Impl& s = *impl_;
  rocksdb::ColumnFamilyHandle* cf = s.cf[FamilyCf(family)];
  if (cf == nullptr) return Found();
  std::unique_ptr<rocksdb::Iterator> it(s.db->NewIterator(rocksdb::ReadOptions(), cf));
  // The smallest key above every key with the prefix: the prefix with its
  // last byte that is not 0xff incremented (no such key: seek to the end).
  std::string upper(prefix);
  while (!upper.empty() && static_cast<unsigned char>(upper.back()) == 0xff) upper.pop_back();
  if (upper.empty()) {
    it->SeekToLast();
  } else {
    upper.back() = static_cast<char>(static_cast<unsigned char>(upper.back()) + 1);
    it->SeekForPrev(upper);
    if (it->Valid() && View(it->key()) == upper) it->Prev();
  }
  if (!it->status().ok()) return RocksError("read records from", s.dir, it->status());
  if (!it->Valid() || !View(it->key()).starts_with(prefix)) return Found();
  return Found(std::pair(it->key().ToString(), it->value().ToString()));
}

Result<std::optional<std::string>> Store::ItemRecordBytes(std::string_view key) const {
  const Impl& s = *impl_;
  std::string value;
  const rocksdb::Status st = s.db->Get(rocksdb::ReadOptions(), s.cf[kItems], ToSlice(key), &value);
  if (st.IsNotFound()) return std::optional<std::string>();
  if (!st.ok()) return RocksError("read item from", s.dir, st);
  if (!IsBinaryItemRecord(value)) return std::optional<std::string>(std::move(value));
  // Evidence is archived as JSON, which a person can read in the dossier,
  // whichever form the record has in the store.
  Result<Item> item = DecodeItem(key, value);
  if (!item.ok()) return Error{"read item from " + s.dir + ": key " + std::string(key) + ": " + item.error().message};
  return std::optional<std::string>(EncodeItemJson(*item));
}

std::unique_lock<std::mutex> Store::LockRecords() { return std::unique_lock<std::mutex>(impl_->records_mutex); }

}  // namespace pw::storage
