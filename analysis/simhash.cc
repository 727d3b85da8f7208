#include "analysis/simhash.h"

#include <bit>

#include "analysis/normalizer.h"

namespace pw::analysis {
namespace {

// FNV-1a then a splitmix64 finaliser: stable across platforms and builds
// (std::hash is not), and well mixed in every bit, which SimHash needs.
std::uint64_t Hash64(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

std::vector<std::string_view> Syllables(std::string_view key) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < key.size()) {
    const auto space = key.find(' ', i);
    const auto end = space == std::string_view::npos ? key.size() : space;
    if (end > i) out.push_back(key.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

}  // namespace

std::uint64_t SimHash(std::string_view text) {
  const NormalizedText key = Normalize(text, {.fold_accents = true});
  const auto syllables = Syllables(key.text);
  if (syllables.empty()) return 0;
  int weights[64] = {};
  auto add = [&](std::string_view shingle) {
    const std::uint64_t h = Hash64(shingle);
    for (int bit = 0; bit < 64; ++bit) weights[bit] += ((h >> bit) & 1) ? 1 : -1;
  };
  if (syllables.size() < 3) {
    for (auto s : syllables) add(s);
  } else {
    for (std::size_t i = 0; i + 3 <= syllables.size(); ++i) {
      // The shingle is the key bytes from the first to the third syllable.
      const char* begin = syllables[i].data();
      const char* end = syllables[i + 2].data() + syllables[i + 2].size();
      add(std::string_view(begin, static_cast<std::size_t>(end - begin)));
    }
  }
  std::uint64_t signature = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (weights[bit] > 0) signature |= std::uint64_t{1} << bit;
  }
  return signature;
}

int HammingDistance(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b); }

std::array<std::uint32_t, 8> BandKeys(std::uint64_t signature) {
  std::array<std::uint32_t, 8> keys{};
  for (std::uint32_t band = 0; band < 8; ++band) {
    keys[band] = (band << 8) | static_cast<std::uint32_t>((signature >> (8 * band)) & 0xFF);
  }
  return keys;
}

void NearDuplicateIndex::Add(const std::string& cluster_id, std::uint64_t signature) {
  entries_.push_back({cluster_id, signature});
  for (auto key : BandKeys(signature)) bands_[key].push_back(entries_.size() - 1);
}

std::optional<std::string> NearDuplicateIndex::FindNear(std::uint64_t signature) const {
  int best = kMaxDistance + 1;
  const Entry* found = nullptr;
  for (auto key : BandKeys(signature)) {
    const auto it = bands_.find(key);
    if (it == bands_.end()) continue;
    for (std::size_t i : it->second) {
      const int d = HammingDistance(signature, entries_[i].signature);
      if (d < best) {
        best = d;
        found = &entries_[i];
      }
    }
  }
  if (found == nullptr) return std::nullopt;
  return found->cluster_id;
}

}  // namespace pw::analysis
