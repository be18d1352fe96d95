// `shm-harness trace`: an unchanged program run under the call tracer, its shared-memory calls
// printed as they happen and each failing one judged. Options defined here; cli.cpp dispatches.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace shmh {

struct TraceCommandOptions {
  std::vector<std::string> program;  // PROGRAM ARGS..., after --
  bool json = false;
  std::string report_dir;  // "" writes no report files
  bool follow_children = false;
  std::string save_scenario;  // --save-scenario FILE: the calls as a scenario file (save_scenario.h)
};

CLI::App* add_trace_subcommand(CLI::App& app, TraceCommandOptions& options);
int trace_command(const TraceCommandOptions& options);

}  // namespace shmh
