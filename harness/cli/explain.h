// Plain-language advice for the OS codes people meet with named shared memory.
#pragma once

#include <string>

#include "harness/platform/os_error.h"

namespace shmh {

// What the code means for `name` and what to do, or "" when we have nothing useful to add.
std::string advice_for(const platform::OsError& error, const std::string& name);

}  // namespace shmh
