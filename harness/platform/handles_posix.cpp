// POSIX handle count: open file descriptors listed in /proc/self/fd.
#include <filesystem>

#include "harness/platform/handles.h"

namespace shmh::platform {

const char* handle_count_api_name() { return "/proc/self/fd"; }

Result<std::int64_t> process_handle_count() {
  std::error_code error;
  std::int64_t count = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", error);
       !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
    ++count;
  }
  if (error) return make_os_error("opendir(/proc/self/fd)", error.value());
  return count - 1;  // the iterator's own descriptor on the directory
}

}  // namespace shmh::platform
