#pragma once
/// Alert generation: after ingest stores new items, each user's alert rules
/// are matched and one alert is raised per (user, story cluster) — never one
/// per republished copy — with its pending deliveries (webhook, e-mail) in the
/// same write batch (alerts_store.h). An unhealthy source alerts its owner
/// (SourceConfig::owner, else every admin) once per unhealthy spell.
///
/// Thread rules: runs on a worker (Ingest, service start), never on the I/O
/// thread; holds Store::LockRecords from the dedup read to the Commit, so two
/// workers storing copies of one story raise one alert.
#include <vector>

#include "config/config.h"
#include "core/item.h"
#include "daemon/alerts_store.h"
#include "storage/store.h"

namespace pw::daemon {

/// Whether `rule` asks for `item`, scored with `profile_id`'s profile.
/// Items fetched before the rule was created never match.
bool RuleMatches(const AlertRule& rule, const Item& item, std::string_view profile_id);

/// Raises the alerts of `items` (just stored, with their cluster ids) for
/// every matching rule; writes nothing when no rule matches. Not synced, like
/// the items. Idempotent: a (user, cluster) alerted already is skipped.
/// Returns the number of alerts raised.
Result<std::size_t> GenerateAlerts(storage::Store& store, const config::Config& config,
                                   const std::vector<Item>& items, UnixTime now);

/// GenerateAlerts for the `candidates` fetched in the day before `now`: the
/// daemon's start catches up on alerts a crash kept from being raised after
/// their items were stored (idempotent).
Result<std::size_t> CatchUpAlerts(storage::Store& store, const config::Config& config,
                                  const std::vector<Item>& candidates, UnixTime now);

/// An alert for `source` that turned unhealthy (`state.unhealthy` says why),
/// to its owner or, with none, to every admin; keyed by the spell's start
/// (failing_since, else last_new_item), so a spell alerts once.
Result<std::size_t> AlertUnhealthySource(storage::Store& store, const config::Config& config,
                                         const config::SourceConfig& source,
                                         const storage::SourceState& state, UnixTime now);

}  // namespace pw::daemon
