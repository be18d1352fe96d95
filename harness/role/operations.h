// What a role process does with each command: the operations on mappings and views it holds.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>
#include <spdlog/logger.h>

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

  // Executes one command. The observation carries the OS call, its result and code.
  // Throws std::invalid_argument for a malformed command (unknown op, missing field).
  report::Observation execute(const nlohmann::json& command);
  bool exit_requested() const { return exit_requested_; }
  int exit_code() const { return exit_code_; }

 private:
  report::Observation create(const nlohmann::json& command);
  report::Observation open(const nlohmann::json& command);
  report::Observation map(const nlohmann::json& command);
  report::Observation write(const nlohmann::json& command);
  report::Observation read(const nlohmann::json& command);
  report::Observation unmap(const nlohmann::json& command);
  report::Observation close(const nlohmann::json& command);
  report::Observation unlink(const nlohmann::json& command);
  report::Observation sleep(const nlohmann::json& command);
  report::Observation attach_coordination(const nlohmann::json& command);
  report::Observation race(const nlohmann::json& command);
  report::Observation poll_open(const nlohmann::json& command);
  report::Observation handle_count(const nlohmann::json& command);
  report::Observation cycle(const nlohmann::json& command);
  report::Observation create_sync(const nlohmann::json& command);
  report::Observation resize(const nlohmann::json& command);
  report::Observation crash_mid_write(const nlohmann::json& command);
  // Throughput and latency (role_perf_operations.cpp).
  report::Observation pin(const nlohmann::json& command);
  report::Observation ring_attach(const nlohmann::json& command);
  report::Observation ring_transfer(const nlohmann::json& command);
  report::Observation ring_reset(const nlohmann::json& command);
  report::Observation token(const nlohmann::json& command);
  report::Observation object_security(const nlohmann::json& command);
  report::Observation private_namespace(const nlohmann::json& command);
  report::Observation queue_attach(const nlohmann::json& command);
  report::Observation queue_transfer(const nlohmann::json& command);
  report::Observation ping_pong(const nlohmann::json& command);
  report::Observation memcpy_baseline(const nlohmann::json& command);
  report::Observation core_to_core_baseline(const nlohmann::json& command);
  report::Observation setup_cost(const nlohmann::json& command);
  RingEnd& ring(const nlohmann::json& command);
  Coordination& coordination();

  Slot& slot(const nlohmann::json& command);
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
