#include "daemon/digest_schedule.h"

#include <chrono>

namespace pw::daemon {

UnixTime NextDigestTime(UnixTime now, const config::DigestSchedule& schedule) {
  using namespace std::chrono;
  constexpr hours kOffset{7};  // Asia/Ho_Chi_Minh, no DST
  const sys_seconds local = sys_seconds(seconds(now)) + kOffset;
  const sys_days today = floor<days>(local);
  // Days from today to the scheduled weekday, 0..6.
  const days ahead = schedule.day - weekday(today);
  sys_seconds next = today + ahead + schedule.time;
  if (next <= local) next += weeks(1);
  return (next - kOffset).time_since_epoch().count();
}

}  // namespace pw::daemon
