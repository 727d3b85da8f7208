#include "daemon/logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace pw::daemon {

void InitLogging() {
  auto logger = spdlog::stderr_color_mt("provwatch");
  logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
  spdlog::set_default_logger(logger);
}

void SetLogLevel(std::string_view level) {
  spdlog::set_level(spdlog::level::from_str(std::string(level)));
  if (level != "info" && spdlog::get_level() == spdlog::level::off) {
    spdlog::set_level(spdlog::level::info);
  }
}

}  // namespace pw::daemon
