// compare: lines several reports (machines) up. Derived from the reports only; nothing measured.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "reports/model.h"

namespace shmh::report {

struct NamedReport {
  std::string label;  // the file name, or the host when unique
  Report report;
};

struct OutcomeRow {
  std::string scenario;
  std::vector<std::optional<ScenarioResult>> per_report;  // nothing: not run there
  bool differs = false;
};

struct ThroughputComparison {
  std::string scenario, mode, block;
  std::uint64_t block_bytes = 0;
  std::vector<std::optional<double>> gib_s;       // median per report
  std::vector<std::optional<double>> normalised;  // ÷ that machine's own memcpy median
  // Against the baseline report: relative change of the median, and the Mann-Whitney p-value
  // over the repetitions (nothing when either side has fewer than 3 samples).
  std::vector<std::optional<double>> change;
  std::vector<std::optional<double>> p_value;
};

struct LatencyComparison {
  std::string scenario, mode;
  std::vector<std::optional<double>> p50_ns;
  std::vector<std::optional<double>> ratio;  // ÷ that machine's core-to-core round trip
  std::vector<std::optional<double>> change;
  std::vector<std::optional<double>> p_value;
};

struct Comparison {
  std::vector<NamedReport> reports;
  std::size_t baseline = 0;
  std::vector<OutcomeRow> outcomes;
  std::vector<ThroughputComparison> throughput;
  std::vector<LatencyComparison> latency;
};

inline constexpr double kSignificance = 0.05;

Comparison compare_reports(std::vector<NamedReport> reports, std::size_t baseline);

std::string comparison_text(const Comparison& comparison);
std::string comparison_markdown(const Comparison& comparison);
std::string comparison_html(const Comparison& comparison);

}  // namespace shmh::report
