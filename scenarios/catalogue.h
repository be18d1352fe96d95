// The scenario catalogue: every scenario, in a stable order, with its labels.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/orchestrator/scenario_context.h"

namespace shmh::scenarios {

const std::vector<Scenario>& catalogue();

// Registration per area file (one file per area).
void add_create_open(std::vector<Scenario>& out);
void add_races(std::vector<Scenario>& out);
void add_lifetime(std::vector<Scenario>& out);
void add_naming(std::vector<Scenario>& out);
void add_access(std::vector<Scenario>& out);
void add_throughput(std::vector<Scenario>& out);
void add_privilege(std::vector<Scenario>& out);
// Who opens: AppContainer, filtered administrator, other uids and gids (identity.cpp).
void add_identity(std::vector<Scenario>& out);
// The traps Windows' own tests know (issue 27): traps_access.cpp, traps_lifetime.cpp, traps_names.cpp.
void add_access_traps(std::vector<Scenario>& out);
void add_lifetime_traps(std::vector<Scenario>& out);
void add_naming_traps(std::vector<Scenario>& out);
// The machine's limits and the open styles of real callers (issue 24): limits.cpp, open_style.cpp.
void add_limits(std::vector<Scenario>& out);
void add_open_styles(std::vector<Scenario>& out);

// The classic sample's message and buffer size ("Creating Named Shared Memory").
inline constexpr const char* kSampleMessage = "Message from first process.";
inline constexpr std::uint64_t kSampleSize = 256;

}  // namespace shmh::scenarios
