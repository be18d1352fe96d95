// `run` and `list`: select scenarios from the catalogue (or from scenario files with --file), run them with progress, write reports.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>
#include <spdlog/fmt/chrono.h>
#include <spdlog/spdlog.h>

#include "harness/orchestrator/scenario_runner.h"
#include "scenarios/catalogue.h"
#include "harness/cli/check_file_command.h"
#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/save_scenario.h"
#include "harness/orchestrator/glob.h"
#include "harness/orchestrator/janitor.h"
#include "harness/orchestrator/machine_context.h"
#include "harness/protocol/names.h"
#include "harness/platform/system_info.h"
#include "harness/platform/this_process.h"
#include "reports/runs.h"
#include "reports/utf8_path.h"
#include "reports/writers.h"

namespace shmh {
namespace {

bool has_any_label(const Scenario& scenario, const std::vector<std::string>& labels) {
  if (labels.empty()) return true;
  for (const auto& wanted : labels) {
    for (const auto& label : scenario.labels) {
      if (label == wanted) return true;
    }
  }
  return false;
}

bool matches_any_glob(const Scenario& scenario, const std::vector<std::string>& globs) {
  if (globs.empty()) return true;
  for (const auto& pattern : globs) {
    if (glob_match(pattern, scenario.id)) return true;
  }
  return false;
}

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

// What `run` and `list` choose from: the catalogue, or with --file only the files' scenarios.
struct Pool {
  std::vector<Scenario> from_files;
  bool files = false;
  const std::vector<Scenario>& scenarios() const { return files ? from_files : scenarios::catalogue(); }
};

Pool pool_of(const std::vector<std::string>& files) {
  Pool pool;
  if (files.empty()) return pool;
  pool.files = true;
  auto loaded = load_or_print(files);
  if (!loaded) throw UsageError{"the scenario files above are not valid: nothing was run (shm-harness check-file shows the same)"};
  for (auto& entry : loaded->scenarios) pool.from_files.push_back(std::move(entry.scenario));
  return pool;
}

std::vector<const Scenario*> select(const Pool& pool, const std::vector<std::string>& globs, const std::vector<std::string>& labels) {
  std::vector<const Scenario*> chosen;
  for (const auto& scenario : pool.scenarios()) {
    if (matches_any_glob(scenario, globs) && has_any_label(scenario, labels)) chosen.push_back(&scenario);
  }
  if (chosen.empty()) {
    std::string what;
    if (!globs.empty()) what += " --scenario '" + joined(globs) + "'";
    if (!labels.empty()) what += " --label '" + joined(labels) + "'";
    throw UsageError{"no scenario matches" + what + (pool.files ? " in the --file scenarios: `shm-harness list --file ...`" : ": `shm-harness list`") +
                     " shows the ids and labels"};
  }
  return chosen;
}

std::string utc_now() { return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::time(nullptr))); }

// `run --job-summary` on GitHub Actions: the Markdown summary also goes to the job's summary
// page. Only the step that asks writes it, once: ctest's scenario tests (some in parallel) don't.
void append_github_step_summary(const report::Report& report) {
  const std::string target = platform::environment_variable("GITHUB_STEP_SUMMARY");
  if (target.empty()) {
    spdlog::warn("--job-summary: GITHUB_STEP_SUMMARY is not set (not on GitHub Actions?): the summary is in summary.md only");
    return;
  }
  std::ofstream out(report::path_from_utf8(target), std::ios::app | std::ios::binary);
  out << report::write_markdown_summary(report) << "\n";
  if (!out) spdlog::warn("cannot append the summary to GITHUB_STEP_SUMMARY ({})", target);
}

}  // namespace

int list_scenarios(const ListOptions& options) {
  const Pool pool = pool_of(options.files);
  const auto chosen = select(pool, options.scenario_globs, options.labels);
  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto* s : chosen) {
      nlohmann::json entry = {{"id", s->id}, {"labels", s->labels}, {"purpose", s->purpose}, {"ctest_args", s->ctest_arguments}};
      // A file's timeout_ms: shm_harness_add_tests gives its ctest test that deadline (plus a minute).
      if (s->timeout) entry["timeout_ms"] = s->timeout->count();
      out.push_back(std::move(entry));
    }
    std::cout << out.dump(2) << std::endl;
    return kExitPassed;
  }
  for (const auto* s : chosen) {
    std::printf("%-44s %-14s %s\n", s->id.c_str(), joined(s->labels).c_str(), s->purpose.c_str());
  }
  return kExitPassed;
}

int run_scenarios(const RunOptions& options) {
  const Pool pool = pool_of(options.files);
  const auto chosen = select(pool, options.scenario_globs, options.labels);
  if (!options.save_failures_dir.empty()) check_writable_directory(options.save_failures_dir);
  RunSettings settings;
  settings.executable = platform::self_executable_path();
  settings.run_id = make_run_id();
  // Under Wine every process start and every object call is a wineserver round trip: on a loaded
  // machine they take several times as long, so the defaults are wider there. Both stay well
  // below ctest's limit for a scenario test (180 s, cmake/shm-harness-tests.cmake.in).
  const bool wine = platform::machine_info().wine_version.has_value();
  settings.scenario_timeout = std::chrono::seconds(options.timeout_s > 0 ? options.timeout_s : (wine ? 90 : 60));
  settings.scenario_timeout_given = options.timeout_s > 0;
  settings.operation_timeout = std::min<std::chrono::milliseconds>(std::chrono::seconds(wine ? 20 : 10), settings.scenario_timeout);
  settings.trials = options.trials;
  settings.roles = options.roles;
  settings.report_dir = options.report_dir;
  settings.quick = options.quick;
  settings.verify = options.verify;
  settings.slots = options.slots;
  settings.repetitions = options.repetitions;
  settings.chunk = options.chunk;
  settings.inject_delay_ns_per_kib = options.inject_delay_ns_per_kib;
  // The run is the unit compare tests: by default 5 runs of 5 repetitions (about 60-75 s for the
  // throughput label on a quiet 2-core VM, against 21-25 s for one run of 9); 1 run with --quick
  // (ctest's smoke tests) or when --repetitions asks for one long run.
  const int runs = options.runs > 0 ? options.runs : (options.quick || options.repetitions > 0 ? 1 : 5);
  if (runs > 1 && options.repetitions == 0 && !options.quick) settings.repetitions = 5;
  platform::install_interrupt_handler();
  const JanitorGuard janitor(settings.executable, settings.run_id);

  report::Report report;
  report.tool_version = SHMH_VERSION;
  report.run_id = settings.run_id;
  report.started_at = utc_now();
  report.machine = current_machine();
  const auto& m = report.machine;
  const std::size_t total = chosen.size() * static_cast<std::size_t>(options.repeat);
  std::cout << "shm-harness " << SHMH_VERSION << ": " << total << " scenario run(s), run " << settings.run_id << ", "
            << m.backend << " backend on " << m.os_name << " " << m.os_version
            << (m.wine ? " under Wine " + *m.wine : std::string()) << std::endl;

  const auto start = std::chrono::steady_clock::now();
  int counts[5] = {};
  int index = 0;
  auto report_one = [&](const report::ScenarioResult& result, const std::string& suffix) {
    std::printf("[%-7s] %s (%.0f ms)%s%s%s\n", report::outcome_name(result.outcome), result.id.c_str(), result.duration_ms,
                suffix.c_str(), result.reason.empty() ? "" : " — ", result.reason.c_str());
    std::fflush(stdout);
  };
  for (int round = 1; round <= options.repeat && !report.interrupted; ++round) {
    // Run 1 of every scenario; then runs 2..N of those with throughput or round-trip figures, in
    // the same order, so that their runs interleave and drift hits all alike.
    std::vector<std::vector<report::ScenarioResult>> by_scenario(chosen.size());
    const auto round_start = std::chrono::steady_clock::now();
    for (int run = 1; run <= runs && !report.interrupted; ++run) {
      for (std::size_t k = 0; k < chosen.size(); ++k) {
        if (run > 1 && (by_scenario[k].empty() || !report::has_run_figures(by_scenario[k].front()))) continue;
        if (platform::interrupt_requested()) {
          report.interrupted = true;
          break;
        }
        // A scenario's own deadline (a file's timeout_ms) is the runner's to honour (settings_for).
        auto result = run_scenario(*chosen[k], settings, index++);
        if (options.repeat > 1) result.metrics.values["repetition"] = round;
        std::string suffix = options.repeat > 1 ? " #" + std::to_string(round) : "";
        if (runs > 1 && report::has_run_figures(result)) suffix += " run " + std::to_string(run) + "/" + std::to_string(runs);
        report_one(result, suffix);
        by_scenario[k].push_back(std::move(result));
        if (platform::interrupt_requested()) report.interrupted = true;
      }
      if (run == 1 && runs > 1) {
        double per_run = 0;
        for (const auto& results : by_scenario) {
          if (!results.empty() && report::has_run_figures(results.front())) per_run += results.front().duration_ms / 1000;
        }
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - round_start).count();
        if (per_run > 0) std::printf("run 1 of %d took %.0f s (%.0f s of it throughput and round trip): about %.0f s more for runs 2-%d "
                    "(--runs N to change)\n", runs, elapsed, per_run, per_run * (runs - 1), runs);
        std::fflush(stdout);
      }
    }
    for (auto& results : by_scenario) {
      if (results.empty()) continue;
      auto result = report::has_run_figures(results.front()) ? report::merge_runs(results) : std::move(results.front());
      ++counts[static_cast<int>(result.outcome)];
      report.scenarios.push_back(std::move(result));
    }
  }
  report.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  const std::string path = report::write_all(report, options.report_dir);
  if (options.job_summary) append_github_step_summary(report);
  if (!options.save_failures_dir.empty()) save_failures(report, options.files, options.save_failures_dir);
  using report::Outcome;
  std::printf("%d passed, %d failed, %d skipped, %d errors, %d timeouts in %.1f s; reports: %s (and junit.xml, summary.md, report.html)\n",
              counts[static_cast<int>(Outcome::passed)], counts[static_cast<int>(Outcome::failed)],
              counts[static_cast<int>(Outcome::skipped)], counts[static_cast<int>(Outcome::error)],
              counts[static_cast<int>(Outcome::timeout)], report.duration_ms / 1000,
              report::display_path(report::path_from_utf8(path)).c_str());
  if (report.interrupted) {
    std::printf("interrupted: the roles were ended and the report above is partial (marked \"interrupted\")\n");
    return kExitInterrupted;
  }
  const int bad = counts[static_cast<int>(Outcome::failed)] + counts[static_cast<int>(Outcome::error)] +
                  counts[static_cast<int>(Outcome::timeout)];
  return bad == 0 ? kExitPassed : kExitFailed;
}

}  // namespace shmh
