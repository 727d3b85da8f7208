#pragma once
/// Reminders of period reports coming due, recorded once each: the daemon
/// calls RecordDueReminders at start and on its sweep timer; each reminder
/// that DueReminders (reports.h) gives and that is not recorded yet is
/// written to RecordFamily::kAlerts, so it is announced (logged, handed to the
/// alert channels) exactly once per profile, report and due date, across
/// restarts.
///
/// Key encoding (alerts family):
///   "reminder/" + profile id + "/" + report id + "/" + due date (YYYY-MM-DD)
///     -> JSON {"profile","report","title","due","days_left","recorded_at"}
///
/// Threads: blocking store reads and one synced write per new reminder; run
/// it on a worker. Checked under the store's record lock.
#include <string>
#include <vector>

#include "config/workflow_config.h"
#include "core/result.h"
#include "storage/store.h"
#include "workflow/reports.h"

namespace pw::workflow {

/// A reminder as recorded: its key in the alerts family and what it says.
struct RecordedReminder {
  std::string key;
  std::string profile;
  Reminder reminder;
  UnixTime recorded_at = 0;
};

/// "reminder/<profile>/<report>/<YYYY-MM-DD>"
std::string ReminderKey(const std::string& profile, const Reminder& r);

/// Records the reminders due at `now` (within `w.reminder_days` of a due
/// date) that are not recorded yet; returns those written now.
Result<std::vector<RecordedReminder>> RecordDueReminders(storage::Store& store, const std::string& profile,
                                                         const config::WorkflowConfig& w, UnixTime now);

/// What an officer reads, Vietnamese then English: "Nhắc hạn: ... / Reminder: ...".
std::string ReminderText(const RecordedReminder& r);

}  // namespace pw::workflow
