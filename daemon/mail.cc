#include "daemon/mail.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>

#include <curl/curl.h>
#include <sodium.h>

#include "daemon/alerts_store.h"
#include "daemon/curl_handle.h"

namespace pw::daemon {
namespace {


std::string Base64(std::string_view bytes) {
  if (sodium_init() < 0) std::abort();
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.pop_back();  // the terminating NUL
  return out;
}

// Base64 in lines of 76 characters (RFC 2045).
std::string Base64Lines(std::string_view bytes) {
  const std::string b = Base64(bytes);
  std::string out;
  for (std::size_t i = 0; i < b.size(); i += 76) out += b.substr(i, 76) + "\r\n";
  return out;
}

bool NeedsEncoding(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80 || c < 0x20 || c == '=' || c == '?') return true;
  }
  return false;
}

// "Thu, 26 Nov 2026 18:00:00 +0000"
std::string RfcDate(UnixTime now) {
  const std::time_t t = static_cast<std::time_t>(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string Part(const char* type, std::string_view body) {
  return std::string("Content-Type: ") + type + "; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
         Base64Lines(body);
}

// Feeds the message to libcurl's upload.
struct Upload {
  std::string_view data;
  std::size_t pos = 0;
};
size_t ReadMessage(char* buf, size_t size, size_t n, void* user) {
  auto* up = static_cast<Upload*>(user);
  const size_t len = std::min(size * n, up->data.size() - up->pos);
  std::memcpy(buf, up->data.data() + up->pos, len);
  up->pos += len;
  return len;
}

// The domain of an address, for the Message-ID.
std::string Domain(const std::string& address) {
  const auto at = address.rfind('@');
  return at == std::string::npos ? "provwatch.invalid" : address.substr(at + 1);
}

}  // namespace

std::string EncodeMimeHeader(std::string_view text) {
  if (!NeedsEncoding(text)) return std::string(text);
  // "=?UTF-8?B?" + base64 + "?=" within 75 characters: 45 bytes of text
  // (60 base64 characters) per word, cut before a UTF-8 continuation byte.
  constexpr std::size_t kChunk = 45;
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = std::min(text.size(), i + kChunk);
    while (end < text.size() && end > i && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string BuildMailMessage(const MailMessage& m, UnixTime now, const std::string& message_id,
                             const std::string& boundary) {
  std::string out;
  out += "From: " + m.from + "\r\n";
  out += "To: " + m.to + "\r\n";
  out += "Subject: " + EncodeMimeHeader(m.subject) + "\r\n";
  out += "Date: " + RfcDate(now) + "\r\n";
  out += "Message-ID: " + message_id + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  if (m.html.empty()) return out + Part("text/plain", m.text);
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "--" + boundary + "\r\n" + Part("text/plain", m.text);
  out += "--" + boundary + "\r\n" + Part("text/html", m.html);
  out += "--" + boundary + "--\r\n";
  return out;
}

Status SendMail(const config::SmtpConfig& smtp, const std::string& to, const std::string& subject,
                const std::string& text, const std::string& html) {
  if (smtp.url.empty()) return Error{"e-mail: no [smtp] url in the configuration"};
  if (to.empty() || to.find_first_of("\r\n<> ") != std::string::npos || to.find('@') == std::string::npos) {
    return Error{"e-mail: \"" + to + "\" is not an address"};
  }
  const UnixTime now = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
  const std::string message = BuildMailMessage({smtp.from, to, subject, text, html}, now,
                                               "<" + RandomHex(12) + "@" + Domain(smtp.from) + ">",
                                               "=_pw_" + RandomHex(12));
  CurlEasy curl(curl_easy_init());
  if (!curl) return Error{"e-mail: cannot create a libcurl handle"};
  CURL* c = curl.get();
  CurlSlist rcpt(curl_slist_append(nullptr, ("<" + to + ">").c_str()));
  const std::string from = "<" + smtp.from + ">";
  Upload upload{message};
  curl_easy_setopt(c, CURLOPT_URL, smtp.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadMessage);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(smtp.timeout.count() * 1000));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  const long use_ssl = smtp.starttls == config::SmtpConfig::StartTls::kOff   ? CURLUSESSL_NONE
                       : smtp.starttls == config::SmtpConfig::StartTls::kTry ? CURLUSESSL_TRY
                                                                              : CURLUSESSL_ALL;
  curl_easy_setopt(c, CURLOPT_USE_SSL, use_ssl);
  if (!smtp.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, smtp.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, smtp.password.c_str());
  }
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    return Error{"e-mail via " + smtp.url + " to " + to + ": " + (errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc))};
  }
  return {};
}

}  // namespace pw::daemon
