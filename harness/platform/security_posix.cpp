// POSIX security facts: uid, gid, user name, session; mode bits of /dev/shm objects; dropping
// to `nobody` in a child.
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <utility>

#include "harness/platform/identity.h"
#include "harness/platform/posix_accounts.h"
#include "harness/platform/security.h"
#include "harness/platform/shared_memory.h"

namespace shmh::platform {

TokenInfo current_token() {
  TokenInfo token;
  token.uid = ::geteuid();
  token.gid = ::getegid();
  // A uid without a passwd entry (a role run as --as-user 61002) is named by its number.
  token.user = account_name_of(static_cast<uid_t>(token.uid)).value_or("uid " + std::to_string(token.uid));
  token.session_id = static_cast<std::uint32_t>(::getsid(0));
  return token;
}

std::optional<std::string> restriction_unavailable(Restriction restriction) { return identity_unavailable(restriction); }

Result<PrivilegeChange> enable_privilege(const std::string&) { return PrivilegeChange::not_applicable; }

Status drop_to_unprivileged_user() {
  const passwd* nobody = ::getpwnam("nobody");
  if (nobody == nullptr) return make_os_error("getpwnam(nobody)", ENOENT);
  return become_account(PosixAccount{nobody->pw_uid, nobody->pw_gid, nobody->pw_name});
}

Result<ObjectSecurity> mapping_security(const std::string& name) {
  struct stat info {};
  const std::string path = "/dev/shm" + native_object_name(name);
  if (::stat(path.c_str(), &info) != 0) return last_os_error("stat");
  ObjectSecurity security;
  security.owner = account_name_of(info.st_uid).value_or(std::to_string(info.st_uid));
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
  security.descriptor = mode;
  return security;
}

std::string object_kind(const std::string& name) {
  struct stat info {};
  if (::stat(("/dev/shm" + native_object_name(name)).c_str(), &info) == 0) return "shared-memory object";
  if (::stat(("/dev/shm/sem." + native_object_name(name).substr(1)).c_str(), &info) == 0) return "semaphore";
  return "";
}

bool private_namespaces_available() { return false; }
// POSIX makes no private namespaces.
void BoundaryDescriptorPolicy::close(type) {}
void PrivateNamespacePolicy::close(type) {}
Result<PrivateNamespace> PrivateNamespace::create(const std::string&, const std::string&) {
  return make_os_error("CreatePrivateNamespaceW (Windows only)", ENOTSUP);
}

}  // namespace shmh::platform
