// Windows has no trampoline: a child with less power gets its token from CreateProcessAsUserW.
#include <windows.h>

#include "harness/platform/command_line.h"

namespace shmh::platform {

OsError exec_as_unprivileged_user(const std::vector<std::string>&, std::int64_t, const std::optional<PosixAccount>&) {
  return make_os_error("exec-as-nobody (POSIX only; Windows restricts the token at CreateProcess)", ERROR_NOT_SUPPORTED);
}

}  // namespace shmh::platform
