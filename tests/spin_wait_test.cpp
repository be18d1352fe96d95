// SpinWait: spins a bounded number of rounds, then yields, so spinners sharing a core progress.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "harness/platform/cpu.h"

namespace shmh::platform {
namespace {

TEST(SpinWait, PausesABoundedNumberOfRoundsThenYieldsEveryRound) {
  SpinWait spin;
  for (std::uint32_t i = 0; i < SpinWait::kPausesBeforeYield; ++i) spin.once();
  EXPECT_EQ(spin.yields(), 0u);
  for (int i = 0; i < 3; ++i) spin.once();
  EXPECT_EQ(spin.yields(), 3u);
}

// The case a 2-vCPU runner creates: both spinning sides on one core. Each hand-off must come
// within a yield, not a time slice; the test asserts completion and that yielding happened,
// not a speed (ctest's timeout is the bound).
TEST(SpinWait, TwoSpinnersOnOneCoreHandOffTwoThousandTimes) {
  constexpr std::uint64_t kHandOffs = 2000;
  std::atomic<std::uint64_t> ping{0}, pong{0};
  std::atomic<std::uint64_t> yields{0};
  const bool pinned = !pin_current_thread(0);  // Status: set when pinning failed
  std::thread partner([&] {
    if (pinned) (void)pin_current_thread(0);  // best effort: the main thread's pin decides
    std::uint64_t mine = 0;
    for (std::uint64_t i = 1; i <= kHandOffs; ++i) {
      SpinWait spin;
      while (ping.load(std::memory_order_acquire) < i) spin.once();
      mine += spin.yields();
      pong.store(i, std::memory_order_release);
    }
    yields += mine;
  });
  for (std::uint64_t i = 1; i <= kHandOffs; ++i) {
    ping.store(i, std::memory_order_release);
    SpinWait spin;
    while (pong.load(std::memory_order_acquire) < i) spin.once();
    yields += spin.yields();
  }
  partner.join();
  EXPECT_EQ(pong.load(), kHandOffs);
  if (pinned) {
    EXPECT_GT(yields.load(), 0u) << "both sides on core 0, yet nobody ever had to yield";
  }
}

}  // namespace
}  // namespace shmh::platform
