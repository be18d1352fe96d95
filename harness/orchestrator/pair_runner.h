// `pair`: runs two of the user's own programs (never built for the harness) as first and second
// around one name, watches the name from outside without holding it, keeps a timeline, captures
// what the programs print or show, and judges second.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/platform/call_tracer.h"
#include "harness/platform/identity.h"
#include "reports/model.h"

namespace shmh {

enum class SecondAfter {
  name_exists,  // when NAME shows up in the namespace (or first ends without making it)
  delay,        // a fixed time after first started
  first_exit,   // once first has ended
};

enum class FirstEnds {
  key,         // Windows: a key press in first's own console (for _getch); POSIX: a line on stdin
  stdin_line,  // a line on stdin, then stdin closed
  kill,        // killed (TerminateProcess / SIGKILL)
  wait,        // left to end by itself within the time limit
};

struct PairProgram {
  std::string command;  // the command line as the user wrote it
  platform::Identity identity;  // how it runs: as started, a restricted token, another account
  std::string run_as = "as started";  // the user's word for it: restricted, low-integrity, nobody
};

struct PairSettings {
  PairProgram first, second;
  std::string name;  // as the user's programs write it: Global\Orders, /orders
  SecondAfter second_after = SecondAfter::name_exists;
  std::chrono::milliseconds delay{0};  // for SecondAfter::delay
  int seconds = 1;                     // seconds started at once (a race of the openers)
  FirstEnds first_ends = FirstEnds::key;
  // When given, second passes only when this text appears in its output or a message box it
  // showed (and it did not crash); otherwise second passes when it exits 0.
  std::optional<std::string> expect_text;
  std::chrono::milliseconds timeout{30000};  // the whole pair; then both are killed
  std::chrono::milliseconds poll{10};        // how often the name and the programs are looked at
  std::string harness_executable;            // for `console-key` (Windows)
  // `pair --trace`: every program is started through the call tracer (platform::trace_program)
  // on a thread of its own, and its shared-memory calls are handed back by run_pair.
  bool trace = false;
  // With trace: each call as it returns, on that program's tracing thread (the program stopped
  // there), with the program's role ("first", "second", "second-2").
  std::function<void(const std::string& role, const platform::TracedCall&)> on_traced_call;
  // Each timeline event as it happens, for progress lines.
  std::function<void(const report::TimelineEvent&)> on_event;
  // Called once when a second failed, while first still runs: the name diagnosed as second's
  // identity (`diagnose --json`), or null.
  std::function<nlohmann::json()> diagnose;
};

// The calls one traced program made (`pair --trace`), raw: harness/cli judges them.
struct TracedRole {
  std::string role;  // "first", "second", "second#2"
  std::int64_t pid = 0;
  double started_ms = 0;  // when it was started, from the pair's start (calls' t_ms count from here)
  std::vector<platform::TracedCall> calls;
};

// One run of the pair as a report entry: outcome, reason, timeline, programs, diagnosis.
// Everything it started has ended when it returns. With settings.trace, `traced` (when given)
// receives each started program's calls, in the roles' order.
report::ScenarioResult run_pair(const PairSettings& settings, std::vector<TracedRole>* traced = nullptr);

// Whether `output` (a second's stdout, stderr or message-box text) shows `expected`. Pure.
bool shows_text(const std::string& output, const std::string& expected);

}  // namespace shmh
