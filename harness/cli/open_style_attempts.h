// `diagnose --open-style`'s attempts, made from a role process with the identity asked for.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "harness/cli/open_style_diagnosis.h"
#include "harness/platform/open_styles.h"
#include "harness/platform/identity.h"

namespace shmh {

struct OpenStyleRequest {
  std::string name;
  platform::OpenPlan plan;
  std::uint64_t granularity = 65536;
  platform::Identity identity;
  std::string attempted_as = "this process";
};

// The object's security, the style's calls, and (when the object exists) a plain read open and a
// plain write open. Nothing, with `failure` set, when the role failed.
std::optional<OpenStyleFacts> attempt_open_style(const OpenStyleRequest& request, std::string& failure);

}  // namespace shmh
