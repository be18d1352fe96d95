// What disturbed the machine while a throughput row was measured: the counters each repetition
// records, and the verdict over a row's repetitions and those of its baselines.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "harness/platform/cpu_activity.h"
#include "reports/metrics.h"
#include "scenarios/benchmark_runner.h"

namespace shmh::scenarios {

// Sets, for one repetition that began at `before`: steal_ticks and total_ticks (where the OS
// counts steal) and frequency_changed (where it shows frequencies).
void record_activity(const platform::CpuActivity& before, std::map<std::string, double>& counters);

// Steal and frequency over the repetitions of `results`, and why the row counts as measured on a
// disturbed machine (steal above 2 %, a frequency change, or `handoff` spreading more than 40 %
// of its median between p10 and p90), if it does.
report::Disturbance disturbance_of(const std::vector<const BenchmarkResult*>& results, const report::Distribution& handoff);

}  // namespace shmh::scenarios
