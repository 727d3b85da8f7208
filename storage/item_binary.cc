// The compact binary item record (item_codec.h: EncodeItem). It replaced the
// JSON record because encoding JSON was 7 % of a cold poll cycle's CPU and the
// larger records cost memtable and WAL bytes (bench/poll-bench, 2026-11-26).
//
// Layout, version 1 (integers are LEB128 varints; signed ones zigzag-encoded;
// doubles are their IEEE-754 bits as 8 little-endian bytes; a string is
// <varint length> <bytes>):
//   0x01                               format tag (a JSON record starts with '{')
//   <flags:1>                          bit 0 published present, 1 updated present,
//                                      2 mentions_province, 3 candidate, 4 refutation
//   source_id, cluster                 strings
//   fetched_at                         signed varint
//   [published] [updated]              signed varints, only when flagged
//   guid, link, title, summary, author, content   strings
//   <n> category*n                     varint count, strings
//   value, relevance                   doubles
//   <n> (rule, term, field, start, end, weight)*n   matches: 3 strings, 2 varints, double
//   <n> (rule, label, weight, agency, refutation:1)*n  topics
// A version 2 adds fields at the end or takes a new tag; a decoder refuses a
// tag it does not know.
#include <bit>
#include <cstring>

#include "storage/item_codec.h"

namespace pw::storage {
namespace {

constexpr char kTagV1 = '\x01';

// Length of the well-formed UTF-8 sequence at the start of `s`, or 0 when it
// does not start with one; `*prefix` is then the length of the maximal prefix
// of a well-formed sequence (at least 1), the bytes one U+FFFD replaces
// (Unicode's "maximal subpart" practice, which nlohmann's `replace` follows).
std::size_t Utf8SequenceAt(std::string_view s, std::size_t* prefix) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  *prefix = 1;
  if (b0 < 0x80) return 1;
  std::size_t need = 0;
  unsigned char lo = 0x80, hi = 0xbf;  // range of the second byte
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    need = 2;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    need = 3;
    if (b0 == 0xe0) lo = 0xa0;
    if (b0 == 0xed) hi = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    need = 4;
    if (b0 == 0xf0) lo = 0x90;
    if (b0 == 0xf4) hi = 0x8f;
  } else {
    return 0;
  }
  for (std::size_t i = 1; i < need; ++i) {
    if (i >= s.size()) return 0;
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xbf)) return 0;
    *prefix = i + 1;
  }
  return need;
}

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    // Eight ASCII bytes at a time (item text is mostly ASCII).
    if (n - i >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    // Vietnamese text is mostly two-byte (Latin-1, Latin Extended-A/B) and
    // three-byte (Latin Extended Additional, E1 BA/BB xx) sequences whose
    // second byte has the full continuation range: checked inline.
    if (c >= 0xc2 && c <= 0xdf && i + 1 < n && (p[i + 1] & 0xc0) == 0x80) {
      i += 2;
      continue;
    }
    if (((c >= 0xe1 && c <= 0xec) || c == 0xee || c == 0xef) && i + 2 < n &&
        (p[i + 1] & 0xc0) == 0x80 && (p[i + 2] & 0xc0) == 0x80) {
      i += 3;
      continue;
    }
    std::size_t prefix;
    const std::size_t len = Utf8SequenceAt(s.substr(i), &prefix);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string ReplaceInvalidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t prefix;
    const std::size_t n = Utf8SequenceAt(s.substr(i), &prefix);
    if (n != 0) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out.append("\xEF\xBF\xBD");  // U+FFFD
      i += prefix;
    }
  }
  return out;
}

enum Flag : unsigned char {
  kPublished = 1 << 0,
  kUpdated = 1 << 1,
  kMentionsProvince = 1 << 2,
  kCandidate = 1 << 3,
  kRefutation = 1 << 4,
};

// Appends fields to one string; sized up front by the caller's estimate.
class Writer {
 public:
  explicit Writer(std::size_t estimate) { out_.reserve(estimate); }

  void Byte(unsigned char b) { out_.push_back(static_cast<char>(b)); }
  void Varint(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void Signed(std::int64_t v) {
    Varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  void Double(double d) {
    const auto bits = std::bit_cast<std::uint64_t>(d);
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  }
  // Invalid UTF-8 is stored with U+FFFD in its place, as the JSON record did.
  void String(std::string_view s) {
    if (IsValidUtf8(s)) {
      Varint(s.size());
      out_.append(s);
    } else {
      const std::string fixed = ReplaceInvalidUtf8(s);
      Varint(fixed.size());
      out_.append(fixed);
    }
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads fields back; any read past the end sets failed() and returns zeros.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool failed() const { return failed_; }
  bool done() const { return pos_ == in_.size(); }

  unsigned char Byte() {
    if (pos_ >= in_.size()) return Fail(), 0;
    return static_cast<unsigned char>(in_[pos_++]);
  }
  std::uint64_t Varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const unsigned char b = Byte();
      if (failed_) return 0;
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    return Fail(), 0;
  }
  std::int64_t Signed() {
    const std::uint64_t z = Varint();
    return static_cast<std::int64_t>((z >> 1) ^ (~(z & 1) + 1));
  }
  double Double() {
    if (in_.size() - pos_ < 8) return Fail(), 0;
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits |= static_cast<std::uint64_t>(static_cast<unsigned char>(in_[pos_ + i])) << (8 * i);
    pos_ += 8;
    return std::bit_cast<double>(bits);
  }
  std::string String() {
    const std::uint64_t n = Varint();
    if (failed_ || n > in_.size() - pos_) return Fail(), std::string();
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  // A count of elements that take at least `min_bytes` each: bounded by what
  // is left, so a corrupt count cannot make the decoder reserve gigabytes.
  std::size_t Count(std::size_t min_bytes) {
    const std::uint64_t n = Varint();
    if (failed_ || n > (in_.size() - pos_) / min_bytes) return Fail(), 0;
    return n;
  }

 private:
  void Fail() { failed_ = true; }
  std::string_view in_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

std::size_t Estimate(const Item& item) {
  const FeedItem& e = item.entry;
  std::size_t n = 64 + item.source_id.size() + item.cluster_id.size() + e.guid.size() + e.link.size() +
                  e.title.size() + e.summary.size() + e.author.size() + e.content.size();
  for (const auto& c : e.categories) n += c.size() + 2;
  for (const auto& m : item.score.matches) n += m.rule.size() + m.term.size() + m.field.size() + 24;
  for (const auto& t : item.score.topics) n += t.rule.size() + t.label.size() + t.agency.size() + 16;
  return n;
}

}  // namespace

bool IsBinaryItemRecord(std::string_view bytes) { return !bytes.empty() && bytes[0] == kTagV1; }

std::string EncodeItem(const Item& item) {
  const FeedItem& e = item.entry;
  const Score& score = item.score;
  Writer w(Estimate(item));
  w.Byte(static_cast<unsigned char>(kTagV1));
  unsigned char flags = 0;
  if (e.published) flags |= kPublished;
  if (e.updated) flags |= kUpdated;
  if (score.mentions_province) flags |= kMentionsProvince;
  if (score.candidate) flags |= kCandidate;
  if (score.refutation) flags |= kRefutation;
  w.Byte(flags);
  w.String(item.source_id);
  w.String(item.cluster_id);
  w.Signed(item.fetched_at);
  if (e.published) w.Signed(*e.published);
  if (e.updated) w.Signed(*e.updated);
  for (const std::string* s : {&e.guid, &e.link, &e.title, &e.summary, &e.author, &e.content}) w.String(*s);
  w.Varint(e.categories.size());
  for (const auto& c : e.categories) w.String(c);
  w.Double(score.value);
  w.Double(score.relevance);
  w.Varint(score.matches.size());
  for (const Match& m : score.matches) {
    w.String(m.rule);
    w.String(m.term);
    w.String(m.field);
    w.Varint(m.start);
    w.Varint(m.end);
    w.Double(m.weight);
  }
  w.Varint(score.topics.size());
  for (const Topic& t : score.topics) {
    w.String(t.rule);
    w.String(t.label);
    w.Double(t.weight);
    w.String(t.agency);
    w.Byte(t.refutation ? 1 : 0);
  }
  return w.Take();
}

Result<Item> DecodeBinaryItem(std::string_view key, std::string_view bytes) {
  Reader r(bytes);
  if (r.Byte() != static_cast<unsigned char>(kTagV1)) {
    return Error{"bad item record: unknown binary format tag"};
  }
  Item item;
  FeedItem& e = item.entry;
  Score& score = item.score;
  item.key = std::string(key);
  const unsigned char flags = r.Byte();
  item.source_id = r.String();
  item.cluster_id = r.String();
  item.fetched_at = r.Signed();
  if (flags & kPublished) e.published = r.Signed();
  if (flags & kUpdated) e.updated = r.Signed();
  for (std::string* s : {&e.guid, &e.link, &e.title, &e.summary, &e.author, &e.content}) *s = r.String();
  const std::size_t categories = r.Count(1);
  e.categories.reserve(categories);
  for (std::size_t i = 0; i < categories && !r.failed(); ++i) e.categories.push_back(r.String());
  score.mentions_province = (flags & kMentionsProvince) != 0;
  score.candidate = (flags & kCandidate) != 0;
  score.refutation = (flags & kRefutation) != 0;
  score.value = r.Double();
  score.relevance = r.Double();
  const std::size_t matches = r.Count(13);
  score.matches.reserve(matches);
  for (std::size_t i = 0; i < matches && !r.failed(); ++i) {
    Match m;
    m.rule = r.String();
    m.term = r.String();
    m.field = r.String();
    m.start = r.Varint();
    m.end = r.Varint();
    m.weight = r.Double();
    score.matches.push_back(std::move(m));
  }
  const std::size_t topics = r.Count(12);
  score.topics.reserve(topics);
  for (std::size_t i = 0; i < topics && !r.failed(); ++i) {
    Topic t;
    t.rule = r.String();
    t.label = r.String();
    t.weight = r.Double();
    t.agency = r.String();
    t.refutation = r.Byte() != 0;
    score.topics.push_back(std::move(t));
  }
  if (r.failed()) return Error{"bad item record: truncated binary record"};
  if (!r.done()) return Error{"bad item record: trailing bytes after the binary record"};
  return item;
}

}  // namespace pw::storage
