// Merging the runs of one scenario (runs.h): pooled repetitions, one figure per run.
#include "reports/runs.h"

#include <algorithm>

namespace shmh::report {
namespace {

std::vector<double> pooled(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

// The run lists of a row as it came from one run: its own medians.
ThroughputMetric with_own_run(ThroughputMetric t) {
  if (t.run_medians.empty()) t.run_medians = {t.ring_gib_s.median};
  if (t.handoff_run_medians.empty()) t.handoff_run_medians = {t.handoff_gib_s.median};
  return t;
}

RoundTripMetric with_own_run(RoundTripMetric r) {
  if (r.run_p50_ns.empty()) r.run_p50_ns = {r.p50_ns};
  if (r.core_to_core_run_p50_ns.empty()) r.core_to_core_run_p50_ns = {r.core_to_core_p50_ns};
  return r;
}

void add_run(ThroughputMetric& into, const ThroughputMetric& run) {
  into.ring_gib_s = distribution_of(pooled(into.ring_gib_s.samples, run.ring_gib_s.samples));
  into.memcpy_gib_s = distribution_of(pooled(into.memcpy_gib_s.samples, run.memcpy_gib_s.samples));
  into.handoff_gib_s = distribution_of(pooled(into.handoff_gib_s.samples, run.handoff_gib_s.samples));
  into.ratio_median = into.memcpy_gib_s.median > 0 ? into.ring_gib_s.median / into.memcpy_gib_s.median : 0;
  into.efficiency_median = into.handoff_gib_s.median > 0 ? into.ring_gib_s.median / into.handoff_gib_s.median : 0;
  into.bimodal = into.bimodal || run.bimodal;
  const auto own = with_own_run(run);
  into.run_medians.insert(into.run_medians.end(), own.run_medians.begin(), own.run_medians.end());
  into.handoff_run_medians.insert(into.handoff_run_medians.end(), own.handoff_run_medians.begin(), own.handoff_run_medians.end());
  if (run.disturbance) {
    if (!into.disturbance) into.disturbance = run.disturbance;
    auto& d = *into.disturbance;
    if (run.disturbance->steal_percent) d.steal_percent = std::max(d.steal_percent.value_or(0), *run.disturbance->steal_percent);
    if (run.disturbance->frequency_changed) d.frequency_changed = d.frequency_changed.value_or(false) || *run.disturbance->frequency_changed;
    const std::string tag = "run " + std::to_string(into.run_medians.size()) + ": ";
    if (!run.disturbance->reason.empty() && d.reason.find(run.disturbance->reason) == std::string::npos) {
      d.reason += (d.reason.empty() ? "" : "; ") + tag + run.disturbance->reason;
    }
  }
}

void add_run(RoundTripMetric& into, const RoundTripMetric& run) {
  const auto own = with_own_run(run);
  into.samples = pooled(into.samples, run.samples);
  into.core_to_core_samples = pooled(into.core_to_core_samples, run.core_to_core_samples);
  into.run_p50_ns.insert(into.run_p50_ns.end(), own.run_p50_ns.begin(), own.run_p50_ns.end());
  into.core_to_core_run_p50_ns.insert(into.core_to_core_run_p50_ns.end(), own.core_to_core_run_p50_ns.begin(),
                                      own.core_to_core_run_p50_ns.end());
  // The percentiles are medians over the repetitions: over the runs' repetitions now.
  into.p50_ns = median(into.samples);
  into.p90_ns = median({into.p90_ns, run.p90_ns});
  into.p99_ns = median({into.p99_ns, run.p99_ns});
  into.p999_ns = median({into.p999_ns, run.p999_ns});
  into.max_ns = std::max(into.max_ns, run.max_ns);
  into.core_to_core_p50_ns = median(into.core_to_core_samples);
  into.ratio = into.core_to_core_p50_ns > 0 ? into.p50_ns / into.core_to_core_p50_ns : 0;
}

int badness(Outcome o) {
  switch (o) {
    case Outcome::passed: return 0;
    case Outcome::skipped: return 1;
    case Outcome::failed: return 3;
    case Outcome::timeout: return 2;
    case Outcome::error: return 4;
  }
  return 4;
}

}  // namespace

bool has_run_figures(const ScenarioResult& result) {
  return !result.metrics.throughput.empty() || !result.metrics.latency.empty();
}

ScenarioResult merge_runs(const std::vector<ScenarioResult>& runs) {
  if (runs.empty()) return {};
  ScenarioResult merged = runs.front();
  for (auto& t : merged.metrics.throughput) t = with_own_run(t);
  for (auto& r : merged.metrics.latency) r = with_own_run(r);
  for (std::size_t k = 1; k < runs.size(); ++k) {
    const auto& run = runs[k];
    merged.duration_ms += run.duration_ms;
    if (badness(run.outcome) > badness(merged.outcome)) {
      merged.outcome = run.outcome;
      merged.reason = "run " + std::to_string(k + 1) + ": " + run.reason;
      merged.role_logs = run.role_logs;
    }
    for (const auto& t : run.metrics.throughput) {
      const auto same = [&](const ThroughputMetric& m) {
        return m.mode == t.mode && m.consume == t.consume && m.block_bytes == t.block_bytes && m.verify == t.verify;
      };
      const auto it = std::find_if(merged.metrics.throughput.begin(), merged.metrics.throughput.end(), same);
      if (it == merged.metrics.throughput.end()) merged.metrics.throughput.push_back(with_own_run(t));
      else add_run(*it, t);
    }
    for (const auto& r : run.metrics.latency) {
      const auto it = std::find_if(merged.metrics.latency.begin(), merged.metrics.latency.end(),
                                   [&](const RoundTripMetric& m) { return m.mode == r.mode; });
      if (it == merged.metrics.latency.end()) merged.metrics.latency.push_back(with_own_run(r));
      else add_run(*it, r);
    }
  }
  merged.metrics.values["runs"] = static_cast<std::int64_t>(runs.size());
  if (runs.size() > 1 && merged.outcome == Outcome::passed) {
    merged.reason = std::to_string(runs.size()) + " runs; the last said: " + runs.back().reason;
  }
  return merged;
}

}  // namespace shmh::report
