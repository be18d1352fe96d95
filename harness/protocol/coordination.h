// The coordination mapping: a separate small mapping the orchestrator and its roles share to
// release roles together (start barrier) and to signal "I have started". It is never the
// memory under test, so coordinating never disturbs what a scenario observes.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "harness/platform/shared_memory.h"

namespace shmh {

class Coordination {
 public:
  static constexpr std::size_t kMaxRoles = 64;
  static constexpr std::size_t kStride = 128;  // one flag per pair of cache lines: no false sharing
  static constexpr std::size_t kSize = kStride * (kMaxRoles + 1);

  explicit Coordination(std::byte* base) : base_(base) {}

  // The barrier: roles wait until the generation reaches their trial number.
  std::atomic_ref<std::uint64_t> generation() const { return at(0); }
  // Per-role flags, index 0..kMaxRoles-1.
  std::atomic_ref<std::uint64_t> flag(std::size_t index) const { return at(kStride * (index + 1)); }

  // Spins (yielding the core) until `value` >= target or the deadline passes.
  static bool wait_at_least(std::atomic_ref<std::uint64_t> value, std::uint64_t target,
                            std::chrono::steady_clock::time_point deadline);

 private:
  std::atomic_ref<std::uint64_t> at(std::size_t offset) const {
    return std::atomic_ref<std::uint64_t>(*reinterpret_cast<std::uint64_t*>(base_ + offset));
  }
  std::byte* base_;
};

// Nanoseconds on the steady clock, comparable between processes of one machine
// (CLOCK_MONOTONIC; QueryPerformanceCounter).
std::int64_t steady_now_ns();

}  // namespace shmh
