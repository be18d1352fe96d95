// Lining reports up: outcomes by scenario id, throughput by (scenario, mode, block), latency by
// (scenario, mode); differences against the baseline judged by Mann-Whitney U.
#include "reports/compare.h"

#include <algorithm>
#include <map>

#include "reports/format.h"
#include "reports/metrics_view.h"
#include "reports/statistics.h"

namespace shmh::report {

Comparison compare_reports(std::vector<NamedReport> reports, std::size_t baseline) {
  Comparison c;
  c.reports = std::move(reports);
  c.baseline = baseline;
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
      const auto& base = rows[baseline];
      if (row && base && i != baseline && base->ring_median > 0) {
        t.change.push_back(row->ring_median / base->ring_median - 1);
        const auto test = mann_whitney_u(row->ring_samples, base->ring_samples);
        t.p_value.push_back(test ? std::optional(test->p_value) : std::nullopt);
      } else {
        t.change.push_back(std::nullopt);
        t.p_value.push_back(std::nullopt);
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
      if (row && base && i != baseline && base->p50 > 0) {
        l.change.push_back(row->p50 / base->p50 - 1);
        const auto test = mann_whitney_u(row->samples, base->samples);
        l.p_value.push_back(test ? std::optional(test->p_value) : std::nullopt);
      } else {
        l.change.push_back(std::nullopt);
        l.p_value.push_back(std::nullopt);
      }
    }
    c.latency.push_back(std::move(l));
  }
  return c;
}

}  // namespace shmh::report
