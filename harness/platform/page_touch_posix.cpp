// POSIX: the page touch under a SIGBUS/SIGSEGV handler that jumps back out (sigsetjmp/siglongjmp)
// with the faulting address and si_code, so the role reports the signal instead of dying of it.
#include <csetjmp>
#include <csignal>
#include <cstring>

#include <unistd.h>

#include "harness/platform/page_touch.h"

namespace shmh::platform {
namespace {

sigjmp_buf touch_jump;
volatile std::sig_atomic_t touch_armed = 0;
void* volatile touch_fault_address = nullptr;
volatile int touch_fault_signal = 0;
volatile int touch_fault_code = 0;
// The touch's range and progress live outside the function: locals would be clobbered by siglongjmp.
std::byte* touch_base = nullptr;
std::uint64_t touch_end = 0;
volatile std::uint64_t touch_at = 0;

void on_touch_fault(int signal, siginfo_t* info, void*) {
  if (!touch_armed) {
    // Not ours: die of it as before.
    ::signal(signal, SIG_DFL);
    ::raise(signal);
    return;
  }
  touch_armed = 0;
  touch_fault_address = info->si_addr;
  touch_fault_signal = signal;
  touch_fault_code = info->si_code;
  siglongjmp(touch_jump, 1);
}

std::string touch_fault_name(int signal, int code) {
  std::string name = signal == SIGBUS ? "SIGBUS" : signal == SIGSEGV ? "SIGSEGV" : "signal " + std::to_string(signal);
  const char* detail = nullptr;
  if (signal == SIGBUS) detail = code == BUS_ADRERR ? "BUS_ADRERR" : code == BUS_ADRALN ? "BUS_ADRALN" : code == BUS_OBJERR ? "BUS_OBJERR" : nullptr;
  if (signal == SIGSEGV) detail = code == SEGV_MAPERR ? "SEGV_MAPERR" : code == SEGV_ACCERR ? "SEGV_ACCERR" : nullptr;
  return detail ? name + " (" + detail + ")" : name + " (si_code " + std::to_string(code) + ")";
}

}  // namespace

TouchOutcome touch_pages(const View& view, std::uint64_t offset, std::uint64_t length) {
  TouchOutcome outcome;
  touch_end = length == 0 ? view.length() : offset + length;
  const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  struct sigaction handler {};
  handler.sa_sigaction = on_touch_fault;
  handler.sa_flags = SA_SIGINFO;
  sigemptyset(&handler.sa_mask);
  struct sigaction old_bus {}, old_segv {};
  ::sigaction(SIGBUS, &handler, &old_bus);
  ::sigaction(SIGSEGV, &handler, &old_segv);
  touch_base = view.data();
  touch_at = offset;
  if (sigsetjmp(touch_jump, 1) == 0) {
    while (touch_at < touch_end) {
      const std::uint64_t here = touch_at;
      touch_armed = 1;
      *reinterpret_cast<volatile std::byte*>(touch_base + here) = std::byte{1};
      touch_armed = 0;
      touch_at = here + page;
    }
    outcome.bytes_touched = touch_end - offset;
  } else {
    const auto address = reinterpret_cast<std::uintptr_t>(touch_fault_address);
    outcome.bytes_touched = touch_at - offset;
    outcome.fault_offset = address - reinterpret_cast<std::uintptr_t>(touch_base);
    outcome.fault = touch_fault_name(touch_fault_signal, touch_fault_code);
    outcome.code = touch_fault_signal;
  }
  touch_armed = 0;
  ::sigaction(SIGBUS, &old_bus, nullptr);
  ::sigaction(SIGSEGV, &old_segv, nullptr);
  return outcome;
}

}  // namespace shmh::platform
