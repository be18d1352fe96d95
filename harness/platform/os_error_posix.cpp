// POSIX implementation of OsError: errno names and strerror text.
#include <cerrno>
#include <cstring>

#include "harness/platform/os_error.h"

namespace shmh::platform {

std::string error_symbol(std::int64_t code) {
  if (code == 0) return "OK";
  const char* name = ::strerrorname_np(static_cast<int>(code));
  return name != nullptr ? name : "UNKNOWN_" + std::to_string(code);
}

OsError make_os_error(std::string_view api, std::int64_t code) {
  return OsError{std::string(api), code, error_symbol(code),
                 code == 0 ? "" : std::strerror(static_cast<int>(code))};
}

OsError last_os_error(std::string_view api) {
  const int code = errno;
  return make_os_error(api, code);
}

}  // namespace shmh::platform
