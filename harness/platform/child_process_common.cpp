// OS-independent part of child processes: the names of Windows exit codes (a pure table, so the
// POSIX build tests it too).
#include <array>
#include <utility>

#include "harness/platform/child_process.h"

namespace shmh::platform {
namespace {

// How a Windows process can die without saying so itself. Names as in ntstatus.h, except
// 0xC0000005, which reports have always called by its winbase.h alias.
constexpr std::array<std::pair<std::uint32_t, std::string_view>, 13> kExitCodeNames{{
    // The MSVC runtime's abort() once fail-fast reporting is off; main's own internal-error exit is 3 too.
    {3, "abort(), or an internal error of shm-harness"},
    {0x80000003u, "STATUS_BREAKPOINT"},
    {0xC0000005u, "EXCEPTION_ACCESS_VIOLATION"},
    {0xC0000006u, "STATUS_IN_PAGE_ERROR"},
    {0xC000001Du, "STATUS_ILLEGAL_INSTRUCTION"},
    {0xC0000094u, "STATUS_INTEGER_DIVIDE_BY_ZERO"},
    {0xC00000FDu, "STATUS_STACK_OVERFLOW"},
    {0xC0000135u, "STATUS_DLL_NOT_FOUND"},
    {0xC0000142u, "STATUS_DLL_INIT_FAILED"},
    {0xC000013Au, "STATUS_CONTROL_C_EXIT"},
    {0xC0000374u, "STATUS_HEAP_CORRUPTION"},
    // __fastfail: abort() and std::terminate under the MSVC runtime, /GS cookie failures. It
    // bypasses every exception filter, ours included.
    {0xC0000409u, "STATUS_STACK_BUFFER_OVERRUN"},
    {0xC0000417u, "STATUS_INVALID_CRUNTIME_PARAMETER"},
}};

}  // namespace

std::string_view windows_exit_code_name(std::uint32_t code) {
  for (const auto& [value, name] : kExitCodeNames) {
    if (value == code) return name;
  }
  return {};
}

}  // namespace shmh::platform
