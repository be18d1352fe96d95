// compare: lines several reports (machines) up. Derived from the reports only; nothing measured.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "reports/model.h"
#include "reports/statistics.h"

namespace shmh::report {

struct NamedReport {
  std::string label;  // the file name, or the host when unique
  Report report;
};

struct OutcomeRow {
  std::string scenario;
  std::vector<std::optional<ScenarioResult>> per_report;  // nothing: not run there
  bool differs = false;
};

// What a row is tested on. absolute (the default): GiB/s and ns as measured. limit: each repetition divided by its own run's limit
// (ring GiB/s ÷ that run's hand-off limit at the block size, round trip ÷ that run's core-to-core
// round trip), so that a machine that is faster or slower as a whole between the runs (a VM's
// memory bandwidth moves by 10-20% from one minute to the next) does not read as a change of the
// ring; a row whose runs lack the limit falls back to absolute. Measured on a quiet VM, limit
// made more false calls in A/A pairs than absolute (the limit's own noise adds to the row's), so
// it is the choice only where the whole machine drifts (docs/performance.md, "Comparing runs").
// automatic (the default): absolute between two runs of one machine, limit between machines (a
// report whose host or CPU differs from the baseline's): across machines the finding is each
// machine's figure against its own limits, not the raw GiB/s.
enum class Basis { limit, absolute, automatic };

// How compare decides that a row changed (docs/performance.md, "Comparing runs").
struct CompareSettings {
  Basis basis = Basis::automatic;
  Correction correction = Correction::holm;
  double alpha = 0.05;      // after the correction
  double threshold = 0.05;  // the noise threshold of throughput rows: a smaller shift is never called a change
  // The noise threshold of round-trip rows. On a VM a round trip sits at one of a few levels for
  // seconds to minutes (the host's placement of the two vCPUs), so in 30 quiet A/A pairs two
  // runs differed by up to 41% while each run's repetitions agreed within a few percent
  // (docs/performance.md, "Validating compare").
  double latency_threshold = 0.50;
  std::optional<double> fail_if_slower;  // the gate, as a fraction (0.1 for 10%)
};

// Fewer repetitions than this on either side: the row is not tested. 4 against 4 reaches at best
// p = 2/70 = 0.029 and a 95% interval that is the whole range of the differences.
inline constexpr std::size_t kMinRepetitions = 5;

// same: shown as "~", only when the data could have found a change of the threshold's size.
// cant_tell: not called, but the noise is too large for "~" (docs/performance.md, "Comparing runs").
enum class Verdict { untested, same, faster, slower, cant_tell };
const char* verdict_name(Verdict verdict);  // untested, ~, faster, slower, can't tell

// At least this many runs a side for the test on runs; fewer (reports from one run, or from
// before runs) fall back to the repetitions of the one run, which can call a change but never "~".
inline constexpr std::size_t kMinRuns = 2;
// The power at which "the smallest change this data could have found" is found.
inline constexpr double kDetectionPower = 0.8;

// One row of one report against the baseline, over the repetitions of both. Shifts are relative:
// the Hodges-Lehmann estimate of log(report) - log(baseline), shown as a ratio - 1, so +0.1 is
// 10% more GiB/s (or ns); the interval is its 95% distribution-free confidence interval.
struct RowTest {
  std::size_t n = 0, baseline_n = 0;
  std::optional<double> change;  // ratio of the medians - 1 of what was tested: what a reader checks first
  bool on_limit = false;         // tested ÷ each run's own limit (Basis::limit), not as measured
  std::optional<double> measured_change;  // on_limit: the ratio of the measured medians - 1 beside it
  std::string untested;          // why not tested; "" when tested
  double p_value = 1, p_adjusted = 1;
  Shift shift;
  Verdict verdict = Verdict::untested;
  bool gate = false;  // slower by more than --fail-if-slower with confidence (see compare_reports)
  // The report's own in-run limit (the hand-off limit for throughput, memcpy in reports without
  // it; core-to-core for the round trip) against the baseline report's, when it moved by more
  // than the threshold: the machine changed between the runs. On the absolute basis a change of
  // the row may then be the machine's rather than the ring's; on the limit basis it is divided out.
  std::optional<double> machine_moved;
  // The sample: the runs' medians (on_runs) or, with fewer than kMinRuns runs a side, the
  // repetitions of the one run (whose spread misses the run-to-run part: never shown as "~").
  bool on_runs = false;
  std::size_t runs = 0, baseline_runs = 0;
  double standard_error = 0, df = 0, run_sd = 0;  // on_runs: of the log difference, Welch's
  std::optional<double> detectable;   // the smallest change (relative) found with kDetectionPower
  std::optional<std::size_t> runs_needed;  // can't tell: runs a side that would settle it (none: > 200)
  std::string cant_tell;  // why the verdict is "can't tell"
};

struct ThroughputComparison {
  std::string scenario, mode, block;
  std::uint64_t block_bytes = 0;
  std::vector<std::optional<double>> gib_s;       // median per report
  std::vector<std::optional<double>> normalised;  // ÷ that machine's own memcpy median
  std::vector<std::optional<double>> efficiency;  // ÷ that run's hand-off limit (median)
  std::vector<std::optional<RowTest>> test;       // against the baseline; nothing for the baseline
  std::vector<std::vector<double>> runs;           // per report: each run's median, GiB/s
  std::vector<std::vector<double>> run_efficiency; // per report: each run's median ÷ its hand-off median
};

struct LatencyComparison {
  std::string scenario, mode;
  std::vector<std::optional<double>> p50_ns;
  std::vector<std::optional<double>> ratio;  // ÷ that machine's core-to-core round trip
  std::vector<std::optional<RowTest>> test;  // more ns is slower
  std::vector<std::vector<double>> runs;     // per report: each run's p50, ns
};

struct Comparison {
  std::vector<NamedReport> reports;
  std::size_t baseline = 0;
  CompareSettings settings;
  std::vector<OutcomeRow> outcomes;
  std::vector<ThroughputComparison> throughput;
  std::vector<LatencyComparison> latency;
  std::size_t tested = 0;  // the family the correction is over: every row tested, every report
  std::size_t called = 0;  // rows called faster or slower
  std::size_t cant_tell = 0;  // rows whose noise is too large for a verdict
  std::vector<bool> across_machines;  // per report: another host or CPU than the baseline's
  std::vector<std::string> gate_failures;  // "throughput/stream spin 1 MiB, b": rows past the gate
};

// Lines the reports up and tests every throughput and round-trip row of every report against
// the baseline's: Mann-Whitney U over the repetitions, p-values corrected over all the rows
// tested, the shift by Hodges-Lehmann. A row is called faster or slower only when its adjusted
// p-value is below alpha and its whole 95% interval lies beyond its kind's threshold; the gate
// (fail_if_slower) takes a called slower row whose whole interval lies beyond the gate.
Comparison compare_reports(std::vector<NamedReport> reports, std::size_t baseline, const CompareSettings& settings = {});

std::string comparison_text(const Comparison& comparison);
std::string comparison_markdown(const Comparison& comparison);
std::string comparison_html(const Comparison& comparison);
std::string comparison_json(const Comparison& comparison);  // docs/report-schema.md, "compare --json"

}  // namespace shmh::report
