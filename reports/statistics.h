// Statistics for repetitions and samples: the one percentile rule, median, summaries, and the
// two-sided Mann-Whitney U test (as Google Benchmark's compare tool uses) for compare.
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

}  // namespace shmh::report
