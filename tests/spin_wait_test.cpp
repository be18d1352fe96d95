// SpinWait: spins a bounded number of rounds, then yields, so spinners sharing a core progress;
// read_in_place: the zero-copy reader's checksum reads every byte.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

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

// The zero-copy reader's checksum against a plain reference: 64-bit words (native order) of each
// whole 64-byte group, then the remaining bytes one by one, at every alignment of the start.
std::uint64_t reference_sum(const std::byte* data, std::uint64_t size) {
  std::uint64_t total = 0, i = 0;
  for (; i + 64 <= size; i += 64) {
    for (std::uint64_t w = 0; w < 64; w += 8) {
      std::uint64_t word;
      std::memcpy(&word, data + i + w, sizeof word);
      total += word;
    }
  }
  for (; i < size; ++i) total += static_cast<std::uint64_t>(data[i]);
  return total;
}

TEST(ReadInPlace, SumsEveryByteOnceWhateverTheSizeAndAlignment) {
  std::vector<std::byte> data(4096 + 200);
  std::uint64_t x = 0x9E3779B97F4A7C15ull;
  for (auto& b : data) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    b = static_cast<std::byte>(x);
  }
  for (std::uint64_t offset : {0u, 1u, 8u, 13u}) {
    for (std::uint64_t size : {0u, 1u, 63u, 64u, 65u, 127u, 128u, 4096u, 4096u + 71u}) {
      const std::byte* start = data.data() + offset;
      const std::uint64_t sum = read_in_place(start, size);
#if defined(_M_X64) || defined(__x86_64__)
      EXPECT_EQ(sum, reference_sum(start, size)) << "offset " << offset << ", size " << size;
#else
      std::uint64_t bytes = 0;  // elsewhere every byte is added one by one
      for (std::uint64_t i = 0; i < size; ++i) bytes += static_cast<std::uint64_t>(start[i]);
      EXPECT_EQ(sum, bytes) << "offset " << offset << ", size " << size;
#endif
    }
  }
  // A changed byte changes the sum: the loads really read the block.
  const std::uint64_t before = read_in_place(data.data(), 4096);
  data[1000] = static_cast<std::byte>(static_cast<unsigned char>(data[1000]) + 1);
  EXPECT_NE(read_in_place(data.data(), 4096), before);
}

}  // namespace
}  // namespace shmh::platform
