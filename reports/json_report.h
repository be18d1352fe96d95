// report.json: the model to and from JSON (versioned schema, docs/report-schema.md).
#pragma once

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "reports/model.h"

namespace shmh::report {

// A report or observation that is not what the schema says: names the JSON path and the problem.
class FormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

nlohmann::json to_json(const Observation& observation);
nlohmann::json to_json(const ScenarioResult& scenario);
nlohmann::json to_json(const Report& report);
nlohmann::json to_json(const Metrics& metrics);
nlohmann::json security_to_json(const SecurityContext& context);
SecurityContext security_from_json(const nlohmann::json& json);

Observation observation_from_json(const nlohmann::json& json);  // throws FormatError
Report report_from_json(const nlohmann::json& json);            // throws FormatError
// Lenient: what is missing or of another shape reads as absent (see json_metrics.cpp).
Metrics metrics_from_json(const nlohmann::json& json);
// Reads and parses a report file (`path` in UTF-8); FormatError names the file and what is wrong.
Report read_report_file(const std::string& path);

}  // namespace shmh::report
