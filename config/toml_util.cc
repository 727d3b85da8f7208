#include "config/toml_util.h"

#include <sstream>

namespace pw::config::detail {

std::string Scope::Field(std::string_view key) const {
  if (field.empty()) return std::string(key);
  return field + "." + std::string(key);
}

std::string At(const Scope& scope, const toml::node& node) {
  return scope.file + ":" + std::to_string(node.source().begin.line) + ": ";
}

Error FieldError(const Scope& scope, const toml::node& node, std::string_view key,
                 std::string_view message) {
  return Error{At(scope, node) + scope.Field(key) + ": " + std::string(message)};
}

Status CheckKnownKeys(const toml::table& table, const Scope& scope,
                      std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : table) {
    bool ok = false;
    for (auto k : known) ok = ok || k == key.str();
    if (!ok) {
      std::string list;
      for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      return FieldError(scope, value, key.str(), "unknown setting (known here: " + list + ")");
    }
  }
  return Status::Ok();
}

Result<std::string> GetString(const toml::table& table, const Scope& scope, std::string_view key,
                              bool required, std::string fallback) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    if (required) return FieldError(scope, table, key, "missing (required)");
    return fallback;
  }
  const auto* s = node->as_string();
  if (s == nullptr) return FieldError(scope, *node, key, "expected a string in quotes");
  return s->get();
}

Result<double> GetNumber(const toml::table& table, const Scope& scope, std::string_view key,
                         bool required, double fallback) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    if (required) return FieldError(scope, table, key, "missing (required)");
    return fallback;
  }
  if (const auto* i = node->as_integer()) return static_cast<double>(i->get());
  if (const auto* f = node->as_floating_point()) return f->get();
  return FieldError(scope, *node, key, "expected a number");
}

Result<std::vector<std::string>> GetStrings(const toml::table& table, const Scope& scope,
                                            std::string_view key, bool required) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    if (required) return FieldError(scope, table, key, "missing (required)");
    return std::vector<std::string>{};
  }
  const auto* arr = node->as_array();
  if (arr == nullptr) return FieldError(scope, *node, key, "expected a list of strings [\"...\"]");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const auto* s = (*arr)[i].as_string();
    if (s == nullptr) {
      return FieldError(scope, (*arr)[i], std::string(key) + "[" + std::to_string(i + 1) + "]",
                        "expected a string in quotes");
    }
    if (s->get().empty()) {
      return FieldError(scope, (*arr)[i], std::string(key) + "[" + std::to_string(i + 1) + "]",
                        "empty string");
    }
    out.push_back(s->get());
  }
  return out;
}

Result<toml::table> ParseToml(std::string_view text, const std::string& file) {
  try {
    return toml::parse(text, std::string_view(file));
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << file << ":" << e.source().begin.line << ":" << e.source().begin.column << ": "
        << e.description();
    return Error{msg.str()};
  }
}

}  // namespace pw::config::detail
