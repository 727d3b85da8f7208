#include "daemon/clusters_command.h"

#include <algorithm>
#include <iostream>
#include <memory>

#include "daemon/control_socket.h"
#include "daemon/json_fields.h"
#include "storage/store.h"

namespace pw::daemon {

nlohmann::json ClusterJson(const storage::Cluster& c) {
  nlohmann::json growth = nlohmann::json::array();
  for (const auto& [hour, count] : c.growth) growth.push_back({{"hour", IsoTime(hour)}, {"items", count}});
  return {{"id", c.id},
          {"title", c.title},
          {"first_item", c.first_item},
          {"first_seen", IsoTime(c.first_seen)},
          {"last_seen", IsoTime(c.last_seen)},
          {"items", c.items},
          {"candidates", c.candidates},
          {"outlets", c.outlets},
          {"spreading", c.spreading},
          {"spreading_since", c.spreading_since != 0 ? nlohmann::json(IsoTime(c.spreading_since))
                                                     : nlohmann::json(nullptr)},
          {"growth", std::move(growth)}};
}

int ListClusters(const ClustersOptions& o, Lang lang, std::ostream& out, std::ostream& err,
                 storage::Store* open) {
  std::unique_ptr<storage::Store> opened;
  if (open == nullptr) {
    const nlohmann::json request = {{"op", "clusters"}, {"spreading", o.spreading_only}, {"json", o.json},
                                    {"limit", o.limit}, {"lang", lang == Lang::kEn ? "en" : "vi"}};
    if (auto code = QueryDaemon(o.data_dir, request.dump(), out, err)) return *code;
    auto store = storage::Store::Open(o.data_dir, storage::Store::Mode::kReadOnly);
    if (!store) {
      err << Tr(lang, "Không mở được dữ liệu: ", "Cannot open the data: ") << store.error().message << "\n";
      return 2;
    }
    opened = std::move(*store);
    open = opened.get();
  }
  auto clusters = open->Clusters();
  if (!clusters) {
    err << Tr(lang, "Không đọc được các cụm tin: ", "Cannot read the clusters: ") << clusters.error().message
        << "\n";
    return 1;
  }
  std::vector<storage::Cluster> shown;
  for (auto& c : *clusters) {
    if (!o.spreading_only || c.spreading) shown.push_back(std::move(c));
  }
  std::sort(shown.begin(), shown.end(), [](const auto& a, const auto& b) {
    return a.last_seen != b.last_seen ? a.last_seen > b.last_seen : a.id < b.id;
  });
  if (o.limit > 0 && shown.size() > o.limit) shown.resize(o.limit);
  for (const auto& c : shown) {
    if (o.json) {
      out << JsonLine(ClusterJson(c)) << "\n";
      continue;
    }
    // first seen, items, outlets, spreading flag, id, title: tab-separated.
    out << IsoTime(c.first_seen) << "\t" << c.items << "\t" << c.outlets.size() << "\t"
        << (c.spreading ? Tr(lang, "đang lan", "spreading") : "-") << "\t" << c.id << "\t" << c.title
        << "\n";
  }
  if (!o.json) {
    out << shown.size() << Tr(lang, " cụm tin", " clusters") << " ("
        << Tr(lang, "bắt đầu, số tin, số nguồn, lan truyền, mã, tiêu đề",
              "first seen, items, outlets, spreading, id, title")
        << ")\n";
  }
  return 0;
}

void RegisterClustersCommand(CLI::App& app, CliEnv& env) {
  auto opts = std::make_shared<ClustersOptions>();
  opts->data_dir = env.default_data;
  auto* cmd = app.add_subcommand(
      "clusters", "các cụm tin cùng một câu chuyện / story clusters, most recently active first");
  cmd->add_option("--data", opts->data_dir, "data directory")->capture_default_str();
  cmd->add_flag("--spreading", opts->spreading_only, "only clusters marked as spreading");
  cmd->add_flag("--json", opts->json, "one JSON object a line");
  cmd->add_option("--limit", opts->limit, "at most this many (0: all)")->capture_default_str();
  cmd->callback([opts, &env] { env.Finish(ListClusters(*opts, env.lang(), std::cout, std::cerr)); });
}

}  // namespace pw::daemon
