// Scenario files from the command line: `--file` arguments (files, folders, globs) to parsed,
// checked scenarios ready to run, or the problems that stop everything (exit 2).
#pragma once

#include <string>
#include <vector>

#include "harness/orchestrator/scenario.h"
#include "scenarios/file/parse.h"

namespace shmh::scenario_file {

struct LoadedScenario {
  Scenario scenario;
  std::string path;
};

struct Loaded {
  std::vector<std::string> files;  // every file read, in order
  std::vector<LoadedScenario> scenarios;
  std::vector<Problem> problems;   // empty: every file is valid and no id clashes
};

// Each argument is a file, a folder (its *.toml, sorted) or a glob whose last part has '*' or '?'
// ("examples/scenarios/*.toml"). An argument that names nothing is a problem.
std::vector<std::string> expand_file_arguments(const std::vector<std::string>& arguments, std::vector<Problem>& problems);

// Expands, parses and checks every file (ids unique across files, no built-in area), and builds
// the scenarios when there is no problem.
Loaded load_scenario_files(const std::vector<std::string>& arguments);

// The built-in catalogue's areas, which file ids must not use.
std::vector<std::string> reserved_areas();

}  // namespace shmh::scenario_file
