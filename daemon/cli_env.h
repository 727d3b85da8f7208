#pragma once
/// What every subcommand's registration shares: the language the user chose
/// and the exit code of the command that ran.
///
/// A command file offers `void RegisterXxx(CLI::App& app, CliEnv& env)`: it
/// adds its subcommand(s) to `app` and, in the subcommand's callback, runs and
/// stores its exit code with `env.Finish(code)`. main.cc calls each Register
/// function once, before parsing.
#include <string>

#include "daemon/report.h"

namespace pw::daemon {

struct CliEnv {
  std::string lang_name = "vi";        ///< --lang, or PROVWATCH_LANG
  std::string default_data = "provwatch-data";
  bool ran = false;
  int exit_code = 0;

  Lang lang() const { return ParseLang(lang_name); }
  void Finish(int code) {
    ran = true;
    exit_code = code;
  }
};

}  // namespace pw::daemon
