// Percentiles by linear interpolation (the rule and why: statistics.h). Mann-Whitney U: ranks
// with ties averaged; exact p from the count of rank arrangements when both samples are small
// and untied, else the normal approximation with tie correction. Hodges-Lehmann from the sorted
// pairwise differences; Holm and Benjamini-Hochberg adjusted p-values.
#include "reports/statistics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace shmh::report {
namespace {

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// The z with normal_cdf(z) = p, by bisection: p is a confidence level, never near 0 or 1 here.
double normal_quantile(double p) {
  double low = -10, high = 10;
  for (int i = 0; i < 200; ++i) {
    const double middle = (low + high) / 2;
    (normal_cdf(middle) < p ? low : high) = middle;
  }
  return (low + high) / 2;
}

// How many of the smallest differences to skip on each side for the interval: the largest k with
// P(U <= k - 1) <= tail, or 0 when even P(U = 0) is larger (no interval at that confidence).
std::size_t interval_rank(std::size_t m, std::size_t n, double tail) {
  if (m <= 50 && n <= 50) {
    const auto counts = mann_whitney_u_counts(m, n);
    const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
    double below = 0;  // P(U <= k - 1) * total
    std::size_t k = 0;
    while (k < counts.size() && (below + counts[k]) / total <= tail) below += counts[k++];
    return k;
  }
  const double mn = static_cast<double>(m * n);
  const double sigma = std::sqrt(mn * static_cast<double>(m + n + 1) / 12.0);
  const double k = std::floor(mn / 2.0 - normal_quantile(1 - tail) * sigma);
  return k < 1 ? 0 : static_cast<std::size_t>(k);
}

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
    const auto counts = mann_whitney_u_counts(m, n);
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

std::vector<double> mann_whitney_u_counts(std::size_t m, std::size_t n) {
  // [m+n choose m]_q = prod over i = 1..m of (1 - q^(n+i)) / (1 - q^i). After step i the
  // polynomial is [n+i choose i]_q, so every division is exact; the multiplication first reaches
  // degree i*n + i, hence the m spare coefficients.
  std::vector<double> c(m * n + m + 1, 0.0);
  c[0] = 1;
  for (std::size_t i = 1; i <= m; ++i) {
    for (std::size_t u = c.size() - 1; u >= n + i; --u) c[u] -= c[u - (n + i)];
    for (std::size_t u = i; u < c.size(); ++u) c[u] += c[u - i];
  }
  c.resize(m * n + 1);
  return c;
}

std::optional<Shift> hodges_lehmann(const std::vector<double>& a, const std::vector<double>& b, double confidence) {
  if (a.empty() || b.empty()) return std::nullopt;
  std::vector<double> differences;
  differences.reserve(a.size() * b.size());
  for (double x : a) {
    for (double y : b) differences.push_back(x - y);
  }
  std::sort(differences.begin(), differences.end());
  Shift shift;
  shift.estimate = percentile_of_sorted(differences, 0.5);
  const std::size_t k = interval_rank(a.size(), b.size(), (1 - confidence) / 2);
  if (k >= 1 && k <= differences.size()) {
    shift.low = differences[k - 1];
    shift.high = differences[differences.size() - k];
  }
  return shift;
}

std::vector<double> adjust_p_values(const std::vector<double>& p_values, Correction correction) {
  const std::size_t count = p_values.size();
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return p_values[x] < p_values[y]; });
  std::vector<double> adjusted(count, 1.0);
  const double total = static_cast<double>(count);
  if (correction == Correction::holm) {
    // Step down: the i-th smallest (from 0) is multiplied by count - i; adjusted values never
    // decrease along the order, so a test is called only when every smaller one is.
    double running = 0;
    for (std::size_t i = 0; i < count; ++i) {
      running = std::max(running, std::min(1.0, (total - static_cast<double>(i)) * p_values[order[i]]));
      adjusted[order[i]] = running;
    }
  } else {
    // Step up: the i-th smallest (from 1) is multiplied by count / i; the minimum from the top
    // keeps the adjusted values in the order of the raw ones.
    double running = 1;
    for (std::size_t i = count; i-- > 0;) {
      running = std::min(running, total / static_cast<double>(i + 1) * p_values[order[i]]);
      adjusted[order[i]] = std::min(1.0, running);
    }
  }
  return adjusted;
}

namespace {

// The regularised incomplete beta function I_x(a, b) by its continued fraction (Lentz's method,
// as in Numerical Recipes 6.4), on the side where it converges fast.
double incomplete_beta_fraction(double a, double b, double x) {
  constexpr double tiny = 1e-300;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  if (std::abs(d) < tiny) d = tiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 300; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    if (std::abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1 / d;
    const double step = d * c;
    h *= step;
    if (std::abs(step - 1) < 1e-15) break;
  }
  return h;
}

double regularised_incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return front * incomplete_beta_fraction(a, b, x) / a;
  return 1 - front * incomplete_beta_fraction(b, a, 1 - x) / b;
}

double sample_mean(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()); }

double sample_variance(const std::vector<double>& v, double mean) {
  double sum = 0;
  for (double x : v) sum += (x - mean) * (x - mean);
  return sum / static_cast<double>(v.size() - 1);
}

}  // namespace

double student_t_cdf(double t, double df) {
  const double tail = 0.5 * regularised_incomplete_beta(df / 2, 0.5, df / (df + t * t));  // P(T > |t|)
  return t >= 0 ? 1 - tail : tail;
}

double student_t_quantile(double p, double df) {
  double low = -1e6, high = 1e6;
  for (int i = 0; i < 300; ++i) {
    const double middle = (low + high) / 2;
    (student_t_cdf(middle, df) < p ? low : high) = middle;
  }
  return (low + high) / 2;
}

std::optional<Welch> welch_t_test(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() < 2 || b.size() < 2) return std::nullopt;
  const double ma = sample_mean(a), mb = sample_mean(b);
  const double va = sample_variance(a, ma), vb = sample_variance(b, mb);
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  Welch w;
  w.difference = ma - mb;
  const double ea = va / na, eb = vb / nb;
  w.standard_error = std::sqrt(ea + eb);
  w.pooled_sd = std::sqrt(((na - 1) * va + (nb - 1) * vb) / (na + nb - 2));
  if (w.standard_error <= 0) {
    w.df = na + nb - 2;
    w.p_value = w.difference == 0 ? 1 : 0;
    return w;
  }
  w.df = (ea + eb) * (ea + eb) / (ea * ea / (na - 1) + eb * eb / (nb - 1));
  const double t = std::abs(w.difference) / w.standard_error;
  w.p_value = std::min(1.0, 2 * student_t_cdf(-t, w.df));  // the tail itself: 1 - cdf would lose small p-values
  return w;
}

}  // namespace shmh::report
