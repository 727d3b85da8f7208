#include "daemon/score_command.h"
#include "daemon/json_fields.h"


namespace pw::daemon {
namespace {

using json = nlohmann::json;

std::string ErrorLine(const json& id, const std::string& message) {
  return JsonLine(json{{"id", id}, {"error", message}});
}

}  // namespace

std::string ScoreLine(const std::string& line, const analysis::Scorer& scorer, bool& error) {
  error = true;
  json in = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (in.is_discarded()) return ErrorLine(nullptr, "not valid JSON");
  if (!in.is_object()) return ErrorLine(nullptr, "expected a JSON object");
  const json id = in.contains("id") ? in["id"] : json(nullptr);
  if (id.is_null()) return ErrorLine(id, "missing \"id\"");
  if (!id.is_string() && !id.is_number()) return ErrorLine(id, "\"id\" must be a string or number");
  std::string fields[4];
  const char* names[4] = {"title", "text", "summary", "body"};
  bool any = false;
  for (int i = 0; i < 4; ++i) {
    if (!in.contains(names[i]) || in[names[i]].is_null()) continue;
    if (!in[names[i]].is_string()) {
      return ErrorLine(id, std::string("\"") + names[i] + "\" must be a string");
    }
    fields[i] = in[names[i]].get<std::string>();
    any = true;
  }
  if (!any) return ErrorLine(id, "needs \"title\" or \"text\" (or \"summary\", \"body\")");
  for (const char* opt : {"lang", "url", "published"}) {
    if (in.contains(opt) && !in[opt].is_null() && !in[opt].is_string()) {
      return ErrorLine(id, std::string("\"") + opt + "\" must be a string");
    }
  }

  // With "summary" or "body" the fields stay apart (expressions' field
  // scopes see them; matches say "summary"/"body"); "text" is then the body
  // when "body" is absent.
  const bool apart = in.contains("summary") || in.contains("body");
  const Score score =
      apart ? scorer.ScoreItem(analysis::ItemText{fields[0], fields[2],
                                                  fields[3].empty() ? fields[1] : fields[3]})
            : scorer.ScoreItem(fields[0], fields[1]);
  error = false;
  return JsonLine(json{{"id", id},
                   {"mentions_province", score.mentions_province},
                   {"candidate", score.candidate},
                   {"score", score.value},
                   {"matches", MatchesJson(score.matches)},
                   {"topics", TopicsJson(score.topics)},
                   {"refutation", score.refutation}});
}

json TopicsJson(const std::vector<Topic>& topics) {
  json out = json::array();
  for (const auto& t : topics) {
    out.push_back({{"rule", t.rule}, {"topic", t.label}, {"weight", t.weight},
                   {"agency", t.agency}, {"refutation", t.refutation}});
  }
  return out;
}

std::size_t ScoreStream(std::istream& in, std::ostream& out, const analysis::Scorer& scorer) {
  std::size_t errors = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    bool error = false;
    out << ScoreLine(line, scorer, error) << '\n';
    out.flush();
    errors += error ? 1 : 0;
  }
  return errors;
}

}  // namespace pw::daemon
