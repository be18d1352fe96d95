// What a role process does with each command: the operations on mappings and views it holds.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>
#include <spdlog/logger.h>

#include "harness/protocol/commands.h"
#include "harness/protocol/coordination.h"
#include "harness/role/ring.h"
#include "harness/platform/boost_queue.h"
#include "harness/platform/security.h"
#include "harness/platform/shared_memory.h"
#include "harness/platform/sync_objects.h"
#include "reports/model.h"

namespace shmh {

// A mapping and a view a role holds under a slot name chosen by the orchestrator.
struct Slot {
  platform::Mapping mapping;
  platform::View view;
};

class RoleOperations {
 public:
  RoleOperations(std::string role_name, std::shared_ptr<spdlog::logger> log);

  // Executes one command line: looks its op up in the dispatch table and hands the handler the
  // typed command. The observation carries the OS call, its result and code.
  // Throws std::invalid_argument for a malformed command (unknown op, missing field, wrong type).
  report::Observation execute(const nlohmann::json& command);
  bool exit_requested() const { return exit_requested_; }
  int exit_code() const { return exit_code_; }

 private:
  // Dispatch: op string -> decode the typed command, run its handler (dispatch.cpp).
  using Handler = std::function<report::Observation(RoleOperations&, const nlohmann::json&)>;
  static const std::map<std::string, Handler, std::less<>>& handlers();
  template <typename C>
  static std::pair<const std::string, Handler> handler(report::Observation (RoleOperations::*member)(const C&));

  // Mappings and views (mapping_operations.cpp).
  report::Observation hello(const cmd::Hello& command);
  report::Observation request_exit(const cmd::Exit& command);
  report::Observation create(const cmd::Create& command);
  report::Observation open(const cmd::Open& command);
  report::Observation map(const cmd::Map& command);
  report::Observation write(const cmd::Write& command);
  report::Observation read(const cmd::Read& command);
  report::Observation unmap(const cmd::Unmap& command);
  report::Observation close(const cmd::Close& command);
  report::Observation unlink(const cmd::Unlink& command);
  report::Observation sleep(const cmd::Sleep& command);
  // Traps between handles, sections and views (trap_operations.cpp).
  report::Observation duplicate(const cmd::Duplicate& command);
  report::Observation commit(const cmd::Commit& command);
  report::Observation committed(const cmd::Committed& command);
  report::Observation unmap_inside(const cmd::UnmapInside& command);
  report::Observation unmap_not_a_view(const cmd::UnmapNotAView& command);
  // The machine's limits (limit_operations.cpp).
  report::Observation private_store(const cmd::PrivateStore& command);
  report::Observation touch(const cmd::Touch& command);
  // Races, polling, leak checks, namespace clashes (scenario_operations.cpp).
  report::Observation attach_coordination(const cmd::AttachCoordination& command);
  report::Observation race(const cmd::Race& command);
  report::Observation poll_open(const cmd::PollOpen& command);
  report::Observation handle_count(const cmd::HandleCount& command);
  report::Observation cycle(const cmd::Cycle& command);
  report::Observation create_sync(const cmd::CreateSync& command);
  report::Observation resize(const cmd::Resize& command);
  report::Observation crash_mid_write(const cmd::CrashMidWrite& command);
  // Throughput and latency (perf_operations.cpp).
  report::Observation pin(const cmd::Pin& command);
  report::Observation ring_attach(const cmd::RingAttach& command);
  template <bool Writer>
  report::Observation ring_transfer(const cmd::RingTransfer<Writer>& command);
  report::Observation ring_reset(const cmd::RingReset& command);
  template <bool Writer>
  report::Observation handoff_transfer(const cmd::HandoffTransfer<Writer>& command);
  report::Observation queue_attach(const cmd::QueueAttach& command);
  template <bool Sender>
  report::Observation queue_transfer(const cmd::QueueTransfer<Sender>& command);
  template <bool Pinger>
  report::Observation ping_pong(const cmd::PingPong<Pinger>& command);
  report::Observation memcpy_baseline(const cmd::MemcpyBaseline& command);
  report::Observation core_to_core_baseline(const cmd::CoreToCoreBaseline& command);
  report::Observation setup_cost(const cmd::SetupCost& command);
  // Security (security_operations.cpp).
  report::Observation token(const cmd::Token& command);
  report::Observation enable_privilege(const cmd::EnablePrivilege& command);
  report::Observation object_security(const cmd::Security& command);
  report::Observation private_namespace(const cmd::PrivateNamespace& command);
  RingEnd& ring(const std::string& name);
  Coordination& coordination();

  // The slot a command names ("0" when it names none).
  Slot& slot(const std::optional<std::string>& name);
  report::Observation observe(std::string api, std::string name) const;

  std::string role_name_;
  std::shared_ptr<spdlog::logger> log_;
  std::map<std::string, Slot> slots_;
  Slot coordination_slot_;
  std::optional<Coordination> coordination_;
  std::map<std::string, platform::NamedSync> sync_objects_;
  std::map<std::string, std::unique_ptr<RingEnd>> rings_;
  std::map<std::string, platform::BoostQueue> queues_;
  std::vector<platform::PrivateNamespace> namespaces_;
  bool exit_requested_ = false;
  int exit_code_ = 0;
};

// The report form of an OS error.
report::ErrorInfo to_error_info(const platform::OsError& error);

}  // namespace shmh
