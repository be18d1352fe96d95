// The role's throughput and latency operations: attach a ring, move blocks through it, ping-pong,
// and the in-run baselines (memcpy, core-to-core) measured in the same kind of process.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include "harness/platform/cpu.h"
#include "harness/platform/page_buffer.h"
#include "harness/platform/system_info.h"
#include "reports/statistics.h"
#include "harness/platform/child_process.h"
#include "harness/role/operations.h"

namespace shmh {
namespace {

using Clock = std::chrono::steady_clock;

cmd::Percentiles percentiles(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  using report::percentile_of_sorted;
  return {.p50 = percentile_of_sorted(values, 0.5), .p90 = percentile_of_sorted(values, 0.9),
          .p99 = percentile_of_sorted(values, 0.99), .p999 = percentile_of_sorted(values, 0.999),
          .max = values.empty() ? 0 : values.back(), .count = values.size()};
}

// Waits for the orchestrator's start flag for this trial (both sides start together).
void wait_for_start(Coordination& coord, std::uint64_t trial) {
  if (!Coordination::wait_at_least(coord.generation(), trial, Clock::now() + std::chrono::seconds(30))) {
    throw std::invalid_argument("the start barrier for trial " + std::to_string(trial) + " was not released in time");
  }
}

}  // namespace

RingEnd& RoleOperations::ring(const std::string& name) {
  const auto it = rings_.find(name);
  if (it == rings_.end()) throw std::invalid_argument("no ring '" + name + "' attached");
  return *it->second;
}

report::Observation RoleOperations::pin(const cmd::Pin& command) {
  const auto core = command.core;
  auto o = observe(platform::pin_api_name(), "");
  if (auto error = platform::pin_current_thread(core)) {
    o.error = to_error_info(*error);
  } else {
    o.ok = true;
  }
  o.details = wire::encode_reply(cmd::PinReply{.core = core, .running_on = platform::current_core()});
  return o;
}

report::Observation RoleOperations::ring_attach(const cmd::RingAttach& command) {
  const auto& name = command.name;
  const auto slots = command.slots;
  const auto block = command.block;
  const bool create = command.create.value_or(false);
  const auto size = RingLayout::size(slots, block);
  auto o = observe(platform::api_name(create ? platform::Call::create : platform::Call::open), name);
  platform::Mapping mapping;
  if (create) {
    auto created = platform::create_mapping(name, size);
    if (!created) {
      o.error = to_error_info(created.error());
      return o;
    }
    mapping = std::move(created.value().mapping);
  } else {
    auto opened = platform::open_mapping(name, platform::Access::write);
    if (!opened) {
      o.error = to_error_info(opened.error());
      return o;
    }
    mapping = std::move(opened.value());
  }
  auto view = platform::map_view(mapping, platform::Access::write, 0, static_cast<std::size_t>(size));
  if (!view) {
    o.api = view.error().api;
    o.error = to_error_info(view.error());
    return o;
  }
  auto* base = view.value().data();
  auto data = platform::WakeSignal::open(name + "-data", reinterpret_cast<std::uint32_t*>(base + RingLayout::kDataWord));
  auto space = platform::WakeSignal::open(name + "-space", reinterpret_cast<std::uint32_t*>(base + RingLayout::kSpaceWord));
  if (!data || !space) {
    const auto& error = !data ? data.error() : space.error();
    o.api = error.api;
    o.error = to_error_info(error);
    return o;
  }
  auto end = std::make_unique<RingEnd>(std::move(mapping), std::move(view.value()), slots, block,
                                       std::move(data.value()), std::move(space.value()));
  end->set_chunk(command.chunk.value_or(0));
  end->prefault(create);
  rings_[name] = std::move(end);
  o.ok = true;
  o.details = wire::encode_reply(cmd::RingAttachReply{.slots = slots, .block = block, .bytes = size});
  return o;
}

template <bool writer>
report::Observation RoleOperations::ring_transfer(const cmd::RingTransfer<writer>& command) {
  RingEnd& end = ring(command.ring);
  const auto count = command.count;
  const auto mode = sync_mode_from_name(command.mode);
  const bool verify = command.verify.value_or(false);
  const std::string consume = command.consume.value_or("copy");
  if (consume != "copy" && (writer || consume != "in-place")) {
    throw std::invalid_argument(std::string("consume must be ") + (writer ? "copy for the writer" : "copy or in-place") +
                                ", not '" + consume + "'");
  }
  if (verify && consume == "in-place") throw std::invalid_argument("verify and consume=in-place exclude each other");
  end.set_injected_delay(command.delay_ns_per_kib.value_or(0));
  wait_for_start(coordination(), command.trial);
  const auto result = writer ? end.write_blocks(count, mode, verify) : end.read_blocks(count, mode, verify, consume == "in-place");
  auto o = observe(writer ? "ring_write" : "ring_read", "");
  o.ok = result.mismatches == 0;
  o.details = wire::encode_reply(cmd::TransferReply{.start_ns = result.start_ns, .end_ns = result.end_ns,
                                                    .blocks = result.blocks, .mismatches = result.mismatches,
                                                    .waits = result.waits, .core = platform::current_core()});
  return o;
}
template report::Observation RoleOperations::ring_transfer(const cmd::RingWrite&);
template report::Observation RoleOperations::ring_transfer(const cmd::RingRead&);

template <bool writer>
report::Observation RoleOperations::handoff_transfer(const cmd::HandoffTransfer<writer>& command) {
  RingEnd& end = ring(command.ring);
  if (end.slots() < 2) throw std::invalid_argument("the hand-off needs a ring of 2 slots, '" + command.ring + "' has 1");
  const std::string consume = command.consume.value_or("copy");
  if (consume != "copy" && (writer || consume != "in-place")) {
    throw std::invalid_argument("the hand-off's consume must be copy, or in-place for the reader, not '" + consume + "'");
  }
  wait_for_start(coordination(), command.trial);
  const auto result = writer ? end.handoff_write(command.count) : end.handoff_read(command.count, consume == "in-place");
  auto o = observe(writer ? "handoff_write" : "handoff_read", "");
  o.ok = true;
  o.details = wire::encode_reply(cmd::TransferReply{.start_ns = result.start_ns, .end_ns = result.end_ns,
                                                    .blocks = result.blocks, .core = platform::current_core()});
  return o;
}
template report::Observation RoleOperations::handoff_transfer(const cmd::HandoffWrite&);
template report::Observation RoleOperations::handoff_transfer(const cmd::HandoffRead&);

template <bool pinger>
report::Observation RoleOperations::ping_pong(const cmd::PingPong<pinger>& command) {
  RingEnd& end = ring(command.ring);
  const auto count = command.count;
  const auto mode = sync_mode_from_name(command.mode);
  wait_for_start(coordination(), command.trial);
  auto o = observe(pinger ? "ping" : "pong", "");
  if constexpr (pinger) {
    const auto round_trips = percentiles(end.ping(count, mode));
    o.details = wire::encode_reply(cmd::PingReply{.round_trip_ns = round_trips, .core = platform::current_core()});
  } else {
    end.pong(count, mode);
    o.details = wire::encode_reply(cmd::PongReply{.core = platform::current_core()});
  }
  o.ok = true;
  return o;
}
template report::Observation RoleOperations::ping_pong(const cmd::Ping&);
template report::Observation RoleOperations::ping_pong(const cmd::Pong&);

// Zeroes head and tail. The orchestrator calls it, and waits for the answer, before it sends a
// transfer and releases the barrier: a reset racing the peer's first read would hand the peer the
// previous trial's counters.
report::Observation RoleOperations::ring_reset(const cmd::RingReset& command) {
  ring(command.ring).reset();
  auto o = observe("ring_reset", "");
  o.ok = true;
  return o;
}

report::Observation RoleOperations::queue_attach(const cmd::QueueAttach& command) {
  const auto& name = command.name;
  const std::string kind = command.kind.value_or("message_queue");
  if (kind != "message_queue" && kind != "spsc") throw std::invalid_argument("queue kind must be message_queue or spsc, not '" + kind + "'");
  const bool spsc = kind == "spsc";
  auto queue = platform::BoostQueue::attach(name, command.slots, command.block, command.create.value_or(false),
                                            spsc ? platform::BoostQueue::Kind::spsc : platform::BoostQueue::Kind::message_queue);
  auto o = observe(spsc ? "boost::lockfree::spsc_queue" : "boost::interprocess::message_queue", name);
  if (!queue) {
    o.error = to_error_info(queue.error());
    return o;
  }
  queues_.erase(name);
  queues_.emplace(name, std::move(queue.value()));
  o.ok = true;
  return o;
}

template <bool sender>
report::Observation RoleOperations::queue_transfer(const cmd::QueueTransfer<sender>& command) {
  const auto& name = command.name;
  const auto it = queues_.find(name);
  if (it == queues_.end()) throw std::invalid_argument("no queue '" + name + "' attached");
  const auto count = command.count;
  wait_for_start(coordination(), command.trial);
  const auto start = steady_now_ns();
  const auto wrong = sender ? it->second.send(count) : it->second.receive(count);
  auto o = observe(sender ? "message_queue::send" : "message_queue::receive", name);
  o.ok = wrong == 0;
  o.details = wire::encode_reply(
      cmd::QueueTransferReply{.start_ns = start, .end_ns = steady_now_ns(), .blocks = count, .mismatches = wrong});
  return o;
}
template report::Observation RoleOperations::queue_transfer(const cmd::QueueSend&);
template report::Observation RoleOperations::queue_transfer(const cmd::QueueReceive&);

report::Observation RoleOperations::memcpy_baseline(const cmd::MemcpyBaseline& command) {
  const auto block = command.block;
  const auto count = command.count;
  platform::PageBuffer source(block, std::byte{1}), destination(block, std::byte{0});  // page to page, as the ring copies
  std::memcpy(destination.data(), source.data(), block);  // first touch outside the timing
  const auto start = Clock::now();
  for (std::uint64_t i = 0; i < count; ++i) {
    source[0] = static_cast<std::byte>(i);  // keeps the compiler from collapsing the copies
    std::memcpy(destination.data(), source.data(), block);
  }
  const double ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
  auto o = observe("memcpy", "");
  o.ok = destination[0] == static_cast<std::byte>(count - 1);
  o.details = wire::encode_reply(cmd::MemcpyReply{.ns = ns, .bytes = block * count, .core = platform::current_core()});
  return o;
}

report::Observation RoleOperations::core_to_core_baseline(const cmd::CoreToCoreBaseline& command) {
  // Two threads of one process ping-pong on an atomic, on the same pair of cores the roles use:
  // the floor for a cross-process ping-pong.
  const auto count = command.count;
  const auto cores = command.cores.value_or(std::vector<unsigned>{});
  alignas(128) std::atomic<std::uint64_t> ping{0};
  alignas(128) std::atomic<std::uint64_t> pong{0};
  std::thread partner([&] {
    // Ignored on purpose: unpinned, the baseline is noisier but still a floor; the roles' own
    // `pin` operations are where a pinning failure is reported.
    if (cores.size() == 2) (void)platform::pin_current_thread(cores[1]);
    for (std::uint64_t i = 1; i <= count; ++i) {
      for (platform::SpinWait spin; ping.load(std::memory_order_acquire) < i;) spin.once();
      pong.store(i, std::memory_order_release);
    }
  });
  if (cores.size() == 2) (void)platform::pin_current_thread(cores[0]);  // as for the partner above
  std::vector<double> round_trips;
  round_trips.reserve(count);
  for (std::uint64_t i = 1; i <= count; ++i) {
    const auto start = Clock::now();
    ping.store(i, std::memory_order_release);
    for (platform::SpinWait spin; pong.load(std::memory_order_acquire) < i;) spin.once();
    round_trips.push_back(std::chrono::duration<double, std::nano>(Clock::now() - start).count());
  }
  partner.join();
  auto o = observe("core-to-core", "");
  o.ok = true;
  o.details = wire::encode_reply(cmd::CoreToCoreReply{.round_trip_ns = percentiles(std::move(round_trips))});
  return o;
}

report::Observation RoleOperations::setup_cost(const cmd::SetupCost& command) {
  const auto& name = command.name;
  const auto size = command.size;
  auto o = observe(platform::api_name(platform::Call::create), name);
  const auto start = Clock::now();
  auto created = platform::create_mapping(name, size);
  if (!created) {
    o.error = to_error_info(created.error());
    return o;
  }
  auto view = platform::map_view(created.value().mapping, platform::Access::write, 0, static_cast<std::size_t>(size));
  if (!view) {
    o.error = to_error_info(view.error());
    return o;
  }
  for (std::uint64_t offset = 0; offset < size; offset += 4096) view.value().data()[offset] = std::byte{1};
  const double ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
  // The measurement is taken, but an object that cannot be released is a finding, not a detail.
  platform::Status released = view.value().unmap();
  if (!released) released = created.value().mapping.close();
  if (!released && platform::names_persist_until_unlinked()) released = platform::unlink_mapping(name);
  if (released) {
    o.error = to_error_info(*released);
    return o;
  }
  o.ok = true;
  o.details = wire::encode_reply(cmd::SetupCostReply{.ns = ns, .bytes = size});
  return o;
}

}  // namespace shmh
