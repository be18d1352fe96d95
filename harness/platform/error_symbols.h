// The OS codes by name, for both platforms on every platform: Windows' ERROR_* codes and Linux's
// errno names, so a scenario file written for Windows can be checked on Linux and the reverse.
// Plain tables, no OS call; os_error_win.cpp names Windows codes from the same table.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace shmh::platform {

struct ErrorSymbol {
  std::int64_t code;
  std::string_view symbol;
};

// The Windows codes named shared memory, processes and tokens produce (GetLastError values and
// the exception codes a crashed role exits with).
std::span<const ErrorSymbol> windows_error_symbols();
// Linux's errno names, aliases included (EWOULDBLOCK is EAGAIN, ENOTSUP is EOPNOTSUPP).
std::span<const ErrorSymbol> posix_error_symbols();

std::optional<std::int64_t> windows_error_code(std::string_view symbol);
std::optional<std::int64_t> posix_error_code(std::string_view symbol);
// Windows' name for a code, or "" when the table has none.
std::string_view windows_error_symbol(std::int64_t code);

}  // namespace shmh::platform
