// `trace`: runs the program under platform::trace_program, prints each call as it returns, then a
// verdict per failing call (trace_verdicts), or one JSON document; --report-dir writes the reports.
// Exit code: the program's own (a signal N: 128+N, as shells give), 2 when it cannot be traced.
#include "harness/cli/trace_command.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/fmt/chrono.h>

#include "harness/cli/exit_codes.h"
#include "harness/cli/save_scenario.h"
#include "harness/cli/trace_verdicts.h"
#include "harness/orchestrator/machine_context.h"
#include "harness/platform/call_tracer.h"
#include "harness/platform/system_info.h"
#include "harness/protocol/names.h"
#include "reports/utf8_path.h"
#include "reports/writers.h"

namespace shmh {
namespace {

std::atomic<bool> g_interrupted{false};
extern "C" void on_trace_interrupt(int) {
  g_interrupted = true;
  platform::request_trace_stop();
}

std::string timeline_line(const platform::TracedCall& c) {
  return fmt::format("[{:7.1f} ms] pid {} tid {}  {}", c.t_ms, c.pid, c.tid, call_text(c));
}

std::string args_text(const platform::TracedCall& c) {
  std::string text;
  for (const auto& a : c.args) text += (text.empty() ? "" : ", ") + a.value;
  return text;
}

int exit_code_of(const platform::ExitStatus& exit) {
  if (exit.by_signal) return 128 + static_cast<int>(exit.code);
  return static_cast<int>(exit.code & 0xff);
}

nlohmann::json diagnosis_json(const Diagnosis& d) {
  return {{"works", d.works}, {"verdict", d.verdict}, {"reasons", d.reasons}, {"advice", d.advice}};
}

nlohmann::json exit_json(const platform::ExitStatus& e) {
  return {{"by_signal", e.by_signal}, {"code", e.code}, {"symbol", e.symbol()}, {"text", e.describe()},
          {"killed_by_trace", e.killed_by_owner}};
}

nlohmann::json outcome_json(const TraceCommandOptions& o, const platform::TraceOutcome& t, const std::vector<TraceVerdict>& verdicts,
                            bool interrupted) {
  nlohmann::json calls = nlohmann::json::array(), processes = nlohmann::json::array(), judged = nlohmann::json::array();
  for (const auto& c : t.calls) calls.push_back(call_to_json(c));
  for (const auto& p : t.processes) {
    processes.push_back({{"pid", p.pid}, {"parent_pid", p.parent_pid}, {"image", p.image}, {"exit", exit_json(p.exit)}});
  }
  for (const auto& v : verdicts) {
    auto j = diagnosis_json(v.diagnosis);
    j["call_index"] = v.call_index;
    j["call"] = call_text(t.calls[v.call_index]);
    judged.push_back(std::move(j));
  }
  return {{"schema", "shm-harness-trace/1"}, {"program", o.program}, {"follow_children", o.follow_children},
          {"calls", calls}, {"processes", processes}, {"exit", exit_json(t.exit)},
          {"exit_code", exit_code_of(t.exit)}, {"verdicts", judged}, {"interrupted", interrupted}};
}

// The trace as a one-scenario report: the calls (the model's `calls`, a table in report.html, and
// as observations with their arguments in details, so every writer shows them), the verdicts as
// its diagnosis.
std::string write_reports(const TraceCommandOptions& o, const platform::TraceOutcome& t, const std::vector<TraceVerdict>& verdicts,
                          bool interrupted) {
  report::Report report;
  report.tool_version = SHMH_VERSION;
  report.run_id = make_run_id();
  report.started_at = fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::time(nullptr)));
  report.machine = current_machine();
  report.interrupted = interrupted;
  report::ScenarioResult s;
  std::string command;
  for (const auto& w : o.program) command += (command.empty() ? "" : " ") + w;
  s.id = "trace/" + report::path_to_utf8(report::path_from_utf8(o.program.front()).filename());
  s.labels = {"trace"};
  s.purpose = "the shared-memory calls of `" + command + "`";
  std::size_t failed = 0;
  for (const auto& c : t.calls) {
    report::Observation obs;
    obs.role = c.pid == t.processes.front().pid ? "program" : "child";
    obs.pid = c.pid;
    obs.api = c.api;
    obs.name = c.object_name;
    obs.ok = !c.failed;
    obs.at_ms = c.t_ms;
    if (c.failed) {
      obs.error = report::ErrorInfo{c.error, c.error_symbol, call_to_json(c)["error_message"].get<std::string>()};
      ++failed;
    }
    obs.details = call_to_json(c);
    s.duration_ms = c.t_ms;
    report::TracedCallRow row{c.t_ms, c.pid, c.tid, c.api + "(" + args_text(c) + ")", c.result, obs.error, "", ""};
    for (const auto& v : verdicts) {
      if (&t.calls[v.call_index] == &c) row.verdict = v.diagnosis.verdict;
    }
    s.calls.push_back(std::move(row));
    s.observations.push_back(std::move(obs));
  }
  s.outcome = t.exit.clean() && failed == 0 ? report::Outcome::passed : report::Outcome::failed;
  s.reason = "the program ended with " + t.exit.describe() + "; " + std::to_string(t.calls.size()) + " shared-memory calls, " +
             std::to_string(failed) + " failed";
  if (!verdicts.empty()) {
    nlohmann::json judged = nlohmann::json::array();
    for (const auto& v : verdicts) {
      auto j = diagnosis_json(v.diagnosis);
      j["call"] = call_text(t.calls[v.call_index]);
      judged.push_back(std::move(j));
    }
    s.diagnosis = {{"verdict", verdicts.front().diagnosis.verdict}, {"calls", judged}};
  }
  report.duration_ms = s.duration_ms;
  report.scenarios.push_back(std::move(s));
  return report::write_all(report, o.report_dir);
}

void print_verdicts(const platform::TraceOutcome& t, const std::vector<TraceVerdict>& verdicts) {
  for (const auto& v : verdicts) {
    std::cout << "\n" << timeline_line(t.calls[v.call_index]) << "\n";
    print_diagnosis(v.diagnosis);
  }
}

}  // namespace

CLI::App* add_trace_subcommand(CLI::App& app, TraceCommandOptions& o) {
  auto* trace = app.add_subcommand("trace", "Run a program unchanged and record every shared-memory call it makes (shm_open, ftruncate, "
                                            "mmap, munmap, close, shm_unlink; Windows: CreateFileMapping, OpenFileMapping, MapViewOfFile, ...), "
                                            "with a verdict for each failing call");
  trace->add_flag("--json", o.json, "Print one JSON document (calls, processes, exit, verdicts); the program's stdout goes to stderr");
  trace->add_option("--report-dir", o.report_dir, "Also write report.json, junit.xml, summary.md and report.html here");
  trace->add_flag("--follow-children", o.follow_children, "Also record the calls of the processes the program starts, and wait for them");
  trace->add_option("--save-scenario", o.save_scenario,
                    "Also write the calls as a scenario file (one role per process, the codes seen as expectations): "
                    "`run --file FILE` replays the program's contract without it (docs/scenario-files.md)")
      ->type_name("FILE");
  trace->add_option("program", o.program, "-- PROGRAM [ARGS...]")->required();
  trace->footer("Exit codes: the program's own; 128+N when a signal N ended it (as shells give); 130 after Ctrl-C; "
                "2 for bad usage, a program that cannot be started or traced, or a --save-scenario FILE that cannot be written.");
  return trace;
}

int trace_command(const TraceCommandOptions& o) {
  if (o.program.empty() || o.program.front().empty()) throw UsageError{"trace: give the program after --: shm-harness trace -- PROGRAM [ARGS...]"};
  if (!o.save_scenario.empty()) check_writable_file(o.save_scenario);
  platform::TraceOptions options;
  options.argv = o.program;
  options.follow_children = o.follow_children;
  options.program_stdout_to_stderr = o.json;
  NameFactsAtCall facts_at_call;
  options.on_call = [&facts_at_call, json = o.json](const platform::TracedCall& c) {
    if (!json) std::cout << timeline_line(c) << std::endl;
    facts_at_call.on_call(c);
  };
  g_interrupted = false;
  std::signal(SIGINT, on_trace_interrupt);
  std::signal(SIGTERM, on_trace_interrupt);
  auto traced = platform::trace_program(options);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (!traced) {
    std::cerr << "shm-harness: cannot trace '" << o.program.front() << "': " << traced.error().describe() << std::endl;
    return kExitBadUsage;
  }
  const auto& t = traced.value();
  const auto names = facts_at_call.facts(t.calls);
  const auto machine = platform::machine_info();
  const bool windows = platform::backend() == platform::Backend::windows;
  const auto verdicts = judge_calls(t.calls, names, platform::current_token(),
                                    windows ? machine.allocation_granularity : machine.page_size, windows);
  const bool interrupted = g_interrupted.load();

  std::string report_path;
  if (!o.report_dir.empty()) report_path = write_reports(o, t, verdicts, interrupted);
  if (o.json) {
    auto j = outcome_json(o, t, verdicts, interrupted);
    if (!report_path.empty()) j["report"] = report_path;
    std::cout << j.dump(2) << std::endl;
  } else {
    print_verdicts(t, verdicts);
    std::cout << "\ntrace: `" << o.program.front() << "` ended with " << t.exit.describe();
    if (t.exit.by_signal) std::cout << " (trace exits " << exit_code_of(t.exit) << ", as a shell would)";
    std::cout << "; " << t.calls.size() << " shared-memory call(s), " << verdicts.size() << " verdict(s), "
              << t.processes.size() << " process(es)\n";
    if (!report_path.empty()) std::cout << "reports: " << report::display_path(report::path_from_utf8(report_path)) << "\n";
    std::cout << std::flush;
  }
  if (!o.save_scenario.empty()) {
    std::string why_not;
    const auto saved = scenario_from_trace(t.calls, t.processes.empty() ? 0 : t.processes.front().pid, o.program.front(), why_not);
    if (!saved) {
      std::cerr << "shm-harness: nothing saved to " << o.save_scenario << ": " << why_not << std::endl;
      return kExitBadUsage;
    }
    write_scenario_file(o.save_scenario, saved->file, saved->comments);
    (o.json ? std::cerr : std::cout) << "saved: " << o.save_scenario << " (" << saved->file.scenarios.front().steps.size()
                                     << " steps); replay it with: shm-harness run --file " << o.save_scenario << std::endl;
  }
  if (interrupted) return kExitInterrupted;
  return exit_code_of(t.exit);
}

}  // namespace shmh
