// Lining reports up: outcomes by scenario id, throughput by (scenario, mode, block), latency by
// (scenario, mode); differences against the baseline judged by Mann-Whitney U corrected over the
// rows, a noise threshold, and the Hodges-Lehmann shift with its confidence interval.
#include "reports/compare.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "reports/format.h"
#include "reports/metrics_view.h"
#include "reports/statistics.h"

namespace shmh::report {
namespace {

std::vector<double> logarithms(const std::vector<double>& values) {
  std::vector<double> out;
  for (double v : values) out.push_back(std::log(v));
  return out;
}

// The test of one row before the correction: p-value and shift, or why there is none. The
// shift is taken on logarithms (the test itself does not change under a monotone map) because
// throughput and time are ratios: 10 -> 11 GiB/s and 100 -> 110 are the same change.
RowTest test_row(const std::vector<double>& values, const std::vector<double>& base, double median_value, double base_median) {
  RowTest t;
  t.n = values.size();
  t.baseline_n = base.size();
  if (base_median > 0) t.change = median_value / base_median - 1;
  if (t.n < kMinRepetitions || t.baseline_n < kMinRepetitions) {
    t.untested = "n=" + std::to_string(t.n) + " and " + std::to_string(t.baseline_n) + ": fewer than " +
                 std::to_string(kMinRepetitions) + " repetitions a side cannot show a change";
    return t;
  }
  const auto positive = [](const std::vector<double>& v) { return std::all_of(v.begin(), v.end(), [](double x) { return x > 0; }); };
  if (!positive(values) || !positive(base)) {
    t.untested = "a repetition is 0 or negative";
    return t;
  }
  t.p_value = mann_whitney_u(values, base)->p_value;  // both have at least kMinRepetitions values
  const auto shift = hodges_lehmann(logarithms(values), logarithms(base));
  t.shift.estimate = std::expm1(shift->estimate);
  if (shift->low) t.shift.low = std::expm1(*shift->low);
  if (shift->high) t.shift.high = std::expm1(*shift->high);
  t.verdict = Verdict::same;  // until the correction says otherwise
  return t;
}

// The repetitions divided by their run's limit (the limit's median: the repetitions of one run
// are interleaved at random with the limit's, so no one limit figure belongs to one repetition).
std::vector<double> divided(const std::vector<double>& values, double limit) {
  std::vector<double> out;
  for (double v : values) out.push_back(v / limit);
  return out;
}

// One row against the baseline on the settings' basis: ÷ each run's own limit when both runs
// have one, as measured otherwise.
RowTest test_on_basis(const std::vector<double>& values, const std::vector<double>& base, double median_value,
                      double base_median, double limit, double base_limit, Basis basis) {
  if (basis != Basis::limit || limit <= 0 || base_limit <= 0) return test_row(values, base, median_value, base_median);
  RowTest t = test_row(divided(values, limit), divided(base, base_limit), median_value / limit, base_median / base_limit);
  t.on_limit = true;
  if (base_median > 0) t.measured_change = median_value / base_median - 1;
  return t;
}

void note_machine_moved(RowTest& t, double machine_baseline, double base_machine_baseline, double threshold) {
  if (machine_baseline <= 0 || base_machine_baseline <= 0) return;
  const double moved = machine_baseline / base_machine_baseline - 1;
  if (std::abs(moved) > threshold) t.machine_moved = moved;
}

// A shift beyond the threshold with confidence, as criterion judges it: the whole 95% interval
// lies beyond +threshold or beyond -threshold (the estimate alone when there is no interval).
bool beyond(const Shift& shift, double threshold) {
  if (!shift.low || !shift.high) return std::abs(shift.estimate) > threshold;
  return *shift.low > threshold || *shift.high < -threshold;
}

// One tested row as judge() sees it: which way is better, and its kind's noise threshold.
struct Judged {
  RowTest* test;
  bool higher_is_better;
  double threshold;
};

// The correction over every tested row, then the verdict and the gate of each.
void judge(const std::vector<Judged>& rows, Comparison& c) {
  std::vector<double> p;
  for (const auto& row : rows) p.push_back(row.test->p_value);
  const auto adjusted = adjust_p_values(p, c.settings.correction);
  c.tested = rows.size();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    RowTest& t = *rows[i].test;
    const bool higher_is_better = rows[i].higher_is_better;
    t.p_adjusted = adjusted[i];
    if (t.p_adjusted < c.settings.alpha && beyond(t.shift, rows[i].threshold)) {
      t.verdict = (t.shift.estimate > 0) == higher_is_better ? Verdict::faster : Verdict::slower;
      ++c.called;
    }
    if (t.verdict == Verdict::slower && c.settings.fail_if_slower) {
      const double gate = *c.settings.fail_if_slower;
      t.gate = higher_is_better ? t.shift.high && *t.shift.high < -gate : t.shift.low && *t.shift.low > gate;
    }
  }
}

}  // namespace

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::untested: return "untested";
    case Verdict::same: return "~";
    case Verdict::faster: return "faster";
    case Verdict::slower: return "slower";
  }
  return "untested";
}

Comparison compare_reports(std::vector<NamedReport> reports, std::size_t baseline, const CompareSettings& settings) {
  Comparison c;
  c.reports = std::move(reports);
  c.baseline = baseline;
  c.settings = settings;
  const std::size_t n = c.reports.size();

  std::vector<std::string> order;
  std::map<std::string, OutcomeRow> outcomes;
  for (std::size_t i = 0; i < n; ++i) {
    for (const auto& s : c.reports[i].report.scenarios) {
      auto [it, inserted] = outcomes.try_emplace(s.id);
      if (inserted) {
        order.push_back(s.id);
        it->second.scenario = s.id;
        it->second.per_report.resize(n);
      }
      it->second.per_report[i] = s;  // with --repeat the last repetition stands for the scenario
    }
  }
  for (const auto& id : order) {
    OutcomeRow row = outcomes[id];
    for (const auto& r : row.per_report) {
      if (!r || !row.per_report[baseline] || r->outcome != row.per_report[baseline]->outcome) row.differs = true;
    }
    c.outcomes.push_back(std::move(row));
  }

  std::map<std::tuple<std::string, std::string, std::uint64_t>, std::vector<std::optional<ThroughputRow>>> throughput;
  std::vector<std::tuple<std::string, std::string, std::uint64_t>> throughput_order;
  for (std::size_t i = 0; i < n; ++i) {
    for (auto& row : throughput_rows(c.reports[i].report)) {
      const auto key = std::make_tuple(row.scenario, row.mode + (row.verify ? " + verify" : ""), row.block_bytes);
      auto [it, inserted] = throughput.try_emplace(key, std::vector<std::optional<ThroughputRow>>(n));
      if (inserted) throughput_order.push_back(key);
      it->second[i] = std::move(row);
    }
  }
  for (const auto& key : throughput_order) {
    const auto& rows = throughput[key];
    ThroughputComparison t;
    t.scenario = std::get<0>(key);
    t.mode = std::get<1>(key);
    t.block_bytes = std::get<2>(key);
    t.block = format_size(t.block_bytes);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& row = rows[i];
      t.gib_s.push_back(row ? std::optional(row->ring_median) : std::nullopt);
      t.normalised.push_back(row && row->memcpy_median > 0 ? std::optional(row->ring_median / row->memcpy_median) : std::nullopt);
      t.efficiency.push_back(row && row->handoff_median > 0 ? std::optional(row->ring_median / row->handoff_median) : std::nullopt);
      const auto& base = rows[baseline];
      if (row && base && i != baseline) {
        t.test.push_back(test_on_basis(row->ring_samples, base->ring_samples, row->ring_median, base->ring_median,
                                       row->handoff_median, base->handoff_median, settings.basis));
        // The machine's own limit: the hand-off where both runs have it, memcpy in older reports.
        const bool handoff = row->handoff_median > 0 && base->handoff_median > 0;
        note_machine_moved(*t.test.back(), handoff ? row->handoff_median : row->memcpy_median,
                           handoff ? base->handoff_median : base->memcpy_median, settings.threshold);
      } else {
        t.test.push_back(std::nullopt);
      }
    }
    c.throughput.push_back(std::move(t));
  }

  std::map<std::pair<std::string, std::string>, std::vector<std::optional<LatencyRow>>> latency;
  std::vector<std::pair<std::string, std::string>> latency_order;
  for (std::size_t i = 0; i < n; ++i) {
    for (auto& row : latency_rows(c.reports[i].report)) {
      const auto key = std::make_pair(row.scenario, row.mode);
      auto [it, inserted] = latency.try_emplace(key, std::vector<std::optional<LatencyRow>>(n));
      if (inserted) latency_order.push_back(key);
      it->second[i] = std::move(row);
    }
  }
  for (const auto& key : latency_order) {
    const auto& rows = latency[key];
    LatencyComparison l;
    l.scenario = key.first;
    l.mode = key.second;
    for (std::size_t i = 0; i < n; ++i) {
      const auto& row = rows[i];
      l.p50_ns.push_back(row ? std::optional(row->p50) : std::nullopt);
      l.ratio.push_back(row && row->ratio > 0 ? std::optional(row->ratio) : std::nullopt);
      const auto& base = rows[baseline];
      if (row && base && i != baseline) {
        l.test.push_back(test_on_basis(row->samples, base->samples, row->p50, base->p50, row->baseline_p50,
                                       base->baseline_p50, settings.basis));
        note_machine_moved(*l.test.back(), row->baseline_p50, base->baseline_p50, settings.latency_threshold);
      } else {
        l.test.push_back(std::nullopt);
      }
    }
    c.latency.push_back(std::move(l));
  }

  // Throughput: more GiB/s is better; round trip: fewer ns, with its own wider threshold.
  std::vector<Judged> tested;
  for (auto& row : c.throughput) {
    for (auto& t : row.test) {
      if (t && t->verdict != Verdict::untested) tested.push_back({&*t, true, settings.threshold});
    }
  }
  for (auto& row : c.latency) {
    for (auto& t : row.test) {
      if (t && t->verdict != Verdict::untested) tested.push_back({&*t, false, settings.latency_threshold});
    }
  }
  judge(tested, c);
  for (const auto& row : c.throughput) {
    for (std::size_t i = 0; i < n; ++i) {
      if (row.test[i] && row.test[i]->gate) c.gate_failures.push_back(row.scenario + " " + row.mode + " " + row.block + ", " + c.reports[i].label);
    }
  }
  for (const auto& row : c.latency) {
    for (std::size_t i = 0; i < n; ++i) {
      if (row.test[i] && row.test[i]->gate) c.gate_failures.push_back(row.scenario + " " + row.mode + ", " + c.reports[i].label);
    }
  }
  return c;
}

}  // namespace shmh::report
