// The token facts as JSON, for role observations, the report's machine context and diagnose.
#pragma once

#include <nlohmann/json.hpp>

#include "harness/platform/security.h"

namespace shmh {

nlohmann::json token_to_json(const platform::TokenInfo& token);
platform::TokenInfo token_from_json(const nlohmann::json& json);

}  // namespace shmh
