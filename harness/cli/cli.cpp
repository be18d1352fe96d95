// CLI11 definition of every subcommand. Bad input ends here with one line and exit code 2.
#include "harness/cli/cli.h"

#include <iostream>

#include <CLI/CLI.hpp>

#include "harness/cli/check_file_command.h"
#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/pair_command.h"
#include "harness/cli/save_scenario.h"
#include "harness/cli/trace_command.h"
#include "harness/orchestrator/janitor.h"
#include "harness/protocol/logging.h"
#include "harness/protocol/names.h"
#include "harness/platform/identity.h"
#include "harness/platform/system_info.h"
#include "harness/role/role.h"
#include "harness/cli/units.h"
#include "reports/format.h"
#include "shmh_commit.h"  // generated at build time (cmake/Version.cmake)

namespace shmh {
namespace {

std::string checked_name(const std::string& name) {
  if (auto problem = name_problem(name)) throw UsageError{"invalid --name '" + name + "': " + *problem};
  return name;
}

std::uint64_t checked_size(const std::string& text) {
  const auto size = parse_size(text);
  if (!size) throw UsageError{"invalid --size '" + text + "': give a whole number of bytes, optionally with KiB, MiB or GiB"};
  if (*size == 0) throw UsageError{"invalid --size 0: a pagefile-backed mapping needs at least 1 byte (Windows refuses 0 with 87)"};
  const auto memory = platform::machine_info().physical_memory;
  if (memory != 0 && *size > memory) {
    throw UsageError{"invalid --size " + text + ": larger than this machine's " + report::format_size(memory) +
                     " of memory, so it cannot be committed and mapped"};
  }
  return *size;
}

Encoding checked_encoding(const std::string& text) {
  if (text == "utf8") return Encoding::utf8;
  if (text == "utf16") return Encoding::utf16;
  throw UsageError{"invalid --encoding '" + text + "': use utf8 or utf16"};
}

}  // namespace

int run_cli(const std::vector<std::string>& arguments) {
  remember_command_line(arguments);
  CLI::App app{"shm-harness: test and diagnose named shared memory (CreateFileMapping / shm_open) across processes"};
  app.name("shm-harness");
  app.set_version_flag("--version", std::string("shm-harness ") + SHMH_VERSION + " (commit " + SHMH_COMMIT + ")");
  app.require_subcommand(1, 1);

  std::string name, size_text = "256", encoding_text, message = "Message from first process.";
  std::int64_t hold_ms = -1;
  bool hold_until_stdin = false;

  auto* first = app.add_subcommand("first", "The sample's first process: create a named mapping, write a message, hold it, clean up");
  first->add_option("--name", name, "Object name, e.g. Local\\demo or Global\\demo")->required();
  first->add_option("--size", size_text, "Mapping size in bytes (KiB, MiB, GiB suffixes allowed)")->capture_default_str();
  first->add_option("--message", message, "Text to write")->capture_default_str();
  first->add_option("--encoding", encoding_text, "utf8 (a char build of the sample) or utf16 (a UNICODE build); default utf8");
  auto* hold = first->add_option("--hold-ms", hold_ms, "Hold the mapping this long, then clean up")->check(CLI::NonNegativeNumber);
  first->add_flag("--hold-until-stdin", hold_until_stdin, "Hold until a line (Enter) or end of input on stdin (the default)")->excludes(hold);

  std::string expect;
  auto* second = app.add_subcommand("second", "The sample's second process: open the named mapping and print the text it holds");
  second->add_option("--name", name, "Object name the first process created")->required();
  second->add_option("--size", size_text, "Bytes to map and read")->capture_default_str();
  auto* expect_option = second->add_option("--expect", expect, "Exit 1 unless the text read is exactly this");
  second->add_option("--encoding", encoding_text, "utf8 or utf16; default: guessed from the bytes");

  RunOptions run_options;
  auto* run = app.add_subcommand("run", "Run scenarios in role processes and write report.json");
  run->add_option("--file", run_options.files,
                  "Scenario file (TOML), folder of them or glob (repeatable): run only their scenarios (docs/scenario-files.md)");
  run->add_option("--scenario", run_options.scenario_globs, "Scenario id or glob (repeatable), e.g. 'create-open/*'");
  run->add_option("--label", run_options.labels, "Only scenarios with this label (repeatable)");
  run->add_option("--report-dir", run_options.report_dir, "Folder for the reports")->capture_default_str();
  run->add_option("--timeout-s", run_options.timeout_s,
                  "Deadline per scenario, seconds (default 60; 90 under Wine); a scenario that reaches it ends as "
                  "timeout, naming the role, the operation and the call it waited in")
      ->check(CLI::Range(1, 3600));
  run->add_option("--trials", run_options.trials, "Trials per race scenario")->check(CLI::Range(1, 100000))->capture_default_str();
  run->add_option("--roles", run_options.roles, "Roles per race scenario")->check(CLI::Range(2, 64))->capture_default_str();
  run->add_flag("--quick", run_options.quick, "Throughput: the short sweep (3 sizes, 3 repetitions), under 30 s");
  run->add_option("--slots", run_options.slots, "Throughput: slots in the ring")->check(CLI::Range(1, 64))->capture_default_str();
  run->add_option("--repetitions", run_options.repetitions,
                  "Throughput: repetitions of every measurement (default 9, 3 with --quick); more gives tighter "
                  "medians and intervals in compare, and takes longer")
      ->check(CLI::Range(3, 1000));
  run->add_option("--chunk", run_options.chunk,
                  "Throughput: the writer publishes each block in parts of this many bytes, so the reader starts "
                  "before the whole block is written (0: whole blocks)")
      ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{1} << 30))->capture_default_str();
  run->add_option("--runs", run_options.runs,
                  "Throughput and round trip: run them this many times as separate runs, interleaved, and keep every "
                  "run's figures (compare tests the runs' medians: the run is the sample). Default 5 (5 repetitions "
                  "each), 1 with --quick or --repetitions; the estimated time is printed after the first run")
      ->check(CLI::Range(1, 1000));
  // Testing only: a slowdown of known size for tools/validate-compare.sh; hidden from --help.
  run->add_option("--inject-delay-ns-per-kib", run_options.inject_delay_ns_per_kib,
                  "TESTING: the ring's writer and reader each wait this long per KiB of each block before publishing it")
      ->check(CLI::Range(0.0, 1e6))
      ->group("");
  run->add_flag("--verify", run_options.verify, "Throughput: the reader verifies every block while measured (labelled)");
  run->add_flag("--job-summary", run_options.job_summary,
                "Also append summary.md to $GITHUB_STEP_SUMMARY (GitHub Actions); ctest's scenario tests never do");
  run->add_option("--repeat", run_options.repeat, "Run the selection this many times (soak)")
      ->check(CLI::Range(1, 100000))->capture_default_str();
  run->add_option("--save-failures", run_options.save_failures_dir,
                  "Write every scenario that did not pass into DIR as a scenario file of what was observed, the codes seen "
                  "as its expectations (docs/scenario-files.md)")
      ->type_name("DIR");

  ListOptions list_options;
  auto* list = app.add_subcommand("list", "List scenario ids, labels and purposes");
  list->add_option("--file", list_options.files, "Scenario file (TOML), folder or glob (repeatable): list only their scenarios");
  list->add_option("--scenario", list_options.scenario_globs, "Only scenarios whose id matches this glob (repeatable)");
  list->add_option("--label", list_options.labels, "Only scenarios with this label (repeatable)");
  list->add_flag("--json", list_options.json, "Print JSON (for build tools)");

  CheckFileOptions check_file_options;
  auto* check_file = app.add_subcommand("check-file", "Validate scenario files (TOML) without running them: exit 0 valid, 2 not");
  check_file->add_option("files", check_file_options.files, "Scenario files, folders of them or globs")->required();

  CompareOptions compare_options;
  auto* compare = app.add_subcommand("compare", "Line up report.json files from several machines: context, outcomes, throughput, latency");
  compare->add_option("reports", compare_options.files, "report.json files (two or more)")->required();
  compare->add_option("--baseline", compare_options.baseline, "The report the others are compared against (default: the first)");
  compare->add_option("--html", compare_options.html, "Also write the comparison as a self-contained HTML page");
  compare->add_option("--md", compare_options.markdown, "Also write the comparison as Markdown");
  compare->add_option("--semantics", compare_options.semantics_html,
                      "Also write the side-by-side page: per scenario, the calls each report's platform made and the codes it got");
  compare->add_option("--semantics-md", compare_options.semantics_markdown, "The same side-by-side view as Markdown");
  compare->add_flag("--allow-missing", compare_options.allow_missing,
                    "Name the report files that do not exist and compare the rest (CI: a job that failed early)");
  compare->add_flag("--json", compare_options.json, "Print the comparison as JSON (docs/report-schema.md) instead of text");
  compare->add_option("--threshold", compare_options.threshold_pct,
                      "Noise threshold of throughput rows in percent: a row is called changed only when its whole "
                      "95% interval lies beyond it")
      ->check(CLI::Range(0.0, 100.0))->capture_default_str();
  compare->add_option("--latency-threshold", compare_options.latency_threshold_pct,
                      "Noise threshold of round-trip rows in percent (on a VM a round trip moves between levels "
                      "from one run to the next: see docs/performance.md)")
      ->check(CLI::Range(0.0, 1000.0))->capture_default_str();
  compare->add_option("--correction", compare_options.correction,
                      "Multiple-testing correction over the rows: holm (no false call in 95% of identical pairs) or bh "
                      "(Benjamini-Hochberg: at most 5% of the calls false, calls more when much changed)")
      ->check(CLI::IsMember({"holm", "bh"}))->capture_default_str();
  compare->add_option("--basis", compare_options.basis,
                      "What a row is tested on: absolute (GiB/s and ns as measured: which machine is faster), limit "
                      "(each run ÷ its own hand-off or core-to-core limit: a machine faster or slower as a whole is "
                      "not a change), or auto (absolute between runs of one machine, limit between machines)")
      ->check(CLI::IsMember({"auto", "limit", "absolute"}))->capture_default_str();
  compare->add_option("--fail-if-slower", compare_options.fail_if_slower_pct,
                      "Exit 1 when a row is called slower and its whole 95% interval is more than PCT percent slower (CI gates)")
      ->check(CLI::Range(0.0, 100.0));
  compare->footer("Exit codes: 0 compared (and no row past --fail-if-slower); 1 a row is slower than --fail-if-slower "
                  "with confidence; 2 bad usage or a report that cannot be read.");

  DiagnoseOptions diagnose_options;
  std::string diagnose_size = "4096";
  auto* diagnose = app.add_subcommand("diagnose", "What this process may do with a name and why: privileges, session, integrity, the object's DACL, an open and a create attempt");
  diagnose->add_option("--name", diagnose_options.name, "Object name, e.g. Global\\orders")->required();
  diagnose->add_option("--size", diagnose_size, "Size for the create attempt")->capture_default_str();
  auto* diagnose_access = diagnose->add_option("--access", diagnose_options.access,
                       "read, write, all (with --open-style open also copy, execute), or an access mask: FILE_MAP_* names joined by '|' or a number (FILE_MAP_WRITE, 0x6)")->capture_default_str();
  diagnose->add_option("--open-style", diagnose_options.open_style,
                       "Open the name the way a real caller does and explain the difference: open, create-or-open, boost-open-only, "
                       "boost-open-or-create, qt-attach-readonly, qt-attach-readwrite, dotnet-open-existing, dotnet-create-or-open, "
                       "python-mmap-tagname");
  diagnose->add_option("--protection", diagnose_options.protection,
                       "With --open-style create-or-open: PAGE_* by name or number (default PAGE_READWRITE)");
  diagnose->add_option("--view-size", diagnose_options.view_size, "With --open-style: bytes the view maps (0: the whole section)");
  diagnose->add_option("--view-offset", diagnose_options.view_offset, "With --open-style: the view's offset in bytes");
  diagnose->add_flag("--who", diagnose_options.who,
                     "Who may open the object: each principal of its DACL, Everyone, Authenticated Users, INTERACTIVE, "
                     "Administrators, SYSTEM and the owner, with their FILE_MAP_* rights (POSIX: owner, group, others)");
  diagnose->add_option("--sddl", diagnose_options.sddl, "With --who: answer for this security descriptor (\"D:(A;;GR;;;WD)\") instead of the object's");
  diagnose->add_flag("--json", diagnose_options.json, "Print the facts and the explanation as JSON");
  diagnose->add_flag("--as-restricted", diagnose_options.as_restricted,
                     "Make the attempts from a child without SeCreateGlobalPrivilege (POSIX: as nobody)");
  diagnose->add_flag("--as-low-integrity", diagnose_options.as_low_integrity, "Make the attempts from a Low-integrity child (Windows)");
  diagnose->add_flag("--as-app-container", diagnose_options.as_app_container,
                     "Make the attempts from an AppContainer child (Windows 8+; a profile made for it and deleted after)");
  diagnose->add_flag("--as-filtered-admin", diagnose_options.as_filtered_admin,
                     "Make the attempts from a child with the filtered token UAC gives an administrator (Windows, run elevated)");
  diagnose->add_option("--as-user", diagnose_options.as_user,
                       "POSIX, as root: make the attempts from a child running as USER, UID, USER:GID or UID:GID");
  diagnose->add_option("--save-scenario", diagnose_options.save_scenario,
                       "Also write the attempts as a scenario file whose expectations are the codes seen here: `run --file FILE` "
                       "passes on this machine and fails when the behaviour changes (docs/scenario-files.md)")
      ->type_name("FILE");

  NamesOptions names_options;
  std::uint32_t names_session = 0;
  auto* names = app.add_subcommand("names", "The named objects that exist (sections, events, mutexes, semaphores; POSIX: /dev/shm), their size, security and holders");
  auto* session_option = names->add_option("--session", names_session, "Windows: list this session's Local\\ namespace (default: this session's and Global\\)");
  names->add_flag("--global", names_options.global, "Windows: list only the Global\\ namespace")->excludes(session_option);
  names->add_option("--type", names_options.type, "section, event, mutex, semaphore or all")->capture_default_str();
  names->add_option("--match", names_options.match, "Only names matching this glob, e.g. '*Orders*'");
  names->add_flag("--json", names_options.json, "Print JSON (schema in docs/report-schema.md)");

  std::string role_name;
  std::int64_t parent_pid = 0;
  auto* role = app.add_subcommand("role", "Internal: a role process remote-controlled by `run` over stdin/stdout");
  role->group("Internal");
  role->add_option("--role-name", role_name, "Role name for logs and observations")->required();
  role->add_option("--parent-pid", parent_pid, "The orchestrator's pid (the role dies with it)");
  bool drop_to_nobody = false;
  auto* drop = role->add_flag("--drop-to-nobody", drop_to_nobody, "POSIX: become the unprivileged 'nobody' before the first command");
  std::optional<std::uint32_t> role_uid, role_gid;
  auto* as_uid = role->add_option("--as-uid", role_uid, "POSIX: become this uid before the first command")->excludes(drop);
  auto* as_gid = role->add_option("--as-gid", role_gid, "POSIX: ... with this gid")->needs(as_uid);
  as_uid->needs(as_gid);

  PairOptions pair_options;
  auto* pair = add_pair_subcommand(app, pair_options);
  TraceCommandOptions trace_options;
  auto* trace = add_trace_subcommand(app, trace_options);
  ExecAsOptions exec_options;
  auto* exec_as_nobody = add_exec_as_nobody_subcommand(app, exec_options);

  std::string run_id;
  auto* janitor = app.add_subcommand("janitor", "Internal: removes a killed run's leftover POSIX names once its stdin closes");
  janitor->group("Internal");
  janitor->add_option("--run-id", run_id, "The run whose names to remove")->required();

  ConsoleKeyOptions console_key_options;
  auto* console_key = app.add_subcommand(
      "console-key", "Internal: press one key in the console of another process (Windows), as `pair` does for a first that waits with _getch");
  console_key->group("Internal");
  console_key->add_option("--pid", console_key_options.pid, "The process whose console gets the key")->required();
  console_key->add_option("--key", console_key_options.key, "enter, space, tab, escape, or one character")->capture_default_str();

  std::vector<std::string> rest(arguments.rbegin(), arguments.rend() - 1);  // CLI11 wants them reversed
  try {
    const auto known = app.get_subcommands([&](CLI::App* sub) { return arguments.size() > 1 && sub->check_name(arguments[1]); });
    if (arguments.size() > 1 && !arguments[1].starts_with("-") && known.empty()) {
      throw UsageError{"unknown command '" + arguments[1] + "': use first, second, run, pair, trace, list, check-file, compare, diagnose or names (see shm-harness --help)"};
    }
    app.parse(rest);
    if (*role) {
      std::optional<platform::PosixAccount> account;
      if (role_uid) account = platform::PosixAccount{*role_uid, *role_gid, ""};
      return run_role(role_name, parent_pid, drop_to_nobody, account);
    }
    if (*exec_as_nobody) return exec_as_nobody_command(exec_options);
    if (*janitor) {
      if (run_id.rfind("shmh-", 0) != 0) throw UsageError{"invalid --run-id '" + run_id + "': run ids start with shmh-"};
      return run_janitor(run_id);
    }
    if (*console_key) return console_key_command(console_key_options);
    setup_logging("orchestrator", false);
    if (*first) {
      FirstOptions options{checked_name(name), checked_size(size_text), message, Encoding::utf8, std::nullopt};
      if (!encoding_text.empty()) options.encoding = checked_encoding(encoding_text);
      if (hold_ms >= 0) options.hold_ms = hold_ms;
      return run_first(options);
    }
    if (*second) {
      SecondOptions options{checked_name(name), checked_size(size_text), std::nullopt, std::nullopt};
      if (*expect_option) options.expect = expect;
      if (!encoding_text.empty()) options.encoding = checked_encoding(encoding_text);
      return run_second(options);
    }
    if (*run) return run_scenarios(run_options);
    if (*pair) return pair_command(pair_options);
    if (*trace) return trace_command(trace_options);
    if (*list) return list_scenarios(list_options);
    if (*check_file) return check_file_command(check_file_options);
    if (*compare) return compare_command(compare_options);
    if (*names) {
      if (*session_option) names_options.session = names_session;
      return names_command(names_options);
    }
    if (*diagnose) {
      diagnose_options.size = checked_size(diagnose_size);
      diagnose_options.access_given = diagnose_access->count() > 0;
      return diagnose_command(diagnose_options);
    }
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "shm-harness: " << e.what() << " (see shm-harness --help)" << std::endl;
    return kExitBadUsage;
  } catch (const UsageError& e) {
    std::cerr << "shm-harness: " << e.message << std::endl;
    return kExitBadUsage;
  }
  return kExitBadUsage;
}

}  // namespace shmh
