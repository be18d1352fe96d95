// compare and its statistics: Mann-Whitney U against values enumerated by brute force, and a
// comparison that calls a difference significant only when the repetitions say so.
#include <gtest/gtest.h>

#include "reports/compare.h"
#include "reports/statistics.h"

namespace shmh::report {
namespace {

TEST(MannWhitney, ExactPValuesMatchBruteForceEnumeration) {
  auto separated = mann_whitney_u({1, 2, 3}, {4, 5, 6});
  ASSERT_TRUE(separated);
  EXPECT_TRUE(separated->exact);
  EXPECT_DOUBLE_EQ(separated->u, 0);
  EXPECT_NEAR(separated->p_value, 0.1, 1e-12);
  auto interleaved = mann_whitney_u({1.1, 2.2, 3.3, 4.4, 5.5}, {1.5, 2.5, 3.5, 4.5, 5.6});
  ASSERT_TRUE(interleaved);
  EXPECT_DOUBLE_EQ(interleaved->u, 10);
  EXPECT_NEAR(interleaved->p_value, 0.6904761904761905, 1e-12);
  auto nine = mann_whitney_u({10, 11, 12, 13, 14, 15, 16, 17, 18}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  ASSERT_TRUE(nine);
  EXPECT_NEAR(nine->p_value, 4.113533525298231e-05, 1e-15);
}

TEST(MannWhitney, TiesUseTheNormalApproximationAndTooFewSamplesGiveNothing) {
  auto tied = mann_whitney_u({1, 1, 2, 2, 3}, {1, 2, 2, 3, 3});
  ASSERT_TRUE(tied);
  EXPECT_FALSE(tied->exact);
  EXPECT_GT(tied->p_value, 0.3);
  EXPECT_FALSE(mann_whitney_u({1, 2}, {3, 4, 5}));
  auto equal = mann_whitney_u({5, 5, 5}, {5, 5, 5});
  ASSERT_TRUE(equal);
  EXPECT_DOUBLE_EQ(equal->p_value, 1);
}

Report machine(const std::string& host, std::vector<double> ring, double memcpy, Outcome global_outcome) {
  Report r;
  r.tool_version = "0.1.0";
  r.machine.host_name = host;
  ScenarioResult throughput;
  throughput.id = "throughput/stream";
  throughput.outcome = Outcome::passed;
  ThroughputMetric row;
  row.mode = "spin";
  row.block_bytes = 1 << 20;
  row.ring_gib_s.median = median(ring);
  row.ring_gib_s.samples = ring;
  row.memcpy_gib_s.median = memcpy;
  row.ratio_median = median(ring) / memcpy;
  throughput.metrics.throughput = {row};
  ScenarioResult global;
  global.id = "naming/global-local-bare";
  global.outcome = global_outcome;
  global.reason = global_outcome == Outcome::skipped ? "lacks SeCreateGlobalPrivilege" : "";
  r.scenarios = {throughput, global};
  return r;
}

TEST(Compare, SignificanceComesFromTheRepetitionsNotFromOnePair) {
  const auto fast = machine("fast", {10, 10.2, 9.9, 10.1, 10.3, 9.8, 10.0, 10.2, 10.1}, 20, Outcome::passed);
  const auto slow = machine("slow", {8, 8.1, 7.9, 8.2, 8.0, 7.8, 8.1, 8.0, 7.9}, 10, Outcome::skipped);
  const auto noisy = machine("noisy", {6, 14, 9, 11, 7, 13, 10, 8, 12}, 20, Outcome::passed);
  const auto c = compare_reports({{"fast", fast}, {"slow", slow}, {"noisy", noisy}}, 0);
  ASSERT_EQ(c.throughput.size(), 1u);
  const auto& t = c.throughput[0];
  EXPECT_NEAR(*t.change[1], 8.0 / 10.1 - 1, 1e-9);
  EXPECT_LT(*t.p_value[1], kSignificance);      // every slow sample is below every fast one
  EXPECT_GT(*t.p_value[2], kSignificance);      // same median, wide spread: not a difference
  EXPECT_NEAR(*t.normalised[1], 0.8, 1e-9);     // slower in GiB/s, better against its own memcpy
  ASSERT_EQ(c.outcomes.size(), 2u);
  EXPECT_FALSE(c.outcomes[0].differs);
  EXPECT_TRUE(c.outcomes[1].differs);
  const std::string text = comparison_text(c);
  EXPECT_NE(text.find("significant"), std::string::npos);
  EXPECT_NE(text.find("lacks SeCreateGlobalPrivilege"), std::string::npos);
  const std::string html = comparison_html(c);
  EXPECT_NE(html.find("<svg class=\"chart\""), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

}  // namespace
}  // namespace shmh::report
