#pragma once
/// Reading the `[smtp]` and `[alerts]` tables (config/alerts_config.h) with
/// toml++. Private to the config library: used by the loader (loader.cc).
#include <toml++/toml.h>

#include "config/alerts_config.h"
#include "config/toml_util.h"

namespace pw::config::detail {

/// Reads `[smtp]` and `[alerts]` of a file's top-level `root` into `smtp`
/// and `alerts` (absent tables and keys keep the defaults). Errors name
/// file, line and field: `provwatch.toml:9: smtp.starttls: "yes": expected
/// "off", "try" or "required"`.
Status ParseAlertTables(const toml::table& root, const Scope& scope, SmtpConfig& smtp,
                        AlertsConfig& alerts);

}  // namespace pw::config::detail
