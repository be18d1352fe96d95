// Statistics for comparing repetitions: the two-sided Mann-Whitney U test (as Google
// Benchmark's compare tool uses), exact for small samples without ties.
#pragma once

#include <optional>
#include <vector>

namespace shmh::report {

struct MannWhitney {
  double u = 0;        // U of the first sample
  double p_value = 1;  // two-sided
  bool exact = false;  // exact distribution (small samples, no ties) or normal approximation
};

// Nothing when either sample has fewer than 3 values: too few to call anything significant.
std::optional<MannWhitney> mann_whitney_u(const std::vector<double>& a, const std::vector<double>& b);

double median(std::vector<double> values);
// Nearest-rank percentile (p in 0..1) of values already sorted ascending; 0 when empty.
double percentile_of_sorted(const std::vector<double>& sorted, double p);

}  // namespace shmh::report
