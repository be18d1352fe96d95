// Windows backend internal: the token a restricted child is started with (security_win.cpp), and
// the AppContainer profile an AppContainer child is started in (identity_win.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/platform/result.h"
#include "harness/platform/security.h"

namespace shmh::platform {

// An owned token HANDLE (as an integer) for CreateProcessAsUserW.
Result<std::intptr_t> make_child_token(Restriction restriction);

// A profile made for one child (CreateAppContainerProfile, under a unique name), and its SID.
struct AppContainerProfile {
  std::wstring name;
  std::vector<unsigned char> sid;
};
Result<AppContainerProfile> create_app_container_profile();
// DeleteAppContainerProfile: nothing of the child's container is left behind.
void delete_app_container_profile(const std::wstring& name);

}  // namespace shmh::platform
