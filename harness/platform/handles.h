// How many handles (Windows) or file descriptors (POSIX) this process holds: for leak checks.
#pragma once

#include <cstdint>

#include "harness/platform/result.h"

namespace shmh::platform {

// Windows: NtQuerySystemInformation(SystemExtendedHandleInformation) filtered by our pid, because
// GetProcessHandleCount returns 0 under Wine. POSIX: the entries of /proc/self/fd.
Result<std::int64_t> process_handle_count();
// The OS call behind process_handle_count, for observations.
const char* handle_count_api_name();

}  // namespace shmh::platform
