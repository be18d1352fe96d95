// The role's compound operations for races, polling, leak checks and namespace clashes: each
// runs a loop inside the role so a trial costs no process start and no extra round trip.
#include <cstring>
#include <stdexcept>
#include <thread>

#include "harness/platform/handles.h"
#include "harness/platform/system_info.h"
#include "harness/platform/child_process.h"
#include "harness/role/operations.h"

namespace shmh {
namespace {

using Clock = std::chrono::steady_clock;

Clock::time_point deadline_of(const std::optional<std::int64_t>& timeout_ms) {
  return Clock::now() + std::chrono::milliseconds(timeout_ms.value_or(10000));
}

}  // namespace

Coordination& RoleOperations::coordination() {
  if (!coordination_) throw std::invalid_argument("no coordination mapping attached (send attach_coord first)");
  return *coordination_;
}

report::Observation RoleOperations::attach_coordination(const cmd::AttachCoordination& command) {
  const auto& name = command.name;
  auto opened = platform::open_mapping(name, platform::Access::write);
  auto o = observe(platform::api_name(platform::Call::open), name);
  if (!opened) {
    o.error = to_error_info(opened.error());
    return o;
  }
  auto view = platform::map_view(opened.value(), platform::Access::write, 0, Coordination::kSize);
  if (!view) {
    o.api = view.error().api;
    o.error = to_error_info(view.error());
    return o;
  }
  coordination_slot_.mapping = std::move(opened.value());
  coordination_slot_.view = std::move(view.value());
  coordination_.emplace(coordination_slot_.view.data());
  o.ok = true;
  return o;
}

// One trial of the create-or-open race: wait for the barrier, create (POSIX: O_EXCL, then open
// on EEXIST), count ourselves in the object, wait until every racer is in, let go.
report::Observation RoleOperations::race(const cmd::Race& command) {
  const auto& name = command.name;
  const auto size = command.size;
  const auto trial = command.trial;
  const auto racers = command.roles;
  const auto deadline = deadline_of(command.timeout_ms);
  Coordination& coord = coordination();
  if (!Coordination::wait_at_least(coord.generation(), trial, deadline)) {
    throw std::invalid_argument("the start barrier for trial " + std::to_string(trial) + " was not released in time");
  }
  const std::int64_t released_ns = steady_now_ns();
  auto o = observe(platform::api_name(platform::Call::create), name);
  platform::Mapping mapping;
  bool created = false;
  auto result = platform::create_mapping(name, size);
  if (result) {
    created = !result.value().already_existed;
    if (result.value().last_error.code != 0) o.error = to_error_info(result.value().last_error);
    mapping = std::move(result.value().mapping);
  } else {
    o.error = to_error_info(result.error());
    if (platform::names_persist_until_unlinked() && result.error().symbol == "EEXIST") {
      auto opened = platform::open_mapping(name, platform::Access::write);
      // (An open that fails here leaves the mapping invalid; the role reports no map details.)
      if (opened) mapping = std::move(opened.value());
    }
  }
  const std::int64_t created_ns = steady_now_ns();
  cmd::RaceReply reply{.trial = trial, .created = created, .released_ns = released_ns, .create_ns = created_ns - released_ns};
  o.details = wire::encode_reply(reply);
  if (!mapping.valid()) return o;
  // POSIX: the creator's shm_open and ftruncate are two steps; an opener in between sees size 0
  // and would fault touching the page. Wait for the size, and count how often that happened.
  bool saw_unsized = false;
  for (;;) {
    auto now_size = platform::current_size(mapping);
    if (!now_size || now_size.value() >= size || !platform::names_persist_until_unlinked()) break;
    saw_unsized = true;
    if (Clock::now() >= deadline) break;
    std::this_thread::yield();
  }
  reply.saw_unsized = saw_unsized;
  auto view = platform::map_view(mapping, platform::Access::write, 0, static_cast<std::size_t>(size));
  if (!view) {
    reply.map_error = view.error().symbol;
    o.details = wire::encode_reply(reply);
    return o;
  }
  // Everyone who maps the one object counts into the same word; a second object shows up as a
  // count that never reaches the number of racers.
  std::atomic_ref<std::uint64_t> counter(*reinterpret_cast<std::uint64_t*>(view.value().data()));
  const auto arrival = counter.fetch_add(1, std::memory_order_acq_rel) + 1;
  Coordination::wait_at_least(counter, racers, deadline);
  o.ok = true;
  reply.arrival = arrival;
  reply.count_seen = counter.load(std::memory_order_acquire);
  o.details = wire::encode_reply(reply);
  return o;
}

// Opens a name until it appears; raises its coordination flag after the first failed attempt so
// the orchestrator knows the poll began before the creator ran.
report::Observation RoleOperations::poll_open(const cmd::PollOpen& command) {
  const auto& name = command.name;
  const auto flag = static_cast<std::size_t>(command.flag);
  const auto deadline = deadline_of(command.timeout_ms);
  Coordination& coord = coordination();
  std::map<std::string, std::int64_t> codes;
  std::int64_t attempts = 0;
  const std::int64_t first_ns = steady_now_ns();
  auto o = observe(platform::api_name(platform::Call::open), name);
  for (;;) {
    ++attempts;
    auto opened = platform::open_mapping(name, platform::Access::read);
    if (opened) {
      o.ok = true;
      slot(command.slot).mapping = std::move(opened.value());
      break;
    }
    ++codes[opened.error().symbol];
    if (attempts == 1) coord.flag(flag).store(1, std::memory_order_release);
    if (Clock::now() >= deadline) {
      o.error = to_error_info(opened.error());
      break;
    }
    std::this_thread::yield();
  }
  o.details = wire::encode_reply(cmd::PollOpenReply{
      .attempts = attempts, .codes_before = codes, .first_attempt_ns = first_ns, .visible_ns = steady_now_ns()});
  return o;
}

// Writes the first half of `text`, then faults (a write to an unmapped address): a writer that
// dies mid-write, leaving a torn message for the others.
report::Observation RoleOperations::crash_mid_write(const cmd::CrashMidWrite& command) {
  Slot& target = slot(command.slot);
  const auto& text = command.text;
  if (!target.view.valid() || text.size() > target.view.length()) throw std::invalid_argument("nothing mapped to write into");
  std::memcpy(target.view.data(), text.data(), text.size() / 2);
  log_->warn("crashing on purpose after writing {} of {} bytes", text.size() / 2, text.size());
  log_->flush();
  volatile std::uintptr_t address = 0x10;
  *reinterpret_cast<volatile int*>(address) = 1;
  throw std::logic_error("the deliberate fault did not fault");
}

report::Observation RoleOperations::handle_count(const cmd::HandleCount&) {
  auto o = observe(platform::handle_count_api_name(), "");
  auto count = platform::process_handle_count();
  if (!count) {
    o.error = to_error_info(count.error());
    return o;
  }
  o.ok = true;
  o.details = wire::encode_reply(cmd::HandleCountReply{.count = count.value()});
  return o;
}

// K create/map/write/unmap/close cycles (POSIX: and unlink), for the leak check.
report::Observation RoleOperations::cycle(const cmd::Cycle& command) {
  const auto& name = command.name;
  const auto size = command.size;
  const auto count = command.count;
  auto o = observe("create/map/unmap/close cycle", name);
  std::int64_t failures = 0;
  for (std::int64_t i = 0; i < count; ++i) {
    auto created = platform::create_mapping(name, size);
    if (!created) {
      if (failures++ == 0) o.error = to_error_info(created.error());
      continue;
    }
    {
      auto view = platform::map_view(created.value().mapping, platform::Access::write, 0, static_cast<std::size_t>(size));
      if (view) {
        view.value().data()[0] = std::byte{1};
      } else if (failures++ == 0) {
        o.error = to_error_info(view.error());
      }
    }
    // A cycle that cannot close or remove what it created is a failed cycle, like one that cannot create.
    if (auto error = created.value().mapping.close(); error && failures++ == 0) o.error = to_error_info(*error);
    if (platform::names_persist_until_unlinked()) {
      if (auto error = platform::unlink_mapping(name); error && failures++ == 0) o.error = to_error_info(*error);
    }
  }
  o.ok = failures == 0;
  o.details = wire::encode_reply(cmd::CycleReply{.cycles = count, .failures = failures});
  return o;
}

report::Observation RoleOperations::create_sync(const cmd::CreateSync& command) {
  const auto& name = command.name;
  const auto& kind_text = command.kind;
  platform::SyncKind kind = platform::SyncKind::event;
  if (kind_text == "mutex") kind = platform::SyncKind::mutex;
  else if (kind_text == "semaphore") kind = platform::SyncKind::semaphore;
  else if (kind_text != "event") throw std::invalid_argument("kind must be event, mutex or semaphore");
  auto result = platform::create_named_sync(kind, name);
  const char* apis[] = {"CreateEventW", "CreateMutexW", "CreateSemaphoreW"};
  auto o = observe(result ? apis[static_cast<int>(kind)] : result.error().api, name);
  if (!result) {
    o.error = to_error_info(result.error());
    return o;
  }
  o.ok = true;
  sync_objects_[name] = std::move(result.value());
  return o;
}

report::Observation RoleOperations::resize(const cmd::Resize& command) {
  const auto size = command.size;
  Slot& target = slot(command.slot);
  auto o = observe("ftruncate", target.mapping.name());
  if (auto error = platform::resize_mapping(target.mapping, size)) {
    o.api = error->api;
    o.error = to_error_info(*error);
  } else {
    o.ok = true;
  }
  o.details = wire::encode_reply(cmd::ResizeReply{.size = size});
  return o;
}

}  // namespace shmh
