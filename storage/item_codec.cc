#include "storage/item_codec.h"

#include <cmath>
#include <limits>
#include <utility>

#include <nlohmann/json.hpp>

namespace pw::storage {
namespace {

using Json = nlohmann::json;

std::string Dump(const Json& j) {
  // replace: one bad byte in a feed title must not make the batch throw.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// A missing field keeps the default; null stands for a non-finite double
// (nlohmann writes NaN and infinity as null).
double GetDouble(const Json& j, const char* name, double fallback) {
  const auto it = j.find(name);
  if (it == j.end()) return fallback;
  if (it->is_null()) return std::numeric_limits<double>::quiet_NaN();
  return it->get<double>();
}

Json EncodeScore(const Score& score) {
  Json matches = Json::array();
  for (const Match& m : score.matches) {
    matches.push_back({{"rule", m.rule},
                       {"term", m.term},
                       {"field", m.field},
                       {"start", m.start},
                       {"end", m.end},
                       {"weight", m.weight}});
  }
  Json out = {{"mentions_province", score.mentions_province},
              {"candidate", score.candidate},
              {"value", score.value},
              {"matches", std::move(matches)}};
  // Omitted when default: most items match no topic.
  if (!score.topics.empty()) {
    Json topics = Json::array();
    for (const Topic& t : score.topics) {
      topics.push_back({{"rule", t.rule}, {"label", t.label}, {"weight", t.weight}, {"agency", t.agency},
                        {"refutation", t.refutation}});
    }
    out["topics"] = std::move(topics);
  }
  if (score.refutation) out["refutation"] = true;
  if (score.relevance != 1.0) out["relevance"] = score.relevance;
  return out;
}

Score DecodeScore(const Json& j) {
  Score score;
  score.mentions_province = j.value("mentions_province", false);
  score.candidate = j.value("candidate", false);
  score.value = GetDouble(j, "value", 0);
  if (const auto it = j.find("matches"); it != j.end()) {
    for (const Json& m : it->get_ref<const Json::array_t&>()) {
      Match match;
      match.rule = m.value("rule", std::string{});
      match.term = m.value("term", std::string{});
      match.field = m.value("field", std::string{});
      match.start = m.value("start", std::size_t{0});
      match.end = m.value("end", std::size_t{0});
      match.weight = GetDouble(m, "weight", 0);
      score.matches.push_back(std::move(match));
    }
  }
  if (const auto it = j.find("topics"); it != j.end()) {
    for (const Json& t : it->get_ref<const Json::array_t&>()) {
      score.topics.push_back({t.value("rule", std::string{}), t.value("label", std::string{}),
                              GetDouble(t, "weight", 0), t.value("agency", std::string{}),
                              t.value("refutation", false)});
    }
  }
  score.refutation = j.value("refutation", false);
  score.relevance = GetDouble(j, "relevance", 1.0);
  return score;
}

// Parses text that must hold a JSON object; nlohmann reports errors by
// exception, which stop here.
template <typename T, typename F>
Result<T> DecodeObject(std::string_view json, const char* what, F&& decode) {
  try {
    const Json j = Json::parse(json);
    if (!j.is_object()) return Error{std::string(what) + " record is not a JSON object"};
    return decode(j);
  } catch (const Json::exception& e) {
    return Error{std::string("bad ") + what + " record: " + e.what()};
  }
}

}  // namespace

std::string EncodeItemJson(const Item& item) {
  Json entry = {{"guid", item.entry.guid},
                {"link", item.entry.link},
                {"title", item.entry.title},
                {"summary", item.entry.summary},
                {"author", item.entry.author}};
  // Absent rather than null or 0: 0 is a valid (if unlikely) timestamp.
  if (item.entry.published) entry["published"] = *item.entry.published;
  if (item.entry.updated) entry["updated"] = *item.entry.updated;
  // Omitted when empty: most items have neither, and every byte is stored per item.
  if (!item.entry.content.empty()) entry["content"] = item.entry.content;
  if (!item.entry.categories.empty()) entry["categories"] = item.entry.categories;
  Json record = {{"source_id", item.source_id},
                 {"fetched_at", item.fetched_at},
                 {"entry", std::move(entry)},
                 {"score", EncodeScore(item.score)}};
  if (!item.cluster_id.empty()) record["cluster"] = item.cluster_id;
  return Dump(record);
}

namespace {

// The JSON item record (EncodeItemJson), as databases before the binary form hold it.
Result<Item> DecodeJsonItem(std::string_view key, std::string_view json) {
  return DecodeObject<Item>(json, "item", [key](const Json& j) {
    Item item;
    item.key = std::string(key);
    item.source_id = j.value("source_id", std::string{});
    item.fetched_at = j.value("fetched_at", UnixTime{0});
    if (const auto it = j.find("entry"); it != j.end()) {
      const Json& e = *it;  // value() throws type_error when it is not an object
      item.entry.guid = e.value("guid", std::string{});
      item.entry.link = e.value("link", std::string{});
      item.entry.title = e.value("title", std::string{});
      item.entry.summary = e.value("summary", std::string{});
      item.entry.author = e.value("author", std::string{});
      if (const auto p = e.find("published"); p != e.end() && !p->is_null()) {
        item.entry.published = p->get<UnixTime>();
      }
      if (const auto u = e.find("updated"); u != e.end() && !u->is_null()) {
        item.entry.updated = u->get<UnixTime>();
      }
      item.entry.content = e.value("content", std::string{});
      item.entry.categories = e.value("categories", std::vector<std::string>{});
    }
    if (const auto it = j.find("score"); it != j.end()) item.score = DecodeScore(*it);
    item.cluster_id = j.value("cluster", std::string{});
    return item;
  });
}

}  // namespace

Result<Item> DecodeItem(std::string_view key, std::string_view bytes) {
  if (IsBinaryItemRecord(bytes)) return DecodeBinaryItem(key, bytes);
  return DecodeJsonItem(key, bytes);
}

std::string EncodeCandidate(const Item& item) {
  return Dump({{"score", EncodeScore(item.score)},
               {"title", item.entry.title},
               {"source_id", item.source_id}});
}

std::string EncodeSourceState(const SourceState& state) {
  return Dump({{"etag", state.etag},
               {"last_modified", state.last_modified},
               {"last_success", state.last_success},
               {"last_attempt", state.last_attempt},
               {"last_error", state.last_error},
               {"consecutive_failures", state.consecutive_failures},
               {"last_status", state.last_status},
               {"last_error_kind", state.last_error_kind},
               {"next_due", state.next_due},
               {"failing_since", state.failing_since},
               {"circuit_open", state.circuit_open},
               {"items_per_day", state.items_per_day ? Json(*state.items_per_day) : Json(nullptr)},
               {"tracked_since", state.tracked_since},
               {"last_new_item", state.last_new_item},
               {"items_seen", state.items_seen},
               {"url", state.url},
               {"moved_from", state.moved_from},
               {"pending_redirect", state.pending_redirect},
               {"unhealthy", state.unhealthy}});
}

Result<SourceState> DecodeSourceState(std::string_view json) {
  return DecodeObject<SourceState>(json, "source state", [](const Json& j) {
    SourceState s;
    s.etag = j.value("etag", std::string{});
    s.last_modified = j.value("last_modified", std::string{});
    s.last_success = j.value("last_success", UnixTime{0});
    s.last_attempt = j.value("last_attempt", UnixTime{0});
    s.last_error = j.value("last_error", std::string{});
    s.consecutive_failures = j.value("consecutive_failures", 0);
    s.last_status = j.value("last_status", 0L);
    s.last_error_kind = j.value("last_error_kind", std::string{});
    s.next_due = j.value("next_due", UnixTime{0});
    s.failing_since = j.value("failing_since", UnixTime{0});
    s.circuit_open = j.value("circuit_open", false);
    if (const auto it = j.find("items_per_day"); it != j.end() && !it->is_null()) {
      s.items_per_day = it->get<double>();
    }
    s.tracked_since = j.value("tracked_since", UnixTime{0});
    s.last_new_item = j.value("last_new_item", UnixTime{0});
    s.items_seen = j.value("items_seen", std::uint64_t{0});
    s.url = j.value("url", std::string{});
    s.moved_from = j.value("moved_from", std::string{});
    s.pending_redirect = j.value("pending_redirect", std::string{});
    s.unhealthy = j.value("unhealthy", std::string{});
    return s;
  });
}

}  // namespace pw::storage
