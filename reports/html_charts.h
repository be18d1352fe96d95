// Inline SVG charts for report.html and the compare page: no scripts, no network.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "reports/metrics_view.h"
#include "reports/model.h"

namespace shmh::report {

// The frame of a timeline chart: the <svg> element with its title, and a labelled line per lane
// (lane i at y = 20 + i * lane_height). Shared by the scenario timeline and the pair timeline.
struct LaneFrame {
  int left = 0;         // where the lane lines start (the labels go before)
  int width = 0;        // length of the lane lines
  int lane_height = 0;
  int bottom = 0;       // room below the last lane
  int right = 0;        // room right of the lane lines
  int height(std::size_t lanes) const { return static_cast<int>(lanes) * lane_height + bottom; }
};
std::string svg_lanes_open(const std::string& title, const std::vector<std::string>& lanes, const LaneFrame& frame);

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
