// When a throughput row counts as measured on a disturbed machine: decided on figures recorded on
// the 2-vCPU VM, quiet and under load (docs/performance.md).
#include <gtest/gtest.h>

#include "scenarios/disturbance.h"

namespace shmh::scenarios {
namespace {

report::Distribution handoff(double p10, double median, double p90) {
  report::Distribution d;
  d.p10 = p10;
  d.median = median;
  d.p90 = p90;
  return d;
}

BenchmarkResult repetitions(double steal_ticks, double total_ticks, double frequency_changed) {
  BenchmarkResult r;
  r.counters["steal_ticks"] = {steal_ticks};
  r.counters["total_ticks"] = {total_ticks};
  r.counters["frequency_changed"] = {frequency_changed};
  return r;
}

TEST(Disturbance, AQuietRunsSpreadIsNotADisturbanceALoadedOnesIs) {
  const BenchmarkResult quiet = repetitions(0, 1000, 0);
  // A quiet run's 1 MiB hand-off (2026-11-28, load average 1.6): p10-p90 9.2-12.3 GiB/s, 29%.
  const auto calm = disturbance_of({&quiet}, handoff(9.2, 10.6, 12.3));
  EXPECT_EQ(calm.reason, "");
  EXPECT_EQ(calm.steal_percent, 0.0);
  EXPECT_EQ(calm.frequency_changed, false);
  // Under load average 13 (2026-11-27): p10-p90 0.1-0.6 GiB/s around a median of 0.3.
  const auto loaded = disturbance_of({&quiet}, handoff(0.1, 0.3, 0.6));
  EXPECT_EQ(loaded.reason, "the hand-off limit moved (p10-p90 0.1-0.6 GiB/s)");
}

TEST(Disturbance, StealAboveTwoPercentAndAFrequencyChangeAreNamed) {
  const BenchmarkResult row = repetitions(30, 1000, 0);    // 3% of the row's CPU time stolen
  const BenchmarkResult base = repetitions(0, 1000, 1);    // a baseline saw a frequency change
  const auto d = disturbance_of({&row, &base}, handoff(10, 10.5, 11));
  ASSERT_TRUE(d.steal_percent);
  EXPECT_NEAR(*d.steal_percent, 1.5, 1e-12);  // 30 of 2000 ticks over both: below the limit
  EXPECT_EQ(d.reason, "a CPU frequency changed");
  const BenchmarkResult stolen = repetitions(50, 1000, 0);
  EXPECT_EQ(disturbance_of({&stolen}, handoff(10, 10.5, 11)).reason, "steal 5.0% (above 2%)");
}

TEST(Disturbance, WhatTheOsDoesNotShowIsNotAssumed) {
  const BenchmarkResult bare;  // no counters: an OS without steal or frequencies
  const auto d = disturbance_of({&bare}, report::Distribution{});
  EXPECT_FALSE(d.steal_percent);
  EXPECT_FALSE(d.frequency_changed);
  EXPECT_EQ(d.reason, "");
}

}  // namespace
}  // namespace shmh::scenarios
