#pragma once
// Feeds and a profile shared by the daemon tests: small, written for the
// tests, with known candidates.
#include <string>

#include "tests/support/http_server.h"

namespace pw::testing {

/// A self-contained profile so the assertions do not move with the bundled rules.
inline constexpr const char* kTestProfile = R"(
id = "test-lai-chau"
name = "Lai Châu"
threshold = 5
names = ["Lai Châu", "Lai Chau"]
places = ["Mường Tè"]
[[rules]]
id = "false-info"
topic = "Thông tin sai sự thật"
weight = 5
terms = ["tin giả", "sai sự thật", "bịa đặt"]
[[rules]]
id = "response"
topic = "Phản hồi chính thức"
weight = 1
terms = ["bác bỏ", "làm rõ"]
)";

/// RSS: a candidate (place + "tin giả"), a mention, an unrelated item.
inline constexpr const char* kFeedA = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Báo Thử A</title><link>https://news.invalid/</link>
<item><title>Bác bỏ tin giả về sạt lở ở Mường Tè</title><link>https://news.invalid/a/1</link>
<guid>a-1</guid><description><![CDATA[<p>Chính quyền <b>làm rõ</b> thông tin lan truyền.</p>]]></description>
<pubDate>Fri, 20 Nov 2026 08:15:00 +0700</pubDate></item>
<item><title>Lai Châu thu hoạch chè vụ đông</title><link>https://news.invalid/a/2</link>
<guid>a-2</guid><description>Nông dân phấn khởi.</description></item>
<item><title>Hà Nội thông xe tuyến đường mới</title><link>https://news.invalid/a/3</link>
<guid>a-3</guid><description>Giao thông thuận lợi hơn.</description></item>
</channel></rss>
)";

/// Atom: the same article as kFeedA's second item (same link), and a candidate.
inline constexpr const char* kFeedB = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Cổng Thử B</title><id>urn:b</id>
<updated>2026-11-21T00:00:00Z</updated>
<entry><title>Lai Châu thu hoạch chè vụ đông</title><id>urn:b:1</id>
<link href="https://news.invalid/a/2"/><updated>2026-11-21T00:00:00Z</updated></entry>
<entry><title>Tin đồn bịa đặt về lãnh đạo tỉnh Lai Châu</title><id>urn:b:2</id>
<link href="https://news.invalid/b/2"/><updated>2026-11-21T01:00:00Z</updated>
<summary>Mạng xã hội lan truyền thông tin sai sự thật.</summary></entry>
</feed>
)";

/// Serves kFeedA at /a.xml (ETag "a-v1") and kFeedB at /b.atom (Last-Modified),
/// so that a second poll of either gets a 304.
inline void ServeTestFeeds(TestHttpServer& server) {
  TestHttpServer::Response a;
  a.body = kFeedA;
  a.headers = {{"ETag", "\"a-v1\""}};
  server.Set("/a.xml", a);
  TestHttpServer::Response b;
  b.content_type = "application/atom+xml";
  b.body = kFeedB;
  b.headers = {{"Last-Modified", "Sat, 21 Nov 2026 01:00:00 GMT"}};
  server.Set("/b.atom", b);
}

}  // namespace pw::testing
