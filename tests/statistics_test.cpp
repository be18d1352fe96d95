// The one percentile rule: linear interpolation between closest ranks, its median and summary.
#include <gtest/gtest.h>

#include "reports/statistics.h"

namespace shmh::report {
namespace {

TEST(Statistics, InterpolatesBetweenTheClosestRanks) {
  const std::vector<double> v = {40, 10, 30, 20};  // unsorted on purpose
  EXPECT_DOUBLE_EQ(percentile(v, 0.5), 25);
  EXPECT_DOUBLE_EQ(percentile(v, 0.1), 13);  // position 0.3 between 10 and 20
  EXPECT_DOUBLE_EQ(percentile(v, 0.9), 37);  // position 2.7 between 30 and 40
  EXPECT_DOUBLE_EQ(percentile(v, 0), 10);
  EXPECT_DOUBLE_EQ(percentile(v, 1), 40);
  EXPECT_DOUBLE_EQ(percentile(v, 7), 40);  // clamped
  EXPECT_DOUBLE_EQ(percentile({}, 0.5), 0);
  EXPECT_DOUBLE_EQ(percentile({3}, 0.9), 3);
}

TEST(Statistics, TheMedianIsTheHalfwayPercentile) {
  EXPECT_DOUBLE_EQ(median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(median({4, 1, 3, 2}), 2.5);  // the mean of the two middle values
  EXPECT_DOUBLE_EQ(median({}), 0);
}

TEST(Statistics, SummarisesRepetitions) {
  const Summary s = summarize({5.5, 0.25, 6.125});
  EXPECT_EQ(s.count, 3u);
  EXPECT_DOUBLE_EQ(s.min, 0.25);
  EXPECT_DOUBLE_EQ(s.p10, 0.25 + 0.2 * 5.25);
  EXPECT_DOUBLE_EQ(s.median, 5.5);
  EXPECT_DOUBLE_EQ(s.p90, 5.5 + 0.8 * 0.625);
  EXPECT_DOUBLE_EQ(s.max, 6.125);
  EXPECT_EQ(summarize({}).count, 0u);
  EXPECT_DOUBLE_EQ(summarize({}).max, 0);
}

}  // namespace
}  // namespace shmh::report
