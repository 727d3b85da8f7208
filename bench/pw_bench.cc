// pw_bench: CPU-side throughput of the pipeline stages on a folder of feed
// files (e.g. the corpus made by ../shared/bench/gen-corpus), no network.
//
//   pw_bench parse DIR [--repeat R] [--limit N]
//       parse-only: bytes -> Feed (pugixml, entities, HTML to text, NFC)
//   pw_bench score DIR --profile ID [--synthetic-rules N] [--repeat R]
//       normalise + match + score of every item's title and summary with the
//       bundled profile, optionally plus N synthetic rules
// DIR may hold the files or a feeds/ folder; --limit N reads the first N files.
//
// Prints one line of figures per run: items, MB, seconds, items/s, MB/s, and
// for parse the CPU time of the parse loop (getrusage: user + system) with
// items per CPU-second, the figure to compare on a shared machine.
// Single-threaded: the figures are per core.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "analysis/scorer.h"
#include "config/bundled.h"
#include "crawler/feed_parser.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::vector<std::string> ReadFeeds(const std::string& dir, std::size_t limit) {
  fs::path root(dir);
  if (fs::is_directory(root / "feeds")) root /= "feeds";
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(root)) {
    if (e.is_regular_file()) paths.push_back(e.path());
  }
  std::sort(paths.begin(), paths.end());
  if (limit > 0 && paths.size() > limit) paths.resize(limit);
  std::vector<std::string> bodies;
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    bodies.push_back(ss.str());
  }
  return bodies;
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// CPU time of this process so far (user + system), in seconds.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

int Usage() {
  std::fprintf(stderr,
               "usage: pw_bench parse DIR [--repeat R] [--limit N]\n"
               "       pw_bench score DIR --profile ID [--synthetic-rules N] [--repeat R] [--limit N]\n");
  return 2;
}

/// N rules of two-syllable terms drawn from the corpus's own vocabulary, so
/// that they look like real phrases and some of them match.
void AddSyntheticRules(pw::config::Profile& profile, const std::vector<pw::FeedItem>& items,
                       int n) {
  std::vector<std::string> words;
  std::set<std::string> seen;
  for (const auto& item : items) {
    std::istringstream in(item.title);
    for (std::string w; in >> w;) {
      if (seen.insert(w).second) words.push_back(w);
    }
    if (words.size() > 5000) break;
  }
  if (words.size() < 2) return;
  std::mt19937 rng(42);
  std::uniform_int_distribution<std::size_t> pick(0, words.size() - 1);
  for (int i = 0; i < n; ++i) {
    pw::config::Rule rule;
    rule.id = "synthetic-" + std::to_string(i);
    rule.weight = 0.01;
    rule.terms = {words[pick(rng)] + " " + words[pick(rng)]};
    profile.rules.push_back(std::move(rule));
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Usage();
  const std::string mode = argv[1], dir = argv[2];
  std::string profile_id;
  int repeat = 1, synthetic = 0;
  std::size_t limit = 0;
  for (int i = 3; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--repeat") repeat = std::max(1, std::atoi(argv[i + 1]));
    else if (flag == "--profile") profile_id = argv[i + 1];
    else if (flag == "--synthetic-rules") synthetic = std::atoi(argv[i + 1]);
    else if (flag == "--limit") limit = static_cast<std::size_t>(std::atol(argv[i + 1]));
    else return Usage();
  }

  const auto bodies = ReadFeeds(dir, limit);
  std::size_t bytes = 0;
  for (const auto& b : bodies) bytes += b.size();
  std::fprintf(stderr, "read %zu files, %.1f MB\n", bodies.size(), bytes / 1e6);

  if (mode == "parse") {
    std::size_t items = 0, failed = 0;
    const auto start = Clock::now();
    const double cpu_start = CpuSeconds();
    for (int r = 0; r < repeat; ++r) {
      for (const auto& b : bodies) {
        auto feed = pw::crawler::ParseFeed(b, "http://127.0.0.1/");
        if (feed) items += feed->items.size();
        else ++failed;
      }
    }
    const double s = Seconds(start);
    const double cpu = CpuSeconds() - cpu_start;
    std::printf("parse: %zu feeds x %d, %zu items, %zu failed, %.1f MB, %.3f s, %.0f items/s, %.1f MB/s; "
                "cpu %.3f s, %.0f items/cpu-s\n",
                bodies.size(), repeat, items, failed, bytes * repeat / 1e6, s, items / s,
                bytes * repeat / 1e6 / s, cpu, items / cpu);
    return failed == 0 ? 0 : 1;
  }

  if (mode == "score") {
    if (profile_id.empty()) return Usage();
    auto profile = pw::config::BundledProfile(profile_id);
    if (!profile) {
      std::fprintf(stderr, "%s\n", profile.error().message.c_str());
      return 2;
    }
    std::vector<pw::FeedItem> items;
    for (const auto& b : bodies) {
      auto feed = pw::crawler::ParseFeed(b, "http://127.0.0.1/");
      if (feed) items.insert(items.end(), feed->items.begin(), feed->items.end());
    }
    std::size_t text_bytes = 0;
    for (const auto& i : items) text_bytes += i.title.size() + i.summary.size();
    AddSyntheticRules(*profile, items, synthetic);
    std::size_t terms = 0;
    for (const auto& r : profile->rules) terms += r.terms.size();

    const auto compile_start = Clock::now();
    pw::analysis::Scorer scorer(*profile);
    const double compile_s = Seconds(compile_start);

    std::size_t mentions = 0, candidates = 0, matches = 0;
    const double cpu_start = CpuSeconds();
    const auto start = Clock::now();
    for (int r = 0; r < repeat; ++r) {
      for (const auto& i : items) {
        const auto score = scorer.ScoreItem(i.title, i.summary);
        mentions += score.mentions_province;
        candidates += score.candidate;
        matches += score.matches.size();
      }
    }
    const double s = Seconds(start);
    const double cpu = CpuSeconds() - cpu_start;
    const double n = static_cast<double>(items.size()) * repeat;
    std::printf("score: profile %s, %zu rules (%zu terms), compile %.3f s; %zu items x %d, "
                "%.1f MB text, %.3f s, %.0f items/s, %.1f MB/s; cpu %.3f s, %.0f items/s, %.1f MB/s; "
                "mentions %zu, candidates %zu, matches %zu\n",
                profile_id.c_str(), profile->rules.size(), terms, compile_s, items.size(), repeat,
                text_bytes * repeat / 1e6, s, n / s, text_bytes * repeat / 1e6 / s, cpu, n / cpu,
                text_bytes * repeat / 1e6 / cpu, mentions / repeat,
                candidates / repeat, matches / repeat);
    return 0;
  }
  return Usage();
}
