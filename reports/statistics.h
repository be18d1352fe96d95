// Statistics for repetitions and samples: the one percentile rule, median, summaries, the
// two-sided Mann-Whitney U test, the Hodges-Lehmann shift with its distribution-free confidence
// interval, and the multiple-testing corrections compare uses.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace shmh::report {

// The one percentile rule of shm-harness: linear interpolation between the two closest ranks,
// at position p * (n - 1) of the sorted values (Hyndman & Fan type 7, the default of R, NumPy
// and spreadsheets). Chosen because most of our samples are 3 to 9 repetitions: a nearest-rank
// p10 or p90 of so few values is simply the min or the max, and only this rule makes the 0.5
// percentile the usual median (the mean of the two middle values), which is also what Google
// Benchmark reports as its median aggregate. For thousands of round trips the rules agree to
// within one sample. p is in 0..1 (clamped); p = 0 is the minimum, p = 1 the maximum; 0 when
// there are no values.
double percentile_of_sorted(const std::vector<double>& sorted, double p);
double percentile(std::vector<double> values, double p);
double median(std::vector<double> values);

// What the reports show of a set of repetitions. All zero when there are no values.
struct Summary {
  std::size_t count = 0;
  double min = 0, p10 = 0, median = 0, p90 = 0, max = 0;
};
Summary summarize(std::vector<double> values);

struct MannWhitney {
  double u = 0;        // U of the first sample
  double p_value = 1;  // two-sided
  bool exact = false;  // exact distribution (small samples, no ties) or normal approximation
};

// Nothing when either sample has fewer than 3 values: too few to call anything significant.
std::optional<MannWhitney> mann_whitney_u(const std::vector<double>& a, const std::vector<double>& b);

// How many of the C(m+n, m) arrangements of two untied samples give each U = 0..m*n (the null
// distribution of Mann-Whitney U): the coefficients of the Gaussian binomial [m+n choose m]_q.
std::vector<double> mann_whitney_u_counts(std::size_t m, std::size_t n);

// The Hodges-Lehmann estimate of the shift a - b (the median of the m*n differences a_i - b_j)
// with its distribution-free confidence interval: the k-th smallest and k-th largest
// difference, k the largest with P(U <= k - 1) <= (1 - confidence) / 2 under the null (exact up
// to 50 values a side, normal approximation above; Hollander & Wolfe, Nonparametric Statistical
// Methods, 4.3). The interval is not there (nothing) when the samples are too small for that
// confidence: 3 against 3 cannot give a 95% interval, since P(U = 0) is already 0.05.
struct Shift {
  double estimate = 0;
  std::optional<double> low, high;
};
// Nothing when either sample is empty.
std::optional<Shift> hodges_lehmann(const std::vector<double>& a, const std::vector<double>& b, double confidence = 0.95);

// Adjusted p-values for a family of tests, in the order given, each at most 1: a test is
// significant at level alpha after the correction when its adjusted p-value is below alpha.
// Holm (1979) controls the chance of any false call under any dependence between the tests;
// Benjamini-Hochberg (1995) controls the expected share of false calls among the calls, for
// independent or positively dependent tests, and calls more when many rows really changed.
enum class Correction { holm, benjamini_hochberg };
std::vector<double> adjust_p_values(const std::vector<double>& p_values, Correction correction);

// Student's t distribution with `df` degrees of freedom (df > 0, not necessarily whole: Welch's
// df is not): P(T <= t), and the t with P(T <= t) = p (p in (0, 1)).
double student_t_cdf(double t, double df);
double student_t_quantile(double p, double df);

// Welch's two-sample t test of mean(a) - mean(b), unequal variances. compare uses it on the
// logarithms of the runs' medians, where the samples are few (3 to 10 runs a side) and each is
// already a median, so close to normal: with 5 runs a side Mann-Whitney cannot go below
// p = 0.008, which no correction over 39 rows lets through.
struct Welch {
  double difference = 0;  // mean(a) - mean(b)
  double standard_error = 0;
  double df = 0;          // Welch-Satterthwaite
  double p_value = 1;     // two-sided
  double pooled_sd = 0;   // the spread of one sample's values, pooled over both: for planning runs
};
// Nothing when either sample has fewer than 2 values. Two samples with no spread at all give
// p = 0 when their means differ, 1 when they do not.
std::optional<Welch> welch_t_test(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace shmh::report
