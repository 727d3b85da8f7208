#include "daemon/alerts_feed.h"

#include <algorithm>

#include "daemon/report.h"

namespace pw::daemon {
namespace {

// XML text: escapes markup and drops what XML 1.0 forbids (C0 controls but
// tab, LF, CR).
std::string Xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

bool HasTopic(const AlertEntry& e, std::string_view topic) {
  for (const auto& t : e.topics) {
    if (t == topic) return true;
  }
  return false;
}

void RenderEntry(const AlertEntry& e, std::string& out) {
  out += "  <entry>\n";
  out += "    <id>" + Xml(e.id) + "</id>\n";
  out += "    <title type=\"text\">" + Xml(e.title) + "</title>\n";
  if (!e.link.empty()) out += "    <link rel=\"alternate\" href=\"" + Xml(e.link) + "\"/>\n";
  out += "    <published>" + IsoTime(e.published) + "</published>\n";
  out += "    <updated>" + IsoTime(e.updated) + "</updated>\n";
  out += "    <author><name>" + Xml(e.source_id.empty() ? "provwatch" : e.source_id) + "</name></author>\n";
  out += "    <summary type=\"text\">" + Xml(e.summary) + "</summary>\n";
  for (const auto& t : e.topics) out += "    <category term=\"" + Xml(t) + "\"/>\n";
  for (const auto& o : e.outlets) {
    out += "    <category scheme=\"urn:provwatch:outlet\" term=\"" + Xml(o) + "\" label=\"Nguồn đăng\"/>\n";
  }
  out += "  </entry>\n";
}

}  // namespace

std::string AlertFeedPath(std::string_view token) { return "/alerts/" + std::string(token) + ".atom"; }

std::string RenderAlertFeed(std::string_view user, std::string_view topic, const std::vector<AlertEntry>& entries,
                            std::string_view self_url) {
  std::vector<const AlertEntry*> shown;
  UnixTime updated = 0;
  for (const AlertEntry& e : entries) {
    if (!topic.empty() && !HasTopic(e, topic)) continue;
    if (shown.size() == kMaxFeedEntries) break;
    shown.push_back(&e);
    updated = std::max(updated, e.updated);
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n";
  out += "  <id>tag:provwatch.invalid,2026:alerts/" + Xml(user) + (topic.empty() ? "" : "/" + Xml(topic)) + "</id>\n";
  out += "  <title type=\"text\">Cảnh báo provwatch của " + Xml(user) +
         (topic.empty() ? "" : " — chủ đề " + Xml(topic)) + "</title>\n";
  out += "  <subtitle type=\"text\">Tin nghi sai lệch về tỉnh theo quy tắc cảnh báo của bạn / alerts by your rules</subtitle>\n";
  out += "  <updated>" + IsoTime(updated) + "</updated>\n";
  out += "  <author><name>provwatch</name></author>\n";
  out += "  <generator>provwatch</generator>\n";
  if (!self_url.empty()) out += "  <link rel=\"self\" href=\"" + Xml(self_url) + "\"/>\n";
  for (const AlertEntry* e : shown) RenderEntry(*e, out);
  out += "</feed>\n";
  return out;
}

FeedAnswer AnswerAlertFeed(const storage::Store& store, std::string_view token, std::string_view topic,
                           std::string_view self_url) {
  constexpr const char* kText = "text/plain; charset=utf-8";
  auto user = FeedTokenUser(store, token);
  if (!user) return {500, kText, "Lỗi kho dữ liệu / store error\n"};
  if (!*user) return {404, kText, "Không tìm thấy nguồn cảnh báo / no such alert feed\n"};
  auto entries = LoadEntries(store, **user);
  if (!entries) return {500, kText, "Lỗi kho dữ liệu / store error\n"};
  // The outlets as the story has spread since the alert (the cluster's now).
  for (std::size_t i = 0; i < entries->size() && i < kMaxFeedEntries; ++i) {
    AlertEntry& e = (*entries)[i];
    if (e.kind != "candidate" || e.cluster_id.empty()) continue;
    if (auto cluster = store.GetCluster(e.cluster_id); cluster.ok() && *cluster && !(*cluster)->outlets.empty()) {
      e.outlets = (*cluster)->outlets;
    }
  }
  return {200, "application/atom+xml; charset=utf-8", RenderAlertFeed(**user, topic, *entries, self_url)};
}

}  // namespace pw::daemon
