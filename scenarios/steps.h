// Steps many scenarios share: create-and-write, open-and-read, per-platform expected codes.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>

#include "harness/orchestrator/scenario_context.h"

namespace shmh::scenarios {

// Creates `name` in `role`, maps all of it writable and writes `text` at offset 0; each step
// must succeed. Returns the create answer (its code: 0, or 183 for an existing name; its reply
// is there, since the create succeeded).
Answer<cmd::Create> create_and_write(ScenarioContext& ctx, RoleClient& role, const std::string& name,
                                     std::uint64_t size, const std::string& text);
// Opens `name` in `role` (read access), maps all of it and returns the text at offset 0; each
// step must succeed.
std::string open_and_read(ScenarioContext& ctx, RoleClient& role, const std::string& name);
// The text at `offset` of the role's current view.
std::string read_text(ScenarioContext& ctx, RoleClient& role, std::uint64_t offset = 0);
// The symbol this platform documents: `windows` on the Windows backend, `posix` elsewhere.
std::string expected(const ScenarioContext& ctx, const char* windows, const char* posix);
// The observation must have failed with one of `symbols` (where the platform's own tests accept
// either), recorded as a failure naming them all otherwise.
void expect_one_of(ScenarioContext& ctx, const report::Observation& observation, std::initializer_list<const char*> symbols,
                   const std::string& what);

}  // namespace shmh::scenarios
