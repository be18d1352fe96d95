// The scenario runner: maps every way a scenario can end to its outcome.
#pragma once

#include "harness/orchestrator/scenario.h"
#include "reports/model.h"

namespace shmh {

// The settings a scenario runs with: its own deadline, when it has one and --timeout-s was not
// given, in place of the run's (and no operation waits longer than that deadline).
RunSettings settings_for(const Scenario& scenario, RunSettings settings);

// Runs one scenario to its outcome, with settings_for(scenario, settings). Never throws: a
// harness problem becomes outcome `error`.
report::ScenarioResult run_scenario(const Scenario& scenario, const RunSettings& settings, int index);

}  // namespace shmh
