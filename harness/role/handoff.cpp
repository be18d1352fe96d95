// The two-core hand-off limit: what a copy-in/copy-out hand-off between the two pinned roles can
// at best reach, measured through the same kind of mapping as the ring but without its protocol.
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include "harness/platform/cpu.h"
#include "harness/protocol/coordination.h"
#include "harness/role/ring.h"

namespace shmh {
namespace {

// As many block buffers as the ring it is attached to has slots, at least two, used in turn:
// while the reader copies block i out of one, the writer copies block i + 1 into another, so both
// cores work all the time. Measured: with only two buffers, a 4-slot ring beat this at 64 KiB
// (1.14-1.30x): more buffers absorb the two sides' jitter, so the limit gets the ring's own count.
constexpr std::uint64_t kMinimumBuffers = 2;

void require_two_slots(std::uint64_t slots) {
  if (slots < kMinimumBuffers) {
    throw std::invalid_argument("the hand-off needs a ring of 2 slots, this one has " + std::to_string(slots));
  }
}

}  // namespace

// Head and tail count as in the ring (published parts, consumed blocks); the only waits are "is
// buffer i % slots free" and "is this part of block i there", each one acquire load in a pause loop,
// each part published by one release store: nothing of the ring's modes, wake flags or slot
// arithmetic. With the ring's chunk (publishing within a block), the limit uses it too, so that
// it stays the upper bound of what the ring can do.
RingEnd::Result RingEnd::handoff_write(std::uint64_t count) {
  require_two_slots(slots_);
  auto ready = counter(RingLayout::kHead);
  auto done = counter(RingLayout::kTail);
  std::byte* buffers = base_ + RingLayout::kData;
  Result result;
  result.start_ns = steady_now_ns();
  for (std::uint64_t i = 0; i < count; ++i) {
    for (platform::SpinWait spin; i >= done.load(std::memory_order_acquire) + slots_;) spin.once();
    std::byte* target = buffers + (i % slots_) * block_;
    for (std::uint64_t part = 0, offset = 0; part < parts_; ++part, offset += chunk_) {
      std::memcpy(target + offset, buffer_.data() + offset, std::min(chunk_, block_ - offset));
      ready.store(i * parts_ + part + 1, std::memory_order_release);
    }
  }
  result.end_ns = steady_now_ns();
  result.blocks = count;
  return result;
}

// in_place: the reader reads each part where it lies (platform::read_in_place, as the zero-copy
// rows' reader does) instead of copying it out: the limit of a zero-copy ring.
RingEnd::Result RingEnd::handoff_read(std::uint64_t count, bool in_place) {
  require_two_slots(slots_);
  auto ready = counter(RingLayout::kHead);
  auto done = counter(RingLayout::kTail);
  const std::byte* buffers = base_ + RingLayout::kData;
  Result result;
  result.start_ns = steady_now_ns();
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::byte* source = buffers + (i % slots_) * block_;
    for (std::uint64_t part = 0, offset = 0; part < parts_; ++part, offset += chunk_) {
      for (platform::SpinWait spin; ready.load(std::memory_order_acquire) <= i * parts_ + part;) spin.once();
      if (in_place) {
        consumed_sum_ += platform::read_in_place(source + offset, std::min(chunk_, block_ - offset));
      } else {
        std::memcpy(buffer_.data() + offset, source + offset, std::min(chunk_, block_ - offset));
      }
    }
    done.store(i + 1, std::memory_order_release);
  }
  result.end_ns = steady_now_ns();
  result.blocks = count;
  return result;
}

}  // namespace shmh
