// Windows backend internal: the token a restricted child is started with (security_win.cpp).
#pragma once

#include <cstdint>

#include "harness/platform/result.h"
#include "harness/platform/security.h"

namespace shmh::platform {

// An owned token HANDLE (as an integer) for CreateProcessAsUserW.
Result<std::intptr_t> make_child_token(Restriction restriction);

}  // namespace shmh::platform
