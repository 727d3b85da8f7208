// provwatch: one binary, subcommands. Wiring only: parse the command line,
// hand over to the command.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>

#include "config/config.h"
#include "daemon/commands.h"
#include "daemon/logging.h"
#include "daemon/service.h"

#ifndef PROVWATCH_VERSION
#define PROVWATCH_VERSION "0.0.0"
#endif
#ifndef PROVWATCH_DEMO_DIR
#define PROVWATCH_DEMO_DIR "demo"
#endif

namespace {

/// The bundled demo: $PROVWATCH_DEMO_DIR, else the source tree's demo/.
std::string DemoDir() {
  const char* env = std::getenv("PROVWATCH_DEMO_DIR");
  return env != nullptr && *env != '\0' ? env : PROVWATCH_DEMO_DIR;
}

constexpr const char* kDefaultData = "provwatch-data";

}  // namespace

int main(int argc, char** argv) {
  using namespace pw::daemon;
  InitLogging();

  CLI::App app{
      "provwatch — theo dõi báo chí và mạng về tỉnh, phát hiện thông tin sai lệch\n"
      "provwatch — watches the press and the web for a province and flags distorted information"};
  app.set_version_flag("--version", std::string("provwatch ") + PROVWATCH_VERSION);
  app.require_subcommand(1);
  const char* env_lang = std::getenv("PROVWATCH_LANG");
  std::string lang_name = env_lang != nullptr ? env_lang : "vi";
  app.add_option("--lang", lang_name, "ngôn ngữ / output language: vi or en")
      ->check(CLI::IsMember({"vi", "en"}));

  // run
  ServiceOptions run_opts;
  auto* run = app.add_subcommand("run", "chạy dịch vụ / run the daemon");
  run->add_option("--config", run_opts.config_path, "configuration file (TOML)")
      ->required()
      ->check(CLI::ExistingFile);
  run->add_flag("--once", run_opts.once, "one poll cycle, wait for every write, exit 0");

  // demo
  ServiceOptions demo_opts;
  std::string demo_data = kDefaultData;
  auto* demo = app.add_subcommand("demo", "chạy bản demo ngoại tuyến / run the bundled offline demo");
  demo->add_flag("--once", demo_opts.once, "one poll cycle, then exit");
  demo->add_option("--data", demo_data, "data directory")->capture_default_str();

  // check-config
  std::string check_path;
  auto* check = app.add_subcommand("check-config", "kiểm tra tệp cấu hình / validate a configuration");
  check->add_option("FILE", check_path, "configuration file")->required();

  // fetch
  std::string fetch_url;
  bool fetch_json = false;
  auto* fetch = app.add_subcommand("fetch", "tải và phân tích một nguồn / fetch and parse one feed");
  fetch->add_option("URL", fetch_url, "http://, https:// or file:// URL")->required();
  fetch->add_flag("--json", fetch_json, "one JSON object a line");

  // items
  std::string items_data = kDefaultData;
  std::string items_config;
  bool items_candidates = false, items_json = false;
  auto* items = app.add_subcommand("items", "liệt kê tin đã lưu / list stored items");
  items->add_flag("--candidates", items_candidates, "only candidate sai lệch items");
  auto* items_data_opt =
      items->add_option("--data", items_data, "data directory")->capture_default_str();
  items->add_option("--config", items_config, "take the data directory from this configuration")
      ->excludes(items_data_opt);
  items->add_flag("--json", items_json, "one JSON object a line");

  // score
  std::string profile_id;
  std::string score_input, score_config;
  auto* score = app.add_subcommand("score", "chấm điểm tin JSONL / score JSON lines");
  auto* profile_opt = score->add_option("--profile", profile_id,
                                        "lai-chau, bac-kan, phu-tho, soc-trang or vinh-long");
  auto* config_opt = score->add_option("--config", score_config, "configuration adding rules");
  score->add_option("--input", score_input, "JSONL file (default: standard input)");
  (void)config_opt;
  (void)profile_opt;

  CLI11_PARSE(app, argc, argv);
  const Lang lang = ParseLang(lang_name);

  if (*run) {
    run_opts.lang = lang;
    run_opts.out = &std::cout;
    return RunService(run_opts);
  }
  if (*demo) {
    demo_opts.config_path = DemoDir() + "/demo.toml";
    demo_opts.data_dir = std::filesystem::absolute(demo_data).string();
    demo_opts.lang = lang;
    demo_opts.out = &std::cout;
    std::cout << Tr(lang, "Bản demo ngoại tuyến của provwatch: ", "provwatch offline demo: ")
              << demo_opts.config_path << "\n"
              << Tr(lang, "Dữ liệu lưu tại: ", "Data stored in: ") << *demo_opts.data_dir << "\n";
    if (!demo_opts.once) {
      std::cout << Tr(lang, "Nhấn Ctrl-C để dừng.\n", "Press Ctrl-C to stop.\n");
    }
    std::cout << std::flush;  // before the log lines on standard error
    return RunService(demo_opts);
  }
  if (*check) return CheckConfig(check_path, lang, std::cout);
  if (*fetch) return FetchOne(fetch_url, fetch_json, std::cout);
  if (*items) {
    std::string dir = items_data;
    if (!items_config.empty()) {
      auto cfg = pw::config::LoadConfig(items_config);
      if (!cfg) {
        std::cerr << cfg.error().message << "\n";
        return 2;
      }
      dir = cfg->data_dir;
    }
    return ListItems(dir, items_candidates, items_json, std::cout);
  }
  if (*score) {
    if (profile_id.empty() && score_config.empty()) {
      std::cerr << "score: give --profile ID (or --config FILE)\n";
      return 2;
    }
    return Score(profile_id, score_input.empty() ? std::nullopt : std::optional(score_input),
                 score_config.empty() ? std::nullopt : std::optional(score_config), std::cout);
  }
  return 2;
}
