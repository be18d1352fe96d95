// Waiting on coordination flags: spin with yield, so that more roles than cores still progress.
#include "harness/protocol/coordination.h"

#include <thread>

#include "harness/platform/this_process.h"

namespace shmh {

bool Coordination::wait_at_least(std::atomic_ref<std::uint64_t> value, std::uint64_t target,
                                 std::chrono::steady_clock::time_point deadline) {
  for (unsigned spins = 0;; ++spins) {
    if (value.load(std::memory_order_acquire) >= target) return true;
    if ((spins & 63) == 63) {
      if (std::chrono::steady_clock::now() >= deadline || platform::interrupt_requested()) return false;
      std::this_thread::yield();
    }
  }
}

std::int64_t steady_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace shmh
