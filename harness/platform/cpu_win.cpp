// Windows CPU controls: SetThreadAffinityMask, GetCurrentProcessorNumber, QPC, large pages.
#include <windows.h>

#include "harness/platform/cpu.h"

namespace shmh::platform {

const char* pin_api_name() { return "SetThreadAffinityMask"; }

Status pin_current_thread(unsigned core) {
  if (core >= 64) return make_os_error("SetThreadAffinityMask", ERROR_INVALID_PARAMETER);
  if (::SetThreadAffinityMask(::GetCurrentThread(), DWORD_PTR{1} << core) == 0) {
    return last_os_error("SetThreadAffinityMask");
  }
  return std::nullopt;
}

int current_core() { return static_cast<int>(::GetCurrentProcessorNumber()); }

double timer_resolution_ns() {
  LARGE_INTEGER frequency{};
  ::QueryPerformanceFrequency(&frequency);
  return frequency.QuadPart > 0 ? 1e9 / static_cast<double>(frequency.QuadPart) : 0;
}

std::string large_pages() {
  const SIZE_T minimum = ::GetLargePageMinimum();
  if (minimum == 0) return "not supported";
  return std::to_string(minimum / 1024) + " KiB large pages (need SeLockMemoryPrivilege)";
}

}  // namespace shmh::platform

namespace shmh::platform {
std::uint64_t large_page_minimum() { return ::GetLargePageMinimum(); }
}  // namespace shmh::platform
