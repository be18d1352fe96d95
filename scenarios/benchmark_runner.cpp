// The bridge between scenarios and Google Benchmark.
#include "scenarios/benchmark_runner.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>

#include <benchmark/benchmark.h>

#include "harness/platform/this_process.h"
#include "reports/statistics.h"
#include "reports/utf8_path.h"
#include "scenarios/progress.h"

namespace shmh::scenarios {
namespace {

// Collects runs and prints progress; Google Benchmark's console output would be noise here.
// Also hands every run to `file`, which writes the JSON file: Google Benchmark's own
// --benchmark_out opens a narrow file name, which Windows reads in the ANSI code page.
class CollectingReporter : public benchmark::BenchmarkReporter {
 public:
  CollectingReporter(const std::vector<Measurement>& measurements, Progress& progress,
                     std::map<std::string, BenchmarkResult>& results, benchmark::BenchmarkReporter& file)
      : measurements_(measurements), progress_(progress), results_(results), file_(file) {}

  bool ReportContext(const Context& context) override { return file_.ReportContext(context); }
  void Finalize() override { file_.Finalize(); }

  void ReportRuns(const std::vector<Run>& runs) override {
    file_.ReportRuns(runs);
    for (const auto& run : runs) {
      const std::string name = run.run_name.function_name;
      auto& result = results_[name];
      const auto it = std::find_if(measurements_.begin(), measurements_.end(), [&](const Measurement& m) { return m.name == name; });
      const std::string metric = it != measurements_.end() ? it->metric : "";
      if (run.error_occurred) {
        result.error = run.error_message;
        continue;
      }
      if (run.run_type == Run::RT_Aggregate) continue;  // the summary is ours: see run_benchmarks
      for (const auto& [key, counter] : run.counters) result.counters[key].push_back(counter.value);
      const auto counter = run.counters.find(metric);
      const double value = counter != run.counters.end() ? counter->second.value : 0;
      result.samples.push_back(value);
      ++done_;
      char what[128];
      std::snprintf(what, sizeof what, "%-28s %s", name.c_str(), describe(metric, value).c_str());
      progress_.update(done_, what);
    }
  }

 private:
  static std::string describe(const std::string& metric, double value) {
    char text[64];
    if (metric == "bytes_per_second") std::snprintf(text, sizeof text, "%.2f GiB/s", value / (1ull << 30));
    else if (metric.ends_with("_ns")) std::snprintf(text, sizeof text, "%.0f ns", value);
    else if (metric.ends_with("_us")) std::snprintf(text, sizeof text, "%.1f us", value);
    else std::snprintf(text, sizeof text, "%g", value);
    return text;
  }
  const std::vector<Measurement>& measurements_;
  Progress& progress_;
  std::size_t done_ = 0;
  std::map<std::string, BenchmarkResult>& results_;
  benchmark::BenchmarkReporter& file_;
};

}  // namespace

std::map<std::string, BenchmarkResult> run_benchmarks(ScenarioContext& ctx, const std::vector<Measurement>& measurements,
                                                      int repetitions, const std::string& json_path) {
  const std::filesystem::path json_file = report::path_from_utf8(json_path);
  std::filesystem::create_directories(json_file.parent_path());
  std::ofstream json_out(json_file);
  if (!json_out) throw std::runtime_error(json_path + ": cannot be opened for writing");
  benchmark::JSONReporter json_reporter;
  json_reporter.SetOutputStream(&json_out);
  json_reporter.SetErrorStream(&json_out);  // as Google Benchmark's own --benchmark_out does
  std::vector<std::string> arguments = {"shm-harness", "--benchmark_enable_random_interleaving=true"};
  std::vector<char*> argv;
  for (auto& a : arguments) argv.push_back(a.data());
  int argc = static_cast<int>(argv.size());
  benchmark::Initialize(&argc, argv.data());

  std::optional<RoleFailure> failure;
  for (const auto& m : measurements) {
    benchmark::RegisterBenchmark(m.name.c_str(), [&m, &failure](benchmark::State& state) {
      for (auto _ : state) {
        if (failure) {
          state.SkipWithError("an earlier measurement failed");
          break;
        }
        std::map<std::string, double> counters;
        try {
          state.SetIterationTime(m.run(counters));
        } catch (const RoleFailure& e) {
          failure = e;
          state.SkipWithError(e.what());
          break;
        }
        for (const auto& [key, value] : counters) {
          state.counters[key] = benchmark::Counter(value);  // already a rate or a time: no scaling
        }
      }
    })
        ->UseManualTime()
        ->Iterations(1)
        ->Repetitions(repetitions)
        // For Google Benchmark's own JSON file only: the same figures as report.json, by the same
        // rule. Its built-in median is that rule at 0.5 (the mean of the two middle values).
        ->ComputeStatistics("p10", [](const std::vector<double>& v) { return report::percentile(v, 0.1); })
        ->ComputeStatistics("p90", [](const std::vector<double>& v) { return report::percentile(v, 0.9); })
        ->ComputeStatistics("min", [](const std::vector<double>& v) { return report::percentile(v, 0.0); })
        ->ComputeStatistics("max", [](const std::vector<double>& v) { return report::percentile(v, 1.0); });
  }
  std::map<std::string, BenchmarkResult> results;
  // Terminal or log is decided once for the process: stderr does not change while it runs.
  static const bool terminal = platform::stderr_is_terminal();
  Progress progress(terminal, measurements.size() * static_cast<std::size_t>(repetitions), stderr_sink());
  CollectingReporter reporter(measurements, progress, results, json_reporter);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  progress.finish();
  benchmark::ClearRegisteredBenchmarks();
  if (failure) throw *failure;
  // The summaries come from the repetitions themselves, through reports/statistics.h, not from
  // Google Benchmark's aggregates: one percentile rule for every figure of a report, and no
  // dependence on which aggregates a Google Benchmark version computes for a counter.
  for (auto& [name, result] : results) result.summary = report::summarize(result.samples);
  (void)ctx;
  return results;
}

}  // namespace shmh::scenarios
