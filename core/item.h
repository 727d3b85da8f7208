#pragma once
/// Plain domain types shared by every library: what a feed yields (FeedItem),
/// what the store keeps (Item), and what the scorer says about it (Score).
/// Values only: no I/O, no vendor types.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pw {

/// Seconds since the Unix epoch, UTC.
using UnixTime = std::int64_t;

/// One entry of a parsed feed, text already clean UTF-8 in NFC.
struct FeedItem {
  std::string guid;        ///< <guid> / <id>; may be empty
  std::string link;        ///< absolute URL of the article; may be empty
  std::string title;       ///< plain text
  std::string summary;     ///< plain text (HTML tags and entities removed)
  std::string author;
  std::optional<UnixTime> published;
  std::string content;     ///< the body as the feed gave it (raw HTML or text); may be empty
  std::optional<UnixTime> updated;  ///< last modification, when the feed says
  std::vector<std::string> categories;  ///< category/tag names, clean text, in feed order
};

/// A parsed feed document.
struct Feed {
  std::string format;      ///< "rss2", "rss10", "rss090", "atom1", "atom03", "json1"
  std::string title;
  std::string link;
  std::vector<FeedItem> items;
  std::string description; ///< RSS description / Atom subtitle, plain text
  std::string language;    ///< as declared ("vi", "en-us"); may be empty
  /// True when the document was not well-formed and was repaired to be read
  /// (undefined entities, stray '&' or '<', missing closing tags...).
  bool recovered = false;
};

/// One phrase found in an item: which rule, which term, where.
/// start/end are UTF-8 byte offsets into the original text of `field`.
struct Match {
  std::string rule;
  std::string term;
  std::string field;       ///< "title", "text", "summary" or "body"
  std::size_t start = 0;
  std::size_t end = 0;
  double weight = 0;       ///< points this match contributed (0 if a repeat)
  /// The negation or refutation cue whose match contains this one ("không
  /// phải tin giả" around "tin giả"): the match then weighs 0. Empty otherwise.
  std::string covered_by = {};
};

/// One topic (rule) an item matched, for routing: which lead agency role
/// answers it (config/profile.h kAgencies).
struct Topic {
  std::string rule;        ///< rule id, "false-info"
  std::string label;       ///< the rule's topic text
  double weight = 0;       ///< sum of the weights of its matches
  std::string agency;      ///< "cong-an", "van-phong-ubnd", ...
  bool refutation = false; ///< the rule is an official-refutation cue
};

/// The scorer's verdict with its explanation: every point comes from a Match.
struct Score {
  bool mentions_province = false;
  bool candidate = false;
  double value = 0;
  std::vector<Match> matches;
  /// Topics matched, strongest (largest summed weight) first.
  std::vector<Topic> topics = {};
  /// The item carries an official refutation ("bác bỏ tin đồn"): relevant,
  /// but a response rather than false information.
  bool refutation = false;
  /// The province relevance factor applied to the score, in (0, 1]
  /// (analysis/scorer.h); 1 when no discount applied (the province is named
  /// in the title or lead, or not at all, or the rules gave no points).
  double relevance = 1.0;
};

/// An item as stored: the feed entry, where it came from, and its score.
struct Item {
  std::string key;         ///< de-duplication key (see ItemKey)
  std::string source_id;
  FeedItem entry;
  UnixTime fetched_at = 0;
  Score score;
  /// The story cluster the store put it in (storage/cluster.h); empty for an
  /// item that does not mention the province (only those are clustered).
  std::string cluster_id;
};

/// The de-duplication key of a feed entry: its canonical link when it has
/// one, else its GUID, else a hash of title and summary. Stable across polls
/// and across sources, so the same article seen twice is stored once.
std::string ItemKey(const FeedItem& item);

/// Canonical form of a URL for de-duplication: lower-case scheme and host,
/// no fragment, no default port, tracking parameters (utm_*) removed.
std::string CanonicalUrl(const std::string& url);

}  // namespace pw
