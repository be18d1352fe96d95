// Derived facts shared by the writers.
#include "reports/summary.h"

#include <algorithm>
#include <cstdio>

namespace shmh::report {

void Counts::add(Outcome outcome) {
  switch (outcome) {
    case Outcome::passed: ++passed; break;
    case Outcome::failed: ++failed; break;
    case Outcome::skipped: ++skipped; break;
    case Outcome::error: ++error; break;
    case Outcome::timeout: ++timeout; break;
  }
}

std::string area_of(const std::string& scenario_id) {
  const auto slash = scenario_id.find('/');
  return slash == std::string::npos ? scenario_id : scenario_id.substr(0, slash);
}

Counts count_all(const Report& report) {
  Counts counts;
  for (const auto& s : report.scenarios) counts.add(s.outcome);
  return counts;
}

std::vector<std::pair<std::string, Counts>> count_by_area(const Report& report) {
  std::vector<std::pair<std::string, Counts>> areas;
  for (const auto& s : report.scenarios) {
    const std::string area = area_of(s.id);
    auto it = std::find_if(areas.begin(), areas.end(), [&](const auto& a) { return a.first == area; });
    if (it == areas.end()) {
      areas.emplace_back(area, Counts{});
      it = areas.end() - 1;
    }
    it->second.add(s.outcome);
  }
  return areas;
}

std::vector<const Observation*> coded_observations(const ScenarioResult& scenario) {
  std::vector<const Observation*> coded;
  for (const auto& o : scenario.observations) {
    if (o.error || !o.ok) coded.push_back(&o);
  }
  return coded;
}

std::string observation_line(const Observation& o) {
  std::string line = o.role + ": " + o.api + "(" + o.name + ")";
  if (o.error) {
    line += " → " + std::to_string(o.error->code) + " " + o.error->symbol;
  } else {
    line += o.ok ? " → ok" : " → failed";
  }
  if (!o.ok && o.details.contains("exit")) line += " (" + o.details["exit"].get<std::string>() + ")";
  return line;
}

std::string format_number(double value, const char* format) {
  char text[64];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

std::string machine_line(const Machine& m) {
  std::string line = m.os_name + " " + m.os_version;
  if (m.wine) line += " (Wine " + *m.wine + ")";
  line += ", " + m.cpu_model + ", " + std::to_string(m.logical_cores) + " logical cores";
  if (!m.hypervisor.empty()) line += ", virtual machine (" + m.hypervisor + ")";
  line += ", host " + m.host_name;
  return line;
}

}  // namespace shmh::report
