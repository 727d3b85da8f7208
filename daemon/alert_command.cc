#include "daemon/alert_command.h"

#include <chrono>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "daemon/alerts_feed.h"
#include "daemon/alerts_store.h"
#include "daemon/control_socket.h"
#include "workflow/case_store.h"

namespace pw::daemon {
namespace {

using nlohmann::json;
using storage::RecordFamily;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json Fail(const std::string& message, int code) { return {{"ok", false}, {"code", code}, {"error", message}}; }

json RuleJson(const AlertRule& r, bool with_secret) {
  json j = {{"id", r.id}, {"user", r.user}, {"profile", r.profile}, {"topics", r.topics},
            {"min_score", r.min_score}, {"webhook", r.webhook_url}, {"email", r.email},
            {"created", r.created}};
  if (with_secret) j["secret"] = r.webhook_secret;
  return j;
}

json DeliveryJson(const Delivery& d) {
  return {{"id", d.id}, {"user", d.user}, {"channel", d.channel}, {"target", d.target},
          {"attempts", d.attempts}, {"last_error", d.last_error}, {"created", d.created},
          {"dead_at", d.dead_at}, {"entry", d.entry_key}};
}

bool IsRuleWord(const std::string& s) {
  return !s.empty() && s.size() <= 64 && s.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_.") == std::string::npos;
}

// The user must exist (provwatch user add) and be usable in keys.
Result<std::string> KnownUser(storage::Store& store, const json& req) {
  const std::string user = req.value("user", std::string());
  if (!ValidUserName(user)) return Error{"thiếu --user hoặc tên không hợp lệ / missing or invalid --user"};
  workflow::CaseStore cases(store);
  auto found = cases.GetUser(user);
  if (!found) return found.error();
  if (!*found) {
    return Error{"không có người dùng \"" + user + "\" (provwatch user add) / no user \"" + user + "\""};
  }
  return user;
}

json Add(storage::Store& store, const json& req, UnixTime now) {
  auto user = KnownUser(store, req);
  if (!user) return Fail(user.error().message, 2);
  AlertRule r;
  r.id = "r-" + RandomHex(4);
  r.user = *user;
  r.profile = req.value("profile", std::string());
  r.topics = req.value("topics", std::vector<std::string>{});
  r.min_score = req.value("min_score", 0.0);
  r.webhook_url = req.value("webhook", std::string());
  r.webhook_secret = req.value("secret", std::string());
  r.email = req.value("email", std::string());
  r.created = now;
  if (!r.profile.empty() && !IsRuleWord(r.profile)) return Fail("--profile: mã hồ sơ không hợp lệ / not a profile id", 2);
  for (const auto& t : r.topics) {
    if (!IsRuleWord(t)) return Fail("--topic \"" + t + "\": không phải mã quy tắc / not a rule id", 2);
  }
  if (r.min_score < 0) return Fail("--min-score phải ≥ 0 / must be at least 0", 2);
  if (!r.webhook_url.empty()) {
    if (!(r.webhook_url.starts_with("http://") || r.webhook_url.starts_with("https://")) ||
        r.webhook_url.find_first_of(" \r\n") != std::string::npos) {
      return Fail("--webhook \"" + r.webhook_url + "\": cần URL http:// hoặc https:// / expected an http(s) URL", 2);
    }
    if (r.webhook_secret.empty()) r.webhook_secret = RandomHex(32);
  } else if (!r.webhook_secret.empty()) {
    return Fail("--secret chỉ dùng với --webhook / --secret needs --webhook", 2);
  }
  if (!r.email.empty() && (r.email.find('@') == std::string::npos ||
                           r.email.find_first_of(" \r\n<>") != std::string::npos)) {
    return Fail("--email \"" + r.email + "\": địa chỉ không hợp lệ / not an address", 2);
  }
  storage::RecordBatch batch;
  batch.Put(RecordFamily::kAlerts, RuleKey(r.user, r.id), EncodeRule(r));
  if (Status st = store.Commit(batch, true); !st) return Fail(st.error().message, 1);
  return {{"ok", true}, {"rule", RuleJson(r, true)}};
}

json Remove(storage::Store& store, const json& req) {
  const std::string user = req.value("user", std::string()), id = req.value("id", std::string());
  if (!ValidUserName(user) || id.empty()) return Fail("cần --user và ID / give --user and the rule ID", 2);
  const auto lock = store.LockRecords();
  auto existing = store.GetRecord(RecordFamily::kAlerts, RuleKey(user, id));
  if (!existing) return Fail(existing.error().message, 1);
  if (!*existing) return Fail("không có quy tắc " + id + " của " + user + " / no rule " + id + " for " + user, 2);
  storage::RecordBatch batch;
  batch.Delete(RecordFamily::kAlerts, RuleKey(user, id));
  if (Status st = store.Commit(batch, true); !st) return Fail(st.error().message, 1);
  return {{"ok", true}, {"removed", id}};
}

json Retry(storage::Store& store, const json& req, UnixTime now) {
  const std::string id = req.value("id", std::string());
  const auto lock = store.LockRecords();
  auto raw = store.GetRecord(RecordFamily::kAlerts, DeadKey(id));
  if (!raw) return Fail(raw.error().message, 1);
  if (id.empty() || !*raw) return Fail("không có thư chết " + id + " / no dead letter " + id, 2);
  auto d = DecodeDelivery(**raw);
  if (!d) return Fail(d.error().message, 1);
  d->attempts = 0;
  d->dead_at = 0;
  d->next_attempt_ms = now * 1000;
  storage::RecordBatch batch;
  batch.Delete(RecordFamily::kAlerts, DeadKey(id));
  batch.Put(RecordFamily::kAlerts, OutboxKey(id), EncodeDelivery(*d));
  if (Status st = store.Commit(batch, true); !st) return Fail(st.error().message, 1);
  return {{"ok", true}, {"retried", id}};
}

json Answer(storage::Store& store, const json& req, UnixTime now) {
  const std::string op = req.value("op", std::string());
  if (op == "alert.add") return Add(store, req, now);
  if (op == "alert.rm") return Remove(store, req);
  if (op == "alert.retry") return Retry(store, req, now);
  if (op == "alert.list") {
    const std::string user = req.value("user", std::string());
    if (!ValidUserName(user)) return Fail("cần --user / give --user", 2);
    auto rules = LoadRules(store, user);
    if (!rules) return Fail(rules.error().message, 1);
    json list = json::array();
    for (const auto& r : *rules) list.push_back(RuleJson(r, false));
    return {{"ok", true}, {"rules", list}};
  }
  if (op == "alert.feed-url") {
    auto user = KnownUser(store, req);
    if (!user) return Fail(user.error().message, 2);
    auto token = EnsureFeedToken(store, *user);
    if (!token) return Fail(token.error().message, 1);
    return {{"ok", true}, {"path", AlertFeedPath(*token)}};
  }
  if (op == "alert.dead-letters") {
    auto dead = LoadDeliveries(store, true);
    if (!dead) return Fail(dead.error().message, 1);
    json list = json::array();
    for (const auto& d : *dead) list.push_back(DeliveryJson(d));
    return {{"ok", true}, {"dead_letters", list}};
  }
  return Fail("yêu cầu không rõ / unknown request \"" + op + "\"", 2);
}

// ---- the command line ----------------------------------------------------

struct AlertArgs {
  std::string data, user, id, profile, webhook, secret, email;
  std::vector<std::string> topics;
  double min_score = 0;
  bool json = false;
};

void Render(const std::string& op, const json& resp, Lang lang, std::ostream& out) {
  if (op == "alert.add") {
    const json& r = resp["rule"];
    out << Tr(lang, "Đã thêm quy tắc cảnh báo ", "Added alert rule ") << r.value("id", std::string()) << '\n';
    if (!r.value("webhook", std::string()).empty()) {
      out << Tr(lang, "Khóa bí mật webhook (ký HMAC-SHA256): ", "Webhook secret (HMAC-SHA256 key): ")
          << r.value("secret", std::string()) << '\n';
    }
  } else if (op == "alert.list") {
    if (resp["rules"].empty()) out << Tr(lang, "Chưa có quy tắc cảnh báo.\n", "No alert rules.\n");
    for (const json& r : resp["rules"]) {
      std::string topics;
      for (const json& t : r["topics"]) topics += (topics.empty() ? "" : ",") + t.get<std::string>();
      const std::string profile = r.value("profile", std::string());
      const std::string webhook = r.value("webhook", std::string()), email = r.value("email", std::string());
      out << r.value("id", std::string()) << '\t' << (profile.empty() ? "*" : profile) << '\t'
          << (topics.empty() ? "*" : topics) << '\t' << r.value("min_score", 0.0) << "\tatom"
          << (webhook.empty() ? "" : " webhook:" + webhook) << (email.empty() ? "" : " email:" + email) << '\n';
    }
  } else if (op == "alert.rm") {
    out << Tr(lang, "Đã xóa quy tắc ", "Removed rule ") << resp.value("removed", std::string()) << '\n';
  } else if (op == "alert.feed-url") {
    out << resp.value("path", std::string()) << '\n';
  } else if (op == "alert.dead-letters") {
    if (resp["dead_letters"].empty()) out << Tr(lang, "Không có thư chết.\n", "No dead letters.\n");
    for (const json& d : resp["dead_letters"]) {
      out << d.value("id", std::string()) << '\t' << d.value("user", std::string()) << '\t'
          << d.value("channel", std::string()) << '\t' << d.value("target", std::string()) << '\t'
          << d.value("attempts", 0) << Tr(lang, " lần\t", " attempts\t") << d.value("last_error", std::string())
          << '\n';
    }
  } else if (op == "alert.retry") {
    out << Tr(lang, "Sẽ gửi lại ", "Queued again: ") << resp.value("retried", std::string()) << '\n';
  }
}

int Run(const AlertArgs& a, const json& req, Lang lang) {
  const std::string line = Dump(req);
  const std::string answer = SubmitRequest(a.data, line, IsReadOnlyAlertRequest(req.value("op", std::string())));
  json resp;
  try {
    resp = json::parse(answer);
  } catch (const json::exception& e) {
    resp = Fail(std::string("bad answer: ") + e.what(), 1);
  }
  if (!resp.value("ok", false)) {
    std::cerr << resp.value("error", std::string("?")) << '\n';
    if (a.json) std::cout << Dump(resp) << '\n';
    return resp.value("code", 1);
  }
  if (a.json) {
    std::cout << Dump(resp) << '\n';
  } else {
    Render(req.value("op", std::string()), resp, lang, std::cout);
  }
  return 0;
}

CLI::App* Sub(CLI::App& parent, const char* name, const char* help, AlertArgs& a, CliEnv& env, bool user) {
  CLI::App* sub = parent.add_subcommand(name, help);
  sub->add_option("--data", a.data, "data directory")->default_val(env.default_data);
  sub->add_flag("--json", a.json, "the answer as one JSON line");
  if (user) sub->add_option("--user", a.user, "the user (provwatch user add)")->required();
  return sub;
}

}  // namespace

bool IsReadOnlyAlertRequest(std::string_view op) { return op == "alert.list" || op == "alert.dead-letters"; }

std::string ExecuteAlertRequest(storage::Store& store, std::string_view request, UnixTime now) {
  json req;
  try {
    req = json::parse(request);
  } catch (const json::exception& e) {
    return Dump(Fail(std::string("yêu cầu hỏng / malformed request: ") + e.what(), 2));
  }
  if (!req.is_object()) return Dump(Fail("yêu cầu hỏng / malformed request", 2));
  try {
    return Dump(Answer(store, req, now));
  } catch (const json::exception& e) {
    return Dump(Fail(std::string("yêu cầu hỏng / malformed request: ") + e.what(), 2));
  }
}

void RegisterAlertCommands(CLI::App& app, CliEnv& env) {
  auto keep = std::make_shared<AlertArgs>();
  AlertArgs& a = *keep;
  CLI::App* alert = app.add_subcommand("alert", "cảnh báo: quy tắc, nguồn Atom, webhook, e-mail / alert rules and channels");
  alert->require_subcommand(1);

  CLI::App* add = Sub(*alert, "add", "thêm quy tắc cảnh báo / add an alert rule", a, env, true);
  add->add_option("--profile", a.profile, "only items scored with this profile (default: any)");
  add->add_option("--topic", a.topics, "only these topics (rule ids, repeatable; default: any)");
  add->add_option("--min-score", a.min_score, "minimum score (default: the profile's candidates)");
  auto* webhook = add->add_option("--webhook", a.webhook, "POST each alert here (JSON, HMAC-SHA256 signed)");
  add->add_option("--secret", a.secret, "the webhook's HMAC key (default: a random one, printed)")->needs(webhook);
  add->add_option("--email", a.email, "e-mail each alert to this address ([smtp] in the configuration)");
  add->callback([keep, &env] {
    const AlertArgs& x = *keep;
    env.Finish(Run(x, {{"op", "alert.add"}, {"user", x.user}, {"profile", x.profile}, {"topics", x.topics},
                       {"min_score", x.min_score}, {"webhook", x.webhook}, {"secret", x.secret}, {"email", x.email}},
                   env.lang()));
  });
  Sub(*alert, "list", "liệt kê quy tắc cảnh báo / list a user's alert rules", a, env, true)->callback([keep, &env] {
    env.Finish(Run(*keep, {{"op", "alert.list"}, {"user", keep->user}}, env.lang()));
  });
  CLI::App* rm = Sub(*alert, "rm", "xóa quy tắc cảnh báo / remove an alert rule", a, env, true);
  rm->add_option("ID", a.id, "rule id (alert list)")->required();
  rm->callback([keep, &env] {
    env.Finish(Run(*keep, {{"op", "alert.rm"}, {"user", keep->user}, {"id", keep->id}}, env.lang()));
  });
  Sub(*alert, "feed-url", "đường dẫn bí mật của nguồn Atom / the user's secret Atom feed path", a, env, true)
      ->callback([keep, &env] {
        env.Finish(Run(*keep, {{"op", "alert.feed-url"}, {"user", keep->user}}, env.lang()));
      });
  Sub(*alert, "dead-letters", "các lần gửi thất bại hẳn / deliveries given up", a, env, false)->callback([keep, &env] {
    env.Finish(Run(*keep, {{"op", "alert.dead-letters"}}, env.lang()));
  });
  CLI::App* retry = Sub(*alert, "retry", "gửi lại một thư chết / retry a dead letter", a, env, false);
  retry->add_option("ID", a.id, "delivery id (alert dead-letters)")->required();
  retry->callback([keep, &env] { env.Finish(Run(*keep, {{"op", "alert.retry"}, {"id", keep->id}}, env.lang())); });
}

}  // namespace pw::daemon
