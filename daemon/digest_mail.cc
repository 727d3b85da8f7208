#include "daemon/digest_mail.h"

#include "daemon/digest_format.h"

namespace pw::daemon {
namespace {

std::string Line(const std::string& label, std::size_t n, Lang lang) {
  return "  " + label + ": " + digest::Number(n, lang) + "\n";
}

}  // namespace

DigestMessage BuildDigestMessage(const workflow::WeeklyDigest& d, const DigestView& v) {
  const Lang lang = v.lang;
  const workflow::Summary& s = d.summary;
  const std::string period = digest::Date(s.period.first) + " – " + digest::Date(s.period.last);
  DigestMessage m;
  m.subject = std::string(Tr(lang, "Bản tin tuần ", "Weekly digest ")) + v.province + ", " + period;
  m.html = RenderDigestHtml(d, v);
  std::string& t = m.text;
  t += std::string(Tr(lang, "Bản tin tuần: thông tin báo chí về tỉnh ", "Weekly digest: press about ")) +
       v.province + "\n" + period + "\n\n";
  t += Line(Tr(lang, "Tin đã theo dõi", "Items monitored"), s.items_monitored, lang);
  t += Line(Tr(lang, "Tin nhắc đến tỉnh", "Mentions of the province"), s.mentions, lang);
  t += Line(Tr(lang, "Tin nghi sai lệch", "Suspected distortions"), s.candidates, lang);
  t += Line(Tr(lang, "Vụ việc mới", "Cases opened"), s.cases_opened, lang);
  t += Line(Tr(lang, "Vụ việc đã đóng", "Cases closed"), s.cases_closed, lang);
  t += Line(Tr(lang, "Vụ việc quá hạn", "Cases overdue"), s.cases_overdue, lang);
  t += Line(Tr(lang, "Biện pháp đã thực hiện", "Measures taken"), s.measures.size(), lang);
  t += std::string("\n") + Tr(lang, "Tin nhắc đến tỉnh theo ngày:", "Mentions by day:") + "\n";
  for (const auto& c : s.mentions_by_day) {
    t += "  " + c.key.substr(8, 2) + "/" + c.key.substr(5, 2) + ": " + digest::Number(c.n, lang) + "\n";
  }
  if (!s.top_stories.empty()) {
    t += std::string("\n") + Tr(lang, "Câu chuyện nổi bật:", "Top stories:") + "\n";
    std::size_t rank = 0;
    for (const auto& story : s.top_stories) {
      t += "  " + std::to_string(++rank) + ". " + story.title + " (" + digest::Number(story.items, lang) +
           Tr(lang, " tin, ", " items, ") + digest::Number(story.outlets.size(), lang) +
           Tr(lang, " nguồn)", " outlets)") + "\n";
      if (!story.link.empty()) t += "     " + story.link + "\n";
    }
  }
  t += std::string("\n") +
       Tr(lang, "Bản đầy đủ kèm biểu đồ ở phần HTML của thư này.",
          "The full digest with charts is the HTML part of this message.") +
       "\n";
  return m;
}

}  // namespace pw::daemon
