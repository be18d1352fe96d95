// Windows: a named auto-reset event. A notify with nobody waiting leaves it set, so the next wait
// returns at once: a wake-up is never lost, at worst one wait is spurious.
#include <windows.h>

#include <utility>

#include "harness/platform/wake_signal.h"
#include "harness/platform/win_text.h"

namespace shmh::platform {

const char* wake_mechanism() { return "named event"; }

Result<WakeSignal> WakeSignal::open(std::string_view name, std::uint32_t* word) {
  HANDLE event = ::CreateEventW(nullptr, FALSE, FALSE, to_utf16(name).c_str());
  if (event == nullptr) return last_os_error("CreateEventW");
  WakeSignal signal;
  signal.word_ = word;
  signal.event_.reset(reinterpret_cast<std::intptr_t>(event));
  return signal;
}

std::uint32_t WakeSignal::ticket() const { return 0; }

void WakeSignal::wait(std::uint32_t, std::chrono::milliseconds timeout) {
  ::WaitForSingleObject(reinterpret_cast<HANDLE>(event_.get()), static_cast<DWORD>(timeout.count()));
}

void WakeSignal::notify() { ::SetEvent(reinterpret_cast<HANDLE>(event_.get())); }

}  // namespace shmh::platform
