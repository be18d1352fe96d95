// spdlog set-up: stderr sink, pattern with component and pid, SPDLOG_LEVEL from the environment.
#include "harness/protocol/logging.h"

#include <spdlog/cfg/env.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "harness/platform/this_process.h"

namespace shmh {

std::shared_ptr<spdlog::logger> setup_logging(const std::string& component, bool is_role) {
  auto logger = spdlog::get(component);
  if (!logger) logger = spdlog::stderr_logger_mt(component);
  const std::string pid = std::to_string(platform::current_process_id());
  logger->set_pattern("[%H:%M:%S.%e] [" + std::string(is_role ? "role " : "") + component + " pid " + pid +
                      "] [%l] %v");
  logger->set_level(is_role ? spdlog::level::info : spdlog::level::warn);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
  spdlog::cfg::load_env_levels();
  return logger;
}

}  // namespace shmh
