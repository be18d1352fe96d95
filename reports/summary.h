// Facts derived from a report that several writers show: counts per outcome and per area, the
// observations worth showing for a failure. Derived, never measured.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "reports/model.h"

namespace shmh::report {

struct Counts {
  int passed = 0, failed = 0, skipped = 0, error = 0, timeout = 0;
  int total() const { return passed + failed + skipped + error + timeout; }
  int bad() const { return failed + error + timeout; }
  void add(Outcome outcome);
};

// "create-open" for "create-open/classic-sample".
std::string area_of(const std::string& scenario_id);
Counts count_all(const Report& report);
// Areas in first-seen order with their counts.
std::vector<std::pair<std::string, Counts>> count_by_area(const Report& report);
// The observations that carry an OS code (failed calls and 183-style codes): what a reader of a
// failure wants first.
std::vector<const Observation*> coded_observations(const ScenarioResult& scenario);
// "CreateFileMappingW(Local\x): 183 ERROR_ALREADY_EXISTS"
std::string observation_line(const Observation& observation);
// printf-style formatting of one number ("%.2f"), for the writers.
std::string format_number(double value, const char* format);
// "Windows 10.0.19045 (Wine 8.0), AMD EPYC, 2 cores"
std::string machine_line(const Machine& machine);

}  // namespace shmh::report
