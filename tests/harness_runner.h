// Runs the real shm-harness binary from a test and collects its output: the tests see the
// tool exactly as users and CI do.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/platform/child_process.h"
#include "harness/platform/this_process.h"

namespace shmh::testing {

// shm-harness(.exe) next to the test binary.
std::string harness_binary();
bool on_windows();

struct HarnessRun {
  std::optional<platform::ExitStatus> status;  // nothing: it timed out and was killed
  std::string out;
  std::string err;
};

// Runs to the end (or `timeout`, then kills it).
HarnessRun run_harness(const std::vector<std::string>& arguments,
                       std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Sets an environment variable for this process and the children it starts.
void set_environment(const std::string& name, const std::string& value);

}  // namespace shmh::testing
