// Ring and ping-pong loops. Spinning uses the pause instruction; hybrid spins a bounded number
// of times first; blocking waits at once. The peer is woken only when its waiting flag is up
// (seq_cst on both sides, so either the waiter sees the new counter or the waker sees the flag).
#include "harness/role/ring.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <stdexcept>

#include "harness/protocol/coordination.h"
#include "harness/platform/cpu.h"

namespace shmh {
namespace {

constexpr int kHybridSpins = 4000;  // a few microseconds of pause before blocking

// Publishes a counter: a release store in spin mode; seq_cst where a peer may sleep (its waiting
// flag and this counter form a Dekker pair). Each branch names its order as a constant: a memory
// order known only at run time is compiled as seq_cst (GCC and Clang), an xchg on x86 that waits
// for the block's whole copy to leave the store buffer. That full barrier on every block is what
// held spin mode to 0.85 of the hand-off and 0.90 of boost::lockfree::spsc_queue at 4 KiB
// (docs/performance.md).
void publish(std::atomic_ref<std::uint64_t> counter, std::uint64_t value, SyncMode mode) {
  if (mode == SyncMode::spin) {
    counter.store(value, std::memory_order_release);
  } else {
    counter.store(value, std::memory_order_seq_cst);
  }
}

void fill_block(std::byte* block, std::uint64_t size, std::uint64_t sequence) {
  if (size >= sizeof sequence) std::memcpy(block, &sequence, sizeof sequence);
}

}  // namespace

const char* sync_mode_name(SyncMode mode) {
  return mode == SyncMode::spin ? "spin" : mode == SyncMode::hybrid ? "hybrid" : "blocking";
}

SyncMode sync_mode_from_name(const std::string& name) {
  if (name == "spin") return SyncMode::spin;
  if (name == "hybrid") return SyncMode::hybrid;
  if (name == "blocking") return SyncMode::blocking;
  throw std::invalid_argument("mode must be spin, hybrid or blocking, not '" + name + "'");
}

RingEnd::RingEnd(platform::Mapping mapping, platform::View view, std::uint64_t slots, std::uint64_t block,
                 platform::WakeSignal data, platform::WakeSignal space)
    : mapping_(std::move(mapping)),
      view_(std::move(view)),
      base_(view_.data()),
      slots_(slots),
      block_(block),
      data_(std::move(data)),
      space_(std::move(space)),
      buffer_(block) {
  // A recognisable pattern: verification compares against it, and it makes the pages real.
  for (std::size_t i = 0; i < buffer_.size(); ++i) buffer_[i] = static_cast<std::byte>((i * 131 + 7) & 0xFF);
}

std::atomic_ref<std::uint64_t> RingEnd::counter(std::size_t offset) const {
  return std::atomic_ref<std::uint64_t>(*reinterpret_cast<std::uint64_t*>(base_ + offset));
}
std::atomic_ref<std::uint32_t> RingEnd::flag(std::size_t offset) const {
  return std::atomic_ref<std::uint32_t>(*reinterpret_cast<std::uint32_t*>(base_ + offset));
}

void RingEnd::prefault(bool write) {
  const std::size_t page = 4096;
  volatile std::byte sink{};
  for (std::size_t offset = RingLayout::kData; offset < view_.length(); offset += page) {
    if (write) {
      base_[offset] = std::byte{0};
    } else {
      sink = base_[offset];
    }
  }
  (void)sink;
}

void RingEnd::wait_injected_delay() const {
  const std::int64_t until = steady_now_ns() + static_cast<std::int64_t>(delay_ns_);
  while (steady_now_ns() < until) {
  }
}

void RingEnd::reset() {
  counter(RingLayout::kHead).store(0);
  counter(RingLayout::kTail).store(0);
}

template <typename Ready>
bool RingEnd::wait_until(Ready ready, SyncMode mode, std::size_t waiting_flag, platform::WakeSignal& signal) {
  if (ready()) return false;
  if (mode != SyncMode::blocking) {
    // Spin mode never blocks, but it yields after a bounded spin (SpinWait), so a peer that
    // shares this core still runs: the figure degrades, the run never hangs.
    platform::SpinWait spin;
    for (int spins = 0; mode == SyncMode::spin || spins < kHybridSpins; ++spins) {
      if (ready()) return false;
      spin.once();
    }
  }
  bool blocked = false;
  while (!ready()) {
    const auto ticket = signal.ticket();
    flag(waiting_flag).store(1, std::memory_order_seq_cst);
    if (ready()) {
      flag(waiting_flag).store(0, std::memory_order_relaxed);
      break;
    }
    signal.wait(ticket, std::chrono::milliseconds(100));
    flag(waiting_flag).store(0, std::memory_order_relaxed);
    blocked = true;
  }
  return blocked;
}

void RingEnd::wake_if_waiting(std::size_t waiting_flag, platform::WakeSignal& signal) {
  if (flag(waiting_flag).load(std::memory_order_seq_cst) != 0) signal.notify();
}

void RingEnd::set_chunk(std::uint64_t chunk) {
  chunk_ = chunk == 0 || chunk >= block_ ? block_ : chunk;
  parts_ = (block_ + chunk_ - 1) / chunk_;
}

// The head counts published parts (one per block without chunks), the tail consumed blocks: a
// slot is reused only once the reader is done with all of it.
RingEnd::Result RingEnd::write_blocks(std::uint64_t count, SyncMode mode, bool verify) {
  Result result;
  auto head = counter(RingLayout::kHead);
  auto tail = counter(RingLayout::kTail);
  result.start_ns = steady_now_ns();
  for (std::uint64_t i = 0; i < count; ++i) {
    if (wait_until([&] { return i - tail.load(std::memory_order_acquire) < slots_; }, mode,
                   RingLayout::kWriterWaiting, space_)) {
      ++result.waits;
    }
    if (verify) fill_block(buffer_.data(), block_, i);
    std::byte* target = slot(i);
    if (delay_ns_ > 0) wait_injected_delay();
    for (std::uint64_t part = 0, offset = 0; part < parts_; ++part, offset += chunk_) {
      std::memcpy(target + offset, buffer_.data() + offset, std::min(chunk_, block_ - offset));
      publish(head, i * parts_ + part + 1, mode);
      if (mode != SyncMode::spin) wake_if_waiting(RingLayout::kReaderWaiting, data_);
    }
  }
  result.end_ns = steady_now_ns();
  result.blocks = count;
  return result;
}

RingEnd::Result RingEnd::read_blocks(std::uint64_t count, SyncMode mode, bool verify, bool in_place) {
  Result result;
  auto head = counter(RingLayout::kHead);
  auto tail = counter(RingLayout::kTail);
  platform::PageBuffer expected;
  if (verify) expected = buffer_;
  result.start_ns = steady_now_ns();
  for (std::uint64_t i = 0; i < count; ++i) {
    if (verify) fill_block(expected.data(), block_, i);
    bool intact = true;
    const std::byte* source = slot(i);
    for (std::uint64_t part = 0, offset = 0; part < parts_; ++part, offset += chunk_) {
      const std::uint64_t published = i * parts_ + part;
      if (wait_until([&] { return head.load(std::memory_order_acquire) > published; }, mode, RingLayout::kReaderWaiting,
                     data_)) {
        ++result.waits;
      }
      const std::uint64_t size = std::min(chunk_, block_ - offset);
      if (verify) {
        // memcmp against the expected block is nearly free; a byte-wise sum would cost 3-4x the copy.
        intact = std::memcmp(source + offset, expected.data() + offset, size) == 0 && intact;
      } else if (in_place) {
        consumed_sum_ += platform::read_in_place(source + offset, size);
      } else {
        std::memcpy(buffer_.data() + offset, source + offset, size);
      }
    }
    if (!intact) ++result.mismatches;
    if (delay_ns_ > 0) wait_injected_delay();
    publish(tail, i + 1, mode);
    if (mode != SyncMode::spin) wake_if_waiting(RingLayout::kWriterWaiting, space_);
  }
  result.end_ns = steady_now_ns();
  result.blocks = count;
  return result;
}

std::vector<double> RingEnd::ping(std::uint64_t count, SyncMode mode) {
  auto ping = counter(RingLayout::kHead);
  auto pong = counter(RingLayout::kTail);
  std::vector<double> round_trips;
  round_trips.reserve(count);
  for (std::uint64_t i = 1; i <= count; ++i) {
    const auto start = std::chrono::steady_clock::now();
    ping.store(i, std::memory_order_seq_cst);
    if (mode != SyncMode::spin) wake_if_waiting(RingLayout::kReaderWaiting, data_);
    wait_until([&] { return pong.load(std::memory_order_acquire) >= i; }, mode, RingLayout::kWriterWaiting, space_);
    round_trips.push_back(std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count());
  }
  return round_trips;
}

void RingEnd::pong(std::uint64_t count, SyncMode mode) {
  auto ping = counter(RingLayout::kHead);
  auto pong = counter(RingLayout::kTail);
  for (std::uint64_t i = 1; i <= count; ++i) {
    wait_until([&] { return ping.load(std::memory_order_acquire) >= i; }, mode, RingLayout::kReaderWaiting, data_);
    pong.store(i, std::memory_order_seq_cst);
    if (mode != SyncMode::spin) wake_if_waiting(RingLayout::kWriterWaiting, space_);
  }
}

}  // namespace shmh
