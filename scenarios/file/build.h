// Scenario files: a parsed FileScenario as a shmh::Scenario, whose body sends the protocol's typed
// commands through the ScenarioContext like every scenario of the catalogue (one engine, one
// report path).
#pragma once

#include <string>

#include "harness/orchestrator/scenario.h"
#include "scenarios/file/model.h"

namespace shmh::scenario_file {

// `path`: the file, for the report's messages ("step 4 (create by second, orders.toml:33)").
Scenario build_scenario(const FileScenario& scenario, const std::string& path);

}  // namespace shmh::scenario_file
