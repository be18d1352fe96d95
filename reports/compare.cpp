// Lining reports up: outcomes by scenario id, throughput by (scenario, mode, block), latency by
// (scenario, mode); differences against the baseline judged by Mann-Whitney U corrected over the
// rows, a noise threshold, and the Hodges-Lehmann shift with its confidence interval.
#include "reports/compare.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
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

// Each run's figure divided by the same run's limit; nothing unless every run has one.
std::optional<std::vector<double>> divided_by_runs(const std::vector<double>& values, const std::vector<double>& limits) {
  if (values.size() != limits.size()) return std::nullopt;
  std::vector<double> out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (limits[i] <= 0) return std::nullopt;
    out.push_back(values[i] / limits[i]);
  }
  return out;
}

// The test on runs: Welch's t on the logarithms of the runs' medians (the run is the sample).
RowTest test_runs(const std::vector<double>& runs, const std::vector<double>& base_runs) {
  RowTest t;
  t.on_runs = true;
  t.runs = runs.size();
  t.baseline_runs = base_runs.size();
  const double m = median(runs), bm = median(base_runs);
  if (bm > 0) t.change = m / bm - 1;
  const auto positive = [](const std::vector<double>& v) { return std::all_of(v.begin(), v.end(), [](double x) { return x > 0; }); };
  if (!positive(runs) || !positive(base_runs)) {
    t.untested = "a run's figure is 0 or negative";
    return t;
  }
  const auto w = welch_t_test(logarithms(runs), logarithms(base_runs));
  t.p_value = w->p_value;
  t.standard_error = w->standard_error;
  t.df = w->df;
  t.run_sd = w->pooled_sd;
  t.shift.estimate = std::expm1(w->difference);
  if (w->standard_error > 0) {
    const double q = student_t_quantile(0.975, w->df);
    t.shift.low = std::expm1(w->difference - q * w->standard_error);
    t.shift.high = std::expm1(w->difference + q * w->standard_error);
  } else {
    t.shift.low = t.shift.high = t.shift.estimate;
  }
  t.verdict = Verdict::same;  // until judge() says otherwise
  return t;
}

// What one row of one report has, and the baseline's.
struct RowInput {
  const std::vector<double>& repetitions;
  const std::vector<double>& base_repetitions;
  double median_value, base_median;
  double limit, base_limit;  // medians of the in-run limit
  const std::vector<double>& runs;
  const std::vector<double>& base_runs;
  const std::vector<double>& run_limits;
  const std::vector<double>& base_run_limits;
};

// One row against the baseline: on the runs when both sides have kMinRuns, else on the
// repetitions of the one run; ÷ each run's own limit when asked and both sides have it.
RowTest test_on_basis(const RowInput& in, bool on_limit) {
  if (in.runs.size() >= kMinRuns && in.base_runs.size() >= kMinRuns) {
    if (on_limit) {
      const auto ratios = divided_by_runs(in.runs, in.run_limits);
      const auto base_ratios = divided_by_runs(in.base_runs, in.base_run_limits);
      if (ratios && base_ratios) {
        RowTest t = test_runs(*ratios, *base_ratios);
        t.on_limit = true;
        t.measured_change = median(in.runs) / median(in.base_runs) - 1;
        t.n = in.repetitions.size();
        t.baseline_n = in.base_repetitions.size();
        return t;
      }
    }
    RowTest t = test_runs(in.runs, in.base_runs);
    t.n = in.repetitions.size();
    t.baseline_n = in.base_repetitions.size();
    return t;
  }
  RowTest t;
  if (!on_limit || in.limit <= 0 || in.base_limit <= 0) {
    t = test_row(in.repetitions, in.base_repetitions, in.median_value, in.base_median);
  } else {
    t = test_row(divided(in.repetitions, in.limit), divided(in.base_repetitions, in.base_limit), in.median_value / in.limit,
                 in.base_median / in.base_limit);
    t.on_limit = true;
    if (in.base_median > 0) t.measured_change = in.median_value / in.base_median - 1;
  }
  t.runs = in.runs.size();
  t.baseline_runs = in.base_runs.size();
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

// The smallest log-shift found with kDetectionPower by a test at level `level` (two-sided).
double detectable_log_shift(double standard_error, double df, double level) {
  if (standard_error <= 0) return 0;
  return (student_t_quantile(1 - level / 2, df) + student_t_quantile(kDetectionPower, df)) * standard_error;
}

// Runs a side for which the smallest detectable change is within the threshold, with this
// row's spread of runs (equal runs a side, df = 2n - 2); nothing above 200.
std::optional<std::size_t> runs_needed(double run_sd, double level, double threshold, std::size_t at_least) {
  const double target = std::log1p(threshold);
  if (run_sd <= 0) return at_least;
  // The normal approximation is a lower bound; step up from it.
  const double z = student_t_quantile(1 - level / 2, 1e6) + student_t_quantile(kDetectionPower, 1e6);
  const double guess = std::ceil(2 * run_sd * run_sd * z * z / (target * target));
  for (auto n = std::max<std::size_t>(at_least, static_cast<std::size_t>(std::min(guess, 201.0))); n <= 200; ++n) {
    const double se = run_sd * std::sqrt(2.0 / static_cast<double>(n));
    if (detectable_log_shift(se, 2.0 * static_cast<double>(n) - 2, level) <= target) return n;
  }
  return std::nullopt;
}

std::string percent_text(double fraction) {
  if (fraction > 10) return "over 1000%";  // with 2 runs a side (df near 1) the figure is astronomic
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", 100 * fraction);
  return text;
}

// Not called: "~" only when the data could have found a change of the threshold's size and the
// estimate is within it; else "can't tell", with how many runs a side would settle it.
void judge_not_called(RowTest& t, double threshold, double level) {
  if (!t.on_runs) {
    t.verdict = Verdict::cant_tell;
    t.cant_tell = "one run a side shows no run-to-run spread: compare reports of run --runs 5";
    return;
  }
  const double detectable = detectable_log_shift(t.standard_error, t.df, level);
  t.detectable = std::expm1(detectable);
  if (detectable <= std::log1p(threshold) && std::abs(t.shift.estimate) <= threshold) {
    t.verdict = Verdict::same;
    return;
  }
  t.verdict = Verdict::cant_tell;
  t.runs_needed = runs_needed(t.run_sd, level, threshold, std::max<std::size_t>(std::max(t.runs, t.baseline_runs) + 1, kMinRuns));
  t.cant_tell = "runs spread " + percent_text(std::expm1(t.run_sd)) + ", could find " + percent_text(*t.detectable) +
                " not " + percent_text(threshold) + "; " +
                (t.runs_needed ? std::to_string(*t.runs_needed) + " runs a side would settle it" : "over 200 runs a side needed");
}

// The correction over every tested row, then the verdict and the gate of each.
void judge(const std::vector<Judged>& rows, Comparison& c) {
  std::vector<double> p;
  for (const auto& row : rows) p.push_back(row.test->p_value);
  const auto adjusted = adjust_p_values(p, c.settings.correction);
  c.tested = rows.size();
  // The level of the strictest step of the correction (Bonferroni's): a change the data finds
  // at this level is called whatever the other rows do.
  const double level = c.settings.alpha / static_cast<double>(std::max<std::size_t>(rows.size(), 1));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    RowTest& t = *rows[i].test;
    const bool higher_is_better = rows[i].higher_is_better;
    const double threshold = rows[i].threshold;
    t.p_adjusted = adjusted[i];
    // On runs the interval already holds the run-to-run spread: the estimate beyond the threshold
    // suffices. On the repetitions of one run the whole interval must lie beyond it (criterion's
    // rule), since that interval misses the run-to-run part.
    const bool large = t.on_runs ? std::abs(t.shift.estimate) > threshold : beyond(t.shift, threshold);
    if (t.p_adjusted < c.settings.alpha && large) {
      t.verdict = (t.shift.estimate > 0) == higher_is_better ? Verdict::faster : Verdict::slower;
      ++c.called;
    } else {
      judge_not_called(t, threshold, level);
      if (t.verdict == Verdict::cant_tell) ++c.cant_tell;
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
    case Verdict::cant_tell: return "can't tell";
  }
  return "untested";
}

Comparison compare_reports(std::vector<NamedReport> reports, std::size_t baseline, const CompareSettings& settings) {
  Comparison c;
  c.reports = std::move(reports);
  c.baseline = baseline;
  c.settings = settings;
  const std::size_t n = c.reports.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto& m = c.reports[i].report.machine;
    const auto& b = c.reports[baseline].report.machine;
    c.across_machines.push_back(i != baseline && (m.host_name != b.host_name || m.cpu_model != b.cpu_model));
  }
  const auto on_limit = [&](std::size_t i) {
    return settings.basis == Basis::limit || (settings.basis == Basis::automatic && c.across_machines[i]);
  };

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
      t.runs.push_back(row ? row->run_medians : std::vector<double>{});
      t.run_efficiency.push_back(row ? divided_by_runs(row->run_medians, row->handoff_run_medians).value_or(std::vector<double>{})
                                     : std::vector<double>{});
      const auto& base = rows[baseline];
      if (row && base && i != baseline) {
        t.test.push_back(test_on_basis({row->ring_samples, base->ring_samples, row->ring_median, base->ring_median,
                                        row->handoff_median, base->handoff_median, row->run_medians, base->run_medians,
                                        row->handoff_run_medians, base->handoff_run_medians},
                                       on_limit(i)));
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
      l.runs.push_back(row ? row->run_p50s : std::vector<double>{});
      const auto& base = rows[baseline];
      if (row && base && i != baseline) {
        l.test.push_back(test_on_basis({row->samples, base->samples, row->p50, base->p50, row->baseline_p50, base->baseline_p50,
                                        row->run_p50s, base->run_p50s, row->baseline_run_p50s, base->baseline_run_p50s},
                                       on_limit(i)));
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
