// diagnose's findings from the namespace itself (where the name actually is, who holds it, the
// near misses) and from who is asking (root on POSIX). Pure, like the rest of the diagnosis.
#pragma once

#include "harness/cli/diagnosis.h"

namespace shmh {

// "held by pid 4312 (OrdersService.exe) with FILE_MAP_ALL_ACCESS"
std::string holder_text(const platform::ObjectHolder& holder);

// Adds to d's reasons and advice what facts.related and facts.unreadable show.
void add_namespace_findings(const DiagnoseFacts& facts, Diagnosis& d);
// Adds what the identity means for the result (uid 0 bypasses the mode bits).
void add_identity_notes(const DiagnoseFacts& facts, Diagnosis& d);

}  // namespace shmh
