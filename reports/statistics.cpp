// Percentiles by linear interpolation (the rule and why: statistics.h). Mann-Whitney U: ranks
// with ties averaged; exact p from the count of rank arrangements when both samples are small
// and untied, else the normal approximation with tie correction.
#include "reports/statistics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace shmh::report {
namespace {

// Number of ways to get each U value for sample sizes m and n: the classic recurrence
// f(u; m, n) = f(u - n; m - 1, n) + f(u; m, n - 1).
std::vector<double> u_distribution(int m, int n) {
  std::vector<std::vector<std::vector<double>>> table(
      static_cast<std::size_t>(m + 1), std::vector<std::vector<double>>(static_cast<std::size_t>(n + 1)));
  for (int i = 0; i <= m; ++i) {
    for (int j = 0; j <= n; ++j) {
      auto& cell = table[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
      cell.assign(static_cast<std::size_t>(i * j + 1), 0.0);
      if (i == 0 || j == 0) {
        cell[0] = 1;
        continue;
      }
      const auto& without_a = table[static_cast<std::size_t>(i - 1)][static_cast<std::size_t>(j)];
      const auto& without_b = table[static_cast<std::size_t>(i)][static_cast<std::size_t>(j - 1)];
      for (int u = 0; u <= i * j; ++u) {
        double count = 0;
        if (u - j >= 0 && u - j < static_cast<int>(without_a.size())) count += without_a[static_cast<std::size_t>(u - j)];
        if (u < static_cast<int>(without_b.size())) count += without_b[static_cast<std::size_t>(u)];
        cell[static_cast<std::size_t>(u)] = count;
      }
    }
  }
  return table[static_cast<std::size_t>(m)][static_cast<std::size_t>(n)];
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

}  // namespace

double percentile_of_sorted(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const double position = std::clamp(p, 0.0, 1.0) * static_cast<double>(sorted.size() - 1);
  const auto lower = static_cast<std::size_t>(position);
  const auto upper = std::min(lower + 1, sorted.size() - 1);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - static_cast<double>(lower));
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return percentile_of_sorted(values, p);
}

double median(std::vector<double> values) { return percentile(std::move(values), 0.5); }

Summary summarize(std::vector<double> values) {
  Summary s;
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  s.count = values.size();
  s.min = values.front();
  s.p10 = percentile_of_sorted(values, 0.1);
  s.median = percentile_of_sorted(values, 0.5);
  s.p90 = percentile_of_sorted(values, 0.9);
  s.max = values.back();
  return s;
}

std::optional<MannWhitney> mann_whitney_u(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() < 3 || b.size() < 3) return std::nullopt;
  const auto m = a.size(), n = b.size();
  std::vector<std::pair<double, int>> all;
  for (double v : a) all.emplace_back(v, 0);
  for (double v : b) all.emplace_back(v, 1);
  std::sort(all.begin(), all.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<double> ranks(all.size());
  double tie_term = 0;
  bool ties = false;
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j + 1 < all.size() && all[j + 1].first == all[i].first) ++j;
    const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k) ranks[k] = rank;
    const double t = static_cast<double>(j - i + 1);
    if (t > 1) ties = true;
    tie_term += t * t * t - t;
    i = j + 1;
  }
  double rank_sum_a = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i].second == 0) rank_sum_a += ranks[i];
  }
  MannWhitney result;
  const double mn = static_cast<double>(m * n);
  result.u = rank_sum_a - static_cast<double>(m * (m + 1)) / 2.0;
  const double u_small = std::min(result.u, mn - result.u);
  if (!ties && m <= 30 && n <= 30) {
    const auto counts = u_distribution(static_cast<int>(m), static_cast<int>(n));
    const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
    double tail = 0;
    for (int u = 0; u <= static_cast<int>(u_small); ++u) tail += counts[static_cast<std::size_t>(u)];
    result.p_value = std::min(1.0, 2.0 * tail / total);
    result.exact = true;
    return result;
  }
  const double total = static_cast<double>(m + n);
  const double sigma = std::sqrt(mn / 12.0 * ((total + 1) - tie_term / (total * (total - 1))));
  if (sigma <= 0) return result;  // every value equal: no difference
  const double z = (std::abs(result.u - mn / 2.0) - 0.5) / sigma;  // continuity correction
  result.p_value = std::min(1.0, 2.0 * (1.0 - normal_cdf(z)));
  return result;
}

}  // namespace shmh::report
