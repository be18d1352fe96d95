// Windows implementation of OsError: ERROR_* names for the codes the harness meets, FormatMessageW text.
#include <windows.h>

#include <array>
#include <utility>

#include "harness/platform/os_error.h"
#include "harness/platform/win_text.h"

namespace shmh::platform {
namespace {

// The codes that named shared memory, processes and tokens produce. Anything else is
// reported by number with the system's message, never dropped.
constexpr std::array<std::pair<std::int64_t, const char*>, 34> kSymbols{{
    {0, "ERROR_SUCCESS"},
    {1, "ERROR_INVALID_FUNCTION"},
    {2, "ERROR_FILE_NOT_FOUND"},
    {3, "ERROR_PATH_NOT_FOUND"},
    {5, "ERROR_ACCESS_DENIED"},
    {6, "ERROR_INVALID_HANDLE"},
    {8, "ERROR_NOT_ENOUGH_MEMORY"},
    {14, "ERROR_OUTOFMEMORY"},
    {50, "ERROR_NOT_SUPPORTED"},
    {87, "ERROR_INVALID_PARAMETER"},
    {109, "ERROR_BROKEN_PIPE"},
    {120, "ERROR_CALL_NOT_IMPLEMENTED"},
    {122, "ERROR_INSUFFICIENT_BUFFER"},
    {123, "ERROR_INVALID_NAME"},
    {161, "ERROR_BAD_PATHNAME"},
    {183, "ERROR_ALREADY_EXISTS"},
    {193, "ERROR_BAD_EXE_FORMAT"},
    {206, "ERROR_FILENAME_EXCED_RANGE"},
    {258, "WAIT_TIMEOUT"},
    {487, "ERROR_INVALID_ADDRESS"},
    {1132, "ERROR_MAPPED_ALIGNMENT"},
    {1300, "ERROR_NOT_ALL_ASSIGNED"},
    {1313, "ERROR_NO_SUCH_PRIVILEGE"},
    {1314, "ERROR_PRIVILEGE_NOT_HELD"},
    {1450, "ERROR_NO_SYSTEM_RESOURCES"},
    {1455, "ERROR_COMMITMENT_LIMIT"},
    {1008, "ERROR_NO_TOKEN"},
    {1306, "ERROR_REVISION_MISMATCH"},
    {1338, "ERROR_INVALID_SECURITY_DESCR"},
    {1336, "ERROR_INVALID_ACL"},
    {1337, "ERROR_INVALID_SID"},
    {0xC0000005, "EXCEPTION_ACCESS_VIOLATION"},
    {0xC0000006, "EXCEPTION_IN_PAGE_ERROR"},
    {0xC00000FD, "EXCEPTION_STACK_OVERFLOW"},
}};

std::string system_message(std::int64_t code) {
  wchar_t* buffer = nullptr;
  const DWORD length = ::FormatMessageW(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
      nullptr, static_cast<DWORD>(code), 0, reinterpret_cast<wchar_t*>(&buffer), 0, nullptr);
  std::string text;
  if (length != 0 && buffer != nullptr) {
    text = to_utf8(std::wstring_view(buffer, length));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' ||
                             text.back() == '.')) {
      text.pop_back();
    }
  }
  if (buffer != nullptr) ::LocalFree(buffer);
  return text;
}

}  // namespace

std::string error_symbol(std::int64_t code) {
  for (const auto& [value, name] : kSymbols) {
    if (value == code) return name;
  }
  return "UNKNOWN_" + std::to_string(code);
}

OsError make_os_error(std::string_view api, std::int64_t code) {
  return OsError{std::string(api), code, error_symbol(code), code == 0 ? "" : system_message(code)};
}

OsError last_os_error(std::string_view api) {
  const DWORD code = ::GetLastError();
  return make_os_error(api, static_cast<std::int64_t>(code));
}

}  // namespace shmh::platform
