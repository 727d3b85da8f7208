#pragma once
/// The weekly digest as an e-mail: a subject, the HTML page
/// (daemon/digest.h) and a plain-text alternative with the same figures and
/// top stories, for a multipart/alternative message. Building only; the
/// SMTP sender (daemon/alerts, daemon/mail) sends it on the schedule
/// (daemon/digest_schedule.h). Pure.
#include <string>

#include "daemon/digest.h"

namespace pw::daemon {

struct DigestMessage {
  std::string subject;  ///< UTF-8; the sender encodes it (RFC 2047)
  std::string html;     ///< text/html; charset=utf-8
  std::string text;     ///< text/plain; charset=utf-8, lines at most about 78 columns except links
};

DigestMessage BuildDigestMessage(const workflow::WeeklyDigest& digest, const DigestView& view);

}  // namespace pw::daemon
