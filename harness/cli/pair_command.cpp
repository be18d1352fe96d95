// `pair`: options and their checks, progress lines, the repetitions, the reports. The run itself
// is harness/orchestrator/pair_runner; the diagnosis of a failed second is diagnose's.
#include "harness/cli/pair_command.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <ctime>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/fmt/chrono.h>

#include "harness/cli/diagnose_attempts.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/trace_verdicts.h"
#include "harness/orchestrator/machine_context.h"
#include "harness/orchestrator/pair_runner.h"
#include "harness/platform/call_tracer.h"
#include "harness/platform/command_line.h"
#include "harness/platform/security.h"
#include "harness/platform/system_info.h"
#include "harness/platform/this_process.h"
#include "harness/protocol/names.h"
#include "reports/utf8_path.h"
#include "reports/writers.h"

namespace shmh {
namespace {

const bool kWindows = platform::backend() == platform::Backend::windows;

std::string checked_command(const std::string& option, const std::string& line) {
  if (kWindows) {
    // Windows gives the line to CreateProcessW as it is, and the program parses it (backslashes
    // in paths are not escapes there): only a blank line is refused here.
    if (line.find_first_not_of(" \t") == std::string::npos) {
      throw UsageError{"invalid " + option + " '" + line + "': the command is empty; give a program and its arguments"};
    }
    return line;
  }
  const auto split = platform::split_command_line(line);
  if (!split.problem.empty()) throw UsageError{"invalid " + option + " '" + line + "': " + split.problem};
  if (split.words.empty()) throw UsageError{"invalid " + option + " '" + line + "': the command is empty; give a program and its arguments"};
  return line;
}

// The identity a program runs as, from --first-as/--second-as (a kind) or --first-as-user/
// --second-as-user (a POSIX account); bad input and an identity this machine cannot make are
// usage errors (exit 2) with the reason.
PairProgram checked_program(const std::string& option, const std::string& line, const std::string& as_option,
                            const std::string& as, const std::string& user) {
  PairProgram program{checked_command(option, line), {}, "as started"};
  const std::string user_option = as_option + "-user";
  if (!user.empty()) {
    if (!as.empty()) throw UsageError{as_option + " and " + user_option + " cannot be combined: pick one"};
    if (kWindows) throw UsageError{user_option + ": POSIX only (another uid and gid); on Windows use " + as_option + " restricted, low-integrity, app-container or filtered-admin"};
    const auto choice = platform::resolve_user(user);
    if (!choice.account) throw UsageError{"invalid " + user_option + " '" + user + "': " + choice.problem};
    program.identity = platform::Identity::posix(*choice.account);
    program.run_as = platform::identity_name(program.identity);
  } else if (!as.empty()) {
    program.run_as = as;
    if (as == "restricted") program.identity = platform::Restriction::without_global_privilege;
    else if (as == "low-integrity") program.identity = platform::Restriction::low_integrity;
    else if (as == "app-container") program.identity = platform::Restriction::app_container;
    else if (as == "filtered-admin") program.identity = platform::Restriction::filtered_admin;
    else if (as == "nobody") program.identity = platform::Restriction::other_user;
    else throw UsageError{"invalid " + as_option + " '" + as + "': use restricted, low-integrity, app-container, filtered-admin or nobody"};
    if (kWindows && as == "nobody") throw UsageError{as_option + " nobody: POSIX only; on Windows use restricted, low-integrity, app-container or filtered-admin"};
    if (!kWindows && as != "nobody") throw UsageError{as_option + " " + as + ": Windows tokens only; on POSIX use nobody or " + user_option};
  } else {
    return program;
  }
  if (auto unavailable = platform::identity_unavailable(program.identity)) {
    throw UsageError{"cannot run " + option.substr(2) + " as " + program.run_as + ": " + *unavailable};
  }
  return program;
}

void parse_second_after(const std::string& text, PairSettings& settings) {
  if (text == "exists") return void(settings.second_after = SecondAfter::name_exists);
  if (text == "first-exit") return void(settings.second_after = SecondAfter::first_exit);
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  const std::string unit = text.substr(digits);
  if (digits == 0 || digits > 7 || (unit != "ms" && unit != "s")) {
    throw UsageError{"invalid --second-after '" + text + "': use exists, first-exit, or a time such as 500ms or 2s"};
  }
  settings.second_after = SecondAfter::delay;
  settings.delay = std::chrono::milliseconds(std::stoll(text.substr(0, digits)) * (unit == "s" ? 1000 : 1));
}

FirstEnds parse_first_ends(const std::string& text) {
  if (text == "key") return FirstEnds::key;
  if (text == "stdin") return FirstEnds::stdin_line;
  if (text == "kill") return FirstEnds::kill;
  if (text == "wait") return FirstEnds::wait;
  throw UsageError{"invalid --first-ends '" + text + "': use key, stdin, kill or wait"};
}

void print_event(int round, int rounds, const report::TimelineEvent& e) {
  std::printf("  %s%8.1f ms  %-30s %s%s\n", rounds > 1 ? ("#" + std::to_string(round) + " ").c_str() : "", e.at_ms,
              (e.event + (e.pid ? " (pid " + std::to_string(e.pid) + ")" : "")).c_str(), e.detail.c_str(), "");
  std::fflush(stdout);
}

std::string attempted_as(const platform::Identity& identity) {
  switch (identity.restriction) {
    case platform::Restriction::none: return "second's identity (this user, unrestricted)";
    case platform::Restriction::without_global_privilege: return "second's identity (a child without SeCreateGlobalPrivilege)";
    case platform::Restriction::low_integrity: return "second's identity (a Low-integrity child)";
    default: return "second's identity (a child running as " + platform::identity_name(identity) + ")";
  }
}

// `pair --trace` refuses what the tracer cannot honour, before anything runs.
void check_trace_conflicts(const PairOptions& o) {
  if (!o.trace) return;
  for (const auto& [option, as] : {std::pair<std::string, std::string>{"--first-as", o.first_as}, {"--second-as", o.second_as},
                                   {"--first-as-user", o.first_as_user}, {"--second-as-user", o.second_as_user}}) {
    if (as.empty()) continue;
    // POSIX nobody runs through the exec-as-nobody trampoline (its calls are not the program's);
    // a Windows restricted or low-integrity token needs CreateProcessAsUser, which the debugger
    // start does not take.
    throw UsageError{"--trace cannot be combined with " + option + " " + as +
                     ": the tracer starts the program itself, as this user (drop " + option + " or --trace)"};
  }
  if (kWindows && o.first_ends == "key") {
    throw UsageError{"--trace with --first-ends key: on Windows the traced first has no console of its own to send a key "
                     "to; use --first-ends stdin, kill or wait"};
  }
}

std::string call_args(const platform::TracedCall& c) {
  std::string text;
  for (const auto& a : c.args) text += (text.empty() ? "" : ", ") + a.value;
  return text;
}

// Each traced program's calls, judged as `trace` judges them, into the pair's report entry (the
// calls table by role, and observations so every writer lists them) and a short list on stdout.
// Each traced role's NameFactsAtCall, made on its first call (the roles' tracing threads run at once).
class RoleNameFacts {
 public:
  NameFactsAtCall& of(const std::string& role) {
    std::lock_guard lock(mutex_);
    auto& facts = by_role_[role];
    if (!facts) facts = std::make_unique<NameFactsAtCall>();
    return *facts;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<NameFactsAtCall>> by_role_;
};

void add_traced_calls(report::ScenarioResult& result, const std::vector<TracedRole>& roles, RoleNameFacts& facts_at_call,
                      std::uint64_t granularity) {
  const auto token = platform::current_token();
  // All the programs' calls judged as one timeline on the pair's clock, so that a call is judged
  // with what the other program did before it (first closed its last handle, then second's open
  // found nothing); each verdict goes back to its role's call.
  std::vector<platform::TracedCall> merged;
  std::vector<std::pair<std::size_t, std::size_t>> origin;  // merged index -> (role, call)
  std::vector<TracedNameFacts> names;
  for (std::size_t r = 0; r < roles.size(); ++r) {
    for (std::size_t i = 0; i < roles[r].calls.size(); ++i) {
      merged.push_back(roles[r].calls[i]);
      merged.back().t_ms += roles[r].started_ms;
      origin.emplace_back(r, i);
    }
    for (auto& facts : facts_at_call.of(roles[r].role).facts(roles[r].calls)) {
      const bool known = std::any_of(names.begin(), names.end(), [&](const TracedNameFacts& n) { return n.name == facts.name; });
      if (!known) names.push_back(std::move(facts));
    }
  }
  std::vector<std::size_t> order(merged.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return merged[a].t_ms < merged[b].t_ms; });
  std::vector<platform::TracedCall> timeline;
  for (const auto k : order) timeline.push_back(merged[k]);
  std::map<std::pair<std::size_t, std::size_t>, Diagnosis> verdict_of;
  for (auto& v : judge_calls(timeline, names, token, granularity, kWindows)) verdict_of[origin[order[v.call_index]]] = std::move(v.diagnosis);
  nlohmann::json judged = nlohmann::json::array();
  for (std::size_t r = 0; r < roles.size(); ++r) {
    const auto& role = roles[r];
    std::printf("  calls of %s (pid %lld): %zu\n", role.role.c_str(), static_cast<long long>(role.pid), role.calls.size());
    for (std::size_t i = 0; i < role.calls.size(); ++i) {
      const auto& c = role.calls[i];
      // On the pair's clock, as the timeline: the tracer counts from the program's start.
      const double at_ms = role.started_ms + c.t_ms;
      report::TracedCallRow row{at_ms, c.pid, c.tid, c.api + "(" + call_args(c) + ")", c.result, std::nullopt, "", role.role};
      report::Observation obs;
      obs.role = role.role;
      obs.pid = c.pid;
      obs.api = c.api;
      obs.name = c.object_name;
      obs.ok = !c.failed;
      obs.at_ms = at_ms;
      obs.details = call_to_json(c);
      if (c.failed) {
        row.error = report::ErrorInfo{c.error, c.error_symbol, obs.details.value("error_message", "")};
        obs.error = row.error;
      }
      const auto v = verdict_of.find({r, i});
      const Diagnosis* d = v == verdict_of.end() ? nullptr : &v->second;
      if (d) {
        row.verdict = d->verdict;
        judged.push_back({{"role", role.role}, {"call", call_text(c)}, {"works", d->works},
                          {"verdict", d->verdict}, {"reasons", d->reasons}, {"advice", d->advice}});
      }
      std::printf("    %s%s\n", call_text(c).c_str(), row.verdict.empty() ? "" : (" — " + row.verdict).c_str());
      if (d && !d->reasons.empty()) std::printf("      why: %s\n", d->reasons.front().c_str());
      result.calls.push_back(std::move(row));
      result.observations.push_back(std::move(obs));
    }
  }
  std::fflush(stdout);
  if (judged.empty()) return;
  // The judged calls join the pair's own diagnosis (second's identity), which stays as it was.
  if (!result.diagnosis.is_object()) result.diagnosis = nlohmann::json{{"verdict", judged.front().value("verdict", "")}};
  result.diagnosis["calls"] = judged;
}

}  // namespace

CLI::App* add_pair_subcommand(CLI::App& app, PairOptions& o) {
  auto* pair = app.add_subcommand("pair", "Run your own first and second programs around one name: watch the name, capture what they say, judge second, explain a failure");
  pair->add_option("--first", o.first, "First's command line, e.g. \"OrdersService.exe --create\" (Windows: given to CreateProcessW as it is; POSIX: split into words like a shell's, nothing expanded, no shell)")->required();
  pair->add_option("--second", o.second, "Second's command line")->required();
  pair->add_option("--name", o.name, "The name the programs use, e.g. Global\\MyFileMappingObject (POSIX: /orders)")->required();
  pair->add_option("--second-after", o.second_after, "Start second when the name exists, after a time (500ms, 2s), or at first-exit")->capture_default_str();
  pair->add_option("--repeat", o.repeat, "Run the whole pair this many times")->check(CLI::Range(1, 10000))->capture_default_str();
  pair->add_option("--seconds", o.seconds, "Start this many seconds at once (a race of the openers)")->check(CLI::Range(1, 64))->capture_default_str();
  pair->add_option("--first-as", o.first_as, "Run first with less power: restricted (no SeCreateGlobalPrivilege), low-integrity, app-container, filtered-admin (Windows), nobody (POSIX, as root)");
  pair->add_option("--second-as", o.second_as, "Run second with less power: restricted, low-integrity, app-container, filtered-admin or nobody");
  pair->add_option("--first-as-user", o.first_as_user, "POSIX, as root: run first as USER, UID, USER:GID or UID:GID (a uid without a passwd entry is allowed)");
  pair->add_option("--second-as-user", o.second_as_user, "POSIX, as root: run second as USER, UID, USER:GID or UID:GID");
  pair->add_option("--first-ends", o.first_ends, "How first ends once second has: key (Windows: a key in its own console; POSIX: a line on stdin), stdin (a line, then end of input), kill, wait")->capture_default_str();
  auto* expect = pair->add_option("--expect-text", o.expect_text, "Second passes when this text appears in its output or a message box it shows (and it did not crash), whatever its exit code; without it, second passes when it exits 0");
  expect->each([&o](const std::string&) { o.expect_text_given = true; });
  pair->add_option("--timeout", o.timeout_s, "Time limit per pair in seconds; then both are killed and the report says which hung")->check(CLI::Range(1, 3600))->capture_default_str();
  pair->add_flag("--trace", o.trace, "Start both programs under the call tracer (as `trace` does) and put their shared-memory calls, codes and verdicts in the reports, by role");
  pair->add_option("--report-dir", o.report_dir, "Folder for report.json, junit.xml, summary.md, report.html")->capture_default_str();
  return pair;
}

int pair_command(const PairOptions& o) {
  if (auto problem = name_problem(o.name)) throw UsageError{"invalid --name '" + o.name + "': " + *problem};
  check_trace_conflicts(o);
  PairSettings settings;
  settings.first = checked_program("--first", o.first, "--first-as", o.first_as, o.first_as_user);
  settings.second = checked_program("--second", o.second, "--second-as", o.second_as, o.second_as_user);
  settings.name = o.name;
  parse_second_after(o.second_after, settings);
  settings.first_ends = parse_first_ends(o.first_ends);
  settings.seconds = o.seconds;
  if (o.expect_text_given) {
    if (o.expect_text.empty()) throw UsageError{"invalid --expect-text '': an empty text appears everywhere"};
    settings.expect_text = o.expect_text;
  }
  settings.timeout = std::chrono::seconds(o.timeout_s);
  settings.harness_executable = platform::self_executable_path();
  settings.trace = o.trace;
  const auto second_identity = settings.second.identity;
  settings.diagnose = [&o, second_identity]() -> nlohmann::json {
    std::string failure;
    const DiagnoseRequest request{o.name, "write", 4096, second_identity, attempted_as(second_identity)};
    auto facts = attempt_diagnosis(request, failure);
    if (!facts) return {{"verdict", "the diagnosis could not be made: " + failure.substr(0, failure.find('\n'))}};
    return diagnosis_to_json(*facts, explain(*facts));
  };
  platform::install_interrupt_handler();

  report::Report report;
  report.tool_version = SHMH_VERSION;
  report.run_id = make_run_id();
  report.started_at = fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::time(nullptr)));
  report.machine = current_machine();
  std::printf("shm-harness %s pair on %s (%s backend%s): first `%s`, second `%s`, name %s\n", SHMH_VERSION,
              report.machine.os_name.c_str(), report.machine.backend.c_str(),
              report.machine.wine ? (", Wine " + *report.machine.wine).c_str() : "", o.first.c_str(), o.second.c_str(), o.name.c_str());
  std::fflush(stdout);
  const auto start = std::chrono::steady_clock::now();
  int passed = 0, not_passed = 0;
  for (int round = 1; round <= o.repeat && !platform::interrupt_requested(); ++round) {
    settings.on_event = [round, &o](const report::TimelineEvent& e) { print_event(round, o.repeat, e); };
    std::vector<TracedRole> traced;
    // Each role's names read as its calls returned (the other program still running then).
    RoleNameFacts facts_at_call;
    settings.on_traced_call = [&facts_at_call](const std::string& role, const platform::TracedCall& call) {
      facts_at_call.of(role).on_call(call);
    };
    auto result = run_pair(settings, o.trace ? &traced : nullptr);
    result.id = "pair/" + o.name;
    result.labels = {"pair"};
    result.purpose = "first `" + o.first + "` and second `" + o.second + "` around " + o.name;
    if (!result.timeline.empty()) result.duration_ms = result.timeline.back().at_ms;
    if (o.repeat > 1) result.metrics.values["repetition"] = round;
    (result.outcome == report::Outcome::passed ? passed : not_passed) += 1;
    std::printf("[%-7s] %s%s — %s\n", report::outcome_name(result.outcome), result.id.c_str(),
                o.repeat > 1 ? (" #" + std::to_string(round)).c_str() : "", result.reason.c_str());
    std::fflush(stdout);
    if (o.trace) {
      add_traced_calls(result, traced, facts_at_call, kWindows ? report.machine.allocation_granularity : report.machine.page_size);
    }
    report.scenarios.push_back(std::move(result));
  }
  report.interrupted = platform::interrupt_requested();
  report.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  const std::string path = report::write_all(report, o.report_dir);
  std::printf("%d passed, %d not passed; reports: %s (and junit.xml, summary.md, report.html)\n", passed, not_passed,
              report::display_path(report::path_from_utf8(path)).c_str());
  if (report.interrupted) return kExitInterrupted;
  return not_passed == 0 ? kExitPassed : kExitFailed;
}

CLI::App* add_exec_as_nobody_subcommand(CLI::App& app, ExecAsOptions& o) {
  auto* sub = app.add_subcommand("exec-as-nobody", "Internal (POSIX): become nobody (or --uid/--gid), then run PROGRAM ARGS (pair's --first-as nobody, --first-as-user)");
  sub->group("Internal");
  sub->add_option("--parent-pid", o.parent_pid, "The harness's pid (the program dies with it)")->required();
  auto* uid = sub->add_option("--uid", o.uid, "Become this uid instead of nobody");
  sub->add_option("--gid", o.gid, "... with this gid")->needs(uid);
  uid->needs(sub->get_option("--gid"));
  sub->add_option("program", o.words, "-- PROGRAM ARGS...")->required();
  return sub;
}

int exec_as_nobody_command(const ExecAsOptions& o) {
  std::optional<platform::PosixAccount> account;
  if (o.uid) account = platform::PosixAccount{*o.uid, o.gid.value_or(*o.uid), ""};
  const auto error = platform::exec_as_unprivileged_user(o.words, o.parent_pid, account);
  // Only on failure: the program's stderr is the pair's capture, so this line lands in the report.
  std::cerr << "shm-harness exec-as-nobody: " << error.describe() << std::endl;
  return 127;
}

}  // namespace shmh
