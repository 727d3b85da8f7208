#include "config/bundled.h"

#include <algorithm>
#include <utility>

#include "config/toml_util.h"

namespace pw::config {
namespace embedded {
extern const std::pair<std::string_view, std::string_view> kFiles[];
extern const int kFileCount;
}  // namespace embedded

namespace detail {

Result<std::vector<Rule>> ParseRules(const toml::table& table, const Scope& scope) {
  std::vector<Rule> rules;
  const toml::node* node = table.get("rules");
  if (node == nullptr) return rules;
  const auto* arr = node->as_array();
  if (arr == nullptr || !arr->is_array_of_tables()) {
    return FieldError(scope, *node, "rules", "expected [[rules]] tables");
  }
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const auto& t = *(*arr)[i].as_table();
    Scope s{scope.file, scope.Field("rules[" + std::to_string(i + 1) + "]")};
    if (auto st = CheckKnownKeys(t, s, {"id", "topic", "weight", "terms"}); !st) return st.error();
    Rule rule;
    auto id = GetString(t, s, "id", true);
    if (!id) return id.error();
    rule.id = *id;
    if (rule.id == "province" || rule.id == "place") {
      return FieldError(s, t, "id", "\"" + rule.id + "\" is reserved for name matches");
    }
    auto topic = GetString(t, s, "topic", false, rule.id);
    if (!topic) return topic.error();
    rule.topic = *topic;
    auto weight = GetNumber(t, s, "weight", true);
    if (!weight) return weight.error();
    rule.weight = *weight;
    auto terms = GetStrings(t, s, "terms", true);
    if (!terms) return terms.error();
    if (terms->empty()) return FieldError(s, t, "terms", "needs at least one term");
    rule.terms = std::move(*terms);
    for (const auto& r : rules) {
      if (r.id == rule.id) return FieldError(s, t, "id", "\"" + rule.id + "\" is used twice");
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

Status AppendRules(std::vector<Rule>& rules, std::vector<Rule> extra, const std::string& where) {
  for (auto& rule : extra) {
    for (const auto& r : rules) {
      if (r.id == rule.id) return Error{where + ": rule id \"" + rule.id + "\" is defined twice"};
    }
    rules.push_back(std::move(rule));
  }
  return Status::Ok();
}

}  // namespace detail

const std::string_view* EmbeddedFile(std::string_view name) {
  for (int i = 0; i < embedded::kFileCount; ++i) {
    if (embedded::kFiles[i].first == name) return &embedded::kFiles[i].second;
  }
  return nullptr;
}

std::vector<std::string> BundledProfileIds() {
  std::vector<std::string> ids;
  constexpr std::string_view kPrefix = "profiles/", kSuffix = ".toml";
  for (int i = 0; i < embedded::kFileCount; ++i) {
    std::string_view name = embedded::kFiles[i].first;
    if (name.starts_with(kPrefix) && name.ends_with(kSuffix)) {
      name.remove_prefix(kPrefix.size());
      name.remove_suffix(kSuffix.size());
      ids.emplace_back(name);
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

Result<Profile> ParseProfile(std::string_view text, const std::string& path) {
  using namespace detail;
  auto parsed = ParseToml(text, path);
  if (!parsed) return parsed.error();
  const toml::table& t = *parsed;
  Scope s{path, ""};
  if (auto st = CheckKnownKeys(t, s, {"id", "name", "threshold", "include_rules", "names",
                                      "places", "rules"});
      !st) {
    return st.error();
  }
  Profile p;
  auto id = GetString(t, s, "id", true);
  if (!id) return id.error();
  p.id = *id;
  auto name = GetString(t, s, "name", true);
  if (!name) return name.error();
  p.name = *name;
  auto threshold = GetNumber(t, s, "threshold", false, p.threshold);
  if (!threshold) return threshold.error();
  if (*threshold <= 0) return FieldError(s, *t.get("threshold"), "threshold", "must be above 0");
  p.threshold = *threshold;
  auto names = GetStrings(t, s, "names", true);
  if (!names) return names.error();
  if (names->empty()) return FieldError(s, t, "names", "needs at least one name");
  p.names = std::move(*names);
  auto places = GetStrings(t, s, "places", false);
  if (!places) return places.error();
  p.places = std::move(*places);

  auto includes = GetStrings(t, s, "include_rules", false);
  if (!includes) return includes.error();
  for (const auto& inc : *includes) {
    const std::string file = "rules/" + inc + ".toml";
    const std::string_view* rules_text = EmbeddedFile(file);
    if (rules_text == nullptr) {
      return FieldError(s, *t.get("include_rules"), "include_rules",
                        "no bundled rule set \"" + inc + "\"");
    }
    auto rules_table = ParseToml(*rules_text, file);
    if (!rules_table) return rules_table.error();
    Scope rs{file, ""};
    if (auto st = CheckKnownKeys(*rules_table, rs, {"rules"}); !st) return st.error();
    auto rules = ParseRules(*rules_table, rs);
    if (!rules) return rules.error();
    if (auto st = AppendRules(p.rules, std::move(*rules), path); !st) return st.error();
  }
  auto own = ParseRules(t, s);
  if (!own) return own.error();
  if (auto st = AppendRules(p.rules, std::move(*own), path); !st) return st.error();
  return p;
}

Result<Profile> BundledProfile(std::string_view id) {
  const std::string file = "profiles/" + std::string(id) + ".toml";
  const std::string_view* text = EmbeddedFile(file);
  if (text == nullptr) {
    std::string known;
    for (const auto& k : BundledProfileIds()) known += (known.empty() ? "" : ", ") + k;
    return Error{"unknown profile \"" + std::string(id) + "\" (bundled: " + known + ")"};
  }
  auto profile = ParseProfile(*text, "config/" + file);
  if (profile && profile->id != id) {
    return Error{"config/" + file + ": id \"" + profile->id + "\" does not match the file name"};
  }
  return profile;
}

}  // namespace pw::config
