#pragma once
/// An SMTP sink for tests: Debian's python3-aiosmtpd (tests/support/
/// smtp_sink.py) on a free 127.0.0.1 port, storing each message it receives
/// in a directory; and the small MIME decoding the tests need to read a
/// message back (RFC 2047 B-words, base64 parts, multipart/alternative).
/// Header-only: the tests that use it link libsodium (base64).
#include <sodium.h>

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"

namespace pw::testing {

using namespace std::chrono_literals;

inline std::string Base64Decode(std::string_view b64) {
  std::string out(b64.size(), '\0');
  std::size_t len = 0;
  EXPECT_EQ(sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), b64.data(), b64.size(),
                              "\r\n \t", &len, nullptr, sodium_base64_VARIANT_ORIGINAL),
            0);
  out.resize(len);
  return out;
}

// Decodes a header value made of RFC 2047 B-encoded UTF-8 words (folded).
inline std::string DecodeEncodedWords(std::string value) {
  std::string out;
  std::size_t pos = 0;
  while ((pos = value.find("=?UTF-8?B?", pos)) != std::string::npos) {
    const auto end = value.find("?=", pos + 10);
    out += Base64Decode(value.substr(pos + 10, end - pos - 10));
    pos = end + 2;
  }
  return out;
}

/// A received message split the way a mail client does (enough for ours):
/// headers unfolded, and each text part's base64 body decoded.
struct Received {
  std::map<std::string, std::string> headers;  // lower-case names
  std::map<std::string, std::string> parts;    // content type -> decoded body
};

inline std::map<std::string, std::string> Headers(const std::string& head) {
  std::map<std::string, std::string> h;
  std::string unfolded;
  std::istringstream in(head);
  std::string line, name;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      h[name] += line.substr(1);
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    h[name] = line.substr(colon + 2);
  }
  return h;
}

inline Received ParseMime(const std::string& raw) {
  Received r;
  const auto split = raw.find("\r\n\r\n");
  r.headers = Headers(raw.substr(0, split));
  const std::string type = r.headers["content-type"];
  auto add_part = [&](const std::string& part) {
    const auto s = part.find("\r\n\r\n");
    auto h = Headers(part.substr(0, s));
    EXPECT_EQ(h["content-transfer-encoding"], "base64");
    r.parts[h["content-type"].substr(0, h["content-type"].find(';'))] = Base64Decode(part.substr(s + 4));
  };
  if (type.starts_with("multipart/")) {
    const auto b = type.find("boundary=\"") + 10;
    const std::string boundary = "--" + type.substr(b, type.find('"', b) - b);
    std::size_t pos = raw.find(boundary, split);
    while (pos != std::string::npos) {
      const std::size_t start = pos + boundary.size();
      if (raw.compare(start, 2, "--") == 0) break;
      const std::size_t next = raw.find(boundary, start);
      add_part(raw.substr(start + 2, next - start - 2));
      pos = next;
    }
  } else {
    add_part(raw);
  }
  return r;
}

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// The SMTP sink of tests/support, on a free loopback port.
class SmtpSink {
 public:
  explicit SmtpSink(const TempDir& dir)
      : box_(dir.Sub("mailbox")),
        child_({"/usr/bin/python3", std::string(PW_SOURCE_DIR) + "/tests/support/smtp_sink.py", box_}, dir.path()) {
    EXPECT_TRUE(child_.WaitForOutput("PORT ", 20s)) << child_.Stderr();
    port_ = std::stoi(child_.Stdout().substr(child_.Stdout().find("PORT ") + 5));
  }
  std::string Url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  /// The raw messages received so far, waiting up to `timeout` for `count`.
  std::vector<std::string> Messages(std::size_t count, std::chrono::milliseconds timeout = 5s) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::vector<std::string> out;
    while (true) {
      out.clear();
      for (std::size_t n = 1; std::filesystem::exists(box_ + "/" + std::to_string(n) + ".eml"); ++n) {
        out.push_back(ReadWholeFile(box_ + "/" + std::to_string(n) + ".eml"));
      }
      if (out.size() >= count || std::chrono::steady_clock::now() > deadline) return out;
      std::this_thread::sleep_for(20ms);
    }
  }

 private:
  std::string box_;
  Child child_;
  int port_ = 0;
};

}  // namespace pw::testing
