// The throughput ring and the ping-pong, as two roles run them over one shared mapping. The
// memory under test is the point here: head and tail live in the mapping, on their own cache
// lines, and a blocked side is woken only when it said it waits.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "harness/platform/page_buffer.h"
#include "harness/platform/shared_memory.h"
#include "harness/platform/wake_signal.h"

namespace shmh {

enum class SyncMode { spin, hybrid, blocking };
const char* sync_mode_name(SyncMode mode);
SyncMode sync_mode_from_name(const std::string& name);  // throws std::invalid_argument

// Layout: counters 128 bytes apart (a pair of cache lines each), data from 4 KiB on.
struct RingLayout {
  static constexpr std::size_t kHead = 0, kTail = 128, kReaderWaiting = 256, kWriterWaiting = 384;
  static constexpr std::size_t kDataWord = 512, kSpaceWord = 640, kData = 4096;
  static std::uint64_t size(std::uint64_t slots, std::uint64_t block) { return kData + slots * block; }
};

// One side's attachment to a ring (the mapping, its view, the two wake signals).
class RingEnd {
 public:
  RingEnd(platform::Mapping mapping, platform::View view, std::uint64_t slots, std::uint64_t block,
          platform::WakeSignal data, platform::WakeSignal space);

  std::uint64_t slots() const { return slots_; }
  std::uint64_t block() const { return block_; }
  // Publish each block in parts of `chunk` bytes (0 or >= block: whole blocks). Both ends of a
  // ring need the same value: the head counts parts.
  void set_chunk(std::uint64_t chunk);
  // Testing only: each side spins this many ns per KiB of a block before publishing it (0: none).
  // On both sides, the ring's period per block grows by the delay whichever side limits it, so
  // the slowdown is the delay's share of that period.
  void set_injected_delay(double ns_per_kib) {
    delay_ns_ = static_cast<std::uint64_t>(ns_per_kib * static_cast<double>(block_) / 1024 + 0.5);
  }
  // Touches every page of the ring so that first-touch costs stay out of the timing.
  void prefault(bool write);
  void reset();

  struct Result {
    std::int64_t start_ns = 0, end_ns = 0;
    std::uint64_t blocks = 0;
    std::uint64_t mismatches = 0;  // reader with verify: blocks whose contents were wrong
    std::uint64_t waits = 0;       // times this side blocked
  };
  // Writer: copies `count` blocks in. Reader: copies them out, or with verify compares them, or
  // with `in_place` (zero-copy) sums each slot where it lies, as a consumer that needs no copy would.
  Result write_blocks(std::uint64_t count, SyncMode mode, bool verify);
  Result read_blocks(std::uint64_t count, SyncMode mode, bool verify, bool in_place = false);

  // The two-core hand-off limit (handoff.cpp): block i goes through buffer i % slots, one
  // counter each way, spinning. Throws std::invalid_argument on a ring of fewer than 2 slots.
  Result handoff_write(std::uint64_t count);
  Result handoff_read(std::uint64_t count, bool in_place = false);

  // Ping-pong over the same counters: the pinger measures each round trip in nanoseconds.
  std::vector<double> ping(std::uint64_t count, SyncMode mode);
  void pong(std::uint64_t count, SyncMode mode);

 private:
  std::atomic_ref<std::uint64_t> counter(std::size_t offset) const;
  std::atomic_ref<std::uint32_t> flag(std::size_t offset) const;
  void wait_injected_delay() const;  // spins delay_ns_ (testing only: callers skip it when 0)
  std::byte* slot(std::uint64_t index) const { return base_ + RingLayout::kData + (index % slots_) * block_; }
  // Waits until `ready()` holds: spins, then (hybrid, blocking) raises `waiting_flag` and blocks
  // on `signal`. Returns whether it blocked.
  template <typename Ready>
  bool wait_until(Ready ready, SyncMode mode, std::size_t waiting_flag, platform::WakeSignal& signal);
  void wake_if_waiting(std::size_t waiting_flag, platform::WakeSignal& signal);

  platform::Mapping mapping_;
  platform::View view_;
  std::byte* base_;
  std::uint64_t slots_, block_;
  std::uint64_t chunk_ = block_, parts_ = 1;  // bytes per publication, publications per block
  std::uint64_t delay_ns_ = 0;  // injected per block (set_injected_delay)
  platform::WakeSignal data_, space_;
  platform::PageBuffer buffer_;  // the writer's source or the reader's destination, page-aligned as the slots are
  std::uint64_t consumed_sum_ = 0;  // what in-place reading computed: kept so it is not optimised away
};

}  // namespace shmh
