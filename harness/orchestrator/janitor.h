// The janitor: a small helper process that outlives a killed orchestrator just long enough to
// remove the POSIX names of its run (Windows names die with their handles: no janitor there).
#pragma once

#include <optional>
#include <string>

#include "harness/platform/child_process.h"

namespace shmh {

// In the janitor process: waits for the end of stdin (the orchestrator closed it, or died),
// then removes every name of the run. Returns the exit code.
int run_janitor(const std::string& run_id);

// In the orchestrator: starts the janitor for this run where names outlive their holders.
class JanitorGuard {
 public:
  JanitorGuard(const std::string& executable, const std::string& run_id);
  ~JanitorGuard();  // closes the janitor's stdin and lets it sweep and exit

 private:
  std::optional<platform::Child> child_;
};

}  // namespace shmh
