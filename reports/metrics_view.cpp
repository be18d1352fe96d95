// The writers' rows over the typed metrics: each row carries its scenario id and block label;
// a row with no figures (a report from a version that lacked them) is left out rather than
// shown as zeros.
#include "reports/metrics_view.h"

#include "reports/format.h"

namespace shmh::report {

std::vector<ThroughputRow> throughput_rows(const Report& report) {
  std::vector<ThroughputRow> rows;
  for (const auto& s : report.scenarios) {
    for (const auto& t : s.metrics.throughput) {
      if (t.ring_gib_s.median <= 0) continue;
      ThroughputRow row;
      row.scenario = s.id;
      // Zero-copy rows get their own name: compare and the charts line rows up by mode.
      row.mode = t.consume == "copy" ? t.mode : t.mode + " " + t.consume;
      row.block_bytes = t.block_bytes;
      row.block_label = format_size(t.block_bytes);
      row.verify = t.verify;
      row.ring_median = t.ring_gib_s.median;
      row.ring_p10 = t.ring_gib_s.p10;
      row.ring_p90 = t.ring_gib_s.p90;
      row.memcpy_median = t.memcpy_gib_s.median;
      row.memcpy_p10 = t.memcpy_gib_s.p10;
      row.memcpy_p90 = t.memcpy_gib_s.p90;
      row.ratio_median = t.ratio_median;
      row.handoff_median = t.handoff_gib_s.median;
      row.efficiency_median = t.efficiency_median;
      row.disturbed = t.disturbance ? t.disturbance->reason : "";
      row.ring_samples = t.ring_gib_s.samples;
      row.bimodal = t.bimodal;
      row.run_medians = t.run_medians;
      row.handoff_run_medians = t.handoff_run_medians;
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::vector<LatencyRow> latency_rows(const Report& report) {
  std::vector<LatencyRow> rows;
  for (const auto& s : report.scenarios) {
    for (const auto& r : s.metrics.latency) {
      if (r.p50_ns <= 0) continue;
      rows.push_back({s.id, r.mode, r.p50_ns, r.p90_ns, r.p99_ns, r.p999_ns, r.max_ns, r.core_to_core_p50_ns, r.ratio, r.samples,
                      r.run_p50_ns, r.core_to_core_run_p50_ns});
    }
  }
  return rows;
}

}  // namespace shmh::report
