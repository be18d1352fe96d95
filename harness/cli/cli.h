// The command line: subcommands, options, their checks, and exit code 2 for anything malformed.
#pragma once

#include <string>
#include <vector>

namespace shmh {

// Parses and runs one command; returns the process exit code.
int run_cli(const std::vector<std::string>& arguments);

}  // namespace shmh
