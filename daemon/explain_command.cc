#include "daemon/explain_command.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "config/bundled.h"
#include "storage/store.h"

namespace pw::daemon {
namespace {

using json = nlohmann::json;

// 5, 3.5, -0.25: at most two decimals, no trailing zeros.
std::string Points(double w) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", w);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

const char* FieldName(std::string_view field, Lang lang) {
  if (field == "title") return Tr(lang, "tiêu đề", "title");
  if (field == "summary") return Tr(lang, "tóm tắt", "summary");
  if (field == "body") return Tr(lang, "nội dung", "body");
  if (field == "text") return Tr(lang, "nội dung", "text");
  return Tr(lang, "cả bài", "whole item");
}

std::string Verdict(const Score& s, double threshold, Lang lang) {
  std::string v;
  if (s.candidate) {
    v = Tr(lang, "NGHI SAI LỆCH: nhắc đến tỉnh, điểm đạt ngưỡng",
           "CANDIDATE (possible distorted information): mentions the province, score at or above the threshold");
  } else if (s.mentions_province) {
    v = Tr(lang, "Nhắc đến tỉnh, điểm dưới ngưỡng: không phải ứng viên",
           "Mentions the province, score below the threshold: not a candidate");
  } else {
    v = Tr(lang, "Không nhắc đến tỉnh: không phải ứng viên",
           "Does not mention the province: not a candidate");
  }
  v += " (" + Points(s.value) + " / " + Tr(lang, "ngưỡng ", "threshold ") + Points(threshold) + ")";
  if (s.refutation) {
    v += Tr(lang, "; có phản hồi, bác bỏ chính thức", "; carries an official refutation");
  }
  return v;
}

struct RuleFacts {
  std::string topic, agency;
  double weight = 0;
};

}  // namespace

std::string MarkMatches(std::string_view original, std::string_view field,
                        const std::vector<Match>& matches) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  for (const auto& m : matches) {
    if (m.field == field && m.rule != "relevance" && m.end > m.start && m.end <= original.size()) {
      spans.emplace_back(m.start, m.end);
    }
  }
  std::sort(spans.begin(), spans.end());
  std::string out;
  std::size_t pos = 0;
  for (std::size_t i = 0; i < spans.size();) {
    std::size_t start = spans[i].first, end = spans[i].second;
    for (++i; i < spans.size() && spans[i].first < end; ++i) end = std::max(end, spans[i].second);
    out.append(original.substr(pos, start - pos));
    out += "«[";
    out.append(original.substr(start, end - start));
    out += "]»";
    pos = end;
  }
  out.append(original.substr(pos));
  return out;
}

std::string ExplainScore(const std::string& id,
                         const std::vector<std::pair<std::string, std::string>>& fields,
                         const Score& score, const config::Profile& profile, Lang lang) {
  std::map<std::string, RuleFacts, std::less<>> rules;
  for (const auto& r : profile.rules) rules[r.id] = {r.topic, r.agency, r.weight};
  std::ostringstream out;
  out << "== " << id << "\n";
  out << Tr(lang, "Kết luận: ", "Verdict: ") << Verdict(score, profile.threshold, lang) << "\n";

  std::string sum;
  for (const auto& m : score.matches) {
    if (m.weight == 0) continue;
    const std::string p = Points(m.weight);
    sum += sum.empty() ? p : (m.weight < 0 ? " - " + p.substr(1) : " + " + p);
  }
  out << Tr(lang, "Điểm: ", "Score: ") << (sum.empty() ? "0" : sum) << " = " << Points(score.value)
      << "\n";

  out << Tr(lang, "Các khớp:", "Matches:") << (score.matches.empty() ? Tr(lang, " không có", " none") : "")
      << "\n";
  for (const auto& m : score.matches) {
    out << "  " << (m.weight > 0 ? "+" : "") << Points(m.weight) << "  " << m.rule << "  «" << m.term
        << "»  " << FieldName(m.field, lang);
    if (!m.field.empty()) out << " " << m.start << "-" << m.end;
    if (const auto it = rules.find(m.rule); it != rules.end()) {
      out << "  " << Tr(lang, "chủ đề: ", "topic: ") << it->second.topic << " ("
          << Tr(lang, "cơ quan chủ trì: ", "lead agency: ") << it->second.agency << ")";
    } else if (m.rule == "province" || m.rule == "place") {
      out << "  " << Tr(lang, "nhắc đến tỉnh", "names the province");
    } else if (m.rule == "place-unconfirmed") {
      out << "  " << Tr(lang, "địa danh chưa xác nhận, không tính", "unconfirmed place name, not counted");
    } else if (m.rule == "relevance") {
      out << "  " << Tr(lang, "tỉnh chỉ được nhắc sâu trong bài: hệ số liên quan ",
                        "province named only deep in the body: relevance factor ")
          << Points(score.relevance);
    }
    if (!m.covered_by.empty()) {
      out << "  " << Tr(lang, "(không tính: nằm trong «", "(not counted: inside «") << m.covered_by
          << "»)";
    } else if (const auto it = rules.find(m.rule);
               m.weight == 0 && it != rules.end() && it->second.weight != 0) {
      out << "  " << Tr(lang, "(lặp lại)", "(repeat)");
    }
    out << "\n";
  }
  if (!score.topics.empty()) {
    out << Tr(lang, "Chủ đề (mạnh nhất trước):", "Topics (strongest first):") << "\n";
    for (const auto& t : score.topics) {
      out << "  " << t.rule << "  " << Points(t.weight) << "  " << t.label << "  -> " << t.agency
          << (t.refutation ? Tr(lang, "  [bác bỏ chính thức]", "  [official refutation]") : "")
          << "\n";
    }
  }
  for (const auto& [name, text] : fields) {
    if (text.empty()) continue;
    std::string label = FieldName(name, lang);
    label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
    out << label << ": " << MarkMatches(text, name, score.matches) << "\n";
  }
  return out.str();
}

namespace {

struct ExplainOptions {
  std::string profile_id;
  std::string input;
  std::string data_dir;
  std::string key;
};

// Explains every JSONL line of `in` (the `score` input format).
int ExplainLines(std::istream& in, const analysis::Scorer& scorer, const config::Profile& profile,
                 Lang lang) {
  int errors = 0;
  bool first = true;
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("id")) {
      std::cerr << Tr(lang, "dòng không hợp lệ (cần JSON có \"id\"): ",
                      "malformed line (expected JSON with \"id\"): ")
                << line.substr(0, 80) << "\n";
      ++errors;
      continue;
    }
    const std::string id = j["id"].is_string() ? j["id"].get<std::string>() : j["id"].dump();
    const auto get = [&j](const char* key) {
      return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
    };
    const std::string title = get("title"), text = get("text"), summary = get("summary");
    std::string body = get("body");
    // As `score` reads it: with "summary" or "body" the fields stay apart.
    const bool apart = j.contains("summary") || j.contains("body");
    if (apart && body.empty()) body = text;
    const pw::Score s = apart ? scorer.ScoreItem(analysis::ItemText{title, summary, body})
                              : scorer.ScoreItem(title, text);
    if (!first) std::cout << "\n";
    first = false;
    const std::vector<std::pair<std::string, std::string>> fields =
        apart ? std::vector<std::pair<std::string, std::string>>{{"title", title},
                                                                 {"summary", summary},
                                                                 {"body", body}}
              : std::vector<std::pair<std::string, std::string>>{{"title", title}, {"text", text}};
    std::cout << ExplainScore(id, fields, s, profile, lang);
  }
  return errors == 0 ? 0 : 1;
}

// Explains the stored item `key`, re-scored as the daemon scores it (title and summary).
int ExplainStored(const ExplainOptions& o, const analysis::Scorer& scorer,
                  const config::Profile& profile, Lang lang) {
  auto store = storage::Store::Open(o.data_dir, storage::Store::Mode::kReadOnly);
  if (!store) {
    std::cerr << store.error().message << "\n";
    return 1;
  }
  auto found = (*store)->GetItem(o.key);
  if (!found) {
    std::cerr << found.error().message << "\n";
    return 1;
  }
  if (const auto& item = *found) {
    const pw::Score s = scorer.ScoreItem(item->entry.title, item->entry.summary);
    std::cout << ExplainScore(item->key, {{"title", item->entry.title}, {"text", item->entry.summary}},
                              s, profile, lang);
    return 0;
  }
  std::cerr << Tr(lang, "không có mục này trong kho: ", "no such stored item: ") << o.key << "\n";
  return 1;
}

int RunExplain(const ExplainOptions& o, Lang lang) {
  auto profile = config::BundledProfile(o.profile_id);
  if (!profile) {
    std::cerr << "explain: " << profile.error().message << "\n";
    return 2;
  }
  auto scorer = analysis::Scorer::Compile(*profile);
  if (!scorer) {
    std::cerr << "explain: " << scorer.error().message << "\n";
    return 2;
  }
  if (!o.key.empty()) {
    if (o.data_dir.empty()) {
      std::cerr << "explain: KEY needs --data DIR\n";
      return 2;
    }
    return ExplainStored(o, *scorer, *profile, lang);
  }
  if (o.input.empty()) return ExplainLines(std::cin, *scorer, *profile, lang);
  std::ifstream in(o.input);
  if (!in) {
    std::cerr << "explain: " << o.input << ": " << Tr(lang, "không mở được", "cannot open") << "\n";
    return 1;
  }
  return ExplainLines(in, *scorer, *profile, lang);
}

}  // namespace

void RegisterExplainCommand(CLI::App& app, CliEnv& env) {
  auto opts = std::make_shared<ExplainOptions>();
  auto* cmd = app.add_subcommand(
      "explain", "giải thích điểm của tin cho người đọc / explain items' scores for a person");
  cmd->add_option("--profile", opts->profile_id,
                  "lai-chau, bac-kan, phu-tho, soc-trang or vinh-long")
      ->required();
  auto* input = cmd->add_option("--input", opts->input, "JSONL file as `score` reads it (default: standard input)");
  cmd->add_option("--data", opts->data_dir, "data directory of a stored item (with KEY)")
      ->excludes(input);
  cmd->add_option("KEY", opts->key, "stored item key (with --data)");
  cmd->callback([opts, &env] { env.Finish(RunExplain(*opts, env.lang())); });
}

}  // namespace pw::daemon
