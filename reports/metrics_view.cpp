// Defensive reading of throughput metrics: a report from another version or machine may lack
// fields; a row with no figures is left out rather than shown as zeros.
#include "reports/metrics_view.h"

namespace shmh::report {
namespace {

using nlohmann::json;

double number(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object.at(key).is_number()) return 0;
  return object.at(key).get<double>();
}

std::vector<double> samples(const json& object) {
  std::vector<double> values;
  if (object.is_object() && object.contains("samples") && object.at("samples").is_array()) {
    for (const auto& v : object.at("samples")) {
      if (v.is_number()) values.push_back(v.get<double>());
    }
  }
  return values;
}

const json& array_of(const json& metrics, const char* key) {
  static const json empty = json::array();
  if (!metrics.is_object() || !metrics.contains(key) || !metrics.at(key).is_array()) return empty;
  return metrics.at(key);
}

}  // namespace

std::string block_label(std::uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB"};
  int unit = 0;
  while (unit < 3 && bytes >= 1024 && bytes % 1024 == 0) {
    bytes /= 1024;
    ++unit;
  }
  return std::to_string(bytes) + " " + units[unit];
}

std::vector<ThroughputRow> throughput_rows(const Report& report) {
  std::vector<ThroughputRow> rows;
  for (const auto& s : report.scenarios) {
    for (const auto& item : array_of(s.metrics, "throughput")) {
      if (!item.is_object()) continue;
      ThroughputRow row;
      row.scenario = s.id;
      row.mode = item.value("mode", "");
      row.block_bytes = item.value("block_bytes", std::uint64_t{0});
      row.block_label = block_label(row.block_bytes);
      row.verify = item.value("verify", false);
      const json ring = item.value("ring_gib_s", json::object());
      const json memcpy = item.value("memcpy_gib_s", json::object());
      row.ring_median = number(ring, "median");
      row.ring_p10 = number(ring, "p10");
      row.ring_p90 = number(ring, "p90");
      row.memcpy_median = number(memcpy, "median");
      row.memcpy_p10 = number(memcpy, "p10");
      row.memcpy_p90 = number(memcpy, "p90");
      row.ratio_median = number(item.value("ratio", json::object()), "median");
      row.ring_samples = samples(ring);
      row.bimodal = item.value("bimodal", false);
      if (row.ring_median > 0) rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::vector<LatencyRow> latency_rows(const Report& report) {
  std::vector<LatencyRow> rows;
  for (const auto& s : report.scenarios) {
    for (const auto& item : array_of(s.metrics, "latency")) {
      if (!item.is_object()) continue;
      LatencyRow row;
      row.scenario = s.id;
      row.mode = item.value("mode", "");
      const json rt = item.value("round_trip_ns", json::object());
      row.p50 = number(rt, "p50");
      row.p90 = number(rt, "p90");
      row.p99 = number(rt, "p99");
      row.p999 = number(rt, "p999");
      row.max = number(rt, "max");
      row.samples = samples(rt);
      row.baseline_p50 = number(item.value("core_to_core_ns", json::object()), "p50");
      row.ratio = number(item, "ratio");
      if (row.p50 > 0) rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace shmh::report
