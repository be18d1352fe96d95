// Windows security: token facts, restricted and low-integrity tokens for children, object
// security as SDDL, object kinds, private namespaces (resolved at run time: missing on Wine).
#include <windows.h>
// windows.h first: these need its types.
#include <aclapi.h>
#include <sddl.h>

#include <utility>
#include <vector>

#include "harness/platform/identity.h"
#include "harness/platform/security.h"
#include "harness/platform/win_handle.h"
#include "harness/platform/win_text.h"
#include "harness/platform/win_token.h"

namespace shmh::platform {
namespace {

std::vector<BYTE> token_information(HANDLE token, TOKEN_INFORMATION_CLASS kind) {
  DWORD size = 0;
  ::GetTokenInformation(token, kind, nullptr, 0, &size);
  std::vector<BYTE> buffer(size);
  if (size == 0 || !::GetTokenInformation(token, kind, buffer.data(), size, &size)) buffer.clear();
  return buffer;
}

std::string account_name(PSID sid) {
  wchar_t name[256], domain[256];
  DWORD name_length = 256, domain_length = 256;
  SID_NAME_USE use;
  if (::LookupAccountSidW(nullptr, sid, name, &name_length, domain, &domain_length, &use)) {
    return domain_length ? to_utf8(domain) + "\\" + to_utf8(name) : to_utf8(name);
  }
  wchar_t* text = nullptr;
  std::string fallback = "unknown";
  if (::ConvertSidToStringSidW(sid, &text)) {
    fallback = to_utf8(text);
    ::LocalFree(text);
  }
  return fallback;
}

std::string integrity_name(DWORD rid) {
  if (rid < SECURITY_MANDATORY_LOW_RID) return "Untrusted";
  if (rid < SECURITY_MANDATORY_MEDIUM_RID) return "Low";
  if (rid < SECURITY_MANDATORY_HIGH_RID) return "Medium";
  if (rid < SECURITY_MANDATORY_SYSTEM_RID) return "High";
  return "System";
}

template <typename Fn>
Fn kernel32_function(const char* name) {
  HMODULE kernel32 = ::GetModuleHandleW(L"kernel32.dll");
  return reinterpret_cast<Fn>(reinterpret_cast<void*>(kernel32 ? ::GetProcAddress(kernel32, name) : nullptr));
}

}  // namespace

TokenInfo current_token() {
  TokenInfo info;
  HANDLE raw = nullptr;
  if (!::OpenProcessToken(::GetCurrentProcess(), TOKEN_QUERY, &raw)) return info;
  UniqueHandle token(raw);
  const auto user = token_information(token.get(), TokenUser);
  if (!user.empty()) {
    PSID sid = reinterpret_cast<const TOKEN_USER*>(user.data())->User.Sid;
    info.user = account_name(sid);
    info.service = ::IsWellKnownSid(sid, WinLocalSystemSid) || ::IsWellKnownSid(sid, WinLocalServiceSid) ||
                   ::IsWellKnownSid(sid, WinNetworkServiceSid);
  }
  DWORD session = 0, size = 0;
  if (::GetTokenInformation(token.get(), TokenSessionId, &session, sizeof session, &size)) {
    info.session_id = session;
    if (session == 0) info.service = true;
  }
  const auto label = token_information(token.get(), TokenIntegrityLevel);
  if (!label.empty()) {
    PSID sid = reinterpret_cast<const TOKEN_MANDATORY_LABEL*>(label.data())->Label.Sid;
    const DWORD rid = *::GetSidSubAuthority(sid, static_cast<DWORD>(*::GetSidSubAuthorityCount(sid) - 1));
    info.integrity_level = integrity_name(rid);
  }
  TOKEN_ELEVATION elevation{};
  if (::GetTokenInformation(token.get(), TokenElevation, &elevation, sizeof elevation, &size)) {
    info.elevated = elevation.TokenIsElevated != 0;
  }
  const auto privileges = token_information(token.get(), TokenPrivileges);
  if (!privileges.empty()) {
    const auto* list = reinterpret_cast<const TOKEN_PRIVILEGES*>(privileges.data());
    for (DWORD i = 0; i < list->PrivilegeCount; ++i) {
      LUID luid = list->Privileges[i].Luid;
      wchar_t name[128];
      DWORD length = 128;
      if (::LookupPrivilegeNameW(nullptr, &luid, name, &length)) {
        info.privileges.push_back({to_utf8(name), (list->Privileges[i].Attributes & SE_PRIVILEGE_ENABLED) != 0});
      }
    }
  }
  return info;
}

std::optional<std::string> restriction_unavailable(Restriction restriction) { return identity_unavailable(restriction); }

Result<PrivilegeChange> enable_privilege(const std::string& name) {
  LUID id{};
  if (!::LookupPrivilegeValueW(nullptr, to_utf16(name).c_str(), &id)) {
    return last_os_error("LookupPrivilegeValueW(" + name + ")");
  }
  HANDLE raw = nullptr;
  if (!::OpenProcessToken(::GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &raw)) {
    return last_os_error("OpenProcessToken(TOKEN_ADJUST_PRIVILEGES)");
  }
  UniqueHandle token(raw);
  TOKEN_PRIVILEGES wanted{};
  wanted.PrivilegeCount = 1;
  wanted.Privileges[0].Luid = id;
  wanted.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
  const BOOL adjusted = ::AdjustTokenPrivileges(token.get(), FALSE, &wanted, 0, nullptr, nullptr);
  // Read at once: TRUE with ERROR_NOT_ALL_ASSIGNED means the token does not hold the privilege.
  const DWORD code = ::GetLastError();
  if (!adjusted) return make_os_error("AdjustTokenPrivileges(" + name + ")", code);
  return code == ERROR_NOT_ALL_ASSIGNED ? PrivilegeChange::not_held : PrivilegeChange::enabled;
}

Status drop_to_unprivileged_user() { return make_os_error("drop_to_unprivileged_user (POSIX only)", ERROR_NOT_SUPPORTED); }

// Gives `token` the mandatory label `sid` ("S-1-16-4096" Low, "S-1-16-8192" Medium).
static Status set_integrity_label(HANDLE token, const wchar_t* sid, const char* level) {
  PSID label_sid = nullptr;
  if (!::ConvertStringSidToSidW(sid, &label_sid)) return last_os_error("ConvertStringSidToSidW");
  TOKEN_MANDATORY_LABEL label{};
  label.Label.Attributes = SE_GROUP_INTEGRITY;
  label.Label.Sid = label_sid;
  const BOOL set = ::SetTokenInformation(token, TokenIntegrityLevel, &label, static_cast<DWORD>(sizeof label + ::GetLengthSid(label_sid)));
  OsError error = last_os_error(std::string("SetTokenInformation(TokenIntegrityLevel, ") + level + ")");
  ::LocalFree(label_sid);
  if (!set) return error;
  return std::nullopt;
}

// The token a restricted child runs with: a restricted or relabelled copy of our own, which
// CreateProcessAsUserW accepts without SeAssignPrimaryTokenPrivilege.
Result<std::intptr_t> make_child_token(Restriction restriction) {
  HANDLE raw = nullptr;
  if (!::OpenProcessToken(::GetCurrentProcess(),
                          TOKEN_DUPLICATE | TOKEN_ASSIGN_PRIMARY | TOKEN_QUERY | TOKEN_ADJUST_DEFAULT, &raw)) {
    return last_os_error("OpenProcessToken");
  }
  UniqueHandle own(raw);
  HANDLE child = nullptr;
  if (restriction == Restriction::without_global_privilege || restriction == Restriction::without_lock_memory_privilege) {
    LUID_AND_ATTRIBUTES removed{};
    const wchar_t* privilege = restriction == Restriction::without_global_privilege ? L"SeCreateGlobalPrivilege"
                                                                                     : L"SeLockMemoryPrivilege";
    if (!::LookupPrivilegeValueW(nullptr, privilege, &removed.Luid)) return last_os_error("LookupPrivilegeValueW");
    if (!::CreateRestrictedToken(own.get(), 0, 0, nullptr, 1, &removed, 0, nullptr, &child)) {
      return last_os_error("CreateRestrictedToken");
    }
    return reinterpret_cast<std::intptr_t>(child);
  }
  if (restriction == Restriction::low_integrity) {
    if (!::DuplicateTokenEx(own.get(), TOKEN_DUPLICATE | TOKEN_ASSIGN_PRIMARY | TOKEN_QUERY | TOKEN_ADJUST_DEFAULT,
                            nullptr, SecurityImpersonation, TokenPrimary, &child)) {
      return last_os_error("DuplicateTokenEx");
    }
    UniqueHandle owned(child);
    if (auto error = set_integrity_label(owned.get(), L"S-1-16-4096", "Low")) return *error;
    return reinterpret_cast<std::intptr_t>(owned.release());
  }
  if (restriction == Restriction::filtered_admin) {
    // What UAC gives an administrator who is not elevated: BUILTIN\Administrators deny-only (it
    // still matches deny ACEs, never allow ACEs), no privileges beyond the few a standard user
    // has, Medium integrity. Not TokenLinkedToken: for a caller without SeTcbPrivilege the linked
    // token of an elevated token comes back as an identification-level impersonation token, which
    // CreateProcessAsUserW cannot start a process with (observed behaviour; TOKEN_LINKED_TOKEN's
    // page says nothing of it), while a restricted copy of our own token needs no privilege.
    BYTE admins[SECURITY_MAX_SID_SIZE];
    DWORD admins_size = sizeof admins;
    if (!::CreateWellKnownSid(WinBuiltinAdministratorsSid, nullptr, admins, &admins_size)) {
      return last_os_error("CreateWellKnownSid(WinBuiltinAdministratorsSid)");
    }
    SID_AND_ATTRIBUTES deny_only{};
    deny_only.Sid = admins;
    if (!::CreateRestrictedToken(own.get(), DISABLE_MAX_PRIVILEGE | LUA_TOKEN, 1, &deny_only, 0, nullptr, 0, nullptr, &child)) {
      return last_os_error("CreateRestrictedToken(DISABLE_MAX_PRIVILEGE | LUA_TOKEN, BUILTIN\\Administrators deny-only)");
    }
    UniqueHandle owned(child);
    if (auto error = set_integrity_label(owned.get(), L"S-1-16-8192", "Medium")) return *error;
    return reinterpret_cast<std::intptr_t>(owned.release());
  }
  return make_os_error("make_child_token", ERROR_INVALID_PARAMETER);
}

// What this process's token may do to an object with descriptor `descriptor`: AccessCheck asks
// for MAXIMUM_ALLOWED with the section's generic mapping (Microsoft Learn, "File Mapping
// Security and Access Rights") on an identification copy of the token, as the object manager
// would check an open. Nothing when a call fails (the verdicts then fall back to the DACL text).
static std::optional<std::uint32_t> section_rights_for_this_token(PSECURITY_DESCRIPTOR descriptor) {
  HANDLE raw_token = nullptr;
  if (!::OpenProcessToken(::GetCurrentProcess(), TOKEN_QUERY | TOKEN_DUPLICATE, &raw_token)) return std::nullopt;
  UniqueHandle token(raw_token);
  HANDLE raw_identification = nullptr;
  if (!::DuplicateToken(token.get(), SecurityIdentification, &raw_identification)) return std::nullopt;
  UniqueHandle identification(raw_identification);
  GENERIC_MAPPING mapping{STANDARD_RIGHTS_READ | SECTION_QUERY | SECTION_MAP_READ, STANDARD_RIGHTS_WRITE | SECTION_MAP_WRITE,
                          STANDARD_RIGHTS_EXECUTE | SECTION_MAP_EXECUTE, SECTION_ALL_ACCESS};
  alignas(PRIVILEGE_SET) BYTE privileges[256];
  DWORD privileges_size = sizeof privileges;
  DWORD granted = 0;
  BOOL allowed = FALSE;
  if (!::AccessCheck(descriptor, identification.get(), MAXIMUM_ALLOWED, &mapping, reinterpret_cast<PPRIVILEGE_SET>(privileges),
                     &privileges_size, &granted, &allowed)) {
    return std::nullopt;
  }
  return allowed ? granted : 0u;
}

Result<ObjectSecurity> mapping_security(const std::string& name) {
  HANDLE raw = ::OpenFileMappingW(READ_CONTROL, FALSE, to_utf16(name).c_str());
  if (raw == nullptr) return last_os_error("OpenFileMappingW(READ_CONTROL)");
  UniqueHandle handle(raw);
  PSID owner = nullptr;
  PACL dacl = nullptr;
  PSECURITY_DESCRIPTOR descriptor = nullptr;
  const DWORD rc = ::GetSecurityInfo(handle.get(), SE_KERNEL_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
                                     &owner, nullptr, &dacl, nullptr, &descriptor);
  if (rc != ERROR_SUCCESS) return make_os_error("GetSecurityInfo", rc);
  ObjectSecurity security;
  if (owner != nullptr) security.owner = account_name(owner);
  wchar_t* text = nullptr;
  if (::ConvertSecurityDescriptorToStringSecurityDescriptorW(descriptor, SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &text,
                                                             nullptr)) {
    security.descriptor = to_utf8(text);
    ::LocalFree(text);
  }
  ::LocalFree(descriptor);
  if (security.descriptor.empty()) security.descriptor = "(none: no security descriptor)";
  // AccessCheck needs the owner and the group; the label adds the integrity rule.
  PSECURITY_DESCRIPTOR whole = nullptr;
  if (::GetSecurityInfo(handle.get(), SE_KERNEL_OBJECT,
                        OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION | LABEL_SECURITY_INFORMATION,
                        nullptr, nullptr, nullptr, nullptr, &whole) == ERROR_SUCCESS) {
    security.granted_here = section_rights_for_this_token(whole);
    ::LocalFree(whole);
  }
  return security;
}

std::string object_kind(const std::string& name) {
  const std::wstring wide = to_utf16(name);
  auto probe = [](HANDLE handle) {
    const DWORD code = handle ? ERROR_SUCCESS : ::GetLastError();
    if (handle) ::CloseHandle(handle);
    return code == ERROR_SUCCESS || code == ERROR_ACCESS_DENIED;  // 5: it is there, of that kind
  };
  if (probe(::OpenFileMappingW(FILE_MAP_READ, FALSE, wide.c_str()))) return "section";
  if (probe(::OpenEventW(SYNCHRONIZE, FALSE, wide.c_str()))) return "event";
  if (probe(::OpenMutexW(SYNCHRONIZE, FALSE, wide.c_str()))) return "mutex";
  if (probe(::OpenSemaphoreW(SYNCHRONIZE, FALSE, wide.c_str()))) return "semaphore";
  if (probe(::OpenJobObjectW(JOB_OBJECT_QUERY, FALSE, wide.c_str()))) return "job";
  return "";
}

namespace {
using CreateBoundaryFn = HANDLE(WINAPI*)(LPCWSTR, ULONG);
using AddSidFn = BOOL(WINAPI*)(HANDLE*, PSID);
using CreateNamespaceFn = HANDLE(WINAPI*)(LPSECURITY_ATTRIBUTES, LPVOID, LPCWSTR);
using CloseNamespaceFn = BOOLEAN(WINAPI*)(HANDLE, ULONG);
using DeleteBoundaryFn = VOID(WINAPI*)(HANDLE);
}  // namespace

bool private_namespaces_available() {
  return kernel32_function<CreateBoundaryFn>("CreateBoundaryDescriptorW") != nullptr &&
         kernel32_function<CreateNamespaceFn>("CreatePrivateNamespaceW") != nullptr &&
         kernel32_function<AddSidFn>("AddSIDToBoundaryDescriptor") != nullptr;
}

void PrivateNamespacePolicy::close(type handle) {
  if (auto close = kernel32_function<CloseNamespaceFn>("ClosePrivateNamespace")) close(reinterpret_cast<HANDLE>(handle), 0);
}
void BoundaryDescriptorPolicy::close(type handle) {
  if (auto remove = kernel32_function<DeleteBoundaryFn>("DeleteBoundaryDescriptor")) remove(reinterpret_cast<HANDLE>(handle));
}

Result<PrivateNamespace> PrivateNamespace::create(const std::string& boundary_name, const std::string& alias) {
  if (!private_namespaces_available()) return make_os_error("GetProcAddress(CreatePrivateNamespaceW)", ERROR_CALL_NOT_IMPLEMENTED);
  PrivateNamespace ns;
  HANDLE boundary = kernel32_function<CreateBoundaryFn>("CreateBoundaryDescriptorW")(to_utf16(boundary_name).c_str(), 0);
  if (boundary == nullptr) return last_os_error("CreateBoundaryDescriptorW");
  ns.boundary_.reset(reinterpret_cast<std::intptr_t>(boundary));
  // The boundary holds our own user's SID: only tokens with it can open the namespace.
  HANDLE raw = nullptr;
  if (!::OpenProcessToken(::GetCurrentProcess(), TOKEN_QUERY, &raw)) return last_os_error("OpenProcessToken");
  UniqueHandle token(raw);
  auto user = token_information(token.get(), TokenUser);
  if (user.empty()) return last_os_error("GetTokenInformation(TokenUser)");
  if (!kernel32_function<AddSidFn>("AddSIDToBoundaryDescriptor")(&boundary, reinterpret_cast<TOKEN_USER*>(user.data())->User.Sid)) {
    return last_os_error("AddSIDToBoundaryDescriptor");
  }
  // AddSIDToBoundaryDescriptor may reallocate the descriptor: own the new one, forget the old.
  ns.boundary_.release();
  ns.boundary_.reset(reinterpret_cast<std::intptr_t>(boundary));
  HANDLE handle = kernel32_function<CreateNamespaceFn>("CreatePrivateNamespaceW")(nullptr, boundary, to_utf16(alias).c_str());
  if (handle == nullptr) return last_os_error("CreatePrivateNamespaceW");
  ns.handle_.reset(reinterpret_cast<std::intptr_t>(handle));
  ns.prefix_ = alias + "\\";
  return ns;
}

}  // namespace shmh::platform
