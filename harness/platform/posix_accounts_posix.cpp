// account_name_of with getpwuid_r (posix_accounts.h).
#include "harness/platform/posix_accounts.h"

#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace shmh::platform {

std::optional<std::string> account_name_of(uid_t uid) {
  const long suggested = ::sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(suggested > 0 ? static_cast<std::size_t>(suggested) : 1024);
  passwd entry{};
  passwd* found = nullptr;
  int rc = 0;
  while ((rc = ::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found)) == ERANGE && buffer.size() < (1u << 20)) {
    buffer.resize(buffer.size() * 2);
  }
  if (rc != 0 || found == nullptr) return std::nullopt;
  return std::string(found->pw_name);
}

}  // namespace shmh::platform
