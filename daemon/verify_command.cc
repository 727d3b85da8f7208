#include "daemon/verify_command.h"

#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "daemon/control_socket.h"

namespace pw::daemon {
namespace {

struct VerifyArgs {
  std::string data;
  bool json = false;
};

int RunVerify(const VerifyArgs& a, Lang lang) {
  const std::string answer = SubmitRequest(a.data, R"({"op":"verify"})", /*read_only=*/true);
  nlohmann::json resp;
  try {
    resp = nlohmann::json::parse(answer);
  } catch (const nlohmann::json::exception& e) {
    std::cerr << "verify: bad answer: " << e.what() << '\n';
    return 1;
  }
  if (a.json) std::cout << answer << '\n';
  if (!resp.value("ok", false)) {
    std::cerr << Tr(lang, "VI PHẠM: ", "VIOLATION: ") << resp.value("error", std::string("?")) << '\n';
    return 1;
  }
  if (!a.json) {
    std::cout << Tr(lang, "Dữ liệu nhất quán: ", "Store consistent: ") << resp.value("cases", 0)
              << Tr(lang, " hồ sơ, ", " cases, ") << resp.value("audit_records", 0)
              << Tr(lang, " bản ghi nhật ký (chuỗi băm nguyên vẹn), ", " audit records (hash chain intact), ")
              << resp.value("case_items", 0) << Tr(lang, " tin của hồ sơ\n", " case items\n");
  }
  return 0;
}

}  // namespace

void RegisterVerifyCommand(CLI::App& app, CliEnv& env) {
  auto args = std::make_shared<VerifyArgs>();
  CLI::App* verify = app.add_subcommand(
      "verify", "kiểm tra tính nhất quán của dữ liệu / check the store's invariants");
  verify->add_option("--data", args->data, "data directory")->default_val(env.default_data);
  verify->add_flag("--json", args->json, "the answer as one JSON line");
  verify->callback([args, &env] { env.Finish(RunVerify(*args, env.lang())); });
}

}  // namespace pw::daemon
