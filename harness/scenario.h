// A scenario and the context it runs in: roles, unique object names, expectations, outcome.
// One definition serves `shm-harness run` (rich reports) and ctest (one test per scenario).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "coordination.h"
#include "platform/shared_memory.h"
#include "reports/model.h"
#include "role_process.h"

namespace shmh {

struct RunSettings {
  std::string executable;  // what roles are started from (this binary)
  std::string run_id;      // in every object name: parallel runs never collide
  std::chrono::milliseconds operation_timeout{10000};
  std::chrono::milliseconds scenario_timeout{60000};
  int trials = 200;  // race scenarios
  int roles = 8;     // race scenarios
  std::string report_dir = "shm-harness-report";  // throughput scenarios write benchmark JSON here
  bool quick = false;   // throughput: the short sweep (smoke test)
  bool verify = false;  // throughput: the reader verifies every block while measured
  int slots = 4;        // throughput: slots in the ring
};

class ScenarioContext;

struct Scenario {
  std::string id;                   // "create-open/classic-sample"; the part before '/' is its area
  std::vector<std::string> labels;  // ctest labels and `run --label`
  std::string purpose;              // one line for `list`
  std::function<void(ScenarioContext&)> body;
  std::vector<std::string> ctest_arguments = {};  // extra `run` arguments for its ctest test
};

// Thrown by the context to end a scenario early.
struct ScenarioSkipped {
  std::string reason;
};
struct ScenarioFailed {
  std::string reason;
};

class ScenarioContext {
 public:
  ScenarioContext(const RunSettings& settings, std::string scenario_tag);
  ~ScenarioContext();

  const RunSettings& settings() const { return settings_; }
  bool on_windows() const;

  // Starts a role process; it lives until the scenario ends (or until finished explicitly).
  RoleProcess& start_role(const std::string& name, platform::Restriction restriction = platform::Restriction::none);
  // Sends a command to a role, journals the observation. A role that dies, hangs or answers
  // garbage ends the scenario (error / timeout).
  report::Observation call(RoleProcess& role, nlohmann::json command);
  // The halves of call(), to let several roles work at once (replies arrive in send order).
  void send(RoleProcess& role, nlohmann::json command);
  report::Observation receive(RoleProcess& role);
  // Observations are journaled into the report unless the scenario turns that off (a race of
  // thousands of trials keeps its histogram and only the anomalous observations).
  void set_journaling(bool on) { journaling_ = on; }
  void journal(report::Observation observation) { observations_.push_back(std::move(observation)); }

  // Sends a command that must end the role (a fault on purpose); returns how it ended and
  // journals that as an observation. Fails the scenario if the role answers instead.
  platform::ExitStatus expect_death(RoleProcess& role, nlohmann::json command);
  // A role asked to end now: exits, and the observation records its exit status.
  platform::ExitStatus finish_role(RoleProcess& role);
  // A role killed outright (TerminateProcess, SIGKILL), as a crash or an operator would.
  platform::ExitStatus kill_role(RoleProcess& role);

  // The coordination mapping (created on first use) and a role attached to it.
  Coordination& coordination();
  void attach_coordination(RoleProcess& role);

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
  nlohmann::json& metrics() { return metrics_; }

  // For the runner.
  std::vector<report::Observation>& observations() { return observations_; }
  const std::vector<std::string>& failures() const { return failures_; }
  const std::string& notes() const { return notes_; }
  const std::vector<std::unique_ptr<RoleProcess>>& roles() const { return roles_; }
  void remove_objects();
  std::chrono::steady_clock::time_point deadline() const { return deadline_; }
  std::chrono::milliseconds remaining() const;

 private:
  const RunSettings& settings_;
  std::string tag_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point deadline_;
  std::vector<std::unique_ptr<RoleProcess>> roles_;
  std::vector<std::string> object_names_;
  std::vector<report::Observation> observations_;
  std::vector<std::string> failures_;
  std::string notes_;
  nlohmann::json metrics_ = nlohmann::json::object();
  bool journaling_ = true;
  std::string coordination_name_;
  platform::Mapping coordination_mapping_;
  platform::View coordination_view_;
  std::optional<Coordination> coordination_;
};

// Runs one scenario to its outcome. Never throws: a harness problem becomes outcome `error`.
report::ScenarioResult run_scenario(const Scenario& scenario, const RunSettings& settings, int index);

// "describe an observation": "CreateFileMappingW(Local\x) ok, 183 ERROR_ALREADY_EXISTS"
std::string describe(const report::Observation& observation);

}  // namespace shmh
