// Inline SVG charts for report.html and the compare page: no scripts, no network.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "reports/metrics_view.h"
#include "reports/model.h"

namespace shmh::report {

// Who called what, when, and which code came back: a lane per role.
std::string svg_timeline(const ScenarioResult& scenario);
// Bars of a {label: count} histogram (race outcomes per trial).
std::string svg_histogram(const std::vector<std::pair<std::string, double>>& bars, const std::string& unit);
// A line per series over block sizes (log scale), GiB/s.
struct Series {
  std::string name;
  std::string color;
  bool dashed = false;
  std::vector<std::pair<double, double>> points;  // (block bytes, GiB/s)
};
std::string svg_throughput(const std::vector<Series>& series, const std::string& title);
// Throughput series for one report: one per sync mode, plus the memcpy baseline.
std::vector<Series> throughput_series(const std::vector<ThroughputRow>& rows, const std::string& prefix = "");

}  // namespace shmh::report
