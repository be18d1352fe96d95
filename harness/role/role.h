// The role process: remote-controlled by the orchestrator over stdin/stdout (one JSON command
// per line in, one JSON observation per line out), logging to stderr.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "harness/platform/identity.h"

namespace shmh {

// Serves commands until "exit" or the end of stdin. Returns the process exit code.
// With `drop_to_nobody` or an `account` (POSIX), the role becomes that account before its first command.
int run_role(const std::string& role_name, std::int64_t parent_pid, bool drop_to_nobody = false,
             const std::optional<platform::PosixAccount>& account = std::nullopt);

}  // namespace shmh
