// Windows handle count through NtQuerySystemInformation(SystemExtendedHandleInformation = 64),
// which works on Windows and under Wine (GetProcessHandleCount returns 0 there).
#include <windows.h>

#include "harness/platform/handles.h"
#include "harness/platform/nt_api_win.h"

namespace shmh::platform {

const char* handle_count_api_name() { return "NtQuerySystemInformation"; }

Result<std::int64_t> process_handle_count() {
  nt::Status status = 0;
  const auto buffer = nt::system_handle_table(status);
  if (buffer.empty()) return nt::status_error("NtQuerySystemInformation", status);
  const auto* info = reinterpret_cast<const nt::HandleInformationEx*>(buffer.data());
  const ULONG_PTR self = ::GetCurrentProcessId();
  std::int64_t count = 0;
  for (ULONG_PTR i = 0; i < info->number_of_handles; ++i) {
    if (info->handles[i].unique_process_id == self) ++count;
  }
  return count;
}

}  // namespace shmh::platform
