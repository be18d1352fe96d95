// Typed metrics: summaries built with the one statistics module, so every figure of a report
// follows the same percentile rule.
#include "reports/metrics.h"

#include <algorithm>

namespace shmh::report {

Distribution distribution_of(const std::vector<double>& samples, double scale) {
  Distribution d;
  for (double v : samples) d.samples.push_back(v * scale);
  const Summary s = summarize(d.samples);
  d.median = s.median;
  d.p10 = s.p10;
  d.p90 = s.p90;
  d.min = s.min;
  d.max = s.max;
  return d;
}

Spread spread_of(const std::vector<double>& values) {
  const Summary s = summarize(values);
  return {s.median, s.p90, s.max};
}

bool Metrics::empty() const {
  return throughput.empty() && latency.empty() && !setup && !race && !cores && tokens.empty() && counts.empty() &&
         values.empty();
}

}  // namespace shmh::report
