// OS-independent part of identities: names, --as-user parsing, and the decisions whether this
// machine can make an identity, as pure functions of recorded facts (tested on every platform).
#include "harness/platform/identity.h"

#include <charconv>
#include <cstdio>
#include <utility>

namespace shmh::platform {
namespace {

std::optional<std::uint32_t> identity_number(std::string_view text) {
  std::uint32_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return value;
}

std::string hresult_text(std::uint32_t hr) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%08X", static_cast<unsigned>(hr));
  std::string text = hex;
  switch (hr) {
    case 0x80004001u: return text + " E_NOTIMPL";
    case 0x80070005u: return text + " E_ACCESSDENIED";
    case 0x80070057u: return text + " E_INVALIDARG";
    case 0x80070078u: return text + " (ERROR_CALL_NOT_IMPLEMENTED)";
    default: return text;
  }
}

std::string on_wine(const std::optional<std::string>& wine) { return wine ? " (Wine " + *wine + ")" : ""; }

}  // namespace

std::string identity_name(const Identity& identity) {
  if (identity.restriction != Restriction::other_user) return restriction_name(identity.restriction);
  if (!identity.account) return "nobody";
  const auto& a = *identity.account;
  const std::string ids = "uid " + std::to_string(a.uid) + " gid " + std::to_string(a.gid);
  return a.name.empty() ? ids : a.name + " (" + ids + ")";
}

UserSpec parse_user_spec(std::string_view text) {
  UserSpec spec;
  const auto colon = text.find(':');
  const std::string_view user = text.substr(0, colon);
  if (user.empty()) {
    spec.problem = "no user: give a name or a uid (alice, 1000, alice:100, 1000:100)";
    return spec;
  }
  if (colon != std::string_view::npos) {
    spec.gid = identity_number(text.substr(colon + 1));
    if (!spec.gid) {
      spec.problem = "the group after ':' must be a number (a gid), not '" + std::string(text.substr(colon + 1)) + "'";
      return spec;
    }
  }
  if (auto uid = identity_number(user)) {
    spec.uid = uid;
  } else if (user.find_first_not_of("0123456789") == std::string_view::npos) {
    spec.problem = "'" + std::string(user) + "' is out of the range of a uid";
  } else if (user.find_first_of(" \t/") != std::string_view::npos) {
    spec.problem = "'" + std::string(user) + "' is neither a user name nor a uid";
  } else {
    spec.name = std::string(user);
  }
  return spec;
}

AccountChoice choose_account(const UserSpec& spec, const std::optional<PasswdEntry>& entry) {
  AccountChoice choice;
  if (!spec.problem.empty()) {
    choice.problem = spec.problem;
    return choice;
  }
  if (!spec.name.empty() && !entry) {
    choice.problem = "there is no user named '" + spec.name + "' (getpwnam found no entry); give a uid to use one without an entry";
    return choice;
  }
  PosixAccount account;
  if (entry) {
    account.uid = entry->uid;
    account.name = entry->name;
    account.gid = spec.gid.value_or(entry->gid);
  } else {
    account.uid = *spec.uid;
    account.gid = spec.gid.value_or(*spec.uid);  // no entry, no primary group: the uid's number
  }
  choice.account = account;
  return choice;
}

std::optional<std::string> other_user_unavailable(const PosixIdentityFacts& facts) {
  if (facts.euid != 0 && !(facts.cap_setuid && facts.cap_setgid)) {
    return "starting a process as another user needs root (or CAP_SETUID and CAP_SETGID), and this process is uid " +
           std::to_string(facts.euid) + std::string(facts.cap_setuid || facts.cap_setgid ? " with only one of the two capabilities" : " without them");
  }
  if (!facts.account_given && !facts.nobody_exists) return "there is no 'nobody' account to drop to";
  return std::nullopt;
}

std::optional<std::string> app_container_unavailable(const AppContainerFacts& facts) {
  if (!facts.windows_8_or_later) return "AppContainers exist from Windows 8 on, and this is Windows " + facts.os_version;
  if (!facts.create_profile_found || !facts.derive_sid_found || !facts.delete_profile_found) {
    std::string missing;
    for (const auto& [found, name] : {std::pair{facts.create_profile_found, "CreateAppContainerProfile"},
                                      std::pair{facts.derive_sid_found, "DeriveAppContainerSidFromAppContainerName"},
                                      std::pair{facts.delete_profile_found, "DeleteAppContainerProfile"}}) {
      if (!found) missing += std::string(missing.empty() ? "" : ", ") + name;
    }
    return "userenv.dll has no " + missing + " (GetProcAddress returned NULL)" + on_wine(facts.wine_version) +
           ": no AppContainer can be made here";
  }
  if (facts.probe_hresult && (*facts.probe_hresult & 0x80000000u) != 0 && *facts.probe_hresult != 0x800700B7u) {
    return "CreateAppContainerProfile of a probe profile returned " + hresult_text(*facts.probe_hresult) +
           on_wine(facts.wine_version) + ": no AppContainer can be made here";
  }
  return std::nullopt;
}

std::optional<std::string> filtered_admin_unavailable(const FilteredAdminFacts& facts) {
  if (facts.elevation_type == "limited") {
    return "this process already runs with the filtered token (TokenElevationType is TokenElevationTypeLimited): run the "
           "harness elevated to compare the two";
  }
  if (!facts.administrators_enabled) {
    return "this process is not an administrator (BUILTIN\\Administrators is not enabled in its token" +
           std::string(facts.elevation_type.empty() ? "" : ", TokenElevationType " + facts.elevation_type) +
           "): there is no filtered administrator token to make";
  }
  if (!facts.token_error.empty()) {
    return "cannot make the filtered token: " + facts.token_error + on_wine(facts.wine_version);
  }
  return std::nullopt;
}

}  // namespace shmh::platform
