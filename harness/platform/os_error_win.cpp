// Windows implementation of OsError: ERROR_* names for the codes the harness meets, FormatMessageW text.
#include <windows.h>

#include "harness/platform/error_symbols.h"
#include "harness/platform/os_error.h"
#include "harness/platform/win_text.h"

namespace shmh::platform {
namespace {

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
  const auto name = windows_error_symbol(code);
  return name.empty() ? "UNKNOWN_" + std::to_string(code) : std::string(name);
}

OsError make_os_error(std::string_view api, std::int64_t code) {
  return OsError{std::string(api), code, error_symbol(code), code == 0 ? "" : system_message(code)};
}

OsError last_os_error(std::string_view api) {
  const DWORD code = ::GetLastError();
  return make_os_error(api, static_cast<std::int64_t>(code));
}

}  // namespace shmh::platform
