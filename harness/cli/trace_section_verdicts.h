// `trace` on Windows: what a CreateFileMapping*, OpenFileMapping* or MapViewOfFile* call the
// program really made means, from its own arguments (the access mask it passed, the view it
// asked for), the handle it used (the call that returned it, earlier in the trace), and the
// section's descriptor as AccessCheck judged it for this token when the call returned. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "harness/cli/diagnosis.h"
#include "harness/cli/trace_verdicts.h"

namespace shmh {

// The verdict of calls[index] (a Windows section call), or nothing when it has none to give
// (a successful call that is not telling). `granularity`: the allocation granularity.
std::optional<Diagnosis> judge_section_call(const std::vector<platform::TracedCall>& calls, std::size_t index,
                                            const TracedNameFacts* facts, const platform::TokenInfo& token,
                                            std::uint64_t granularity);

// Shared with trace_verdicts.cpp: diagnose's facts for a traced open or create as it was made,
// and the advice table's meaning and remedy for the call's code appended.
DiagnoseFacts traced_call_facts(const platform::TracedCall& call, const TracedNameFacts* facts,
                                const platform::TokenInfo& token, bool windows);
Diagnosis with_general_advice(Diagnosis d, const platform::TracedCall& call, bool windows);

}  // namespace shmh
