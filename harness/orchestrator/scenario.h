// A scenario and the settings of a run. One definition serves `shm-harness run` (rich reports)
// and ctest (one test per scenario).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace shmh {

struct RunSettings {
  std::string executable;  // what roles are started from (this binary)
  std::string run_id;      // in every object name: parallel runs never collide
  std::chrono::milliseconds operation_timeout{10000};
  std::chrono::milliseconds scenario_timeout{60000};
  bool scenario_timeout_given = false;  // --timeout-s: it wins over a scenario's own deadline
  int trials = 200;  // race scenarios
  int roles = 8;     // race scenarios
  std::string report_dir = "shm-harness-report";  // throughput scenarios write benchmark JSON here
  bool quick = false;   // throughput: the short sweep (smoke test)
  bool verify = false;  // throughput: the reader verifies every block while measured
  int slots = 4;        // throughput: slots in the ring
  int repetitions = 0;  // throughput: repetitions of every measurement; 0: the scenario's default
  std::uint64_t chunk = 0;  // throughput: bytes per publication within a block; 0: whole blocks
  double inject_delay_ns_per_kib = 0;  // testing only: the ring's writer and reader each wait this long per KiB of a block
};

class ScenarioContext;

struct Scenario {
  std::string id;                   // "create-open/classic-sample"; the part before '/' is its area
  std::vector<std::string> labels;  // ctest labels and `run --label`
  std::string purpose;              // one line for `list`
  std::function<void(ScenarioContext&)> body;
  std::vector<std::string> ctest_arguments = {};  // extra `run` arguments for its ctest test
  std::optional<std::chrono::milliseconds> timeout = {};  // its own deadline (a file's timeout_ms)
};

// Thrown by the context to end a scenario early.
struct ScenarioSkipped {
  std::string reason;
};
struct ScenarioFailed {
  std::string reason;
};

}  // namespace shmh
