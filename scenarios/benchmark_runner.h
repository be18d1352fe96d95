// Google Benchmark inside a scenario: registers cross-process measurements as manual-time
// benchmarks, runs their repetitions interleaved at random (so drift hits measurement and
// baseline alike), writes Google Benchmark's own JSON, and hands back per-name results.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "harness/orchestrator/scenario_context.h"
#include "reports/statistics.h"

namespace shmh::scenarios {

struct BenchmarkResult {
  std::vector<double> samples;           // one value per repetition (the chosen counter)
  report::Summary summary;               // of the samples, by reports/statistics.h's rule
  std::map<std::string, std::vector<double>> counters;  // every counter, per repetition
  std::string error;
};

struct Measurement {
  std::string name;    // "ring/spin/64 KiB"
  std::string metric;  // the counter whose samples/stats to keep: "bytes_per_second", "p50_ns", ...
  // One repetition: returns seconds of manual time and sets counters on the state.
  std::function<double(std::map<std::string, double>& counters)> run;
};

// Runs every measurement `repetitions` times; progress goes to stderr (scenarios/progress.h). Writes
// `json_path` in Google Benchmark's format. Throws the first role failure after the run.
std::map<std::string, BenchmarkResult> run_benchmarks(ScenarioContext& ctx, const std::vector<Measurement>& measurements,
                                                      int repetitions, const std::string& json_path);

}  // namespace shmh::scenarios
