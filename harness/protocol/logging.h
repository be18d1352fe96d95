// spdlog set-up for every process: one logger per process on stderr, levels from SPDLOG_LEVEL.
#pragma once

#include <memory>
#include <string>

#include <spdlog/logger.h>

namespace shmh {

// The orchestrator logs at warn by default (its stdout is for people); a role at info (its log
// is attached to reports). SPDLOG_LEVEL overrides either, e.g. SPDLOG_LEVEL=debug.
std::shared_ptr<spdlog::logger> setup_logging(const std::string& component, bool is_role);

}  // namespace shmh
