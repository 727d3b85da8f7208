#pragma once
/// When the weekly digest is e-mailed: the [digest] schedule
/// (config/digest_config.h, "Mon 07:00" by default) in the province's local
/// time, UTC+7 all year (Vietnam has no daylight saving). Pure.
///
/// The sender's loop: wait until t = NextDigestTime(now, s), send the digest
/// of the week before t, then wait for NextDigestTime(t, s), one week later.
#include "config/digest_config.h"
#include "core/item.h"

namespace pw::daemon {

/// The first scheduled instant strictly after `now` (Unix seconds): at
/// exactly Monday 07:00 it is the next Monday's, so a send at the scheduled
/// second is not repeated.
UnixTime NextDigestTime(UnixTime now, const config::DigestSchedule& schedule);

}  // namespace pw::daemon
