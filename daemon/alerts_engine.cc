#include "daemon/alerts_engine.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <sstream>

#include <spdlog/spdlog.h>

#include "daemon/ingest.h"
#include "daemon/report.h"
#include "workflow/case_store.h"

namespace pw::daemon {
namespace {

using storage::RecordFamily;

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string Joined(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "-" : out;
}

// The feed entry's text, Vietnamese: score, topics, outlets, the explanation.
std::string CandidateSummary(const Item& item, const std::vector<std::string>& outlets) {
  std::ostringstream out;
  out << "Điểm " << item.score.value << (item.score.candidate ? " (nghi sai lệch)" : "") << ". Chủ đề: "
      << Joined(CaseTopics(item.score)) << ". Nguồn đăng: " << Joined(outlets) << ".\nVì sao:\n"
      << Explain(item, Lang::kVi, "  ");
  return out.str();
}

// One delivery per distinct channel target among the user's matching rules.
void AddDeliveries(storage::RecordBatch& batch, const std::string& entry_key, const std::string& user,
                   const std::vector<const AlertRule*>& rules, UnixTime now) {
  std::set<std::string> seen;
  const std::int64_t now_ms = NowMs();
  for (const AlertRule* r : rules) {
    auto add = [&](const char* channel, const std::string& target, const std::string& secret) {
      if (target.empty() || !seen.insert(std::string(channel) + "\n" + target).second) return;
      Delivery d;
      d.id = NewDeliveryId(now_ms);
      d.user = user;
      d.entry_key = entry_key;
      d.channel = channel;
      d.target = target;
      d.secret = secret;
      d.next_attempt_ms = now_ms;
      d.created = now;
      batch.Put(RecordFamily::kAlerts, OutboxKey(d.id), EncodeDelivery(d));
    };
    add("webhook", r->webhook_url, r->webhook_secret);
    add("email", r->email, "");
  }
}

// Writes `entry` and its deliveries unless the (user, cluster) key exists or
// is in `batch` already (`pending`). True when written to the batch.
Result<bool> StageEntry(storage::Store& store, storage::RecordBatch& batch, std::set<std::string>& pending,
                        const AlertEntry& entry, const std::vector<const AlertRule*>& rules, UnixTime now) {
  const std::string key = EntryKey(entry.user, entry.cluster_id);
  if (pending.count(key) > 0) return false;
  auto existing = store.GetRecord(RecordFamily::kAlerts, key);
  if (!existing) return existing.error();
  if (*existing) return false;
  pending.insert(key);
  batch.Put(RecordFamily::kAlerts, key, EncodeEntry(entry));
  AddDeliveries(batch, key, entry.user, rules, now);
  return true;
}

}  // namespace

bool RuleMatches(const AlertRule& rule, const Item& item, std::string_view profile_id) {
  if (item.cluster_id.empty() || !item.score.mentions_province) return false;
  if (item.fetched_at < rule.created) return false;
  if (!rule.profile.empty() && rule.profile != profile_id) return false;
  if (rule.min_score > 0 ? item.score.value < rule.min_score : !item.score.candidate) return false;
  if (rule.topics.empty()) return true;
  for (const Topic& t : item.score.topics) {
    if (std::find(rule.topics.begin(), rule.topics.end(), t.rule) != rule.topics.end()) return true;
  }
  return false;
}

Result<std::size_t> GenerateAlerts(storage::Store& store, const config::Config& config,
                                   const std::vector<Item>& items, UnixTime now) {
  if (items.empty()) return std::size_t{0};  // most polls: nothing new, no read
  auto rules = LoadRules(store);
  if (!rules) return rules.error();
  if (rules->empty()) return std::size_t{0};
  const auto lock = store.LockRecords();
  storage::RecordBatch batch;
  std::set<std::string> pending;
  std::size_t raised = 0;
  for (const Item& item : items) {
    std::map<std::string, std::vector<const AlertRule*>> by_user;
    for (const AlertRule& r : *rules) {
      if (RuleMatches(r, item, config.profile.id)) by_user[r.user].push_back(&r);
    }
    if (by_user.empty()) continue;
    std::vector<std::string> outlets{item.source_id};
    if (auto cluster = store.GetCluster(item.cluster_id); cluster.ok() && *cluster) outlets = (*cluster)->outlets;
    for (const auto& [user, matched] : by_user) {
      AlertEntry e;
      e.id = NewUrnUuid();
      e.user = user;
      e.kind = "candidate";
      e.cluster_id = item.cluster_id;
      e.item_key = item.key;
      e.source_id = item.source_id;
      e.title = item.entry.title;
      e.link = item.entry.link;
      e.summary = CandidateSummary(item, outlets);
      e.score = item.score.value;
      e.topics = CaseTopics(item.score);
      e.outlets = outlets;
      for (const AlertRule* r : matched) e.rules.push_back(r->id);
      e.published = item.entry.published.value_or(item.fetched_at);
      e.updated = now;
      auto staged = StageEntry(store, batch, pending, e, matched, now);
      if (!staged) return staged.error();
      if (*staged) {
        ++raised;
        spdlog::info("alert for {}: cluster {} ({})", user, item.cluster_id, item.entry.title);
      }
    }
  }
  if (!batch.empty()) {
    if (Status st = store.Commit(batch, /*sync=*/false); !st) return st.error();
  }
  return raised;
}

Result<std::size_t> CatchUpAlerts(storage::Store& store, const config::Config& config,
                                  const std::vector<Item>& candidates, UnixTime now) {
  std::vector<Item> recent;
  for (const Item& item : candidates) {
    if (item.fetched_at >= now - 24 * 3600) recent.push_back(item);
  }
  return GenerateAlerts(store, config, recent, now);
}

Result<std::size_t> AlertUnhealthySource(storage::Store& store, const config::Config& config,
                                         const config::SourceConfig& source,
                                         const storage::SourceState& state, UnixTime now) {
  std::vector<std::string> users;
  if (!source.owner.empty()) {
    users.push_back(source.owner);
  } else {
    workflow::CaseStore cases(store);
    auto all = cases.Users();
    if (!all) return all.error();
    for (const auto& u : *all) {
      if (u.role == workflow::Role::kAdmin) users.push_back(u.name);
    }
  }
  (void)config;
  auto rules = LoadRules(store);
  if (!rules) return rules.error();
  const UnixTime spell = state.failing_since != 0 ? state.failing_since : state.last_new_item;
  const auto lock = store.LockRecords();
  storage::RecordBatch batch;
  std::set<std::string> pending;
  std::size_t raised = 0;
  for (const std::string& user : users) {
    if (!ValidUserName(user)) continue;
    std::vector<const AlertRule*> channels;
    for (const AlertRule& r : *rules) {
      if (r.user == user) channels.push_back(&r);
    }
    AlertEntry e;
    e.id = NewUrnUuid();
    e.user = user;
    e.kind = "source";
    e.cluster_id = "src:" + source.id + ":" + std::to_string(spell);
    e.source_id = source.id;
    e.title = "Nguồn có vấn đề: " + source.name;
    e.link = state.url.empty() ? source.url : state.url;
    e.summary = "Nguồn " + source.id + " (" + source.url + ") có vấn đề: " + state.unhealthy +
                (state.last_error.empty() ? "" : ". Lỗi gần nhất: " + state.last_error) + ".";
    e.outlets = {source.id};
    e.published = now;
    e.updated = now;
    auto staged = StageEntry(store, batch, pending, e, channels, now);
    if (!staged) return staged.error();
    if (*staged) {
      ++raised;
      spdlog::info("alert for {}: source {} unhealthy", user, source.id);
    }
  }
  if (!batch.empty()) {
    if (Status st = store.Commit(batch, /*sync=*/false); !st) return st.error();
  }
  return raised;
}

}  // namespace pw::daemon
