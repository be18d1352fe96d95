// A wake-up two processes share, for blocking waits in the throughput ring and the ping-pong:
// a futex on a 32-bit word inside the shared mapping (Linux), or a named auto-reset event
// (Windows, where WaitOnAddress does not cross processes). Waits may end spuriously; callers
// re-check their condition.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "harness/platform/native_handles.h"
#include "harness/platform/result.h"

namespace shmh::platform {

class WakeSignal {
 public:
  WakeSignal() = default;

  // Creates or opens the signal `name` (Windows) over `word`, which lives in shared memory
  // (POSIX). Both processes call this with the same name and the same word of the mapping.
  static Result<WakeSignal> open(std::string_view name, std::uint32_t* word);

  // Take a ticket before re-checking the condition, then wait with it: a notify after the ticket
  // ends the wait at once, so no wake-up is lost between the check and the wait.
  std::uint32_t ticket() const;
  void wait(std::uint32_t ticket, std::chrono::milliseconds timeout);
  void notify();

 private:
  std::uint32_t* word_ = nullptr;  // in the shared mapping, not owned
  UniqueKernelHandle event_;        // Windows only
};

// "futex" or "named event": what a blocking wait costs is a property of this mechanism.
const char* wake_mechanism();

}  // namespace shmh::platform
