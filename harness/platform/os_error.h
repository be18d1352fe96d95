// OsError: one failed (or noteworthy) OS call as a value — API, OS code, symbol, system message.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace shmh::platform {

struct OsError {
  std::string api;      // the OS call, e.g. "CreateFileMappingW" or "shm_open"
  std::int64_t code = 0;  // GetLastError() value, or errno
  std::string symbol;   // "ERROR_ALREADY_EXISTS", "EEXIST"; "UNKNOWN_<code>" when we have no name for it
  std::string message;  // the system's own text for the code

  // "shm_open failed: 2 ENOENT (No such file or directory)"
  std::string describe() const;
};

// Builds the error for `code` as returned by `api` (fills symbol and message).
OsError make_os_error(std::string_view api, std::int64_t code);

// Reads GetLastError()/errno. Call it immediately after the failing call, before any cleanup
// can overwrite the code.
OsError last_os_error(std::string_view api);

// Symbolic name for an OS code on this platform: ERROR_* on Windows, E* on POSIX.
std::string error_symbol(std::int64_t code);

}  // namespace shmh::platform
