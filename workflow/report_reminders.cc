#include "workflow/report_reminders.h"

#include <nlohmann/json.hpp>

namespace pw::workflow {

std::string ReminderKey(const std::string& profile, const Reminder& r) {
  return "reminder/" + profile + "/" + r.id + "/" + DateText(r.due);
}

Result<std::vector<RecordedReminder>> RecordDueReminders(storage::Store& store, const std::string& profile,
                                                         const config::WorkflowConfig& w, UnixTime now) {
  std::vector<RecordedReminder> written;
  const std::vector<Reminder> due = DueReminders(w, now);
  if (due.empty()) return written;
  const auto lock = store.LockRecords();
  for (const Reminder& r : due) {
    RecordedReminder rec{ReminderKey(profile, r), profile, r, now};
    auto seen = store.GetRecord(storage::RecordFamily::kAlerts, rec.key);
    if (!seen.ok()) return seen.error();
    if (seen->has_value()) continue;
    const nlohmann::json value = {{"profile", profile},       {"report", r.id},
                                  {"title", r.title},         {"due", DateText(r.due)},
                                  {"days_left", r.days_left}, {"recorded_at", now}};
    storage::RecordBatch batch;
    batch.Put(storage::RecordFamily::kAlerts, rec.key, value.dump());
    if (Status st = store.Commit(batch, /*sync=*/true); !st.ok()) return st.error();
    written.push_back(std::move(rec));
  }
  return written;
}

std::string ReminderText(const RecordedReminder& r) {
  const std::string due = DateText(r.reminder.due);
  const std::string left = std::to_string(r.reminder.days_left);
  return "Nhắc hạn: báo cáo \"" + r.reminder.title + "\" (" + r.reminder.id + ", hồ sơ tỉnh " + r.profile +
         ") đến hạn ngày " + due + ", còn " + left + " ngày / Reminder: report \"" + r.reminder.title +
         "\" (" + r.reminder.id + ", profile " + r.profile + ") is due " + due + ", in " + left + " days";
}

}  // namespace pw::workflow
