// From a failure to a test (issue 25 item 6): what `diagnose`, `run` and `trace` observed on this
// machine, as a scenario file (scenarios/file/write.h) whose expectations are the codes seen.
#pragma once

#include <string>
#include <vector>

#include "harness/cli/diagnosis.h"
#include "harness/platform/identity.h"
#include "reports/model.h"
#include "scenarios/file/model.h"
#include "scenarios/file/write.h"

namespace shmh {

// The command line, for the saved file's comment ("saved by `shm-harness diagnose ...`"); run_cli
// records it before anything runs.
void remember_command_line(const std::vector<std::string>& arguments);

// The header lines every saved file starts with: what saved it, where and when, and what it means.
std::vector<std::string> saved_from_lines(const std::string& what);

// "windows" or "posix": the key of this backend's expectations and `platforms`.
const char* platform_key();

// The code an observation reports as an expectation of the file: "success", the OS symbol, or the
// number when the code has no symbol. Under this backend's key only.
scenario_file::Expectation observed_expectation(const report::Observation& observation);
// `CreateFileMappingW(Global\x) 5 ERROR_ACCESS_DENIED`: the comment above a saved step.
std::string observed_text(const report::Observation& observation);

// A role's `identity` (and uid/gid) for the identity diagnose or a scenario ran with.
void set_role_identity(scenario_file::Role& role, const platform::Identity& identity);

// Before anything runs: FILE can be written (its folder exists and takes a file), or a UsageError
// naming the path and the OS error (exit 2).
void check_writable_file(const std::string& path);
// DIR exists (made when missing) and takes files, or a UsageError naming it (exit 2).
void check_writable_directory(const std::string& path);
// The whole file or nothing (a temporary file renamed into place); a UsageError naming the path
// and the OS error when it cannot be written.
void write_scenario_file(const std::string& path, const scenario_file::ScenarioFile& file,
                         const scenario_file::Comments& comments);

// `diagnose --save-scenario`: the attempts diagnose made as one scenario of this platform, with
// the codes seen as expectations, or nothing with `why_not` set when they cannot be replayed.
struct SavedScenario {
  scenario_file::ScenarioFile file;
  scenario_file::Comments comments;
};
std::optional<SavedScenario> scenario_from_diagnosis(const DiagnoseFacts& facts, const platform::Identity& identity,
                                                     std::uint64_t size, std::string& why_not);

}  // namespace shmh

namespace shmh {

// `run --save-failures DIR`: every scenario of `report` that did not pass (failed, error, timeout)
// as DIR/<id with '/' as '_'>.toml, with the codes seen as expectations. A file scenario (`files`
// are run's --file arguments) is its own scenario up to the step that failed, that step expecting
// what it observed; a built-in one is its observations as steps, as far as they map. One line on
// stdout per scenario: the file written, or why none was. Returns the number of files written.
int save_failures(const report::Report& report, const std::vector<std::string>& files, const std::string& dir);

}  // namespace shmh

namespace shmh::platform {
struct TracedCall;
}

namespace shmh {

// `trace --save-scenario`: the calls a traced program made as the steps of one role per process
// ("program", "child-2", ...), each expecting the code it got, so the file replays the program's
// contract without it. A name the program opened before any traced call created it gets a
// `holder` role that creates it first. Calls no step expresses (file-backed or unnamed sections,
// shm_unlink, FlushViewOfFile) are left out and named in the file's comments. Nothing, with
// `why_not`, when no call maps.
std::optional<SavedScenario> scenario_from_trace(const std::vector<platform::TracedCall>& calls, std::int64_t program_pid,
                                                 const std::string& program, std::string& why_not);

}  // namespace shmh
