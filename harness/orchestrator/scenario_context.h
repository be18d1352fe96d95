// The context a scenario runs in: its roles, unique object names, expectations and journal.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/orchestrator/answer.h"
#include "harness/orchestrator/scenario.h"
#include "harness/protocol/coordination.h"
#include "harness/platform/shared_memory.h"
#include "reports/model.h"
#include "harness/orchestrator/role_client.h"

namespace shmh {

class ScenarioContext {
 public:
  ScenarioContext(const RunSettings& settings, std::string scenario_tag);
  ~ScenarioContext();

  const RunSettings& settings() const { return settings_; }
  bool on_windows() const;

  // Starts a role process; it lives until the scenario ends (or until finished explicitly).
  RoleClient& start_role(const std::string& name, platform::Identity identity = {});
  // Sends a command to a role, journals the observation, and returns it with its typed reply.
  // A role that dies, hangs or answers garbage (a reply missing a field included) ends the
  // scenario (error / timeout).
  template <wire::Command C>
  Answer<C> call(RoleClient& role, const C& command) {
    send(role, command);
    return receive<C>(role);
  }
  // The halves of call(), to let several roles work at once (replies arrive in send order; each
  // receive names the command it answers).
  template <wire::Command C>
  void send(RoleClient& role, const C& command) {
    (void)remaining();
    role.send(command);
  }
  // What the scenario's body is doing now, for the watchdog's message ("starting role 'cycler'",
  // "waiting for role 'cycler' to answer 'cycle'"). Safe from another thread.
  void set_activity(std::string activity);
  std::string activity() const;
  template <wire::Command C>
  Answer<C> receive(RoleClient& role) {
    const auto timeout = operation_timeout();
    set_activity("waiting for role '" + role.name() + "' to answer '" + std::string(C::op) + "'");
    try {
      return role.receive<C>(timeout);
    } catch (const RoleFailure& failure) {
      rethrow_at_deadline(failure, timeout);
    }
  }
  // Observations are journaled into the report unless the scenario turns that off (a race of
  // thousands of trials keeps its histogram and only the anomalous observations).
  void set_journaling(bool on) { journaling_ = on; }
  void journal(report::Observation observation) { observations_.push_back(std::move(observation)); }

  // Sends a command that must end the role (a fault on purpose); returns how it ended and
  // journals that as an observation. Fails the scenario if the role answers instead.
  template <wire::Command C>
  platform::ExitStatus expect_death(RoleClient& role, const C& command) {
    send(role, command);
    return await_death(role, C::op);
  }
  // A role asked to end now: exits, and the observation records its exit status.
  platform::ExitStatus finish_role(RoleClient& role);
  // A role killed outright (TerminateProcess, SIGKILL), as a crash or an operator would.
  platform::ExitStatus kill_role(RoleClient& role);

  // The coordination mapping (created on first use) and a role attached to it.
  Coordination& coordination();
  void attach_coordination(RoleClient& role);

  // "Local\shmh-<run>-<scenario>-<tag>": unique per run, removed when the scenario ends.
  std::string object_name(std::string_view tag);

  // Records a broken expectation and carries on, so one run shows every difference.
  void check(bool condition, const std::string& what);
  void record_failure(const std::string& what) { failures_.push_back(what); }
  // Records a broken expectation and ends the scenario now.
  void require(bool condition, const std::string& what);
  // The observation must have failed (or, for Windows' 183, reported) with this symbol.
  void expect_code(const report::Observation& observation, std::string_view symbol, const std::string& what);
  // The observation must have succeeded (ok) with no error code alongside.
  void expect_clean_success(const report::Observation& observation, const std::string& what);
  [[noreturn]] void skip(const std::string& reason);
  // What a passing scenario showed, for the report's reason column.
  void note(const std::string& text);
  // What the scenario measured, typed (reports/metrics.h); the runner puts it in the report.
  report::Metrics& metrics() { return metrics_; }

  // For the runner.
  std::vector<report::Observation>& observations() { return observations_; }
  const std::vector<std::string>& failures() const { return failures_; }
  const std::string& notes() const { return notes_; }
  const std::vector<std::unique_ptr<RoleClient>>& roles() const { return roles_; }
  void remove_objects();
  // From the runner's watchdog thread, when the scenario is past its deadline and still waiting
  // somewhere: ends every role at once (a wait on a role then returns), without waiting.
  void terminate_roles_from_watchdog();
  std::chrono::steady_clock::time_point deadline() const { return deadline_; }
  std::chrono::milliseconds remaining() const;
  // What one operation may take now: the run's operation timeout, or less if the scenario ends first.
  std::chrono::milliseconds operation_timeout() const;

 private:
  platform::ExitStatus await_death(RoleClient& role, std::string_view op);
  // A role's timeout that the scenario's deadline cut short is said as the deadline's.
  [[noreturn]] void rethrow_at_deadline(const RoleFailure& failure, std::chrono::milliseconds timeout) const;

  const RunSettings& settings_;
  std::string tag_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point deadline_;
  std::vector<std::unique_ptr<RoleClient>> roles_;
  mutable std::mutex roles_mutex_;  // start_role against the watchdog
  mutable std::mutex activity_mutex_;
  std::string activity_;
  std::vector<std::string> object_names_;
  std::vector<report::Observation> observations_;
  std::vector<std::string> failures_;
  std::string notes_;
  report::Metrics metrics_;
  bool journaling_ = true;
  std::string coordination_name_;
  platform::Mapping coordination_mapping_;
  platform::View coordination_view_;
  std::optional<Coordination> coordination_;
};

// "describe an observation": "CreateFileMappingW(Local\x) ok, 183 ERROR_ALREADY_EXISTS"
std::string describe(const report::Observation& observation);

}  // namespace shmh
