// Scenario files (issue 25): the in-memory model of a TOML scenario file, as plain values. The
// parser (scenarios/file/parse.h) fills it from TOML, the writer of `diagnose --save-scenario`
// writes it back, and the builder (scenarios/file/build.h) turns it into a shmh::Scenario.
// docs/scenario-files.md is the reference for every key; the names here are the TOML keys.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace shmh::scenario_file {

// Where a value was written (1-based); 0 when the model was built in memory, not parsed.
struct SourcePos {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

// One expected result of an OS call, as written: `"success"` (ok, and no code alongside), `"any"`
// (not checked), a symbol (`"ERROR_ALREADY_EXISTS"`, `"EEXIST"`: the code the call reported, also
// when it reported it alongside a handle, as CreateFileMappingW's 183), or a number (0 is success).
struct ExpectedCode {
  std::string symbol;                  // "success", "any" or an OS symbol; "" when `number` is set
  std::optional<std::int64_t> number;  // set for a numeric expectation
  friend bool operator==(const ExpectedCode&, const ExpectedCode&) = default;
};

// `expect = X` (both platforms, `both` set) or `expect = { windows = X, posix = Y }` (either or
// both set). A platform the expectation does not name expects "success"; so does a step without
// `expect`. A Windows symbol under `posix` (or the reverse) is an error, and so is a symbol under
// `both` that only one platform has.
struct Expectation {
  std::optional<ExpectedCode> both;
  std::optional<ExpectedCode> windows;
  std::optional<ExpectedCode> posix;
  friend bool operator==(const Expectation&, const Expectation&) = default;
};

// `skip_when = { result = X, reason = "..." }`: when the step's result is X (same forms as
// `expect`, per platform too), the scenario ends as skipped with `reason` and the observed result,
// instead of being checked: how a file says "this machine does not enforce the rule" honestly.
struct SkipWhen {
  Expectation result;
  std::string reason;
  friend bool operator==(const SkipWhen&, const SkipWhen&) = default;
};

// A name in a step: per-run unique unless `exact_name` is true. A unique name keeps the namespace
// prefix written ("Global\\orders" becomes "Global\\shmh-<run>-<scenario>-orders"; a bare name or
// "Local\\x" becomes "Local\\..."); the same written name is the same object in every step of a
// scenario. An exact name is passed to the OS as written.
struct ObjectName {
  std::string name;
  bool exact_name = false;
  friend bool operator==(const ObjectName&, const ObjectName&) = default;
};

struct CreateStep {
  ObjectName name;
  std::uint64_t size = 4096;             // 1 .. 2^40
  std::optional<std::string> protection; // PAGE_* | SEC_* by name ("PAGE_READONLY|SEC_COMMIT")
  std::optional<std::string> sddl;       // Windows: the security descriptor, as SDDL
  std::optional<std::uint32_t> mode;     // POSIX: mode bits, 0 .. 0777 (0600 when absent)
  std::optional<bool> or_open;           // POSIX: shm_open without O_EXCL (Windows always opens)
  std::optional<bool> ansi;              // Windows: CreateFileMappingA
  std::optional<std::string> slot;       // which of the role's handles ("0" when absent)
  friend bool operator==(const CreateStep&, const CreateStep&) = default;
};

struct OpenStep {
  ObjectName name;
  // "read", "write" (the default) or FILE_MAP_* | SECTION_* by name ("FILE_MAP_READ|FILE_MAP_WRITE").
  std::optional<std::string> access;
  // An open style of platform/open_styles.h ("open", "create-or-open", "boost-open-only",
  // "dotnet-create-or-open", ...): the handle calls that library makes. Excludes `access`.
  std::optional<std::string> style;
  std::optional<std::string> slot;
  friend bool operator==(const OpenStep&, const OpenStep&) = default;
};

struct MapStep {
  std::optional<std::string> access;  // "read", "write" (the default) or FILE_MAP_* by name
  std::optional<std::uint64_t> offset;
  std::optional<std::uint64_t> size;  // 0 or absent: the whole object
  std::optional<std::string> slot;
  friend bool operator==(const MapStep&, const MapStep&) = default;
};

struct WriteStep {
  std::string text;                     // written with its NUL
  std::optional<std::uint64_t> offset;
  std::optional<std::string> encoding;  // "utf8" (the default) or "utf16"
  std::optional<std::string> slot;
  friend bool operator==(const WriteStep&, const WriteStep&) = default;
};

struct ReadStep {
  std::optional<std::uint64_t> offset;
  std::optional<std::uint64_t> length;
  std::optional<std::string> encoding;     // "auto" (the default), "utf8" or "utf16"
  std::optional<std::string> slot;
  std::optional<std::string> expect_text;  // the text the read must return
  friend bool operator==(const ReadStep&, const ReadStep&) = default;
};

struct CloseStep {
  std::optional<std::string> slot;
  friend bool operator==(const CloseStep&, const CloseStep&) = default;
};

struct UnmapStep {
  std::optional<std::string> slot;
  friend bool operator==(const UnmapStep&, const UnmapStep&) = default;
};

// The role ends normally (its handles close as the process exits).
struct ExitStep {
  friend bool operator==(const ExitStep&, const ExitStep&) = default;
};

// The role dies: killed outright (TerminateProcess / SIGKILL), or, with `mid_write`, faulting
// after writing half of that text into its view.
struct CrashStep {
  std::optional<std::string> mid_write;
  friend bool operator==(const CrashStep&, const CrashStep&) = default;
};

// The role holds what it has for `ms` milliseconds (0 .. 10000) before answering.
struct HoldStep {
  std::int64_t ms = 0;
  friend bool operator==(const HoldStep&, const HoldStep&) = default;
};

// Racers create-or-open one fresh name behind a barrier, `trials` times (1 .. 100000); every
// trial must end with the expected counts (each optional; an absent count is not checked).
struct RaceStep {
  std::vector<std::string> roles;    // declared roles that race (2 .. 64), or empty with `racers`
  std::optional<std::uint32_t> racers;  // that many unnamed racers (2 .. 64) instead of `roles`
  std::uint64_t trials = 100;
  std::uint64_t size = 4096;
  std::string name = "race";         // per-run unique, one object per trial
  std::optional<std::uint32_t> created;  // racers whose create made the object (1 is the guarantee)
  std::optional<std::uint32_t> existed;  // racers told it existed (183 / EEXIST)
  std::optional<std::uint32_t> other;    // racers with any other result
  friend bool operator==(const RaceStep&, const RaceStep&) = default;
};

using StepAction = std::variant<CreateStep, OpenStep, MapStep, WriteStep, ReadStep, CloseStep, UnmapStep,
                                ExitStep, CrashStep, HoldStep, RaceStep>;

// One `[[scenario.step]]`: `do` is the action's kind, `role` who does it ("" for a race).
struct Step {
  StepAction action;
  std::string role;
  std::optional<Expectation> expect;  // absent: success
  std::optional<SkipWhen> skip_when;
  SourcePos pos;
  friend bool operator==(const Step& a, const Step& b) {
    return a.action == b.action && a.role == b.role && a.expect == b.expect && a.skip_when == b.skip_when;
  }
};

// One `[[scenario.role]]`. `identity`: "normal" (the default), "no-global-privilege",
// "no-lock-memory-privilege", "low-integrity", "app-container", "filtered-admin" (Windows) or
// "other-user" (POSIX: `uid`/`gid`, default nobody). A role whose identity this machine cannot
// make skips the scenario with the probe's reason.
struct Role {
  std::string name;  // [a-z0-9_-], 1 .. 32 characters
  std::string identity = "normal";
  std::optional<std::uint32_t> uid;
  std::optional<std::uint32_t> gid;
  SourcePos pos;
  friend bool operator==(const Role& a, const Role& b) {
    return a.name == b.name && a.identity == b.identity && a.uid == b.uid && a.gid == b.gid;
  }
};

// One `[[scenario]]`.
struct FileScenario {
  std::string id;           // "area/name": the area must not be one of the built-in catalogue's
  std::string description;  // one line, for `list`
  std::vector<std::string> labels;
  std::vector<std::string> platforms;  // "windows", "posix"; empty: both
  std::optional<std::int64_t> timeout_ms;  // the scenario's deadline (1000 .. 3600000)
  std::vector<Role> roles;
  std::vector<Step> steps;
  SourcePos pos;
  friend bool operator==(const FileScenario& a, const FileScenario& b) {
    return a.id == b.id && a.description == b.description && a.labels == b.labels && a.platforms == b.platforms &&
           a.timeout_ms == b.timeout_ms && a.roles == b.roles && a.steps == b.steps;
  }
};

// A whole file: `version = 1` (optional) and its scenarios.
struct ScenarioFile {
  std::string path;  // as given on the command line
  std::vector<FileScenario> scenarios;
  friend bool operator==(const ScenarioFile& a, const ScenarioFile& b) { return a.scenarios == b.scenarios; }
};

}  // namespace shmh::scenario_file
