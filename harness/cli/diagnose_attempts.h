// diagnose's attempts on a name, made from a role process with the identity asked for, as a
// function: `diagnose` prints them, `pair` attaches them to a failed second's report.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/cli/diagnosis.h"
#include "harness/platform/identity.h"

namespace shmh {

struct DiagnoseRequest {
  std::string name;
  std::string access = "read";  // read, write or all
  std::uint64_t size = 4096;    // for the create attempt made when nothing holds the name
  platform::Identity identity;
  std::string attempted_as = "this process";
};

// The namespace around the name (read here, holding nothing), then the token, the object's
// security, an open and, when nothing holds the name, a create (closed and removed again) in a
// role process running as `identity`. Nothing, with `failure` set, when the role failed.
std::optional<DiagnoseFacts> attempt_diagnosis(const DiagnoseRequest& request, std::string& failure);

// `diagnose --json`: the facts and the explanation.
nlohmann::json diagnosis_to_json(const DiagnoseFacts& facts, const Diagnosis& diagnosis);

}  // namespace shmh
