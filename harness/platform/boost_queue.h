// Boost's queues, for a side-by-side comparison with the ring (only when Boost was found at build
// time: SHMH_HAVE_BOOST): Boost.Interprocess message_queue, and boost::lockfree::spsc_queue placed
// in a Boost.Interprocess shared mapping. Exceptions from Boost become OsErrors.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "harness/platform/result.h"

namespace shmh::platform {

bool boost_queue_available();

class BoostQueue {
 public:
  ~BoostQueue();
  BoostQueue(BoostQueue&&) noexcept;
  BoostQueue& operator=(BoostQueue&&) noexcept;

  enum class Kind { message_queue, spsc };
  // create: a queue of `slots` messages of `block` bytes under the run's name; else open it.
  // spsc: two boost::lockfree::spsc_queue of slot indices (full, free), compile-time sized and
  // placement-constructed at the start of the mapping (indices, no pointers: the two processes map
  // it at different addresses), then `slots` blocks; the sender copies a block into a free slot
  // and pushes its index, the receiver pops it, copies the block out and gives the slot back.
  static Result<BoostQueue> attach(const std::string& name, std::uint64_t slots, std::uint64_t block, bool create,
                                   Kind kind = Kind::message_queue);
  // At most this many slots in an spsc queue (its compile-time capacity).
  static constexpr std::uint64_t kMaxSpscSlots = 63;
  // Sends or receives `count` messages of the block size; returns the number that were wrong.
  std::uint64_t send(std::uint64_t count);
  std::uint64_t receive(std::uint64_t count);
  // Removes the queue's name.
  static void remove(const std::string& name);

 private:
  struct Impl;
  explicit BoostQueue(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace shmh::platform
