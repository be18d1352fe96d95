// The subcommands' entry points, called by the CLI once options are parsed and checked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/protocol/text_codec.h"

namespace shmh {

struct FirstOptions {
  std::string name;
  std::uint64_t size = 256;
  std::string message = "Message from first process.";
  Encoding encoding = Encoding::utf8;
  std::optional<std::int64_t> hold_ms;  // else hold until stdin reaches a line or its end
};
int run_first(const FirstOptions& options);

struct SecondOptions {
  std::string name;
  std::uint64_t size = 256;
  std::optional<std::string> expect;
  std::optional<Encoding> encoding;  // nothing: guess from the bytes
};
int run_second(const SecondOptions& options);

struct RunOptions {
  std::vector<std::string> files;  // --file: scenario files, folders, globs; then only their scenarios run
  std::vector<std::string> scenario_globs;
  std::vector<std::string> labels;
  std::string report_dir = "shm-harness-report";
  int timeout_s = 0;  // 0: the default for this machine (run_command.cpp)
  int trials = 200;
  int roles = 8;
  int repeat = 1;
  bool quick = false;
  bool verify = false;
  int slots = 4;
  int repetitions = 0;  // throughput: 0 is the scenario's default
  std::uint64_t chunk = 0;  // throughput: bytes per publication within a block; 0: whole blocks
  int runs = 0;             // throughput and round trip: separate runs, each run's figures kept; 0: the default
  double inject_delay_ns_per_kib = 0;  // testing only (tools/validate-compare.sh)
  bool job_summary = false;  // append summary.md to $GITHUB_STEP_SUMMARY
  // --save-failures DIR: every scenario that did not pass, as a scenario file of what was observed.
  std::string save_failures_dir;
};
int run_scenarios(const RunOptions& options);

struct CompareOptions {
  std::vector<std::string> files;
  std::string baseline;  // one of files; default the first
  std::string html;
  std::string markdown;
  bool allow_missing = false;  // compare the reports that exist, name the missing ones
  std::string semantics_html;      // the side-by-side calls and codes per scenario
  std::string semantics_markdown;
  bool json = false;               // print the comparison as JSON instead of text
  double threshold_pct = 5;        // the noise threshold of throughput rows
  double latency_threshold_pct = 50;  // and of round-trip rows
  std::string correction = "holm";  // holm or bh
  std::string basis = "auto";        // absolute (as measured), limit (÷ each run's own limit), auto (limit across machines)
  std::optional<double> fail_if_slower_pct;  // exit 1 past this
};
int compare_command(const CompareOptions& options);

struct DiagnoseOptions {
  std::string name;
  std::uint64_t size = 4096;
  std::string access = "read";
  bool json = false;
  bool as_restricted = false;
  bool as_low_integrity = false;
  bool as_app_container = false;   // Windows 8+
  bool as_filtered_admin = false;  // Windows, elevated
  std::string as_user;             // POSIX: USER, UID, USER:GID or UID:GID
  // --open-style: open the name the way a real caller does (platform/open_styles.h) and explain
  // the difference from a plain read and write open. Empty: the classic diagnosis.
  std::string open_style;
  bool access_given = false;                // --access was on the command line (`open` only)
  std::optional<std::string> protection;    // `create-or-open` only: PAGE_* by name or number
  std::optional<std::string> view_size;     // bytes; 0 maps the whole section
  std::optional<std::string> view_offset;   // bytes
  // --who: who may open the object (every principal its DACL names and the well-known ones, with
  // the FILE_MAP_* rights each gets); --sddl: the same for a descriptor not yet used.
  bool who = false;
  std::optional<std::string> sddl;
  // --save-scenario FILE: the attempts and the codes seen, as a scenario file (save_scenario.h).
  std::string save_scenario;
};
int diagnose_command(const DiagnoseOptions& options);
int diagnose_who(const DiagnoseOptions& options);

struct NamesOptions {
  std::optional<std::uint32_t> session;  // Windows: list this session's Local\ namespace only
  bool global = false;                   // Windows: list Global\ only
  std::string type = "all";              // section, event, mutex, semaphore or all
  std::string match;                     // glob on the name or its base ("*Orders*")
  bool json = false;
};
int names_command(const NamesOptions& options);

// `console-key`: one key press written into the console of process `pid` (Windows).
struct ConsoleKeyOptions {
  std::int64_t pid = 0;
  std::string key = "enter";  // enter, space, tab, escape, or one character
};
int console_key_command(const ConsoleKeyOptions& options);
// The key --key names, or nothing when it names none (one UTF-16 unit, printable or named).
std::optional<char32_t> parse_console_key(std::string_view text);

struct ListOptions {
  std::vector<std::string> files;  // --file: list these files' scenarios instead of the catalogue
  std::vector<std::string> scenario_globs;
  std::vector<std::string> labels;
  bool json = false;
};
int list_scenarios(const ListOptions& options);

}  // namespace shmh
