#pragma once
/// The weekly digest e-mailed on its schedule ([digest] schedule and
/// recipients, [smtp]), and period-report reminders e-mailed to the same
/// recipients. Run by the daemon's workflow sweep, on a worker.
///
/// The digest due at instant t (the last scheduled time <= now, at most one
/// day late: a daemon that was down on Monday morning still sends it that
/// day) is sent once: after every recipient got it, the key
/// "digest/<t as Unix seconds>" is written (synced) to the alerts family, and a
/// pass that finds the key sends nothing. A crash between the send and the
/// write sends it again at the next pass: at least once, never never.
#include <cstddef>

#include "config/config.h"
#include "core/item.h"
#include "core/result.h"
#include "storage/store.h"
#include "workflow/report_reminders.h"

namespace pw::daemon {

/// "digest/<t>", the record of the digest sent for scheduled instant `t`.
std::string DigestSentKey(UnixTime t);

/// Sends the digest due at `now`, if any and not yet sent; returns how many
/// recipients it went to (0: nothing due, already sent, or no recipients or
/// no [smtp] url).
Result<std::size_t> SendDueDigest(storage::Store& store, const config::Config& config, UnixTime now);

/// E-mails a reminder just recorded (workflow/report_reminders.h) to the
/// [digest] recipients; nothing without recipients or [smtp] url.
Status MailReminder(const config::Config& config, const workflow::RecordedReminder& reminder);

}  // namespace pw::daemon
