// `compare --json`: the comparison for machines, one entry per row and report against the
// baseline (docs/report-schema.md, "compare --json"). Formats only; compare.cpp decides.
#include <nlohmann/json.hpp>

#include "reports/compare.h"
#include "reports/model.h"

namespace shmh::report {
namespace {

using nlohmann::json;

json optional_number(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

// The fields every row has against the baseline, whatever its kind.
json against_baseline(const std::optional<double>& median, const std::optional<double>& base_median,
                      const std::optional<RowTest>& t) {
  json j = {{"median", optional_number(median)}, {"baseline_median", optional_number(base_median)}};
  if (!median || !base_median || !t) {
    j["verdict"] = "missing";  // the row is in one of the two reports only
    return j;
  }
  j["n"] = t->n;
  j["baseline_n"] = t->baseline_n;
  j["change_of_medians"] = optional_number(t->change);
  j["verdict"] = verdict_name(t->verdict);
  if (t->verdict == Verdict::untested) {
    j["reason"] = t->untested;
    j["p_value"] = nullptr;
    j["p_adjusted"] = nullptr;
    j["shift"] = nullptr;
  } else {
    j["p_value"] = t->p_value;
    j["p_adjusted"] = t->p_adjusted;
    j["shift"] = {{"estimate", t->shift.estimate}, {"low", optional_number(t->shift.low)}, {"high", optional_number(t->shift.high)}};
  }
  j["basis"] = t->on_limit ? "limit" : "absolute";
  j["change_of_measured_medians"] = optional_number(t->on_limit ? t->measured_change : t->change);
  j["past_gate"] = t->gate;
  j["machine_baseline_change"] = optional_number(t->machine_moved);
  j["sample"] = t->on_runs ? "runs" : "repetitions";
  j["runs"] = t->runs;
  j["baseline_runs"] = t->baseline_runs;
  j["detectable_change"] = optional_number(t->detectable);
  j["runs_needed"] = t->runs_needed ? json(*t->runs_needed) : json(nullptr);
  j["cant_tell"] = t->verdict == Verdict::cant_tell ? json(t->cant_tell) : json(nullptr);
  return j;
}

}  // namespace

std::string comparison_json(const Comparison& c) {
  json reports = json::array();
  for (std::size_t i = 0; i < c.reports.size(); ++i) {
    reports.push_back({{"label", c.reports[i].label}, {"host", c.reports[i].report.machine.host_name}, {"baseline", i == c.baseline}});
  }
  json outcomes = json::array();
  for (const auto& row : c.outcomes) {
    if (!row.differs) continue;
    json per_report = json::array();
    for (const auto& r : row.per_report) per_report.push_back(r ? json(outcome_name(r->outcome)) : json(nullptr));
    outcomes.push_back({{"scenario", row.scenario}, {"outcomes", per_report}});
  }
  json rows = json::array();
  for (const auto& row : c.throughput) {
    for (std::size_t i = 0; i < c.reports.size(); ++i) {
      if (i == c.baseline || (!row.gib_s[i] && !row.gib_s[c.baseline])) continue;
      json j = {{"kind", "throughput"}, {"scenario", row.scenario}, {"mode", row.mode}, {"block_bytes", row.block_bytes},
                {"unit", "GiB/s"}, {"higher_is_better", true}, {"report", c.reports[i].label}};
      j.update(against_baseline(row.gib_s[i], row.gib_s[c.baseline], row.test[i]));
      j["efficiency"] = optional_number(row.efficiency[i]);
      j["baseline_efficiency"] = optional_number(row.efficiency[c.baseline]);
      j["run_medians"] = row.runs[i];
      j["baseline_run_medians"] = row.runs[c.baseline];
      j["run_efficiency"] = row.run_efficiency[i];
      j["another_machine"] = c.across_machines[i];
      rows.push_back(j);
    }
  }
  for (const auto& row : c.latency) {
    for (std::size_t i = 0; i < c.reports.size(); ++i) {
      if (i == c.baseline || (!row.p50_ns[i] && !row.p50_ns[c.baseline])) continue;
      json j = {{"kind", "round-trip"}, {"scenario", row.scenario}, {"mode", row.mode}, {"unit", "ns"},
                {"higher_is_better", false}, {"report", c.reports[i].label}};
      j.update(against_baseline(row.p50_ns[i], row.p50_ns[c.baseline], row.test[i]));
      j["run_p50s"] = row.runs[i];
      j["baseline_run_p50s"] = row.runs[c.baseline];
      j["another_machine"] = c.across_machines[i];
      rows.push_back(j);
    }
  }
  json out = {{"schema_version", 2},
              {"reports", reports},
              {"method",
               {{"test", "mann-whitney-u"},
                {"shift", "hodges-lehmann"},
                {"confidence", 0.95},
                {"basis", c.settings.basis == Basis::limit ? "limit" : c.settings.basis == Basis::absolute ? "absolute" : "auto"},
                {"run_test", "welch-t-on-log-run-medians"},
                {"min_runs", kMinRuns},
                {"detection_power", kDetectionPower},
                {"correction", c.settings.correction == Correction::holm ? "holm" : "bh"},
                {"alpha", c.settings.alpha},
                {"threshold", c.settings.threshold},
                {"latency_threshold", c.settings.latency_threshold},
                {"min_repetitions", kMinRepetitions}}},
              {"tested", c.tested},
              {"called", c.called},
              {"cant_tell", c.cant_tell},
              {"outcomes_that_differ", outcomes},
              {"rows", rows}};
  if (c.settings.fail_if_slower) {
    out["gate"] = {{"fail_if_slower", *c.settings.fail_if_slower}, {"failed", !c.gate_failures.empty()}, {"rows", c.gate_failures}};
  } else {
    out["gate"] = nullptr;
  }
  return out.dump(2) + "\n";
}

}  // namespace shmh::report
