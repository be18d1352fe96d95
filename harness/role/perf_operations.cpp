// The role's throughput and latency operations: attach a ring, move blocks through it, ping-pong,
// and the in-run baselines (memcpy, core-to-core) measured in the same kind of process.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include "harness/protocol/command_fields.h"
#include "harness/platform/cpu.h"
#include "harness/platform/system_info.h"
#include "reports/statistics.h"
#include "harness/platform/child_process.h"
#include "harness/role/operations.h"

namespace shmh {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

json percentiles(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  using report::percentile_of_sorted;
  return {{"p50", percentile_of_sorted(values, 0.5)}, {"p90", percentile_of_sorted(values, 0.9)}, {"p99", percentile_of_sorted(values, 0.99)},
          {"p999", percentile_of_sorted(values, 0.999)}, {"max", values.empty() ? 0 : values.back()}, {"count", values.size()}};
}

// Waits for the orchestrator's start flag for this trial (both sides start together).
void wait_for_start(Coordination& coord, std::uint64_t trial) {
  if (!Coordination::wait_at_least(coord.generation(), trial, Clock::now() + std::chrono::seconds(30))) {
    throw std::invalid_argument("the start barrier for trial " + std::to_string(trial) + " was not released in time");
  }
}

}  // namespace

RingEnd& RoleOperations::ring(const json& command) {
  const auto name = required_field<std::string>(command, "ring");
  const auto it = rings_.find(name);
  if (it == rings_.end()) throw std::invalid_argument("no ring '" + name + "' attached");
  return *it->second;
}

report::Observation RoleOperations::pin(const json& command) {
  const auto core = required_field<unsigned>(command, "core");
  auto o = observe(platform::pin_api_name(), "");
  if (auto error = platform::pin_current_thread(core)) {
    o.error = to_error_info(*error);
  } else {
    o.ok = true;
  }
  o.details = {{"core", core}, {"running_on", platform::current_core()}};
  return o;
}

report::Observation RoleOperations::ring_attach(const json& command) {
  const auto name = required_field<std::string>(command, "name");
  const auto slots = required_field<std::uint64_t>(command, "slots");
  const auto block = required_field<std::uint64_t>(command, "block");
  const bool create = optional_field<bool>(command, "create", false);
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
  end->prefault(create);
  rings_[name] = std::move(end);
  o.ok = true;
  o.details = {{"slots", slots}, {"block", block}, {"bytes", size}};
  return o;
}

report::Observation RoleOperations::ring_transfer(const json& command) {
  RingEnd& end = ring(command);
  const bool writer = required_field<std::string>(command, "op") == "ring_write";
  const auto count = required_field<std::uint64_t>(command, "count");
  const auto mode = sync_mode_from_name(required_field<std::string>(command, "mode"));
  const bool verify = optional_field<bool>(command, "verify", false);
  wait_for_start(coordination(), required_field<std::uint64_t>(command, "trial"));
  const auto result = writer ? end.write_blocks(count, mode, verify) : end.read_blocks(count, mode, verify);
  auto o = observe(writer ? "ring_write" : "ring_read", "");
  o.ok = result.mismatches == 0;
  o.details = {{"start_ns", result.start_ns}, {"end_ns", result.end_ns}, {"blocks", result.blocks},
               {"mismatches", result.mismatches}, {"waits", result.waits}, {"core", platform::current_core()}};
  return o;
}

report::Observation RoleOperations::ping_pong(const json& command) {
  RingEnd& end = ring(command);
  const bool pinger = required_field<std::string>(command, "op") == "ping";
  const auto count = required_field<std::uint64_t>(command, "count");
  const auto mode = sync_mode_from_name(required_field<std::string>(command, "mode"));
  wait_for_start(coordination(), required_field<std::uint64_t>(command, "trial"));
  auto o = observe(pinger ? "ping" : "pong", "");
  if (pinger) {
    o.details = {{"round_trip_ns", percentiles(end.ping(count, mode))}};
  } else {
    end.pong(count, mode);
  }
  o.ok = true;
  o.details["core"] = platform::current_core();
  return o;
}

// Zeroes head and tail. The orchestrator calls it, and waits for the answer, before it sends a
// transfer and releases the barrier: a reset racing the peer's first read would hand the peer the
// previous trial's counters.
report::Observation RoleOperations::ring_reset(const json& command) {
  ring(command).reset();
  auto o = observe("ring_reset", "");
  o.ok = true;
  return o;
}

report::Observation RoleOperations::queue_attach(const json& command) {
  const auto name = required_field<std::string>(command, "name");
  auto queue = platform::BoostQueue::attach(name, required_field<std::uint64_t>(command, "slots"),
                                            required_field<std::uint64_t>(command, "block"),
                                            optional_field<bool>(command, "create", false));
  auto o = observe("boost::interprocess::message_queue", name);
  if (!queue) {
    o.error = to_error_info(queue.error());
    return o;
  }
  queues_.erase(name);
  queues_.emplace(name, std::move(queue.value()));
  o.ok = true;
  return o;
}

report::Observation RoleOperations::queue_transfer(const json& command) {
  const auto name = required_field<std::string>(command, "name");
  const auto it = queues_.find(name);
  if (it == queues_.end()) throw std::invalid_argument("no queue '" + name + "' attached");
  const bool sender = required_field<std::string>(command, "op") == "queue_send";
  const auto count = required_field<std::uint64_t>(command, "count");
  wait_for_start(coordination(), required_field<std::uint64_t>(command, "trial"));
  const auto start = steady_now_ns();
  const auto wrong = sender ? it->second.send(count) : it->second.receive(count);
  auto o = observe(sender ? "message_queue::send" : "message_queue::receive", name);
  o.ok = wrong == 0;
  o.details = {{"start_ns", start}, {"end_ns", steady_now_ns()}, {"blocks", count}, {"mismatches", wrong}};
  return o;
}

report::Observation RoleOperations::memcpy_baseline(const json& command) {
  const auto block = required_field<std::uint64_t>(command, "block");
  const auto count = required_field<std::uint64_t>(command, "count");
  std::vector<std::byte> source(block, std::byte{1}), destination(block, std::byte{0});
  std::memcpy(destination.data(), source.data(), block);  // first touch outside the timing
  const auto start = Clock::now();
  for (std::uint64_t i = 0; i < count; ++i) {
    source[0] = static_cast<std::byte>(i);  // keeps the compiler from collapsing the copies
    std::memcpy(destination.data(), source.data(), block);
  }
  const double ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
  auto o = observe("memcpy", "");
  o.ok = destination[0] == static_cast<std::byte>(count - 1);
  o.details = {{"ns", ns}, {"bytes", block * count}, {"core", platform::current_core()}};
  return o;
}

report::Observation RoleOperations::core_to_core_baseline(const json& command) {
  // Two threads of one process ping-pong on an atomic, on the same pair of cores the roles use:
  // the floor for a cross-process ping-pong.
  const auto count = required_field<std::uint64_t>(command, "count");
  const auto cores = optional_field<std::vector<unsigned>>(command, "cores", {});
  alignas(128) std::atomic<std::uint64_t> ping{0};
  alignas(128) std::atomic<std::uint64_t> pong{0};
  std::thread partner([&] {
    // Ignored on purpose: unpinned, the baseline is noisier but still a floor; the roles' own
    // `pin` operations are where a pinning failure is reported.
    if (cores.size() == 2) (void)platform::pin_current_thread(cores[1]);
    for (std::uint64_t i = 1; i <= count; ++i) {
      while (ping.load(std::memory_order_acquire) < i) platform::cpu_relax();
      pong.store(i, std::memory_order_release);
    }
  });
  if (cores.size() == 2) (void)platform::pin_current_thread(cores[0]);  // as for the partner above
  std::vector<double> round_trips;
  round_trips.reserve(count);
  for (std::uint64_t i = 1; i <= count; ++i) {
    const auto start = Clock::now();
    ping.store(i, std::memory_order_release);
    while (pong.load(std::memory_order_acquire) < i) platform::cpu_relax();
    round_trips.push_back(std::chrono::duration<double, std::nano>(Clock::now() - start).count());
  }
  partner.join();
  auto o = observe("core-to-core", "");
  o.ok = true;
  o.details = {{"round_trip_ns", percentiles(std::move(round_trips))}};
  return o;
}

report::Observation RoleOperations::setup_cost(const json& command) {
  const auto name = required_field<std::string>(command, "name");
  const auto size = required_field<std::uint64_t>(command, "size");
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
  o.details = {{"ns", ns}, {"bytes", size}};
  return o;
}

}  // namespace shmh
