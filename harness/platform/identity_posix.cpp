// POSIX identities: --as-user looked up in the passwd database, the probe of whether this process
// may change uid (root, or CAP_SETUID and CAP_SETGID), and becoming the account in a child.
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <string>

#include "harness/platform/identity.h"

namespace shmh::platform {
namespace {

// The effective capability set of this process, from /proc/self/status ("CapEff:\t000001ffffffffff").
std::uint64_t effective_capabilities() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("CapEff:", 0) == 0) return std::stoull(line.substr(7), nullptr, 16);
  }
  return 0;
}

}  // namespace

AccountChoice resolve_user(std::string_view text) {
  const UserSpec spec = parse_user_spec(text);
  if (!spec.problem.empty()) return choose_account(spec, std::nullopt);
  const passwd* entry = spec.name.empty() ? ::getpwuid(static_cast<uid_t>(*spec.uid)) : ::getpwnam(spec.name.c_str());
  std::optional<PasswdEntry> found;
  if (entry != nullptr) found = PasswdEntry{entry->pw_uid, entry->pw_gid, entry->pw_name};
  return choose_account(spec, found);
}

PosixIdentityFacts probe_posix_identity(bool account_given) {
  constexpr int kCapSetgid = 6, kCapSetuid = 7;  // linux/capability.h
  const std::uint64_t caps = effective_capabilities();
  PosixIdentityFacts facts;
  facts.euid = ::geteuid();
  facts.cap_setgid = (caps >> kCapSetgid) & 1u;
  facts.cap_setuid = (caps >> kCapSetuid) & 1u;
  facts.nobody_exists = ::getpwnam("nobody") != nullptr;
  facts.account_given = account_given;
  return facts;
}

AppContainerFacts probe_app_container() { return AppContainerFacts{}; }
FilteredAdminFacts probe_filtered_admin() { return FilteredAdminFacts{}; }

std::optional<std::string> identity_unavailable(const Identity& identity) {
  switch (identity.restriction) {
    case Restriction::none: return std::nullopt;
    case Restriction::other_user: return other_user_unavailable(probe_posix_identity(identity.account.has_value()));
    default:
      return std::string("POSIX has no ") + restriction_name(identity.restriction) + " token: the rule is Windows-only";
  }
}

Status become_account(const PosixAccount& account) {
  // Groups first, while this process may still change them; the uid last.
  const passwd* entry = ::getpwuid(account.uid);
  if (entry != nullptr) {
    if (::initgroups(entry->pw_name, account.gid) != 0) return last_os_error("initgroups(" + std::string(entry->pw_name) + ")");
  } else if (::setgroups(0, nullptr) != 0) {
    return last_os_error("setgroups");
  }
  if (::setgid(account.gid) != 0) return last_os_error("setgid(" + std::to_string(account.gid) + ")");
  if (::setuid(account.uid) != 0) return last_os_error("setuid(" + std::to_string(account.uid) + ")");
  return std::nullopt;
}

}  // namespace shmh::platform
