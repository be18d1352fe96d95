// Role commands for the machine's limits: a small private shm store to fill (POSIX), and touching a
// view's pages with the first fault reported rather than fatal.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/protocol/wire.h"

namespace shmh::cmd {

struct PrivateStoreReply {
  std::string how;                // which unshare worked
  std::uint64_t store_size = 0;   // the private /dev/shm as statvfs reads it in the role's namespace
  std::uint64_t store_free = 0;
  friend bool operator==(const PrivateStoreReply&, const PrivateStoreReply&) = default;
};
SHMH_WIRE_TYPE(PrivateStoreReply, how, store_size, store_free)

// POSIX: the role moves to a mount namespace of its own with a tmpfs of `size` bytes over /dev/shm
// (platform::mount_private_store); its later shm_open calls land there. Windows: not supported.
struct PrivateStore {
  std::uint64_t size = 0;
  static constexpr std::string_view op = "private_store";
  using Reply = PrivateStoreReply;
  static constexpr bool details_only_when_ok = true;
  friend bool operator==(const PrivateStore&, const PrivateStore&) = default;
};
SHMH_WIRE_TYPE(PrivateStore, size)

struct TouchReply {
  std::uint64_t bytes_touched = 0;
  std::optional<std::uint64_t> fault_offset{};  // absent when every page took the write
  std::string fault;                            // "SIGBUS (BUS_ADRERR)", "EXCEPTION_ACCESS_VIOLATION"
  friend bool operator==(const TouchReply&, const TouchReply&) = default;
};
SHMH_WIRE_TYPE(TouchReply, bytes_touched, fault_offset, fault)

// Writes a byte into every page of the slot's view from `offset` for `length` bytes (0: to the end);
// a fault ends the touch and is the answer's error (code: the signal or exception code), not the role's death.
struct Touch {
  std::optional<std::uint64_t> offset{};
  std::optional<std::uint64_t> length{};
  std::optional<std::string> slot{};
  static constexpr std::string_view op = "touch";
  using Reply = TouchReply;
  friend bool operator==(const Touch&, const Touch&) = default;
};
SHMH_WIRE_TYPE(Touch, offset, length, slot)

}  // namespace shmh::cmd
