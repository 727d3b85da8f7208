#include "config/bundled.h"

#include <algorithm>
#include <utility>

#include "config/toml_util.h"
#include "config/workflow_config_toml.h"

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
    if (auto st = CheckKnownKeys(t, s, {"id", "topic", "weight", "terms", "expressions", "agency",
                                        "cue"});
        !st) {
      return st.error();
    }
    Rule rule;
    auto id = GetString(t, s, "id", true);
    if (!id) return id.error();
    rule.id = *id;
    if (rule.id == "province" || rule.id == "place" || rule.id == "place-unconfirmed") {
      return FieldError(s, t, "id", "\"" + rule.id + "\" is reserved for name matches");
    }
    auto topic = GetString(t, s, "topic", false, rule.id);
    if (!topic) return topic.error();
    rule.topic = *topic;
    auto weight = GetNumber(t, s, "weight", true);
    if (!weight) return weight.error();
    rule.weight = *weight;
    auto terms = GetStrings(t, s, "terms", false);
    if (!terms) return terms.error();
    rule.terms = std::move(*terms);
    auto expressions = GetStrings(t, s, "expressions", false);
    if (!expressions) return expressions.error();
    rule.expressions = std::move(*expressions);
    if (rule.terms.empty() && rule.expressions.empty()) {
      return FieldError(s, t, "terms", "needs at least one term or expression");
    }
    auto agency = GetString(t, s, "agency", false, std::string(kDefaultAgency));
    if (!agency) return agency.error();
    if (!IsAgency(*agency)) {
      std::string known;
      for (const auto a : kAgencies) known += (known.empty() ? "" : ", ") + std::string(a);
      return FieldError(s, *t.get("agency"), "agency",
                        "\"" + *agency + "\" is not an agency role (one of " + known + ")");
    }
    rule.agency = *agency;
    auto cue = GetString(t, s, "cue", false);
    if (!cue) return cue.error();
    if (*cue == "negation") {
      rule.cue = Cue::kNegation;
    } else if (*cue == "refutation") {
      rule.cue = Cue::kRefutation;
    } else if (!cue->empty()) {
      return FieldError(s, *t.get("cue"), "cue", "expected \"negation\" or \"refutation\"");
    }
    // "file:line: rules[3].expressions", the prefix of compile errors.
    rule.where = At(s, t.get("expressions") != nullptr ? *t.get("expressions") : t) +
                 s.Field("expressions");
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

namespace {

void AppendUnique(std::vector<std::string>& to, std::vector<std::string> extra) {
  for (auto& e : extra) {
    if (std::find(to.begin(), to.end(), e) == to.end()) to.push_back(std::move(e));
  }
}

// The name-matching part shared by profile files and gazetteer files:
// `places`, `qualifiers`, [[ambiguous]] and [[exclude]].
Status ParseNameData(const toml::table& t, const Scope& s, Profile& p) {
  auto places = GetStrings(t, s, "places", false);
  if (!places) return places.error();
  AppendUnique(p.places, std::move(*places));
  auto qualifiers = GetStrings(t, s, "qualifiers", false);
  if (!qualifiers) return qualifiers.error();
  AppendUnique(p.qualifiers, std::move(*qualifiers));

  if (const toml::node* node = t.get("ambiguous")) {
    const auto* arr = node->as_array();
    if (arr == nullptr || !arr->is_array_of_tables()) {
      return FieldError(s, *node, "ambiguous", "expected [[ambiguous]] tables");
    }
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const auto& a = *(*arr)[i].as_table();
      Scope as{s.file, s.Field("ambiguous[" + std::to_string(i + 1) + "]")};
      if (auto st = CheckKnownKeys(a, as, {"name", "why", "qualifiable"}); !st) return st.error();
      AmbiguousName amb;
      auto name = GetString(a, as, "name", true);
      if (!name) return name.error();
      amb.name = *name;
      auto why = GetString(a, as, "why", false);
      if (!why) return why.error();
      amb.why = *why;
      if (const toml::node* q = a.get("qualifiable")) {
        if (!q->is_boolean()) return FieldError(as, *q, "qualifiable", "expected true or false");
        amb.qualifiable = q->as_boolean()->get();
      }
      p.ambiguous.push_back(std::move(amb));
    }
  }

  if (const toml::node* node = t.get("exclude")) {
    const auto* arr = node->as_array();
    if (arr == nullptr || !arr->is_array_of_tables()) {
      return FieldError(s, *node, "exclude", "expected [[exclude]] tables");
    }
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const auto& e = *(*arr)[i].as_table();
      Scope es{s.file, s.Field("exclude[" + std::to_string(i + 1) + "]")};
      if (auto st = CheckKnownKeys(e, es, {"name", "before", "after", "within"}); !st) {
        return st.error();
      }
      Exclusion ex;
      auto name = GetString(e, es, "name", true);
      if (!name) return name.error();
      ex.name = *name;
      auto before = GetStrings(e, es, "before", false);
      if (!before) return before.error();
      ex.before = std::move(*before);
      auto after = GetStrings(e, es, "after", false);
      if (!after) return after.error();
      ex.after = std::move(*after);
      if (ex.before.empty() && ex.after.empty()) {
        return FieldError(es, e, "before", "give `before` or `after` (or both)");
      }
      auto within = GetNumber(e, es, "within", false, 0);
      if (!within) return within.error();
      if (*within < 0 || *within > 20 || *within != static_cast<int>(*within)) {
        return FieldError(es, *e.get("within"), "within", "expected a whole number from 0 to 20");
      }
      ex.within = static_cast<int>(*within);
      p.exclusions.push_back(std::move(ex));
    }
  }
  return Status::Ok();
}

// Merges the bundled gazetteer `id` (config/gazetteer/<id>.toml) into `p`.
Status MergeGazetteer(std::string_view id, const toml::node& where, const Scope& profile_scope,
                      Profile& p) {
  const std::string file = "gazetteer/" + std::string(id) + ".toml";
  const std::string_view* text = EmbeddedFile(file);
  if (text == nullptr) {
    return FieldError(profile_scope, where, "gazetteer",
                      "no bundled gazetteer \"" + std::string(id) + "\"");
  }
  const std::string path = "config/" + file;
  auto parsed = ParseToml(*text, path);
  if (!parsed) return parsed.error();
  const toml::table& t = *parsed;
  Scope s{path, ""};
  if (auto st = CheckKnownKeys(t, s, {"id", "province", "names", "qualifiers", "places",
                                      "ambiguous", "exclude", "units", "former_districts",
                                      "former"});
      !st) {
    return st.error();
  }
  auto names = GetStrings(t, s, "names", false);
  if (!names) return names.error();
  AppendUnique(p.names, std::move(*names));
  if (auto st = ParseNameData(t, s, p); !st) return st;
  auto units = GetStrings(t, s, "units", false);
  if (!units) return units.error();
  p.units = std::move(*units);
  auto districts = GetStrings(t, s, "former_districts", false);
  if (!districts) return districts.error();
  p.former_districts = std::move(*districts);
  if (const toml::node* node = t.get("former")) {
    const auto* arr = node->as_array();
    if (arr == nullptr || !arr->is_array_of_tables()) {
      return FieldError(s, *node, "former", "expected [[former]] tables");
    }
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const auto& f = *(*arr)[i].as_table();
      Scope fs{s.file, s.Field("former[" + std::to_string(i + 1) + "]")};
      FormerUnit unit;
      auto name = GetString(f, fs, "name", true);
      if (!name) return name.error();
      unit.name = *name;
      auto district = GetString(f, fs, "district", false);
      if (!district) return district.error();
      unit.district = *district;
      auto now = GetStrings(f, fs, "now", false);
      if (!now) return now.error();
      unit.now = std::move(*now);
      p.former_units.push_back(std::move(unit));
    }
  }
  return Status::Ok();
}

}  // namespace
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
  if (auto st = CheckKnownKeys(t, s, {"id", "name", "threshold", "include_rules", "gazetteer",
                                      "names", "places", "qualifiers", "ambiguous", "exclude",
                                      "rules", "workflow"});
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
  if (auto st = ParseNameData(t, s, p); !st) return st.error();
  auto gazetteer = GetString(t, s, "gazetteer", false);
  if (!gazetteer) return gazetteer.error();
  if (!gazetteer->empty()) {
    if (auto st = MergeGazetteer(*gazetteer, *t.get("gazetteer"), s, p); !st) return st.error();
  }

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
  if (auto st = ParseWorkflowTable(t, s, p.workflow); !st) return st.error();
  return p;
}

Result<std::vector<Rule>> ParseRuleFile(std::string_view text, const std::string& path) {
  using namespace detail;
  auto parsed = ParseToml(text, path);
  if (!parsed) return parsed.error();
  Scope s{path, ""};
  if (auto st = CheckKnownKeys(*parsed, s, {"rules"}); !st) return st.error();
  return ParseRules(*parsed, s);
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
