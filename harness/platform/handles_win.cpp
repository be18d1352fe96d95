// Windows handle count through NtQuerySystemInformation(SystemExtendedHandleInformation = 64),
// which works on Windows and under Wine (GetProcessHandleCount returns 0 there).
#include <windows.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "harness/platform/handles.h"

namespace shmh::platform {
namespace {

// Layouts from the NT documentation of SystemExtendedHandleInformation (not in the SDK headers).
struct HandleEntryEx {
  void* object;
  ULONG_PTR unique_process_id;
  ULONG_PTR handle_value;
  ULONG granted_access;
  USHORT creator_back_trace_index;
  USHORT object_type_index;
  ULONG handle_attributes;
  ULONG reserved;
};
struct HandleInformationEx {
  ULONG_PTR number_of_handles;
  ULONG_PTR reserved;
  HandleEntryEx handles[1];
};

constexpr ULONG kSystemExtendedHandleInformation = 64;
constexpr LONG kStatusInfoLengthMismatch = static_cast<LONG>(0xC0000004);

// An NTSTATUS is not a Win32 error code: formatting 0xC0000022 as one would name the wrong
// error. RtlNtStatusToDosError gives the Win32 code the NTSTATUS corresponds to (317
// ERROR_MR_MID_NOT_FOUND when there is none); the NTSTATUS itself stays in the API text.
OsError ntstatus_error(const char* api, LONG status) {
  char text[96];
  std::snprintf(text, sizeof text, "%s (NTSTATUS 0x%08lX)", api, static_cast<unsigned long>(status));
  using ToDosErrorFn = ULONG(WINAPI*)(LONG);
  HMODULE ntdll = ::GetModuleHandleW(L"ntdll.dll");
  auto to_dos_error = reinterpret_cast<ToDosErrorFn>(
      reinterpret_cast<void*>(ntdll != nullptr ? ::GetProcAddress(ntdll, "RtlNtStatusToDosError") : nullptr));
  if (to_dos_error == nullptr) return make_os_error(text, ERROR_MR_MID_NOT_FOUND);
  return make_os_error(text, static_cast<std::int64_t>(to_dos_error(status)));
}

}  // namespace

const char* handle_count_api_name() { return "NtQuerySystemInformation"; }

Result<std::int64_t> process_handle_count() {
  using QueryFn = LONG(WINAPI*)(ULONG, void*, ULONG, ULONG*);
  HMODULE ntdll = ::GetModuleHandleW(L"ntdll.dll");
  auto query = reinterpret_cast<QueryFn>(
      reinterpret_cast<void*>(ntdll != nullptr ? ::GetProcAddress(ntdll, "NtQuerySystemInformation") : nullptr));
  if (query == nullptr) return last_os_error("GetProcAddress(NtQuerySystemInformation)");
  std::vector<unsigned char> buffer(1 << 20);
  LONG status = 0;
  for (int attempt = 0; attempt < 8; ++attempt) {
    ULONG needed = 0;
    status = query(kSystemExtendedHandleInformation, buffer.data(), static_cast<ULONG>(buffer.size()), &needed);
    if (status != kStatusInfoLengthMismatch) break;
    buffer.resize(std::max<std::size_t>(buffer.size() * 2, needed + 64 * 1024));
  }
  if (status < 0) return ntstatus_error("NtQuerySystemInformation", status);
  const auto* info = reinterpret_cast<const HandleInformationEx*>(buffer.data());
  const ULONG_PTR self = ::GetCurrentProcessId();
  std::int64_t count = 0;
  for (ULONG_PTR i = 0; i < info->number_of_handles; ++i) {
    if (info->handles[i].unique_process_id == self) ++count;
  }
  return count;
}

}  // namespace shmh::platform
