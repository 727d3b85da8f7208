#include "daemon/rules_command.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <set>
#include <sstream>

#include "daemon/ingest.h"
#include "analysis/scorer.h"
#include "config/bundled.h"
#include "config/config.h"
#include "storage/store.h"
#include "workflow/case_store.h"

namespace pw::daemon {
namespace {

std::string Points(double w) {
  std::ostringstream s;
  s << w;
  return s.str();
}

// The profile with the draft's rules: same id replaces, new ids are added.
config::Profile WithDraft(config::Profile profile, std::vector<config::Rule> draft) {
  for (auto& rule : draft) {
    bool replaced = false;
    for (auto& r : profile.rules) {
      if (r.id == rule.id) {
        r = rule;
        replaced = true;
      }
    }
    if (!replaced) profile.rules.push_back(std::move(rule));
  }
  return profile;
}

// One line of the report: sign, scores before -> after, key, title.
void ItemLine(std::ostream& out, char sign, const Item& item, const Score& before,
              const Score& after) {
  out << sign << " " << Points(before.value) << " -> " << Points(after.value) << "\t" << item.key
      << "\t" << item.entry.title << "\n";
}

// The profile a replay without --config scores with: --profile when given;
// else the profile the store's cases were opened under, when they agree (a
// daemon runs one profile); else lai-chau, the first bundled one, said on `err`.
Result<std::string> ReplayProfileId(storage::Store& store, const std::string& given, Lang lang,
                                    std::ostream& err) {
  if (!given.empty()) return given;
  auto cases = workflow::CaseStore(store).List();
  if (!cases) return cases.error();
  std::set<std::string> profiles;
  for (const auto& c : *cases) {
    if (!c.profile.empty()) profiles.insert(c.profile);
  }
  if (profiles.size() == 1) return *profiles.begin();
  const std::string fallback = "lai-chau";
  if (profiles.empty()) {
    err << Tr(lang, "chưa rõ hồ sơ tỉnh (kho chưa có hồ sơ vụ việc): dùng ",
              "no profile given and no case in the store: using ")
        << fallback << Tr(lang, "; chọn bằng --profile hoặc --config", "; choose one with --profile or --config")
        << "\n";
  } else {
    std::string list;
    for (const auto& p : profiles) list += (list.empty() ? "" : ", ") + p;
    err << Tr(lang, "hồ sơ vụ việc trong kho thuộc nhiều tỉnh (", "the store's cases are of several profiles (")
        << list << Tr(lang, "): dùng ", "): using ") << fallback
        << Tr(lang, "; chọn bằng --profile hoặc --config", "; choose one with --profile or --config") << "\n";
  }
  return fallback;
}

}  // namespace

Result<ReplayTotals> ReplayRules(const std::vector<Item>& items, const std::string& rule_text,
                                 const std::string& rule_path, const std::string& profile_id,
                                 Lang lang, std::ostream& out) {
  auto profile = config::BundledProfile(profile_id);
  if (!profile) return profile.error();
  return ReplayRules(items, rule_text, rule_path, *profile, lang, out);
}

Result<ReplayTotals> ReplayRules(const std::vector<Item>& items, const std::string& rule_text,
                                 const std::string& rule_path, const config::Profile& profile,
                                 Lang lang, std::ostream& out) {
  auto draft = config::ParseRuleFile(rule_text, rule_path);
  if (!draft) return draft.error();
  auto old_scorer = analysis::Scorer::Compile(profile);
  if (!old_scorer) return old_scorer.error();
  auto new_scorer = analysis::Scorer::Compile(WithDraft(profile, std::move(*draft)));
  if (!new_scorer) return new_scorer.error();

  ReplayTotals totals;
  std::vector<std::string> gained, lost;
  std::ostringstream gained_lines, lost_lines;
  for (const Item& item : items) {
    const Score before = old_scorer->ScoreItem(item.entry.title, item.entry.summary);
    const Score after = new_scorer->ScoreItem(item.entry.title, item.entry.summary);
    ++totals.items;
    totals.before += before.candidate;
    totals.after += after.candidate;
    if (after.candidate && !before.candidate) {
      ++totals.gained;
      ItemLine(gained_lines, '+', item, before, after);
    } else if (before.candidate && !after.candidate) {
      ++totals.lost;
      ItemLine(lost_lines, '-', item, before, after);
    }
  }
  out << Tr(lang, "Trở thành ứng viên (", "Newly candidates (") << totals.gained << "):\n"
      << gained_lines.str();
  out << Tr(lang, "Không còn là ứng viên (", "No longer candidates (") << totals.lost << "):\n"
      << lost_lines.str();
  out << Tr(lang, "Tổng: chấm lại ", "Total: re-scored ") << totals.items
      << Tr(lang, " mục; ứng viên ", " items; candidates ") << totals.before << " -> "
      << totals.after << Tr(lang, " (thêm ", " (+") << totals.gained
      << Tr(lang, ", bớt ", ", -") << totals.lost << ")\n";
  return totals;
}

int RulesTest(const RulesTestOptions& o, Lang lang, std::ostream& out, std::ostream& err,
              UnixTime now) {
  std::ifstream in(o.rule_file, std::ios::binary);
  if (!in) {
    err << o.rule_file << ": " << Tr(lang, "không mở được tệp", "cannot open the file") << "\n";
    return 2;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::optional<UnixTime> since;
  if (!o.since.empty()) {
    auto d = config::ParseDuration(o.since);
    if (!d) {
      err << "rules test: --since \"" << o.since << "\": "
          << Tr(lang, "cần một khoảng thời gian như \"7d\"", "expected a duration like \"7d\"")
          << "\n";
      return 2;
    }
    since = now - d->count();
  }
  // Check the rule file before touching the store, so a typo is reported first.
  if (auto draft = config::ParseRuleFile(text.str(), o.rule_file); !draft) {
    err << draft.error().message << "\n";
    return 2;
  }
  std::string data_dir = o.data_dir;
  std::optional<config::Profile> configured;
  if (!o.config_path.empty()) {
    auto cfg = config::LoadConfig(o.config_path);
    if (!cfg) {
      err << cfg.error().message << "\n";
      return 2;
    }
    if (!o.profile_id.empty() && cfg->profile.id != o.profile_id) {
      err << o.config_path << ": " << Tr(lang, "cấu hình dùng hồ sơ tỉnh ", "the configuration's profile is ")
          << cfg->profile.id << Tr(lang, ", không phải ", ", not ") << o.profile_id << "\n";
      return 2;
    }
    if (!o.data_dir_given) data_dir = cfg->data_dir;
    configured = std::move(cfg->profile);
  }
  auto store = storage::Store::Open(data_dir, storage::Store::Mode::kReadOnly);
  if (!store) {
    err << store.error().message << "\n";
    return 1;
  }
  config::Profile profile;
  if (configured) {
    profile = std::move(*configured);
  } else {
    auto id = ReplayProfileId(**store, o.profile_id, lang, err);
    if (!id) {
      err << id.error().message << "\n";
      return 1;
    }
    auto bundled = config::BundledProfile(*id);
    if (!bundled) {
      err << bundled.error().message << "\n";
      return 2;
    }
    profile = std::move(*bundled);
  }
  // With --since, only that window of the time index is read.
  auto items = since ? (*store)->ItemsBetween(*since, std::numeric_limits<UnixTime>::max())
                     : (*store)->Items(false);
  if (!items) {
    err << items.error().message << "\n";
    return 1;
  }
  if (since) {
    std::erase_if(*items, [&](const Item& i) {
      return i.entry.published.value_or(i.fetched_at) < *since;
    });
  }
  auto totals = ReplayRules(*items, text.str(), o.rule_file, profile, lang, out);
  if (!totals) {
    err << totals.error().message << "\n";
    return 2;
  }
  return 0;
}

void RegisterRulesCommand(CLI::App& app, CliEnv& env) {
  auto opts = std::make_shared<RulesTestOptions>();
  opts->data_dir = env.default_data;
  auto* rules = app.add_subcommand("rules", "luật chấm điểm / scoring rules");
  rules->require_subcommand(1);
  auto* test = rules->add_subcommand(
      "test", "chấm lại tin đã lưu với tệp luật nháp / re-score stored items with a draft rule file");
  test->add_option("FILE", opts->rule_file, "draft rule file (format of config/rules/*.toml)")
      ->required();
  test->add_option("--since", opts->since, "only items of this last period (7d, 24h)");
  test->add_option("--data", opts->data_dir, "data directory")->capture_default_str();
  test->add_option("--profile", opts->profile_id,
                   "lai-chau, bac-kan, phu-tho, soc-trang or vinh-long (default: the profile of the "
                   "stored cases, else lai-chau)");
  test->add_option("--config", opts->config_path,
                   "configuration file: its profile, with the rules it adds, and its data directory");
  test->callback([opts, test, &env] {
    opts->data_dir_given = test->count("--data") > 0;
    env.Finish(RulesTest(*opts, env.lang(), std::cout, std::cerr, NowUnix()));
  });
}

}  // namespace pw::daemon
