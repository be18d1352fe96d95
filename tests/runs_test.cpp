// `run --runs N`: the runs of one scenario become one result whose rows keep each run's median
// (the sample compare tests), pool the repetitions, and keep the worst outcome; JSON round trip.
#include <gtest/gtest.h>

#include "reports/json_report.h"
#include "reports/runs.h"

namespace shmh::report {
namespace {

ScenarioResult stream_run(std::vector<double> ring, std::vector<double> handoff, Outcome outcome = Outcome::passed) {
  ScenarioResult s;
  s.id = "throughput/stream";
  s.outcome = outcome;
  s.duration_ms = 1000;
  ThroughputMetric row;
  row.mode = "spin";
  row.block_bytes = 65536;
  row.ring_gib_s = distribution_of(ring);
  row.handoff_gib_s = distribution_of(handoff);
  row.memcpy_gib_s = distribution_of({20, 20, 20});
  s.metrics.throughput = {row};
  RoundTripMetric rt;
  rt.mode = "spin";
  rt.samples = {400, 410, 390};
  rt.p50_ns = 400;
  rt.core_to_core_samples = {200, 200, 200};
  rt.core_to_core_p50_ns = 200;
  s.metrics.latency = {rt};
  return s;
}

TEST(Runs, EachRunsMedianIsKeptAndTheRepetitionsPooled) {
  const auto merged = merge_runs({stream_run({10, 11, 12}, {11, 12, 13}), stream_run({5, 6, 7}, {6, 6, 6}, Outcome::failed),
                                  stream_run({9, 9.5, 10}, {10, 10, 10})});
  ASSERT_EQ(merged.metrics.throughput.size(), 1u);
  const auto& t = merged.metrics.throughput[0];
  EXPECT_EQ(t.run_medians, (std::vector<double>{11, 6, 9.5}));
  EXPECT_EQ(t.handoff_run_medians, (std::vector<double>{12, 6, 10}));
  EXPECT_EQ(t.ring_gib_s.samples.size(), 9u);
  EXPECT_DOUBLE_EQ(t.ring_gib_s.median, 9.5);  // of all nine repetitions
  EXPECT_DOUBLE_EQ(t.efficiency_median, 9.5 / 10);
  EXPECT_EQ(merged.outcome, Outcome::failed);  // the worst run's
  EXPECT_EQ(merged.reason.rfind("run 2: ", 0), 0u);
  EXPECT_DOUBLE_EQ(merged.duration_ms, 3000);
  EXPECT_EQ(std::get<std::int64_t>(merged.metrics.values.at("runs")), 3);
  const auto& rt = merged.metrics.latency[0];
  EXPECT_EQ(rt.run_p50_ns, (std::vector<double>{400, 400, 400}));
  EXPECT_EQ(rt.samples.size(), 9u);
  EXPECT_DOUBLE_EQ(rt.ratio, 2);
}

TEST(Runs, OneRunFillsItsOwnRunListsAndTheJsonKeepsThem) {
  Report r;
  r.tool_version = "t";
  r.scenarios = {merge_runs({stream_run({10, 11, 12}, {11, 12, 13})})};
  EXPECT_EQ(r.scenarios[0].metrics.throughput[0].run_medians, (std::vector<double>{11}));
  const Report back = report_from_json(to_json(r));
  EXPECT_EQ(back.scenarios[0].metrics.throughput[0].run_medians, (std::vector<double>{11}));
  EXPECT_EQ(back.scenarios[0].metrics.throughput[0].handoff_run_medians, (std::vector<double>{12}));
  EXPECT_EQ(back.scenarios[0].metrics.latency[0].run_p50_ns, (std::vector<double>{400}));
}

}  // namespace
}  // namespace shmh::report
