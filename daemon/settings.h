#pragma once
/// Settings: what one configuration generation needs at run time — the typed
/// configuration and the scorer compiled from its profile. Immutable once
/// built and shared (shared_ptr<const Settings>) between the I/O thread and
/// workers, so a SIGHUP reload swaps the pointer while old jobs finish with
/// the generation they started with.
#include <memory>

#include "analysis/scorer.h"
#include "config/config.h"

namespace pw::daemon {

struct Settings {
  explicit Settings(config::Config c) : config(std::move(c)), scorer(config.profile) {}
  config::Config config;
  analysis::Scorer scorer;
};

using SettingsPtr = std::shared_ptr<const Settings>;

}  // namespace pw::daemon
