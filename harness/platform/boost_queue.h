// Boost.Interprocess message_queue, for a side-by-side comparison with the ring (only when Boost
// was found at build time: SHMH_HAVE_BOOST). Exceptions from Boost become OsErrors.
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

  // create: a queue of `slots` messages of `block` bytes under the run's name; else open it.
  static Result<BoostQueue> attach(const std::string& name, std::uint64_t slots, std::uint64_t block, bool create);
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
