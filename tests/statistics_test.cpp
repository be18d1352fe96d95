// The one percentile rule: linear interpolation between closest ranks, its median and summary;
// the Mann-Whitney null distribution, the Hodges-Lehmann interval and the corrections, against
// values worked by hand and by tests/data/compare_reference.py (brute-force enumeration).
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

TEST(Statistics, TheNullDistributionOfUCountsEveryArrangement) {
  // 2 against 2: the 6 orders of aabb give U = 0, 1, 2, 2, 3, 4 (by hand).
  EXPECT_EQ(mann_whitney_u_counts(2, 2), (std::vector<double>{1, 1, 2, 1, 1}));
  // 5 against 5: partitions of u into at most 5 parts of at most 5, C(10, 5) = 252 in all.
  const auto counts = mann_whitney_u_counts(5, 5);
  ASSERT_EQ(counts.size(), 26u);
  EXPECT_EQ(std::vector<double>(counts.begin(), counts.begin() + 8), (std::vector<double>{1, 1, 2, 3, 5, 7, 9, 11}));
  double total = 0;
  for (double c : counts) total += c;
  EXPECT_DOUBLE_EQ(total, 252);
}

TEST(Statistics, HodgesLehmannIsTheMedianDifferenceWithOrderStatisticBounds) {
  // The 25 differences of {11..15} - {1..5} are 6..14 with counts 1,2,3,4,5,4,3,2,1: median 10.
  // 5 against 5: P(U <= 2) = 4/252 <= 0.025 < P(U <= 3) = 7/252, so k = 3: the 3rd smallest (7)
  // and the 3rd largest (13) difference.
  const auto shift = hodges_lehmann({11, 12, 13, 14, 15}, {1, 2, 3, 4, 5});
  ASSERT_TRUE(shift && shift->low && shift->high);
  EXPECT_DOUBLE_EQ(shift->estimate, 10);
  EXPECT_DOUBLE_EQ(*shift->low, 7);
  EXPECT_DOUBLE_EQ(*shift->high, 13);
  // 4 against 4: P(U = 0) = 1/70 <= 0.025 < P(U <= 1) = 2/70, so k = 1: the whole range.
  const auto four = hodges_lehmann({5, 6, 7, 8}, {1, 2, 3, 4});
  EXPECT_DOUBLE_EQ(four->estimate, 4);  // 16 differences: the mean of the 8th and 9th, 4 and 4
  EXPECT_DOUBLE_EQ(*four->low, 1);
  EXPECT_DOUBLE_EQ(*four->high, 7);
  // 3 against 3: P(U = 0) = 1/20 = 0.05 > 0.025: no 95% interval exists, and none is made up.
  const auto three = hodges_lehmann({4, 5, 6}, {1, 2, 3});
  EXPECT_DOUBLE_EQ(three->estimate, 3);
  EXPECT_FALSE(three->low);
  EXPECT_FALSE(three->high);
  EXPECT_FALSE(hodges_lehmann({}, {1, 2, 3}));
}

TEST(Statistics, TiesAreRankedTogether) {
  // {2,2,3,3,4} against {1,1,2,2,3}: U = 20 with ties counted as halves; tie-corrected normal
  // approximation with continuity correction, from compare_reference.py.
  const auto test = mann_whitney_u({2, 2, 3, 3, 4}, {1, 1, 2, 2, 3});
  ASSERT_TRUE(test);
  EXPECT_FALSE(test->exact);
  EXPECT_DOUBLE_EQ(test->u, 20);
  EXPECT_NEAR(test->p_value, 0.12512238701328707, 1e-12);
  const auto shift = hodges_lehmann({2, 2, 3, 3, 4}, {1, 1, 2, 2, 3});
  EXPECT_DOUBLE_EQ(shift->estimate, 1);
  EXPECT_DOUBLE_EQ(*shift->low, 0);
  EXPECT_DOUBLE_EQ(*shift->high, 2);
}

TEST(Statistics, HolmAndBenjaminiHochbergAdjustInTheGivenOrder) {
  // Sorted: 0.005, 0.01, 0.03, 0.04. Holm: 4 x 0.005 = 0.02, 3 x 0.01 = 0.03, 2 x 0.03 = 0.06,
  // 1 x 0.04 = 0.04 raised to 0.06 (never below an earlier one). BH: 4/1 x 0.005 = 0.02,
  // 4/2 x 0.01 = 0.02, 4/3 x 0.03 = 0.04, 4/4 x 0.04 = 0.04 (each the minimum from its rank up).
  const std::vector<double> p = {0.01, 0.04, 0.03, 0.005};
  const auto holm = adjust_p_values(p, Correction::holm);
  const auto bh = adjust_p_values(p, Correction::benjamini_hochberg);
  const std::vector<double> holm_expected = {0.03, 0.06, 0.06, 0.02}, bh_expected = {0.02, 0.04, 0.04, 0.02};
  for (std::size_t i = 0; i < p.size(); ++i) {
    EXPECT_NEAR(holm[i], holm_expected[i], 1e-15) << i;
    EXPECT_NEAR(bh[i], bh_expected[i], 1e-15) << i;
  }
  EXPECT_DOUBLE_EQ(adjust_p_values({0.6, 0.9}, Correction::holm)[1], 1);  // capped at 1
  EXPECT_TRUE(adjust_p_values({}, Correction::benjamini_hochberg).empty());
}

// Student's t and Welch's test against values computed independently (numerical integration of
// the t density in Python, and R's pt/qt/t.test for the same samples).
TEST(Statistics, StudentTMatchesIntegratedDensity) {
  EXPECT_NEAR(student_t_cdf(2.0, 5), 0.9490302605850254, 1e-9);
  EXPECT_NEAR(student_t_cdf(-2.0, 5), 1 - 0.9490302605850254, 1e-9);
  EXPECT_NEAR(student_t_cdf(0, 3.5), 0.5, 1e-12);
  EXPECT_NEAR(student_t_quantile(0.975, 4), 2.7764451051977987, 1e-6);
  EXPECT_NEAR(student_t_quantile(0.975, 1000), 1.9623390808264078, 1e-6);
}

TEST(Statistics, WelchTestMatchesTheTextbook) {
  const auto w = welch_t_test({1, 2, 3, 4, 5}, {2, 4, 6, 8, 10.5});
  ASSERT_TRUE(w);
  EXPECT_NEAR(w->difference, -3.1, 1e-12);
  EXPECT_NEAR(w->standard_error, 1.6462077633154328, 1e-12);
  EXPECT_NEAR(w->df, 5.721820767028301, 1e-9);
  EXPECT_NEAR(w->p_value, 0.11105400259991226, 1e-6);
  EXPECT_FALSE(welch_t_test({1}, {2, 3}));  // one run: no spread to judge by
  const auto flat = welch_t_test({2, 2}, {3, 3});
  ASSERT_TRUE(flat);
  EXPECT_DOUBLE_EQ(flat->p_value, 0);
}

}  // namespace
}  // namespace shmh::report
