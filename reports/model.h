// The report model: what a run observed, filled during the run. Writers only format it.
// Depends on nothing of the harness, so reports can be read and compared anywhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/metrics.h"

namespace shmh::report {

// Bumped when a field changes meaning or is removed (a reader of version N refuses N+1);
// fields may be added without a bump. See docs/report-schema.md.
inline constexpr int kSchemaVersion = 1;

struct ErrorInfo {
  std::int64_t code = 0;
  std::string symbol;
  std::string message;
};

// One OS call a role made, as the role saw it.
struct Observation {
  std::string role;
  std::int64_t pid = 0;
  std::string api;        // "CreateFileMappingW", "shm_open", "MapViewOfFile", ...
  // The harness command that made the call ("create", "open", "map", ...): what `run
  // --save-failures` turns back into a step (shm_open serves both create and open). "" when unknown.
  std::string op;
  std::string name;       // the object name the call was about ("" for calls on a view)
  bool ok = false;
  // The OS code; set on failure, and also on success where the OS reports one alongside
  // (CreateFileMappingW's 183 ERROR_ALREADY_EXISTS with a valid handle).
  std::optional<ErrorInfo> error;
  double at_ms = 0;       // since the scenario started, as the orchestrator received it
  nlohmann::json details = nlohmann::json::object();  // op-specific: text read, sizes, ...
};

enum class Outcome { passed, failed, skipped, error, timeout };
const char* outcome_name(Outcome outcome);
std::optional<Outcome> outcome_from_name(const std::string& name);

struct RoleLog {
  std::string role;
  std::int64_t pid = 0;
  std::string exit;  // "exit code 0", "signal 11 SIGSEGV", "still running" ...
  std::string log;
};

// `pair`: one moment of a pair of the user's programs, as the harness saw it from outside.
struct TimelineEvent {
  double at_ms = 0;    // since the pair started
  std::string event;   // "first started", "name appeared", "second started", "second exited",
                       // "message box", "key sent", "first ended", "name gone", ...
  std::string role;    // "first", "second", "second#2"; "" for the name
  std::int64_t pid = 0;
  std::string detail;  // "exit code 1", "signal 11 SIGSEGV", "Process2: Message from first process."
};

// `trace`: one shared-memory call a traced program made, as it made it.
struct TracedCallRow {
  double at_ms = 0;      // since the program started
  std::int64_t pid = 0, tid = 0;
  std::string call;      // `shm_open("/orders", O_RDWR, 0)`, `MapViewOfFile(0x1a4, FILE_MAP_READ, 0, 0, 256)`
  std::string result;    // "3", "0x7f3a2c000000", "-1", "NULL"
  std::optional<ErrorInfo> error;  // on failure
  std::string verdict;   // one sentence when the call was judged (a failure, a view past the end)
  std::string role;      // `pair --trace`: the program's role ("first", "second", "second#2"); "" for `trace`
};

// A message box a program showed, as read before it was dismissed.
struct MessageBoxSeen {
  std::string title;
  std::string text;
  std::string dismissed;  // "OK pressed", or why it could not be dismissed
};

// A user's program that `pair` ran: what it was, how it ended, what it said (bounded).
struct ProgramRun {
  std::string role;     // "first", "second", "second#2"
  std::string command;  // as the user gave it
  std::string run_as;   // "as started", "restricted", "low-integrity", "nobody"
  std::int64_t pid = 0;
  std::string exit;         // ExitStatus::describe(): "exit code 1", "signal 11 SIGSEGV"; "not started"
  std::string exit_symbol;  // ExitStatus::symbol(): "EXIT_1", "SIGSEGV", "EXCEPTION_ACCESS_VIOLATION"
  std::string output;       // stdout, at most the first 64 KiB
  std::string errors;       // stderr, likewise
  std::uint64_t output_dropped = 0, errors_dropped = 0;  // bytes beyond the bound
  std::vector<MessageBoxSeen> message_boxes;
  std::string message_box_problem;  // why its message boxes could not be watched ("" when they were)
};

struct ScenarioResult {
  std::string id;
  std::vector<std::string> labels;
  std::string purpose;
  Outcome outcome = Outcome::error;
  std::string reason;  // why it failed or was skipped; what passed and how, when it passed
  double duration_ms = 0;
  std::vector<Observation> observations;
  Metrics metrics;
  // For a scenario that did not pass after a call failed on a name: per such name, the objects
  // that existed under it or a near one and who held them (docs/report-schema.md); null otherwise.
  nlohmann::json namespace_snapshot = nullptr;
  std::vector<RoleLog> role_logs;  // attached when the scenario did not pass
  // `pair` only: the timeline, the programs, and (when second failed) `diagnose --json` of the
  // name made as second's identity; empty / null for scenarios.
  std::vector<TimelineEvent> timeline;
  std::vector<ProgramRun> programs;
  nlohmann::json diagnosis = nullptr;
  // `trace` only: the program's calls in order (diagnosis then holds the verdicts).
  std::vector<TracedCallRow> calls;
};

// Who ran the harness: what decides the privilege scenarios' outcomes.
struct SecurityContext {
  std::string user;
  std::optional<std::uint32_t> session_id;
  std::string integrity_level;     // Windows
  std::optional<bool> elevated;    // Windows
  bool service = false;
  std::vector<std::pair<std::string, bool>> privileges;  // name, enabled
};

// What the machine lets a shared-memory object grow to (platform/memory_limits.h). POSIX: the
// /dev/shm store and systemd-logind's RemoveIPC; Windows: the commit limit.
struct MemoryLimits {
  std::string store_path, filesystem, mount_options;  // "" on Windows
  std::uint64_t store_size = 0, store_free = 0;
  std::string remove_ipc, remove_ipc_source;  // "yes"/"no"/"" and where it was set or why not
  std::uint64_t commit_limit = 0, commit_available = 0;  // 0 on POSIX
};

struct Machine {
  std::string host_name;
  std::string os_name;
  std::string os_version;
  std::string cpu_model;
  unsigned logical_cores = 0;
  std::uint64_t page_size = 0;
  std::uint64_t allocation_granularity = 0;
  std::uint64_t physical_memory = 0;
  std::optional<std::string> wine;
  std::string backend;  // "windows" or "posix"
  std::string hypervisor;  // "" on bare metal: virtual machines give results in clusters
  double timer_resolution_ns = 0;
  std::string large_pages;
  MemoryLimits memory;
  SecurityContext security;
};

struct Report {
  int schema_version = kSchemaVersion;
  std::string tool_name = "shm-harness";
  std::string tool_version;
  std::string run_id;
  std::string started_at;  // UTC, ISO 8601
  double duration_ms = 0;
  bool interrupted = false;
  Machine machine;
  std::vector<ScenarioResult> scenarios;
};

}  // namespace shmh::report
