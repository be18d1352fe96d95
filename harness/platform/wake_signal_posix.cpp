// Linux: futex wait and wake on a word of the shared mapping (not FUTEX_PRIVATE: cross-process).
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <ctime>
#include <utility>

#include "harness/platform/wake_signal.h"

namespace shmh::platform {

const char* wake_mechanism() { return "futex"; }

Result<WakeSignal> WakeSignal::open(std::string_view, std::uint32_t* word) {
  WakeSignal signal;
  signal.word_ = word;
  return signal;
}

std::uint32_t WakeSignal::ticket() const { return std::atomic_ref<std::uint32_t>(*word_).load(std::memory_order_seq_cst); }

void WakeSignal::wait(std::uint32_t ticket, std::chrono::milliseconds timeout) {
  timespec limit{};
  limit.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  limit.tv_nsec = static_cast<long>((timeout.count() % 1000) * 1000000);
  ::syscall(SYS_futex, word_, FUTEX_WAIT, ticket, &limit, nullptr, 0);
}

void WakeSignal::notify() {
  std::atomic_ref<std::uint32_t>(*word_).fetch_add(1, std::memory_order_seq_cst);
  ::syscall(SYS_futex, word_, FUTEX_WAKE, 1, nullptr, nullptr, 0);
}

}  // namespace shmh::platform
