// The few native (ntdll) calls and layouts the object-namespace code needs, resolved at run time
// with GetProcAddress: the SDK ships no import library entries or headers for most of them.
#pragma once

#include <windows.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "harness/platform/os_error.h"

namespace shmh::platform::nt {

using Status = LONG;  // NTSTATUS: negative is an error
constexpr Status kInfoLengthMismatch = static_cast<Status>(0xC0000004);
constexpr Status kBufferTooSmall = static_cast<Status>(0xC0000023);
constexpr Status kBufferOverflow = static_cast<Status>(0x80000005);
constexpr Status kMoreEntries = 0x00000105;
constexpr Status kNoMoreEntries = static_cast<Status>(0x8000001A);
constexpr Status kProcedureNotFound = static_cast<Status>(0xC000007A);
constexpr ACCESS_MASK kDirectoryQuery = 0x0001;
constexpr ULONG kObjectNameInformation = 1;
constexpr ULONG kSectionBasicInformation = 0;
constexpr ULONG kSystemExtendedHandleInformation = 64;
constexpr ULONG kCaseInsensitive = 0x40;  // OBJ_CASE_INSENSITIVE

struct UnicodeString {
  USHORT length;  // bytes, without a terminator
  USHORT maximum_length;
  PWSTR buffer;
};

struct ObjectAttributes {
  ULONG length;
  HANDLE root_directory;
  UnicodeString* object_name;
  ULONG attributes;
  PVOID security_descriptor;
  PVOID security_quality_of_service;
};

// OBJECT_DIRECTORY_INFORMATION: one entry of NtQueryDirectoryObject's output.
struct DirectoryEntry {
  UnicodeString name;
  UnicodeString type_name;
};

// SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX and SYSTEM_HANDLE_INFORMATION_EX.
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

struct SectionBasicInformation {
  PVOID base_address;
  ULONG allocation_attributes;
  LARGE_INTEGER maximum_size;
};

using OpenDirectoryObjectFn = Status(WINAPI*)(HANDLE*, ACCESS_MASK, ObjectAttributes*);
using QueryDirectoryObjectFn = Status(WINAPI*)(HANDLE, PVOID, ULONG, BOOLEAN, BOOLEAN, ULONG*, ULONG*);
using QueryObjectFn = Status(WINAPI*)(HANDLE, ULONG, PVOID, ULONG, ULONG*);
using QuerySystemInformationFn = Status(WINAPI*)(ULONG, PVOID, ULONG, ULONG*);
using QuerySectionFn = Status(WINAPI*)(HANDLE, ULONG, PVOID, SIZE_T, SIZE_T*);
using StatusToDosErrorFn = ULONG(WINAPI*)(Status);

// The ntdll export `name` as type Fn, or nullptr.
template <typename Fn>
Fn function(const char* name) {
  HMODULE ntdll = ::GetModuleHandleW(L"ntdll.dll");
  return reinterpret_cast<Fn>(reinterpret_cast<void*>(ntdll != nullptr ? ::GetProcAddress(ntdll, name) : nullptr));
}

// An NTSTATUS is not a Win32 error code: formatting 0xC0000022 as one would name the wrong
// error. RtlNtStatusToDosError gives the Win32 code the NTSTATUS corresponds to (317
// ERROR_MR_MID_NOT_FOUND when there is none); the NTSTATUS itself stays in the API text.
inline OsError status_error(const std::string& api, Status status) {
  char code[32];
  std::snprintf(code, sizeof code, " (NTSTATUS 0x%08lX)", static_cast<unsigned long>(status));
  static const auto to_dos_error = function<StatusToDosErrorFn>("RtlNtStatusToDosError");
  const std::int64_t win32 = to_dos_error != nullptr ? static_cast<std::int64_t>(to_dos_error(status)) : ERROR_MR_MID_NOT_FOUND;
  return make_os_error(api + code, win32);
}

// The system handle table (SystemExtendedHandleInformation: HandleInformationEx), grown until it
// fits; empty with the NTSTATUS in `status` when it cannot be read (kProcedureNotFound: no
// NtQuerySystemInformation). Used by the handle count and by the holders of named objects.
inline std::vector<unsigned char> system_handle_table(Status& status) {
  static const auto query = function<QuerySystemInformationFn>("NtQuerySystemInformation");
  std::vector<unsigned char> buffer;
  status = kProcedureNotFound;
  if (query == nullptr) return buffer;
  buffer.resize(1 << 20);
  for (int attempt = 0; attempt < 8; ++attempt) {
    ULONG needed = 0;
    status = query(kSystemExtendedHandleInformation, buffer.data(), static_cast<ULONG>(buffer.size()), &needed);
    if (status != kInfoLengthMismatch) break;
    buffer.resize(std::max<std::size_t>(buffer.size() * 2, needed + 64 * 1024));
  }
  if (status < 0) buffer.clear();
  return buffer;
}

}  // namespace shmh::platform::nt
