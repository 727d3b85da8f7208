#pragma once
/// Reading the `[digest]` table (config/digest_config.h) with toml++.
/// Private to the config library (loader.cc).
#include <toml++/toml.h>

#include "config/digest_config.h"
#include "config/toml_util.h"

namespace pw::config::detail {

/// Reads the `[digest]` table of the file's top-level `root` into `into`
/// (defaults when absent). Keys: schedule, recipients, lang; errors name
/// file, line and field.
Status ParseDigestTable(const toml::table& root, const Scope& scope, DigestConfig& into);

}  // namespace pw::config::detail
