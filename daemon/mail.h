#pragma once
/// E-mail through libcurl's SMTP: alerts (alerts_delivery.h) and the weekly
/// digest (daemon/digest) send with SendMail.
///
/// The message: From, To, Subject (UTF-8 as RFC 2047 encoded-words,
/// "=?UTF-8?B?...?="), Date (RFC 5322), Message-ID, MIME-Version; the body
/// text/plain; charset=utf-8 in base64, or, when `html` is given,
/// multipart/alternative with the text part then the HTML part.
/// STARTTLS follows SmtpConfig::starttls (CURLOPT_USE_SSL).
/// Thread rules: blocking; call from a worker, never from the I/O thread.
#include <string>
#include <string_view>

#include "config/alerts_config.h"
#include "core/item.h"
#include "core/result.h"

namespace pw::daemon {

struct MailMessage {
  std::string from;
  std::string to;
  std::string subject;  ///< UTF-8
  std::string text;     ///< UTF-8 plain text
  std::string html;     ///< UTF-8 HTML; empty: text only
};

/// `text` as RFC 2047 encoded-words (B encoding, UTF-8), each at most 75
/// characters and never splitting a UTF-8 sequence, joined by CRLF SPACE;
/// pure ASCII without specials comes back unchanged.
std::string EncodeMimeHeader(std::string_view text);

/// The whole message (headers and body, CRLF line ends), dated `now`, with
/// `message_id` ("<...@...>"); `boundary` separates multipart parts. Pure.
std::string BuildMailMessage(const MailMessage& message, UnixTime now, const std::string& message_id,
                             const std::string& boundary);

/// Sends one message through `smtp`. Errors name the server and libcurl's
/// reason (a refused STARTTLS, a rejected recipient, a timeout).
Status SendMail(const config::SmtpConfig& smtp, const std::string& to, const std::string& subject,
                const std::string& text, const std::string& html = "");

}  // namespace pw::daemon
