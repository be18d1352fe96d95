// Exit codes of every shm-harness command.
#pragma once

#include <string>

namespace shmh {

inline constexpr int kExitPassed = 0;       // everything passed (or was skipped with a reason)
inline constexpr int kExitFailed = 1;       // a scenario failed, errored or timed out; an OS call failed
inline constexpr int kExitBadUsage = 2;     // bad usage or input: nothing was run
inline constexpr int kExitInterrupted = 130;  // Ctrl-C / SIGTERM

// Thrown for bad input found after parsing (an invalid name, a size out of range):
// main prints one line and exits 2.
struct UsageError {
  std::string message;
};

}  // namespace shmh
