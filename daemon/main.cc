// provwatch: one binary, subcommands. Wiring only: parse the command line,
// hand over to the command.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>

#include "config/config.h"
#include "daemon/alert_command.h"
#include "daemon/backup_command.h"
#include "daemon/case_command.h"
#include "daemon/cli_env.h"
#include "daemon/clusters_command.h"
#include "daemon/commands.h"
#include "daemon/explain_command.h"
#include "daemon/logging.h"
#include "daemon/parse_command.h"
#include "daemon/report_command.h"
#include "daemon/rules_command.h"
#include "daemon/service.h"
#include "daemon/sources_command.h"
#include "daemon/verify_command.h"

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
  CliEnv env;
  const char* env_lang = std::getenv("PROVWATCH_LANG");
  if (env_lang != nullptr) env.lang_name = env_lang;
  std::string& lang_name = env.lang_name;
  app.add_option("--lang", lang_name, "ngôn ngữ / output language: vi or en")
      ->check(CLI::IsMember({"vi", "en"}));

  // run
  ServiceOptions run_opts;
  auto* run = app.add_subcommand("run", "chạy dịch vụ / run the daemon");
  std::string run_data;
  bool run_verbose = false;
  auto* run_config_opt = run->add_option("--config", run_opts.config_path, "configuration file (TOML)")
      ->check(CLI::ExistingFile);
  run->add_flag("--once", run_opts.once, "one poll cycle, wait for every write, exit 0");
  run->add_option("--data", run_data,
                  "data directory (without --config: its registered sources are polled; "
                  "default provwatch-data)");
  run->add_option("--profile", run_opts.profile_id,
                  "without --config: the bundled profile (lai-chau, bac-kan, phu-tho, soc-trang, vinh-long)")
      ->excludes(run_config_opt);
  std::string run_http, demo_http;
  const char* http_help =
      "web page and HTTP API: ADDR:PORT (port 0: any free port) or off; default: the configuration's "
      "http, else 127.0.0.1:8080 (none with --once)";
  auto* run_http_opt = run->add_option("--http", run_http, http_help);
  run->add_flag("--verbose", run_verbose,
                "without --config: describe every source's poll (with --config it always is)");

  // demo
  ServiceOptions demo_opts;
  std::string demo_data = kDefaultData;
  auto* demo = app.add_subcommand("demo", "chạy bản demo ngoại tuyến / run the bundled offline demo");
  demo->add_flag("--once", demo_opts.once, "one poll cycle, then exit");
  demo->add_option("--data", demo_data, "data directory")->capture_default_str();
  auto* demo_http_opt = demo->add_option("--http", demo_http, http_help);

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

  // parse
  std::string parse_input;
  bool parse_json = false;
  auto* parse = app.add_subcommand(
      "parse", "phân tích một tệp hoặc URL nguồn tin / parse one feed file or URL");
  parse->add_option("INPUT", parse_input, "a local file, or an http://, https:// or file:// URL")
      ->required();
  parse->add_flag("--json", parse_json, "one JSON document (a stable contract, see README)");

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
  std::string items_since;
  items->add_option("--since", items_since,
                    "only items published (else first seen) in this last period (24h, 7d), oldest first");

  // score
  std::string profile_id;
  std::string score_input, score_config;
  auto* score = app.add_subcommand("score", "chấm điểm tin JSONL / score JSON lines");
  score->add_option("--profile", profile_id, "lai-chau, bac-kan, phu-tho, soc-trang or vinh-long");
  score->add_option("--config", score_config, "configuration adding rules");
  score->add_option("--input", score_input, "JSONL file (default: standard input)");

  // sources [add|import|export]
  SourcesTarget sources_target{kDefaultData, ""};
  bool sources_json = false;
  auto* sources = app.add_subcommand(
      "sources", "danh sách nguồn và tình trạng / the source list and each source's health");
  sources->require_subcommand(0, 1);
  auto* sources_data_opt =
      sources->add_option("--data", sources_target.data_dir, "data directory")->capture_default_str();
  sources->add_option("--config", sources_target.config_path, "list this configuration's sources")
      ->excludes(sources_data_opt);
  sources->add_flag("--json", sources_json, "one JSON object a line");
  std::string add_url, add_data = kDefaultData, add_interval = "15m", import_file;
  bool add_all = false;
  int add_pick = 0;
  auto* sources_add = sources->add_subcommand(
      "add", "thêm nguồn (trang HTML: tìm nguồn RSS/Atom) / add a feed, or discover a page's feeds");
  sources_add->add_option("URL", add_url, "feed or page URL")->required();
  auto* add_data_opt =
      sources_add->add_option("--data", add_data, "data directory")->capture_default_str();
  auto* pick_opt = sources_add->add_option("--pick", add_pick, "add the N-th feed the page offers");
  sources_add->add_flag("--all", add_all, "add every feed the page offers")->excludes(pick_opt);
  sources_add->add_option("--interval", add_interval, "poll interval (90s, 15m, 2h, 1d)")
      ->capture_default_str();
  auto* sources_import = sources->add_subcommand(
      "import", "nhập danh sách nguồn (OPML hoặc mỗi dòng một URL) / import OPML or a URL list");
  sources_import->add_option("FILE", import_file, "OPML file, or one URL a line")->required();
  auto* import_data_opt =
      sources_import->add_option("--data", add_data, "data directory")->capture_default_str();
  sources_import->add_option("--interval", add_interval, "poll interval (90s, 15m, 2h, 1d)")
      ->capture_default_str();
  SourcesTarget export_target{kDefaultData, ""};
  auto* sources_export = sources->add_subcommand(
      "export", "xuất danh sách nguồn ra OPML 2.0 / write the source list as OPML 2.0");
  auto* export_data_opt =
      sources_export->add_option("--data", export_target.data_dir, "data directory")->capture_default_str();
  sources_export->add_option("--config", export_target.config_path, "export this configuration's sources")
      ->excludes(export_data_opt);

  // Commands that register themselves (one line each).
  RegisterClustersCommand(app, env);
  RegisterReportCommands(app, env);
  RegisterCaseCommands(app, env);
  RegisterVerifyCommand(app, env);
  RegisterBackupCommands(app, env);
  RegisterExplainCommand(app, env);
  RegisterRulesCommand(app, env);
  RegisterAlertCommands(app, env);

  CLI11_PARSE(app, argc, argv);
  if (env.ran) return env.exit_code;
  const Lang lang = ParseLang(lang_name);

  if (*run) {
    run_opts.lang = lang;
    if (run_opts.config_path.empty()) {
      if (run_opts.profile_id.empty()) {
        std::cerr << "run: give --config FILE, or --profile ID (with --data DIR) to poll the sources "
                     "registered in the data directory\n";
        return 2;
      }
      run_opts.data_dir = run_data.empty() ? std::string(kDefaultData) : run_data;
      // Thousands of sources: one line each only on request.
      run_opts.out = run_verbose ? &std::cout : nullptr;
    } else {
      if (!run_data.empty()) run_opts.data_dir = run_data;
      run_opts.out = &std::cout;
    }
    run_opts.summary = &std::cout;
    if (run_http_opt->count() > 0) run_opts.http = run_http;
    return RunService(run_opts);
  }
  if (*sources) {
    auto interval = pw::config::ParseDuration(add_interval);
    if (!interval || interval->count() < 10 || interval->count() > 7 * 24 * 3600) {
      std::cerr << "sources: --interval \"" << add_interval
                << "\": expected a duration like \"15m\", between 10s and 7d\n";
      return 2;
    }
    // `sources --data DIR add URL` means what `sources add URL --data DIR` does.
    if (sources_data_opt->count() > 0) {
      if (add_data_opt->count() == 0 && import_data_opt->count() == 0) add_data = sources_target.data_dir;
      if (export_data_opt->count() == 0) export_target.data_dir = sources_target.data_dir;
    }
    if (*sources_add) {
      return AddSource(add_data, add_url, add_all, pick_opt->count() > 0 ? std::optional(add_pick) : std::nullopt,
                       *interval, lang, std::cout, std::cerr);
    }
    if (*sources_import) return ImportSources(add_data, import_file, *interval, lang, std::cout, std::cerr);
    if (*sources_export) return ExportSources(export_target, lang, std::cout, std::cerr);
    return ListSources(sources_target, sources_json, lang, std::cout, std::cerr);
  }
  if (*demo) {
    demo_opts.config_path = DemoDir() + "/demo.toml";
    demo_opts.data_dir = std::filesystem::absolute(demo_data).string();
    demo_opts.lang = lang;
    demo_opts.out = &std::cout;
    demo_opts.demo_accounts = true;
    if (demo_http_opt->count() > 0) demo_opts.http = demo_http;
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
  if (*parse) return ParseCommand(parse_input, parse_json, std::cout, std::cerr);
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
    std::optional<std::int64_t> since;
    if (!items_since.empty()) {
      auto d = pw::config::ParseDuration(items_since);
      if (!d) {
        std::cerr << "items: --since \"" << items_since << "\": "
                  << Tr(lang, "cần một khoảng thời gian như \"7d\"", "expected a duration like \"7d\"")
                  << "\n";
        return 2;
      }
      since = d->count();
    }
    return ListItems(dir, items_candidates, items_json, lang, std::cout, std::cerr, nullptr, since);
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
