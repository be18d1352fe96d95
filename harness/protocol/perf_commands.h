// The role commands for throughput and latency (rings, ping-pong, Boost queues, in-run
// baselines), and their replies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "harness/protocol/mapping_commands.h"

namespace shmh::cmd {

struct PinReply {
  unsigned core = 0;
  int running_on = -1;  // the core the thread ran on right after (-1: unknown)
  friend bool operator==(const PinReply&, const PinReply&) = default;
};
SHMH_WIRE_TYPE(PinReply, core, running_on)

// Pins the role's thread to `core`.
struct Pin {
  unsigned core = 0;
  static constexpr std::string_view op = "pin";
  using Reply = PinReply;
  friend bool operator==(const Pin&, const Pin&) = default;
};
SHMH_WIRE_TYPE(Pin, core)

struct RingAttachReply {
  std::uint64_t slots = 0;
  std::uint64_t block = 0;
  std::uint64_t bytes = 0;
  friend bool operator==(const RingAttachReply&, const RingAttachReply&) = default;
};
SHMH_WIRE_TYPE(RingAttachReply, slots, block, bytes)

// Creates (or opens) the ring `name` of `slots` blocks of `block` bytes. With `chunk` (bytes,
// less than `block`), the writer publishes each block in parts of that size, so the reader starts
// on a block before all of it is written; absent or 0: whole blocks. Both sides of a ring must
// attach with the same `chunk`: the head counter counts parts.
struct RingAttach {
  std::string name;
  std::uint64_t slots = 0;
  std::uint64_t block = 0;
  std::optional<bool> create{};
  std::optional<std::uint64_t> chunk{};
  static constexpr std::string_view op = "ring_attach";
  using Reply = RingAttachReply;
  static constexpr bool details_only_when_ok = true;
  friend bool operator==(const RingAttach&, const RingAttach&) = default;
};
SHMH_WIRE_TYPE(RingAttach, name, slots, block, create, chunk)

struct RingReset {
  std::string ring;
  static constexpr std::string_view op = "ring_reset";
  using Reply = NoReply;
  friend bool operator==(const RingReset&, const RingReset&) = default;
};
SHMH_WIRE_TYPE(RingReset, ring)

struct TransferReply {
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::uint64_t blocks = 0;
  std::uint64_t mismatches = 0;
  std::uint64_t waits = 0;
  int core = -1;
  friend bool operator==(const TransferReply&, const TransferReply&) = default;
};
SHMH_WIRE_TYPE(TransferReply, start_ns, end_ns, blocks, mismatches, waits, core)

// `count` blocks through a ring in sync `mode`, once the barrier reaches `trial`. The writer's
// and the reader's commands differ only in their op. `consume` is the reader's: "copy" (the
// default: copy each block out) or "in-place" (zero-copy: sum the slot where it lies); the
// writer copies its blocks in either way and refuses anything but "copy" or absent.
template <bool Writer>
struct RingTransfer {
  std::string ring;
  std::uint64_t count = 0;
  std::string mode;  // "spin", "hybrid" or "blocking"
  std::optional<bool> verify{};
  std::uint64_t trial = 0;
  std::optional<std::string> consume{};
  // Testing only (`run --inject-delay-ns-per-kib`): each side waits this long per KiB of each
  // block before publishing it, a slowdown of known size for validating compare.
  std::optional<double> delay_ns_per_kib{};
  static constexpr std::string_view op = Writer ? "ring_write" : "ring_read";
  using Reply = TransferReply;
  friend bool operator==(const RingTransfer&, const RingTransfer&) = default;
};
using RingWrite = RingTransfer<true>;
using RingRead = RingTransfer<false>;
SHMH_WIRE_TYPE(RingWrite, ring, count, mode, verify, trial, consume, delay_ns_per_kib)
SHMH_WIRE_TYPE(RingRead, ring, count, mode, verify, trial, consume, delay_ns_per_kib)

// The two-core hand-off limit, between the same two roles on the same cores as the ring: the
// writer copies block i into buffer i % slots of the ring `ring` (which needs at least 2 slots),
// the reader copies it out; one counter each way, spinning, none of the ring's modes or wake
// flags. Released by the barrier at `trial` like a transfer.
template <bool Writer>
struct HandoffTransfer {
  std::string ring;
  std::uint64_t count = 0;
  std::uint64_t trial = 0;
  // The reader's: "copy" (default) copies each block out; "in-place" reads it where it lies, as
  // the zero-copy rows do: the limit of a zero-copy ring.
  std::optional<std::string> consume{};
  static constexpr std::string_view op = Writer ? "handoff_write" : "handoff_read";
  using Reply = TransferReply;
  friend bool operator==(const HandoffTransfer&, const HandoffTransfer&) = default;
};
using HandoffWrite = HandoffTransfer<true>;
using HandoffRead = HandoffTransfer<false>;
SHMH_WIRE_TYPE(HandoffWrite, ring, count, trial, consume)
SHMH_WIRE_TYPE(HandoffRead, ring, count, trial, consume)

// Percentiles of a series of round trips, in nanoseconds.
struct Percentiles {
  double p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0;
  std::uint64_t count = 0;
  friend bool operator==(const Percentiles&, const Percentiles&) = default;
};
SHMH_WIRE_TYPE(Percentiles, p50, p90, p99, p999, max, count)

struct PingReply {
  Percentiles round_trip_ns;
  int core = -1;
  friend bool operator==(const PingReply&, const PingReply&) = default;
};
SHMH_WIRE_TYPE(PingReply, round_trip_ns, core)

struct PongReply {
  int core = -1;
  friend bool operator==(const PongReply&, const PongReply&) = default;
};
SHMH_WIRE_TYPE(PongReply, core)

// `count` round trips through a one-slot ring: the pinger times them, the ponger answers.
template <bool Pinger>
struct PingPong {
  std::string ring;
  std::uint64_t count = 0;
  std::string mode;
  std::uint64_t trial = 0;
  static constexpr std::string_view op = Pinger ? "ping" : "pong";
  using Reply = std::conditional_t<Pinger, PingReply, PongReply>;
  friend bool operator==(const PingPong&, const PingPong&) = default;
};
using Ping = PingPong<true>;
using Pong = PingPong<false>;
SHMH_WIRE_TYPE(Ping, ring, count, mode, trial)
SHMH_WIRE_TYPE(Pong, ring, count, mode, trial)

// Creates (or opens) the Boost queue `name`: kind "message_queue" (the default, Boost.Interprocess)
// or "spsc" (boost::lockfree::spsc_queue in a shared mapping: platform/boost_queue.h).
struct QueueAttach {
  std::string name;
  std::uint64_t slots = 0;
  std::uint64_t block = 0;
  std::optional<bool> create{};
  std::optional<std::string> kind{};
  static constexpr std::string_view op = "queue_attach";
  using Reply = NoReply;
  friend bool operator==(const QueueAttach&, const QueueAttach&) = default;
};
SHMH_WIRE_TYPE(QueueAttach, name, slots, block, create, kind)

struct QueueTransferReply {
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::uint64_t blocks = 0;
  std::uint64_t mismatches = 0;
  friend bool operator==(const QueueTransferReply&, const QueueTransferReply&) = default;
};
SHMH_WIRE_TYPE(QueueTransferReply, start_ns, end_ns, blocks, mismatches)

// `count` messages through the queue `name`, once the barrier reaches `trial`.
template <bool Sender>
struct QueueTransfer {
  std::string name;
  std::uint64_t count = 0;
  std::uint64_t trial = 0;
  static constexpr std::string_view op = Sender ? "queue_send" : "queue_receive";
  using Reply = QueueTransferReply;
  friend bool operator==(const QueueTransfer&, const QueueTransfer&) = default;
};
using QueueSend = QueueTransfer<true>;
using QueueReceive = QueueTransfer<false>;
SHMH_WIRE_TYPE(QueueSend, name, count, trial)
SHMH_WIRE_TYPE(QueueReceive, name, count, trial)

struct MemcpyReply {
  double ns = 0;
  std::uint64_t bytes = 0;
  int core = -1;
  friend bool operator==(const MemcpyReply&, const MemcpyReply&) = default;
};
SHMH_WIRE_TYPE(MemcpyReply, ns, bytes, core)

// The yardstick for throughput: `count` single-thread memcpys of `block` bytes.
struct MemcpyBaseline {
  std::uint64_t block = 0;
  std::uint64_t count = 0;
  static constexpr std::string_view op = "memcpy_baseline";
  using Reply = MemcpyReply;
  friend bool operator==(const MemcpyBaseline&, const MemcpyBaseline&) = default;
};
SHMH_WIRE_TYPE(MemcpyBaseline, block, count)

struct CoreToCoreReply {
  Percentiles round_trip_ns;
  friend bool operator==(const CoreToCoreReply&, const CoreToCoreReply&) = default;
};
SHMH_WIRE_TYPE(CoreToCoreReply, round_trip_ns)

// The yardstick for latency: two threads of one role ping-pong on an atomic, on `cores`.
struct CoreToCoreBaseline {
  std::uint64_t count = 0;
  std::optional<std::vector<unsigned>> cores{};
  static constexpr std::string_view op = "c2c_baseline";
  using Reply = CoreToCoreReply;
  friend bool operator==(const CoreToCoreBaseline&, const CoreToCoreBaseline&) = default;
};
SHMH_WIRE_TYPE(CoreToCoreBaseline, count, cores)

struct SetupCostReply {
  double ns = 0;
  std::uint64_t bytes = 0;
  friend bool operator==(const SetupCostReply&, const SetupCostReply&) = default;
};
SHMH_WIRE_TYPE(SetupCostReply, ns, bytes)

// Create + map + first touch of every page of `size` bytes, timed.
struct SetupCost {
  std::string name;
  std::uint64_t size = 0;
  static constexpr std::string_view op = "setup_cost";
  using Reply = SetupCostReply;
  static constexpr bool details_only_when_ok = true;
  friend bool operator==(const SetupCost&, const SetupCost&) = default;
};
SHMH_WIRE_TYPE(SetupCost, name, size)

}  // namespace shmh::cmd
