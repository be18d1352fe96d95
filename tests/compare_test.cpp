// compare and its statistics: Mann-Whitney U against values enumerated by brute force, and a
// comparison that calls a change only when it is significant after the correction and larger
// than the noise threshold, with the Hodges-Lehmann interval, the gate and the JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "reports/compare.h"
#include "reports/statistics.h"

namespace shmh::report {
namespace {

TEST(MannWhitney, ExactPValuesMatchBruteForceEnumeration) {
  auto separated = mann_whitney_u({1, 2, 3}, {4, 5, 6});
  ASSERT_TRUE(separated);
  EXPECT_TRUE(separated->exact);
  EXPECT_DOUBLE_EQ(separated->u, 0);
  EXPECT_NEAR(separated->p_value, 0.1, 1e-12);
  auto interleaved = mann_whitney_u({1.1, 2.2, 3.3, 4.4, 5.5}, {1.5, 2.5, 3.5, 4.5, 5.6});
  ASSERT_TRUE(interleaved);
  EXPECT_DOUBLE_EQ(interleaved->u, 10);
  EXPECT_NEAR(interleaved->p_value, 0.6904761904761905, 1e-12);
  auto nine = mann_whitney_u({10, 11, 12, 13, 14, 15, 16, 17, 18}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  ASSERT_TRUE(nine);
  EXPECT_NEAR(nine->p_value, 4.113533525298231e-05, 1e-15);
}

TEST(MannWhitney, TiesUseTheNormalApproximationAndTooFewSamplesGiveNothing) {
  auto tied = mann_whitney_u({1, 1, 2, 2, 3}, {1, 2, 2, 3, 3});
  ASSERT_TRUE(tied);
  EXPECT_FALSE(tied->exact);
  EXPECT_GT(tied->p_value, 0.3);
  EXPECT_FALSE(mann_whitney_u({1, 2}, {3, 4, 5}));
  auto equal = mann_whitney_u({5, 5, 5}, {5, 5, 5});
  ASSERT_TRUE(equal);
  EXPECT_DOUBLE_EQ(equal->p_value, 1);
}

Report machine(const std::string& host, std::vector<double> ring, double memcpy, Outcome global_outcome) {
  Report r;
  r.tool_version = "0.1.0";
  r.machine.host_name = host;
  ScenarioResult throughput;
  throughput.id = "throughput/stream";
  throughput.outcome = Outcome::passed;
  ThroughputMetric row;
  row.mode = "spin";
  row.block_bytes = 1 << 20;
  row.ring_gib_s.median = median(ring);
  row.ring_gib_s.samples = ring;
  row.memcpy_gib_s.median = memcpy;
  row.ratio_median = median(ring) / memcpy;
  throughput.metrics.throughput = {row};
  ScenarioResult global;
  global.id = "naming/global-local-bare";
  global.outcome = global_outcome;
  global.reason = global_outcome == Outcome::skipped ? "lacks SeCreateGlobalPrivilege" : "";
  r.scenarios = {throughput, global};
  return r;
}

// Values from tests/data/compare_reference.py (brute force and textbook formulas, independent of
// reports/statistics.cpp). Every slow repetition is below every baseline one; base has ties, so
// the tie-corrected normal approximation gives the p-value.
const std::vector<double> kBase = {10, 10.2, 9.9, 10.1, 10.3, 9.8, 10.0, 10.2, 10.1};
const std::vector<double> kSlow = {8, 8.1, 7.9, 8.2, 8.0, 7.8, 8.1, 8.0, 7.9};

TEST(Compare, CallsAChangeOnlyWhenSignificantAfterCorrectionAndBeyondTheThreshold) {
  const auto fast = machine("fast", kBase, 20, Outcome::passed);
  const auto slow = machine("slow", kSlow, 10, Outcome::skipped);
  const auto noisy = machine("noisy", {6, 14, 9, 11, 7, 13, 10, 8, 12}, 20, Outcome::passed);
  const auto c = compare_reports({{"fast", fast}, {"slow", slow}, {"noisy", noisy}}, 0);
  ASSERT_EQ(c.throughput.size(), 1u);
  const auto& t = c.throughput[0];
  EXPECT_FALSE(t.test[0]);  // the baseline against itself: nothing
  ASSERT_TRUE(t.test[1] && t.test[2]);
  EXPECT_NEAR(*t.test[1]->change, 8.0 / 10.1 - 1, 1e-9);
  EXPECT_NEAR(t.test[1]->p_value, 0.00038727856310174575, 1e-12);
  EXPECT_NEAR(t.test[1]->p_adjusted, 2 * 0.00038727856310174575, 1e-12);  // Holm over 2 tests, the smaller
  EXPECT_NEAR(t.test[1]->shift.estimate, -0.2058823529411762, 1e-12);
  EXPECT_NEAR(*t.test[1]->shift.low, -0.21782178217821765, 1e-12);
  EXPECT_NEAR(*t.test[1]->shift.high, -0.19191919191919213, 1e-12);
  EXPECT_EQ(t.test[1]->verdict, Verdict::slower);
  // Same median, wide spread: not a difference, but one run a side cannot show its absence either.
  EXPECT_EQ(t.test[2]->verdict, Verdict::cant_tell);
  EXPECT_EQ(c.tested, 2u);
  EXPECT_EQ(c.called, 1u);
  EXPECT_NEAR(*t.normalised[1], 0.8, 1e-9);  // slower in GiB/s, better against its own memcpy
  EXPECT_NEAR(*t.test[1]->machine_moved, 10.0 / 20 - 1, 1e-12);  // its memcpy is half the baseline's
  EXPECT_FALSE(t.test[2]->machine_moved);                         // the same memcpy: nothing to say
  ASSERT_EQ(c.outcomes.size(), 2u);
  EXPECT_FALSE(c.outcomes[0].differs);
  EXPECT_TRUE(c.outcomes[1].differs);
  const std::string text = comparison_text(c);
  EXPECT_NE(text.find("-20.6% [-21.8%, -19.2%] slower (9 v 9 repetitions of one run, p=0.00039, Holm 0.00077)"), std::string::npos) << text;
  EXPECT_NE(text.find(" can't tell (9 v 9 repetitions of one run, p="), std::string::npos) << text;
  EXPECT_NE(text.find("Holm 0.00077); the machine's limit -50.0%"), std::string::npos) << text;
  EXPECT_NE(text.find("Called: 1, can't tell: 1, of 2."), std::string::npos) << text;
  EXPECT_NE(text.find("lacks SeCreateGlobalPrivilege"), std::string::npos);
  const std::string html = comparison_html(c);
  EXPECT_NE(html.find("<svg class=\"chart\""), std::string::npos);
  EXPECT_NE(html.find("<td class=\"significant\">"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(Compare, ASignificantShiftInsideTheNoiseThresholdIsNotAChange) {
  std::vector<double> near;
  for (double v : {10.0, 10.21, 9.9, 10.11, 10.3, 9.8, 10.01, 10.22, 10.12}) near.push_back(v * 1.03);
  const auto c = compare_reports({{"a", machine("a", kBase, 20, Outcome::passed)}, {"b", machine("b", near, 20, Outcome::passed)}}, 0);
  const auto& t = *c.throughput[0].test[1];
  EXPECT_NEAR(t.p_value, 0.0053153057245633245, 1e-12);  // significant, even after the correction of one test
  EXPECT_NEAR(t.shift.estimate, 0.03101980198019783, 1e-12);
  EXPECT_NEAR(*t.shift.low, 0.010813725490196198, 1e-12);
  EXPECT_NEAR(*t.shift.high, 0.051020408163264995, 1e-12);
  EXPECT_EQ(t.verdict, Verdict::cant_tell);  // 3.1% is inside the default 5% threshold; one run a side is never ~
  // A change is called only when the whole interval is beyond the threshold (criterion's rule):
  // [+1.08%, +5.1%] is beyond 1% but not beyond 2%, though the estimate, 3.1%, is.
  CompareSettings one_percent, two_percent;
  one_percent.threshold = 0.01;
  two_percent.threshold = 0.02;
  const std::vector<NamedReport> pair = {{"a", machine("a", kBase, 20, Outcome::passed)}, {"b", machine("b", near, 20, Outcome::passed)}};
  EXPECT_EQ(compare_reports(pair, 0, one_percent).throughput[0].test[1]->verdict, Verdict::faster);
  EXPECT_EQ(compare_reports(pair, 0, two_percent).throughput[0].test[1]->verdict, Verdict::cant_tell);
}

TEST(Compare, TheGateTakesOnlyRowsWhoseWholeIntervalIsBeyondIt) {
  const std::vector<NamedReport> reports = {{"a", machine("a", kBase, 20, Outcome::passed)}, {"b", machine("b", kSlow, 20, Outcome::passed)}};
  CompareSettings ten;
  ten.fail_if_slower = 0.10;  // the interval is [-21.8%, -19.2%]: wholly beyond -10%
  const auto failed = compare_reports(reports, 0, ten);
  ASSERT_EQ(failed.gate_failures.size(), 1u);
  EXPECT_EQ(failed.gate_failures[0], "throughput/stream spin 1 MiB, b");
  EXPECT_NE(comparison_text(failed).find("PAST THE GATE"), std::string::npos);
  CompareSettings twenty;
  twenty.fail_if_slower = 0.20;  // -19.2% is inside the interval's reach of -20%: not with confidence
  EXPECT_TRUE(compare_reports(reports, 0, twenty).gate_failures.empty());
  // Faster is never past a slower-gate: the same pair the other way round.
  EXPECT_TRUE(compare_reports(reports, 1, ten).gate_failures.empty());
}

TEST(Compare, TooFewRepetitionsAreNotTestedAndSaySo) {
  const auto a = machine("a", {10, 10.1, 9.9}, 20, Outcome::passed);
  const auto b = machine("b", {5, 5.1, 4.9}, 20, Outcome::passed);  // halved, but 3 repetitions
  const auto c = compare_reports({{"a", a}, {"b", b}}, 0);
  const auto& t = *c.throughput[0].test[1];
  EXPECT_EQ(t.verdict, Verdict::untested);
  EXPECT_EQ(t.untested, "n=3 and 3: fewer than 5 repetitions a side cannot show a change");
  EXPECT_EQ(c.tested, 0u);
  EXPECT_NE(comparison_text(c).find("-50.0% (medians), not tested: n=3 and 3"), std::string::npos);
}

// The same reports with the two-core hand-off limit of their runs.
Report with_handoff(Report r, double handoff) {
  auto& row = r.scenarios[0].metrics.throughput[0];
  row.handoff_gib_s.median = handoff;
  row.efficiency_median = row.ring_gib_s.median / handoff;
  return r;
}

std::vector<double> scaled(const std::vector<double>& values, double by) {
  std::vector<double> out;
  for (double v : values) out.push_back(v * by);
  return out;
}

TEST(Compare, OnTheLimitBasisAMachineFasterAsAWholeIsNotAChangeOfTheRing) {
  // b: every repetition 20% faster, and so is its run's hand-off limit: the machine, not the ring.
  const auto a = with_handoff(machine("a", kBase, 20, Outcome::passed), 10);
  const auto b = with_handoff(machine("b", scaled(kBase, 1.2), 20, Outcome::passed), 12);
  CompareSettings limit;
  limit.basis = Basis::limit;
  const auto on_limit = compare_reports({{"a", a}, {"b", b}}, 0, limit);
  const auto& t = *on_limit.throughput[0].test[1];
  EXPECT_TRUE(t.on_limit);
  EXPECT_EQ(t.verdict, Verdict::cant_tell);
  EXPECT_NEAR(t.shift.estimate, 0, 1e-12);
  EXPECT_NEAR(*t.measured_change, 0.2, 1e-9);
  EXPECT_NEAR(*t.machine_moved, 0.2, 1e-12);
  EXPECT_NEAR(*on_limit.throughput[0].efficiency[1], 10.1 * 1.2 / 12, 1e-9);
  const std::string text = comparison_text(on_limit);
  EXPECT_NE(text.find("÷ limit +0.0% [-2.0%, +2.0%] can't tell (9 v 9 repetitions of one run, p=0.89, Holm 0.89)"), std::string::npos) << text;
  EXPECT_NE(text.find("; as measured +20.0%, the machine's limit +20.0%"), std::string::npos) << text;
  CompareSettings absolute;
  absolute.basis = Basis::absolute;
  const auto measured = compare_reports({{"a", a}, {"b", b}}, 0, absolute);
  EXPECT_FALSE(measured.throughput[0].test[1]->on_limit);
  EXPECT_EQ(measured.throughput[0].test[1]->verdict, Verdict::faster);
  // c: the ring 20% slower at the same limit: a change of the ring on either basis.
  const auto c = with_handoff(machine("c", kSlow, 20, Outcome::passed), 10);
  EXPECT_EQ(compare_reports({{"a", a}, {"c", c}}, 0, limit).throughput[0].test[1]->verdict, Verdict::slower);
  // Without the limit on one side (a report from before it), the row is tested as measured.
  const auto old = compare_reports({{"a", a}, {"d", machine("d", kSlow, 20, Outcome::passed)}}, 0, limit);
  EXPECT_FALSE(old.throughput[0].test[1]->on_limit);
  EXPECT_EQ(old.throughput[0].test[1]->verdict, Verdict::slower);
  EXPECT_EQ(nlohmann::json::parse(comparison_json(on_limit))["rows"][0]["basis"], "limit");
}

// A report with one spin round-trip row, its repetitions in ns.
Report round_trip(const std::string& host, const std::vector<double>& p50s) {
  Report r;
  r.machine.host_name = host;
  ScenarioResult s;
  s.id = "throughput/round-trip";
  s.outcome = Outcome::passed;
  RoundTripMetric row;
  row.mode = "spin";
  row.p50_ns = median(p50s);
  row.samples = p50s;
  row.core_to_core_p50_ns = 400;
  row.ratio = row.p50_ns / 400;
  s.metrics.latency = {row};
  r.scenarios = {s};
  return r;
}

TEST(Compare, RoundTripRowsHaveTheirOwnWiderThreshold) {
  // 20% slower, every repetition: beyond the 5% of throughput rows, inside the 50% of round trips.
  const std::vector<NamedReport> pair = {{"a", round_trip("a", scaled(kBase, 40))}, {"b", round_trip("b", scaled(kBase, 48))}};
  const auto by_default = compare_reports(pair, 0);
  ASSERT_EQ(by_default.latency.size(), 1u);
  const auto& t = *by_default.latency[0].test[1];
  EXPECT_LT(t.p_adjusted, 0.05);
  EXPECT_NEAR(t.shift.estimate, 0.2, 1e-9);
  EXPECT_EQ(t.verdict, Verdict::cant_tell);
  CompareSettings ten;
  ten.latency_threshold = 0.10;
  EXPECT_EQ(compare_reports(pair, 0, ten).latency[0].test[1]->verdict, Verdict::slower);
  EXPECT_NE(comparison_text(by_default).find("beyond 5% (throughput) or 50% (round trip)"), std::string::npos);
}

TEST(Compare, JsonHasOneEntryPerRowAndReport) {
  CompareSettings settings;
  settings.correction = Correction::benjamini_hochberg;
  settings.fail_if_slower = 0.10;
  const auto c = compare_reports({{"a", machine("a", kBase, 20, Outcome::passed)}, {"b", machine("b", kSlow, 20, Outcome::passed)}}, 0, settings);
  const auto j = nlohmann::json::parse(comparison_json(c));
  EXPECT_EQ(j["schema_version"], 2);
  EXPECT_EQ(j["method"]["correction"], "bh");
  EXPECT_EQ(j["method"]["basis"], "auto");
  EXPECT_EQ(j["rows"][0]["sample"], "repetitions");
  EXPECT_EQ(j["rows"][0]["basis"], "absolute");
  EXPECT_EQ(j["tested"], 1);
  ASSERT_EQ(j["rows"].size(), 1u);
  const auto& row = j["rows"][0];
  EXPECT_EQ(row["kind"], "throughput");
  EXPECT_EQ(row["block_bytes"], 1u << 20);
  EXPECT_EQ(row["report"], "b");
  EXPECT_EQ(row["verdict"], "slower");
  EXPECT_NEAR(row["shift"]["low"].get<double>(), -0.21782178217821765, 1e-12);
  EXPECT_TRUE(row["past_gate"].get<bool>());
  EXPECT_TRUE(row["machine_baseline_change"].is_null());  // both memcpy medians are 20
  EXPECT_TRUE(j["gate"]["failed"].get<bool>());
}

// A report whose spin 1 MiB row holds the medians of several runs (`run --runs N`), with each
// run's hand-off limit; the repetitions are the runs' medians (three each would do as well).
Report runs_report(const std::string& host, const std::vector<double>& runs, const std::vector<double>& limits = {}) {
  Report r = machine(host, runs, 20, Outcome::passed);
  auto& row = r.scenarios[0].metrics.throughput[0];
  row.run_medians = runs;
  row.handoff_run_medians = limits.empty() ? std::vector<double>(runs.size(), 10.0) : limits;
  row.handoff_gib_s.median = median(row.handoff_run_medians);
  return r;
}

CompareSettings absolute_basis() {
  CompareSettings s;
  s.basis = Basis::absolute;
  return s;
}

// Run medians recorded on the 2-vCPU VM (spin 1 MiB, GiB/s, 2026-11-28 quiet A/A set v1, the
// first eight runs) and the same with a --slots 1 run on the noisy VM (44% down, one run in four
// about 2x off): the verdicts a team decides by.
const std::vector<double> kQuietRuns = {10.46, 9.83, 10.21, 9.52, 10.05, 10.38, 9.91, 10.12};

TEST(CompareRuns, IdenticalQuietRunsAreUnchangedWithTheSmallestChangeTheyCouldFind) {
  const std::vector<double> again = {10.02, 10.31, 9.74, 10.44, 9.95, 10.18, 9.88, 10.27};
  const auto c = compare_reports({{"a", runs_report("vm", kQuietRuns)}, {"b", runs_report("vm", again)}}, 0, absolute_basis());
  const auto& t = *c.throughput[0].test[1];
  EXPECT_TRUE(t.on_runs);
  EXPECT_EQ(t.runs, 8u);
  EXPECT_EQ(t.verdict, Verdict::same);
  ASSERT_TRUE(t.detectable);
  EXPECT_GT(*t.detectable, 0.01);  // the runs spread by about 3%: a 1% change is beyond them
  EXPECT_LT(*t.detectable, 0.05);
  EXPECT_NE(comparison_text(c).find(" ~ (could have found "), std::string::npos) << comparison_text(c);
  const auto j = nlohmann::json::parse(comparison_json(c));
  EXPECT_EQ(j["rows"][0]["verdict"], "~");
  EXPECT_EQ(j["rows"][0]["sample"], "runs");
  EXPECT_TRUE(j["rows"][0]["detectable_change"].is_number());
}

TEST(CompareRuns, ATenPercentSlowdownOverQuietRunsIsChangedWithItsInterval) {
  const auto c = compare_reports({{"a", runs_report("vm", kQuietRuns)}, {"b", runs_report("vm", scaled(kQuietRuns, 0.9))}}, 0,
                                 absolute_basis());
  const auto& t = *c.throughput[0].test[1];
  EXPECT_EQ(t.verdict, Verdict::slower);
  EXPECT_NEAR(t.shift.estimate, -0.1, 1e-9);
  ASSERT_TRUE(t.shift.low && t.shift.high);
  EXPECT_LT(*t.shift.low, -0.1);
  EXPECT_GT(*t.shift.high, -0.1);
}

TEST(CompareRuns, AFortyFourPercentDropInBigNoiseIsNeverUnchanged) {
  // One run in four about 2x off on either side, as on the noisy VM.
  const std::vector<double> base = {10.4, 5.3, 9.7, 11.1};
  const std::vector<double> slots1 = {5.6, 6.4, 3.1, 5.9};
  for (const auto basis : {Basis::absolute, Basis::limit, Basis::automatic}) {
    CompareSettings s;
    s.basis = basis;
    const auto c = compare_reports({{"a", runs_report("vm", base)}, {"b", runs_report("vm", slots1)}}, 0, s);
    const auto& t = *c.throughput[0].test[1];
    EXPECT_NE(t.verdict, Verdict::same) << comparison_text(c);
    EXPECT_TRUE(t.verdict == Verdict::slower || t.verdict == Verdict::cant_tell);
  }
  // With a second row tested beside it (the correction grows), still not "~".
  Report a = runs_report("vm", base), b = runs_report("vm", slots1);
  auto extra = a.scenarios[0].metrics.throughput[0];
  extra.block_bytes = 64 << 10;
  a.scenarios[0].metrics.throughput.push_back(extra);
  b.scenarios[0].metrics.throughput.push_back(extra);
  const auto c = compare_reports({{"a", a}, {"b", b}}, 0, absolute_basis());
  EXPECT_NE(c.throughput[0].test[1]->verdict, Verdict::same);
}

TEST(CompareRuns, FewNoisyRunsCannotTellAndSayHowManyWouldSettleIt) {
  // 3 runs a side spread by about 15%, 8% apart: neither a change nor its absence is shown.
  const std::vector<double> base = {10.2, 8.4, 11.5};
  const std::vector<double> other = {9.1, 10.6, 8.0};
  const auto c = compare_reports({{"a", runs_report("vm", base)}, {"b", runs_report("vm", other)}}, 0, absolute_basis());
  const auto& t = *c.throughput[0].test[1];
  EXPECT_EQ(t.verdict, Verdict::cant_tell);
  ASSERT_TRUE(t.detectable);
  EXPECT_GT(*t.detectable, 0.05);
  ASSERT_TRUE(t.runs_needed);
  EXPECT_GT(*t.runs_needed, 3u);
  EXPECT_EQ(c.cant_tell, 1u);
  const std::string text = comparison_text(c);
  EXPECT_NE(text.find("can't tell (3 v 3 runs"), std::string::npos) << text;
  EXPECT_NE(text.find("runs a side would settle it"), std::string::npos) << text;
  const auto j = nlohmann::json::parse(comparison_json(c));
  EXPECT_EQ(j["rows"][0]["verdict"], "can't tell");
  EXPECT_EQ(j["rows"][0]["runs_needed"], *t.runs_needed);
  const std::string html = comparison_html(c);
  EXPECT_NE(html.find("<td class=\"cant-tell\">"), std::string::npos);
  EXPECT_NE(html.find("<svg class=\"runs\""), std::string::npos);  // the runs as points
}

TEST(CompareRuns, AcrossMachinesTheFindingIsEachAgainstItsOwnLimit) {
  // Machine b moves 40% more GiB/s but reaches only 0.60 of its own limit; a reaches 0.97 of its.
  const std::vector<double> a_runs = {9.7, 9.6, 9.8, 9.75, 9.65};
  const std::vector<double> b_runs = scaled(a_runs, 1.4);
  const auto c = compare_reports({{"a", runs_report("host-a", a_runs, std::vector<double>(5, 10.0))},
                                  {"b", runs_report("host-b", b_runs, std::vector<double>(5, 9.7 * 1.4 / 0.6))}},
                                 0);
  ASSERT_TRUE(c.across_machines[1]);
  const auto& t = *c.throughput[0].test[1];
  EXPECT_TRUE(t.on_limit);
  EXPECT_EQ(t.verdict, Verdict::slower);  // 0.60 against 0.97 of its limit, whatever the GiB/s
  EXPECT_NEAR(*t.measured_change, 0.4, 1e-9);
  EXPECT_NE(comparison_text(c).find("0.60 of its hand-off limit"), std::string::npos) << comparison_text(c);
}

}  // namespace
}  // namespace shmh::report
