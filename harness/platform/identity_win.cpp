// Windows identities: the AppContainer (userenv.dll's profile functions, resolved at run time:
// Wine 8.0's userenv.dll exports none of them) and the filtered administrator token, with the
// probes that record whether this machine can make each.
#include <windows.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

#include "harness/platform/identity.h"
#include "harness/platform/system_info.h"
#include "harness/platform/this_process.h"
#include "harness/platform/win_handle.h"
#include "harness/platform/win_token.h"

namespace shmh::platform {
namespace {

using CreateProfileFn = HRESULT(WINAPI*)(PCWSTR, PCWSTR, PCWSTR, PSID_AND_ATTRIBUTES, DWORD, PSID*);
using DeriveSidFn = HRESULT(WINAPI*)(PCWSTR, PSID*);
using DeleteProfileFn = HRESULT(WINAPI*)(PCWSTR);

struct UserenvProfiles {
  CreateProfileFn create = nullptr;
  DeriveSidFn derive = nullptr;
  DeleteProfileFn remove = nullptr;
};

// Resolved once. A missing import would link and then abort when called (docs/windows.md), so
// none of these is imported.
const UserenvProfiles& userenv_profiles() {
  static const UserenvProfiles found = [] {
    UserenvProfiles f;
    HMODULE userenv = ::LoadLibraryW(L"userenv.dll");
    if (userenv == nullptr) return f;
    f.create = reinterpret_cast<CreateProfileFn>(reinterpret_cast<void*>(::GetProcAddress(userenv, "CreateAppContainerProfile")));
    f.derive = reinterpret_cast<DeriveSidFn>(reinterpret_cast<void*>(::GetProcAddress(userenv, "DeriveAppContainerSidFromAppContainerName")));
    f.remove = reinterpret_cast<DeleteProfileFn>(reinterpret_cast<void*>(::GetProcAddress(userenv, "DeleteAppContainerProfile")));
    return f;
  }();
  return found;
}

OsError hresult_error(const std::string& api, HRESULT hr) {
  // A Win32 code wrapped in an HRESULT (0x8007xxxx) is reported as that code, so that 5 reads as
  // ERROR_ACCESS_DENIED; any other HRESULT keeps its value.
  const auto value = static_cast<std::uint32_t>(hr);
  return make_os_error(api, (value & 0xFFFF0000u) == 0x80070000u ? (value & 0xFFFFu) : value);
}

std::wstring unique_profile_name(const char* purpose) {
  static std::atomic<unsigned> counter{0};
  return L"shmh-" + std::wstring(purpose, purpose + std::char_traits<char>::length(purpose)) + L"-" +
         std::to_wstring(current_process_id()) + L"-" + std::to_wstring(counter++);
}

bool windows_8_or_later(const std::string& version) {
  unsigned major = 0, minor = 0;
  if (std::sscanf(version.c_str(), "%u.%u", &major, &minor) < 2) return true;  // unknown: let the calls decide
  return major > 6 || (major == 6 && minor >= 2);
}

}  // namespace

Result<AppContainerProfile> create_app_container_profile() {
  const auto& f = userenv_profiles();
  if (f.create == nullptr || f.derive == nullptr || f.remove == nullptr) {
    return make_os_error("GetProcAddress(userenv.dll, CreateAppContainerProfile)", ERROR_PROC_NOT_FOUND);
  }
  AppContainerProfile profile;
  profile.name = unique_profile_name("ac");
  PSID sid = nullptr;
  HRESULT hr = f.create(profile.name.c_str(), profile.name.c_str(), L"shm-harness identity child (deleted after use)",
                        nullptr, 0, &sid);
  if (hr == HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS)) {
    // A profile left by a killed run with the same pid and counter: take its SID, delete it after.
    hr = f.derive(profile.name.c_str(), &sid);
    if (FAILED(hr)) return hresult_error("DeriveAppContainerSidFromAppContainerName", hr);
  } else if (FAILED(hr)) {
    return hresult_error("CreateAppContainerProfile", hr);
  }
  profile.sid.assign(static_cast<BYTE*>(sid), static_cast<BYTE*>(sid) + ::GetLengthSid(sid));
  ::FreeSid(sid);
  return profile;
}

void delete_app_container_profile(const std::wstring& name) {
  const auto remove = userenv_profiles().remove;
  if (remove == nullptr) return;
  // DeleteAppContainerProfile: "If the function fails, the status of the profile is undetermined,
  // and you should call DeleteAppContainerProfile again."
  if (FAILED(remove(name.c_str()))) remove(name.c_str());
}

AppContainerFacts probe_app_container() {
  static std::once_flag once;
  static AppContainerFacts facts;
  std::call_once(once, [] {
    const auto info = machine_info();
    facts.os_version = info.os_version;
    facts.wine_version = info.wine_version;
    facts.windows_8_or_later = windows_8_or_later(info.os_version);
    const auto& f = userenv_profiles();
    facts.create_profile_found = f.create != nullptr;
    facts.derive_sid_found = f.derive != nullptr;
    facts.delete_profile_found = f.remove != nullptr;
    if (!facts.windows_8_or_later || f.create == nullptr || f.remove == nullptr) return;
    // One real call, whose profile is deleted at once: a function that exists may still say
    // E_NOTIMPL, or be refused (a service account has no profile to put it in).
    const std::wstring name = unique_profile_name("ac-probe");
    PSID sid = nullptr;
    const HRESULT hr = f.create(name.c_str(), name.c_str(), L"shm-harness probe (deleted at once)", nullptr, 0, &sid);
    facts.probe_hresult = static_cast<std::uint32_t>(hr);
    if (SUCCEEDED(hr)) ::FreeSid(sid);
    if (SUCCEEDED(hr) || hr == HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS)) delete_app_container_profile(name);
  });
  return facts;
}

FilteredAdminFacts probe_filtered_admin() {
  FilteredAdminFacts facts;
  facts.wine_version = machine_info().wine_version;
  HANDLE raw = nullptr;
  if (::OpenProcessToken(::GetCurrentProcess(), TOKEN_QUERY, &raw)) {
    UniqueHandle token(raw);
    TOKEN_ELEVATION_TYPE type{};
    DWORD size = 0;
    if (::GetTokenInformation(token.get(), TokenElevationType, &type, sizeof type, &size)) {
      facts.elevation_type = type == TokenElevationTypeFull ? "full" : type == TokenElevationTypeLimited ? "limited" : "default";
    }
  }
  BYTE admins[SECURITY_MAX_SID_SIZE];
  DWORD admins_size = sizeof admins;
  BOOL member = FALSE;
  if (::CreateWellKnownSid(WinBuiltinAdministratorsSid, nullptr, admins, &admins_size) &&
      ::CheckTokenMembership(nullptr, admins, &member)) {
    facts.administrators_enabled = member != FALSE;
  }
  if (facts.administrators_enabled && facts.elevation_type != "limited") {
    auto made = make_child_token(Restriction::filtered_admin);
    if (made) ::CloseHandle(reinterpret_cast<HANDLE>(made.value()));
    else facts.token_error = made.error().describe();
  }
  return facts;
}

std::optional<std::string> identity_unavailable(const Identity& identity) {
  switch (identity.restriction) {
    case Restriction::other_user:
      return std::string("starting a role as another account needs that account's credentials on Windows; the DACL "
                         "scenarios use security descriptors instead");
    case Restriction::app_container: return app_container_unavailable(probe_app_container());
    case Restriction::filtered_admin: return filtered_admin_unavailable(probe_filtered_admin());
    default: return std::nullopt;
  }
}

AccountChoice resolve_user(std::string_view) {
  return AccountChoice{std::nullopt, "another uid and gid is a POSIX identity; Windows has no uid to become"};
}

PosixIdentityFacts probe_posix_identity(bool account_given) {
  PosixIdentityFacts facts;
  facts.account_given = account_given;
  return facts;
}

Status become_account(const PosixAccount&) { return make_os_error("become_account (POSIX only)", ERROR_NOT_SUPPORTED); }

}  // namespace shmh::platform
