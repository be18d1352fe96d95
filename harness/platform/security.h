// Who this process is and what it may do: the token's user, session, integrity level, elevation
// and privileges (Windows); uid and gid (POSIX). Also the security of a named object, objects
// created with a given security descriptor, and child processes started with less power.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/platform/native_handles.h"
#include "harness/platform/result.h"

namespace shmh::platform {

struct Privilege {
  std::string name;  // "SeCreateGlobalPrivilege"
  bool enabled = false;
};

struct TokenInfo {
  std::string user;                   // DOMAIN\user, or the POSIX user name
  std::optional<std::uint32_t> session_id;  // Windows session; POSIX: the session id (getsid)
  std::string integrity_level;        // Untrusted, Low, Medium, High, System; "" on POSIX
  std::optional<bool> elevated;       // Windows: TokenElevation
  std::vector<Privilege> privileges;  // Windows privileges held (enabled or not)
  bool service = false;               // session 0, or a service account (SYSTEM, LOCAL/NETWORK SERVICE)
  std::int64_t uid = -1, gid = -1;    // POSIX
};

TokenInfo current_token();
std::optional<Privilege> find_privilege(const TokenInfo& token, const std::string& name);

// How much less power a child gets than its parent.
enum class Restriction {
  none,
  without_global_privilege,        // Windows: a restricted token without SeCreateGlobalPrivilege
  without_lock_memory_privilege,   // Windows: ... without SeLockMemoryPrivilege
  low_integrity,                   // Windows: a token with the Low mandatory label
  other_user,                      // POSIX: the child becomes another account first (nobody, or
                                   // Identity::account: harness/platform/identity.h)
  app_container,                   // Windows 8+: an AppContainer (a profile made for it, deleted after)
  filtered_admin,                  // Windows: the filtered token UAC gives an administrator
};
const char* restriction_name(Restriction restriction);
// Whether this platform can start a child with this restriction at all (POSIX other_user
// needs root; the token restrictions exist only on Windows). identity_unavailable (identity.h)
// decides the same for an identity with its account.
std::optional<std::string> restriction_unavailable(Restriction restriction);

// What enable_privilege found. Persisted nowhere; the names are for observations.
enum class PrivilegeChange {
  enabled,         // the token holds the privilege, and it is now enabled
  not_held,        // the token does not hold it: it must be granted to the account first
                   // (for SeLockMemoryPrivilege: "Lock pages in memory"), then a new logon
  not_applicable,  // POSIX has no privileges in this sense
};
const char* privilege_change_name(PrivilegeChange change);
// Enables the privilege `name` ("SeLockMemoryPrivilege") in this process's token where the token
// holds it (Windows: AdjustTokenPrivileges; it returns TRUE even when it assigned nothing, so
// GetLastError 1300 ERROR_NOT_ALL_ASSIGNED is what says "not held"). The error: the token could
// not be opened or adjusted, or the name is no privilege (1313 ERROR_NO_SUCH_PRIVILEGE).
Result<PrivilegeChange> enable_privilege(const std::string& name);

// In a child started with Restriction::other_user: become `nobody` (setgroups, setgid, setuid).
Status drop_to_unprivileged_user();

// Security of an existing named mapping: owner and DACL (SDDL) on Windows; owner and mode bits
// on POSIX. Fails with the OS code when the object cannot be opened for READ_CONTROL.
struct ObjectSecurity {
  std::string owner;
  std::string descriptor;  // SDDL ("D:(A;;GA;;;WD)") or mode ("0600")
  // Windows: the section rights (SECTION_* = FILE_MAP_* bits, plus the standard rights) this
  // process's token is granted by the object's whole descriptor (owner, group, DACL, mandatory
  // label), as AccessCheck(MAXIMUM_ALLOWED) computes them; unset on POSIX or when AccessCheck
  // could not run.
  std::optional<std::uint32_t> granted_here;
};
Result<ObjectSecurity> mapping_security(const std::string& name);
// What kind of object holds `name`: "section", "event", "mutex", "semaphore", "job", or "" when
// nothing does (POSIX: "shared memory" or "").
std::string object_kind(const std::string& name);

// Private namespaces (CreateBoundaryDescriptorW, CreatePrivateNamespaceW), resolved at run time:
// missing on Wine. Creates the namespace and returns the prefix to use ("alias\").
bool private_namespaces_available();
class PrivateNamespace {
 public:
  static Result<PrivateNamespace> create(const std::string& boundary, const std::string& alias);
  const std::string& prefix() const { return prefix_; }

 private:
  // Declared in this order so that the namespace is closed before its boundary is deleted.
  UniqueResource<BoundaryDescriptorPolicy> boundary_;
  UniqueResource<PrivateNamespacePolicy> handle_;
  std::string prefix_;
};

}  // namespace shmh::platform
