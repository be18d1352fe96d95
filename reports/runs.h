// `run --runs N`: the N runs of one throughput or latency scenario as one result whose rows keep
// every run's figure (the run is the sample compare tests) beside the repetitions of all runs.
#pragma once

#include <vector>

#include "reports/model.h"

namespace shmh::report {

// Whether a scenario's result has figures that runs are taken of (throughput or round-trip rows).
bool has_run_figures(const ScenarioResult& result);

// One result from the runs of one scenario, in run order: each row's repetitions pooled (their
// summary over all runs), each run's median kept in run_medians / run_p50_ns (and its limit's),
// the worst outcome, the durations added, a disturbed row when any run's was. Rows are matched by
// mode, reading and block; a row missing from some run keeps the runs that have it. One run gives
// that run with its one-figure run lists filled.
ScenarioResult merge_runs(const std::vector<ScenarioResult>& runs);

}  // namespace shmh::report
