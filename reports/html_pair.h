// report.html's part for `pair`: the timeline of the user's two programs and their name, what
// each program printed or showed, and the diagnosis when second failed.
#pragma once

#include <string>

#include "reports/model.h"

namespace shmh::report {

// "" for a scenario that is not a pair.
std::string html_pair(const ScenarioResult& scenario);

}  // namespace shmh::report
