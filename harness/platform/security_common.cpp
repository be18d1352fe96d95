// OS-independent part of the security layer.
#include "harness/platform/security.h"

namespace shmh::platform {

std::optional<Privilege> find_privilege(const TokenInfo& token, const std::string& name) {
  for (const auto& p : token.privileges) {
    if (p.name == name) return p;
  }
  return std::nullopt;
}

const char* restriction_name(Restriction restriction) {
  switch (restriction) {
    case Restriction::none: return "none";
    case Restriction::without_global_privilege: return "without SeCreateGlobalPrivilege";
    case Restriction::without_lock_memory_privilege: return "without SeLockMemoryPrivilege";
    case Restriction::low_integrity: return "low integrity";
    case Restriction::other_user: return "another user";
    case Restriction::app_container: return "AppContainer";
    case Restriction::filtered_admin: return "filtered administrator";
  }
  return "?";
}

const char* privilege_change_name(PrivilegeChange change) {
  switch (change) {
    case PrivilegeChange::enabled: return "enabled";
    case PrivilegeChange::not_held: return "not held";
    case PrivilegeChange::not_applicable: return "not applicable";
  }
  return "?";
}

}  // namespace shmh::platform
