#include "workflow/case_codec.h"

#include <nlohmann/json.hpp>

namespace pw::workflow {
namespace {

using nlohmann::json;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

/// Thrown inside the decoders for an identifier that names nothing; turned
/// into an Error at their edge like nlohmann's own exceptions.
struct Unknown {
  std::string what;
};

CaseState StateOf(const json& j) {
  const auto s = ParseCaseState(j.get<std::string>());
  if (!s) throw Unknown{"unknown state \"" + j.get<std::string>() + "\""};
  return *s;
}

Role RoleOf(const json& j) {
  const auto r = ParseRole(j.get<std::string>());
  if (!r) throw Unknown{"unknown role \"" + j.get<std::string>() + "\""};
  return *r;
}

json EventJson(const Event& e) {
  return {{"case_id", e.case_id},
          {"kind", ActionName(e.kind)},
          {"from", LabelEn(e.from)},
          {"to", LabelEn(e.to)},
          {"user", e.user},
          {"role", RoleName(e.role)},
          {"at", e.at},
          {"detail", e.detail}};
}

Event EventOf(const json& j) {
  Event e;
  e.case_id = j.value("case_id", std::string());
  const std::string kind = j.value("kind", std::string("confirm"));
  const auto k = ParseActionKind(kind);
  if (!k) throw Unknown{"unknown action \"" + kind + "\""};
  e.kind = *k;
  if (j.contains("from")) e.from = StateOf(j.at("from"));
  if (j.contains("to")) e.to = StateOf(j.at("to"));
  e.user = j.value("user", std::string());
  if (j.contains("role")) e.role = RoleOf(j.at("role"));
  e.at = j.value("at", UnixTime{0});
  e.detail = j.value("detail", std::string());
  return e;
}

template <typename F>
auto Decode(std::string_view text, F&& f) -> Result<decltype(f(json()))> {
  try {
    const json j = json::parse(text);
    if (!j.is_object()) return Error{"not a JSON object"};
    return f(j);
  } catch (const json::exception& e) {
    return Error{e.what()};
  } catch (const Unknown& u) {
    return Error{u.what};
  }
}

}  // namespace

std::string EncodeCase(const Case& c) {
  json measures = json::array();
  for (const auto& m : c.measures) {
    measures.push_back({{"kind", m.kind}, {"date", m.date}, {"channel", m.channel},
                        {"link", m.link}, {"language", m.language}});
  }
  json notices = json::array();
  for (const auto& n : c.notices) {
    notices.push_back({{"agency", n.agency}, {"at", n.at}, {"reference", n.reference}});
  }
  json entered = json::object();
  for (const auto& [state, at] : c.entered) entered[std::string(LabelEn(state))] = at;
  json sections = json::object();
  for (const auto& [section, text] : c.dossier.sections) {
    sections[std::string(SectionName(section))] = text;
  }
  json evidence = json::array();
  for (const auto& e : c.dossier.evidence) {
    evidence.push_back({{"item_key", e.item_key}, {"url", e.url}, {"title", e.title},
                        {"archived", e.archived}, {"sha256", e.sha256},
                        {"fetched_at", e.fetched_at}, {"added_at", e.added_at}});
  }
  const json j = {{"id", c.id},
                  {"profile", c.profile},
                  {"cluster_id", c.cluster_id},
                  {"state", LabelEn(c.state)},
                  {"item_keys", c.item_keys},
                  {"topics", c.topics},
                  {"lead_agency", c.lead_agency},
                  {"coordinating", c.coordinating},
                  {"secret", c.secret},
                  {"severity", c.severity},
                  {"measures", measures},
                  {"notices", notices},
                  {"detected_at", c.detected_at},
                  {"confirmed_at", c.confirmed_at ? json(*c.confirmed_at) : json(nullptr)},
                  {"entered", entered},
                  {"dismiss_reason", c.dismiss_reason},
                  {"dossier", {{"sections", sections}, {"evidence", evidence}}}};
  return Dump(j);
}

Result<Case> DecodeCase(std::string_view text) {
  return Decode(text, [](const json& j) {
    Case c;
    c.id = j.value("id", std::string());
    c.profile = j.value("profile", std::string());
    c.cluster_id = j.value("cluster_id", std::string());
    if (j.contains("state")) c.state = StateOf(j.at("state"));
    c.item_keys = j.value("item_keys", std::vector<std::string>());
    c.topics = j.value("topics", std::vector<std::string>());
    c.lead_agency = j.value("lead_agency", std::string());
    c.coordinating = j.value("coordinating", std::vector<std::string>());
    c.secret = j.value("secret", false);
    c.severity = j.value("severity", std::string("medium"));
    for (const json& m : j.value("measures", json::array())) {
      c.measures.push_back({m.value("kind", std::string()), m.value("date", UnixTime{0}),
                            m.value("channel", std::string()), m.value("link", std::string()),
                            m.value("language", std::string())});
    }
    for (const json& n : j.value("notices", json::array())) {
      c.notices.push_back({n.value("agency", std::string()), n.value("at", UnixTime{0}),
                           n.value("reference", std::string())});
    }
    c.detected_at = j.value("detected_at", UnixTime{0});
    if (j.contains("confirmed_at") && !j.at("confirmed_at").is_null()) {
      c.confirmed_at = j.at("confirmed_at").get<UnixTime>();
    }
    const json entered = j.value("entered", json::object());
    for (const auto& [state, at] : entered.items()) {
      c.entered[StateOf(json(state))] = at.get<UnixTime>();
    }
    c.dismiss_reason = j.value("dismiss_reason", std::string());
    const json dossier = j.value("dossier", json::object());
    const json sections = dossier.value("sections", json::object());
    for (const auto& [name, text] : sections.items()) {
      const auto section = ParseSection(name);
      if (!section) throw Unknown{"unknown dossier section \"" + name + "\""};
      c.dossier.sections[*section] = text.get<std::string>();
    }
    for (const json& e : dossier.value("evidence", json::array())) {
      c.dossier.evidence.push_back(
          {e.value("item_key", std::string()), e.value("url", std::string()),
           e.value("title", std::string()), e.value("archived", std::string()),
           e.value("sha256", std::string()), e.value("fetched_at", UnixTime{0}),
           e.value("added_at", UnixTime{0})});
    }
    return c;
  });
}

std::string EncodeAuditRecord(const AuditRecord& r) {
  return Dump({{"seq", r.seq}, {"prev_hash", r.prev_hash}, {"hash", r.hash},
               {"event", EventJson(r.event)}});
}

Result<AuditRecord> DecodeAuditRecord(std::string_view text) {
  return Decode(text, [](const json& j) {
    AuditRecord r;
    r.seq = j.value("seq", std::uint64_t{0});
    r.prev_hash = j.value("prev_hash", std::string());
    r.hash = j.value("hash", std::string());
    r.event = EventOf(j.value("event", json::object()));
    return r;
  });
}

std::string EncodeUser(const UserRecord& u) {
  return Dump({{"role", RoleName(u.role)}, {"agency", u.agency},
               {"cleared", u.cleared}, {"created", u.created}});
}

Result<UserRecord> DecodeUser(std::string_view name, std::string_view text) {
  return Decode(text, [&](const json& j) {
    UserRecord u;
    u.name = std::string(name);
    if (j.contains("role")) u.role = RoleOf(j.at("role"));
    u.agency = j.value("agency", std::string());
    u.cleared = j.value("cleared", false);
    u.created = j.value("created", UnixTime{0});
    return u;
  });
}

std::string EncodeAgency(const AgencyRecord& a) { return Dump({{"name", a.name}}); }

Result<AgencyRecord> DecodeAgency(std::string_view id, std::string_view text) {
  return Decode(text, [&](const json& j) {
    return AgencyRecord{std::string(id), j.value("name", std::string())};
  });
}

}  // namespace pw::workflow
