// report.html's part for `trace`: the traced program's shared-memory calls as a table, and the
// verdicts of the ones that were judged.
#pragma once

#include <string>

#include "reports/model.h"

namespace shmh::report {

// "" for a scenario without traced calls.
std::string html_calls(const ScenarioResult& scenario);

}  // namespace shmh::report
