#include "daemon/digest_sender.h"

#include <spdlog/spdlog.h>

#include "daemon/digest_schedule.h"
#include "daemon/mail.h"
#include "daemon/report_command.h"

namespace pw::daemon {
namespace {

constexpr UnixTime kDay = 24 * 60 * 60;
constexpr UnixTime kWeek = 7 * kDay;

bool MailConfigured(const config::Config& config) {
  return !config.digest.recipients.empty() && !config.smtp.url.empty();
}

}  // namespace

std::string DigestSentKey(UnixTime t) { return "digest/" + std::to_string(t); }

Result<std::size_t> SendDueDigest(storage::Store& store, const config::Config& config, UnixTime now) {
  if (!MailConfigured(config)) return std::size_t{0};
  // The last scheduled instant at or before now: the one after a week ago
  // (NextDigestTime is strictly after its argument).
  const UnixTime due = NextDigestTime(now - kWeek, config.digest.schedule);
  if (due > now || now - due > kDay) return std::size_t{0};
  const std::string key = DigestSentKey(due);
  auto sent = store.GetRecord(storage::RecordFamily::kAlerts, key);
  if (!sent) return sent.error();
  if (sent->has_value()) return std::size_t{0};

  const Lang lang = ParseLang(config.digest.lang);
  auto message = WeeklyDigestMail(store, config.profile, lang, due);
  if (!message) return message.error();
  for (const auto& to : config.digest.recipients) {
    if (auto st = SendMail(config.smtp, to, message->subject, message->text, message->html); !st) {
      return Error{"gửi bản tin tuần tới " + to + " / send the weekly digest to " + to + ": " +
                   st.error().message};
    }
  }
  storage::RecordBatch batch;
  batch.Put(storage::RecordFamily::kAlerts, key, std::to_string(now));
  if (auto st = store.Commit(batch, /*sync=*/true); !st) return st.error();
  spdlog::info("đã gửi bản tin tuần tới {} người nhận / weekly digest sent to {} recipients",
               config.digest.recipients.size(), config.digest.recipients.size());
  return config.digest.recipients.size();
}

Status MailReminder(const config::Config& config, const workflow::RecordedReminder& reminder) {
  if (!MailConfigured(config)) return {};
  const std::string text = workflow::ReminderText(reminder);
  const std::string subject = "[provwatch] " + text.substr(0, text.find(" / "));
  for (const auto& to : config.digest.recipients) {
    if (auto st = SendMail(config.smtp, to, subject, text + "\n"); !st) return st;
  }
  return {};
}

}  // namespace pw::daemon
