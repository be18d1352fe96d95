// The namespace snapshot a report keeps for a scenario that failed on a name: what existed under
// each name a call failed on (or a near one), and who held it, taken while the roles still live.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "reports/model.h"

namespace shmh {

// One related_to_json entry per distinct name whose call failed with a name-related code
// (not found, already exists, another kind, access denied, malformed); null when there is none
// or the namespace cannot be read.
nlohmann::json namespace_evidence(const std::vector<report::Observation>& observations);

}  // namespace shmh
