// The scenario runner: maps every way a scenario can end to its outcome.
#pragma once

#include "harness/orchestrator/scenario.h"
#include "reports/model.h"

namespace shmh {

// Runs one scenario to its outcome. Never throws: a harness problem becomes outcome `error`.
report::ScenarioResult run_scenario(const Scenario& scenario, const RunSettings& settings, int index);

}  // namespace shmh
