// Windows: the commit limit and what this process can still commit (GlobalMemoryStatusEx:
// "ullTotalPageFile: the current committed memory limit for the system or the current process,
// whichever is smaller"; "ullAvailPageFile: the maximum amount of memory the current process can
// commit"). /dev/shm and RemoveIPC have no Windows counterpart and stay empty.
#include <windows.h>

#include "harness/platform/memory_limits.h"
#include "harness/platform/os_error.h"

namespace shmh::platform {

std::optional<std::int64_t> shm_object_owner_uid(std::string_view) { return std::nullopt; }

Status mount_private_store(std::uint64_t, std::string&) {
  return make_os_error("mount_private_store (POSIX only: Windows has no shm store to mount)", ERROR_NOT_SUPPORTED);
}

MemoryLimits memory_limits() {
  MemoryLimits limits;
  MEMORYSTATUSEX status{};
  status.dwLength = sizeof(status);
  if (::GlobalMemoryStatusEx(&status)) {
    limits.commit_limit = status.ullTotalPageFile;
    limits.commit_available = status.ullAvailPageFile;
  } else {
    limits.error = last_os_error("GlobalMemoryStatusEx").describe();
  }
  return limits;
}

}  // namespace shmh::platform
