#pragma once
/// Near-duplicate signatures for story clusters: outlets republish one story
/// many times, edited or retitled. A 64-bit SimHash over 3-syllable shingles of
/// the normalised, accent-folded text puts such copies within a few bits of
/// each other (tests/analysis/simhash_test.cc: a copy with a new lead-in, an
/// edited number, or stripped accents stays within 7 bits of the original),
/// and unrelated stories about 32 bits (the test requires more than 14)
/// apart. The banded index (eight 8-bit bands: two signatures within 7 bits
/// share at least one band exactly) finds candidates without comparing
/// against every stored story.
/// Pure; the store persists bands and clusters.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pw::analysis {

/// SimHash of `text` (any Unicode form, case, tone placement or accents:
/// normalised and folded first). Texts of fewer than 3 syllables hash their
/// syllables alone.
std::uint64_t SimHash(std::string_view text);

/// Number of differing bits.
int HammingDistance(std::uint64_t a, std::uint64_t b);

/// The eight band keys of a signature: band index in bits 8-10, band value below.
std::array<std::uint32_t, 8> BandKeys(std::uint64_t signature);

/// In-memory banded index of cluster signatures (the daemon rebuilds it from
/// the store on start). Not thread-safe.
class NearDuplicateIndex {
 public:
  /// Signatures at most this many bits apart are the same story.
  static constexpr int kMaxDistance = 7;

  void Add(const std::string& cluster_id, std::uint64_t signature);
  /// The closest stored cluster within kMaxDistance, if any.
  std::optional<std::string> FindNear(std::uint64_t signature) const;
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string cluster_id;
    std::uint64_t signature;
  };
  std::vector<Entry> entries_;
  std::unordered_map<std::uint32_t, std::vector<std::size_t>> bands_;
};

}  // namespace pw::analysis
