// The throughput and latency metrics of a report as the rows the writers and compare show:
// a thin view over the typed metrics (reports/metrics.h), one row per scenario and figure.
#pragma once

#include <string>
#include <vector>

#include "reports/model.h"

namespace shmh::report {

struct ThroughputRow {
  std::string scenario;
  std::string mode;           // spin, hybrid, blocking, boost-mq; "spin zero-copy" for in-place reading
  std::uint64_t block_bytes = 0;
  std::string block_label;    // "64 KiB"
  bool verify = false;
  double ring_median = 0, ring_p10 = 0, ring_p90 = 0;        // GiB/s
  double memcpy_median = 0, memcpy_p10 = 0, memcpy_p90 = 0;  // GiB/s
  double ratio_median = 0;
  double handoff_median = 0;     // GiB/s, the two-core hand-off limit; 0 in reports from before it
  double efficiency_median = 0;  // ring ÷ hand-off; 0 without a hand-off figure
  std::vector<double> ring_samples;  // one per repetition, for Mann-Whitney U in compare
  std::vector<double> run_medians, handoff_run_medians;  // one per run (ThroughputMetric's)
  bool bimodal = false;
  std::string disturbed;  // "" or why the row is suspect
};

struct LatencyRow {
  std::string scenario;
  std::string mode;
  double p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0;  // round trip, ns
  double baseline_p50 = 0;                             // core-to-core round trip, ns
  double ratio = 0;
  std::vector<double> samples;  // per-repetition medians
  std::vector<double> run_p50s, baseline_run_p50s;  // one per run (RoundTripMetric's)
};

std::vector<ThroughputRow> throughput_rows(const Report& report);
std::vector<LatencyRow> latency_rows(const Report& report);

}  // namespace shmh::report
