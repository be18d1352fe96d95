// Who a child process runs as: a restriction of this process's own token, an AppContainer or a
// filtered (UAC-limited) administrator token (Windows), or any uid and gid (POSIX). Whether this
// machine can make an identity is decided by pure functions of recorded facts (tested on every
// platform); the probes that record the facts are per OS (identity_posix.cpp, identity_win.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/platform/result.h"
#include "harness/platform/security.h"

namespace shmh::platform {

// A POSIX account a child becomes (setgroups or initgroups, setgid, setuid). A uid without a
// passwd entry is allowed: the kernel checks numbers, not names.
struct PosixAccount {
  std::uint32_t uid = 0;
  std::uint32_t gid = 0;
  std::string name;  // the passwd name; "" for a uid without an entry
};

// A restriction, and for Restriction::other_user the account (none: `nobody`, as before).
struct Identity {
  Restriction restriction = Restriction::none;
  std::optional<PosixAccount> account;

  Identity() = default;
  // A plain restriction is an identity: every caller that passed a Restriction still does.
  Identity(Restriction kind) : restriction(kind) {}  // NOLINT(google-explicit-constructor)
  static Identity posix(PosixAccount account) {
    Identity identity(Restriction::other_user);
    identity.account = std::move(account);
    return identity;
  }
};
// "uid 61001 gid 61000", "alice (uid 1000 gid 1000)", "nobody", or restriction_name's text.
std::string identity_name(const Identity& identity);

// --as-user's text: USER, UID, USER:GID or UID:GID (a group by number only). Pure.
struct UserSpec {
  std::string name;                  // set when the user was given by name
  std::optional<std::uint32_t> uid;  // set when given by number
  std::optional<std::uint32_t> gid;
  std::string problem;               // "" when well formed
};
UserSpec parse_user_spec(std::string_view text);

// What the passwd database said about the spec's user (a recorded fact), and the account that
// follows: a name must exist; a number may lack an entry (its gid is then the given one, or the
// uid itself); the gid defaults to the entry's primary group. Pure.
struct PasswdEntry {
  std::uint32_t uid = 0;
  std::uint32_t gid = 0;
  std::string name;
};
struct AccountChoice {
  std::optional<PosixAccount> account;
  std::string problem;  // bad input: an unknown user name
};
AccountChoice choose_account(const UserSpec& spec, const std::optional<PasswdEntry>& entry);
// parse_user_spec, the passwd lookup (getpwnam or getpwuid), then choose_account. Windows: a
// problem saying --as-user is POSIX-only.
AccountChoice resolve_user(std::string_view text);

// Whether this process can start a child as another uid (POSIX).
struct PosixIdentityFacts {
  std::uint32_t euid = 0;
  bool cap_setuid = false;  // CAP_SETUID and CAP_SETGID in the effective set (/proc/self/status CapEff)
  bool cap_setgid = false;
  bool nobody_exists = true;    // a passwd entry named nobody (needed only when no account is given)
  bool account_given = false;   // --as-user or a scenario's uid, rather than nobody
};
std::optional<std::string> other_user_unavailable(const PosixIdentityFacts& facts);

// Whether this process can start an AppContainer child (Windows 8 and later): userenv.dll's
// CreateAppContainerProfile, resolved at run time, and what a probe call of it returned.
struct AppContainerFacts {
  bool windows_8_or_later = true;
  std::string os_version;                // "10.0.19045", for the reason
  bool create_profile_found = false;     // GetProcAddress(userenv.dll, "CreateAppContainerProfile")
  bool derive_sid_found = false;         // ... "DeriveAppContainerSidFromAppContainerName"
  bool delete_profile_found = false;     // ... "DeleteAppContainerProfile"
  std::optional<std::uint32_t> probe_hresult;  // CreateAppContainerProfile of a probe name, when called
  std::optional<std::string> wine_version;
};
std::optional<std::string> app_container_unavailable(const AppContainerFacts& facts);

// Whether this process can start a child with the filtered token UAC gives an administrator:
// only an administrator (BUILTIN\Administrators enabled in its token) has one to give.
struct FilteredAdminFacts {
  std::string elevation_type;            // TokenElevationType: "default", "full", "limited"; "" when unread
  bool administrators_enabled = false;   // CheckTokenMembership(BUILTIN\Administrators)
  std::string token_error;               // "" or how making the token failed ("CreateRestrictedToken: 87 ...")
  std::optional<std::string> wine_version;
};
std::optional<std::string> filtered_admin_unavailable(const FilteredAdminFacts& facts);

// The probes: this process's facts, gathered now (each is harmless: the AppContainer probe
// deletes the profile it made).
PosixIdentityFacts probe_posix_identity(bool account_given);
AppContainerFacts probe_app_container();
FilteredAdminFacts probe_filtered_admin();

// Whether this machine can start a child as `identity`, and if not the precise reason
// (restriction_unavailable for a plain restriction).
std::optional<std::string> identity_unavailable(const Identity& identity);

// In a child started as another POSIX account: become it (initgroups with a passwd entry, else
// setgroups(0); then setgid, setuid). Windows: ERROR_NOT_SUPPORTED.
Status become_account(const PosixAccount& account);

}  // namespace shmh::platform
