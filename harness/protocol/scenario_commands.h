// The role commands for races, polling, leak checks and namespace clashes, and their replies:
// compound operations that loop inside the role, so a trial costs no process start.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "harness/protocol/mapping_commands.h"

namespace shmh::cmd {

// Opens the orchestrator's coordination mapping (the start barrier and flags).
struct AttachCoordination {
  std::string name;
  static constexpr std::string_view op = "attach_coord";
  using Reply = NoReply;
  friend bool operator==(const AttachCoordination&, const AttachCoordination&) = default;
};
SHMH_WIRE_TYPE(AttachCoordination, name)

struct RaceReply {
  std::uint64_t trial = 0;
  bool created = false;        // this role's create made the object
  std::int64_t released_ns = 0;
  std::int64_t create_ns = 0;  // from the release to the create's return
  // Only once the role holds the object: whether it saw it unsized (POSIX), why it could not map
  // it, and its place among the racers that met in it.
  std::optional<bool> saw_unsized{};
  std::optional<std::string> map_error{};
  std::optional<std::uint64_t> arrival{};
  std::optional<std::uint64_t> count_seen{};
  friend bool operator==(const RaceReply&, const RaceReply&) = default;
};
SHMH_WIRE_TYPE(RaceReply, trial, created, released_ns, create_ns, saw_unsized, map_error, arrival, count_seen)

// One trial of the create-or-open race among `roles` racers, released by the barrier at `trial`.
struct Race {
  std::string name;
  std::uint64_t size = 0;
  std::uint64_t trial = 0;
  std::uint64_t roles = 0;
  std::optional<std::int64_t> timeout_ms{};  // 10000 when absent
  static constexpr std::string_view op = "race";
  using Reply = RaceReply;
  friend bool operator==(const Race&, const Race&) = default;
};
SHMH_WIRE_TYPE(Race, name, size, trial, roles, timeout_ms)

struct PollOpenReply {
  std::int64_t attempts = 0;
  std::map<std::string, std::int64_t> codes_before;  // symbol -> failed attempts with it
  std::int64_t first_attempt_ns = 0;
  std::int64_t visible_ns = 0;
  friend bool operator==(const PollOpenReply&, const PollOpenReply&) = default;
};
SHMH_WIRE_TYPE(PollOpenReply, attempts, codes_before, first_attempt_ns, visible_ns)

// Opens `name` until it appears, raising coordination flag `flag` after the first failure.
struct PollOpen {
  std::string name;
  std::uint64_t flag = 0;
  std::optional<std::int64_t> timeout_ms{};
  std::optional<std::string> slot{};
  static constexpr std::string_view op = "poll_open";
  using Reply = PollOpenReply;
  friend bool operator==(const PollOpen&, const PollOpen&) = default;
};
SHMH_WIRE_TYPE(PollOpen, name, flag, timeout_ms, slot)

struct HandleCountReply {
  std::int64_t count = 0;
  friend bool operator==(const HandleCountReply&, const HandleCountReply&) = default;
};
SHMH_WIRE_TYPE(HandleCountReply, count)

struct HandleCount : wire::Empty {
  static constexpr std::string_view op = "handle_count";
  using Reply = HandleCountReply;
  static constexpr bool details_only_when_ok = true;
};

struct CycleReply {
  std::int64_t cycles = 0;
  std::int64_t failures = 0;
  friend bool operator==(const CycleReply&, const CycleReply&) = default;
};
SHMH_WIRE_TYPE(CycleReply, cycles, failures)

// `count` create/map/write/unmap/close cycles of `name` (POSIX: and unlink), for the leak check.
struct Cycle {
  std::string name;
  std::uint64_t size = 0;
  std::int64_t count = 0;
  static constexpr std::string_view op = "cycle";
  using Reply = CycleReply;
  friend bool operator==(const Cycle&, const Cycle&) = default;
};
SHMH_WIRE_TYPE(Cycle, name, size, count)

// Creates a named event, mutex or semaphore (`kind`).
struct CreateSync {
  std::string kind;
  std::string name;
  static constexpr std::string_view op = "create_sync";
  using Reply = NoReply;
  friend bool operator==(const CreateSync&, const CreateSync&) = default;
};
SHMH_WIRE_TYPE(CreateSync, kind, name)

}  // namespace shmh::cmd
