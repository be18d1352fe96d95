// `check-file` and what `run --file` / `list --file` share with it: how a file's problems are shown.
#pragma once

#include <string>
#include <vector>

#include "scenarios/file/load.h"

namespace shmh {

struct CheckFileOptions {
  std::vector<std::string> files;  // files, folders, globs
};
// Validates without running: 0 when every file is valid, 2 otherwise (problems on stderr).
int check_file_command(const CheckFileOptions& options);

// The problems, at most three lines per file and a count of the rest, as FILE:LINE:COL: what.
void print_file_problems(const std::vector<scenario_file::Problem>& problems);

// load_scenario_files, or UsageError-style exit: prints the problems and returns nothing.
std::optional<scenario_file::Loaded> load_or_print(const std::vector<std::string>& files);

}  // namespace shmh
