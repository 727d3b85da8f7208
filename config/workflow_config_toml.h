#pragma once
/// Reading a `[workflow]` table (config/workflow_config.h) with toml++.
/// Private to the config library: used by the profile parser (bundled.cc)
/// and by the configuration loader (loader.cc) for a user's overrides.
#include <toml++/toml.h>

#include "config/toml_util.h"
#include "config/workflow_config.h"

namespace pw::config::detail {

/// Reads the keys present in `table` (the `[workflow]` table, scope
/// "workflow") into `into`, leaving absent keys as they are: a profile starts
/// from the defaults, a user's configuration from the profile's values.
/// `agencies` and `routing` are merged entry by entry; every other key
/// replaces the value. Checks that routing targets, the default lead and the
/// coordinators are agencies of the result. Errors name file, line and field.
Status MergeWorkflow(const toml::table& table, const Scope& scope, WorkflowConfig& into);

/// MergeWorkflow on the `[workflow]` table of a file's top-level `root`
/// (nothing when the file has none).
Status ParseWorkflowTable(const toml::table& root, const Scope& scope, WorkflowConfig& into);

}  // namespace pw::config::detail
