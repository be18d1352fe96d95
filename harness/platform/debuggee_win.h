// Reading and patching a debugged process for the call tracer (Windows only): a loaded module's
// exports from its PE headers, a string argument, a security descriptor as SDDL, a thread's
// last error. Every read is a ReadProcessMemory (a wineserver round trip under Wine), so the
// readers fetch in large pieces.
#pragma once

#include <windows.h>

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

namespace shmh::platform::debuggee {

bool read(HANDLE process, std::uint64_t address, void* buffer, std::size_t size);
template <typename T>
std::optional<T> read_value(HANDLE process, std::uint64_t address) {
  T value{};
  if (!read(process, address, &value, sizeof value)) return std::nullopt;
  return value;
}

struct ModuleExports {
  std::string name;                 // the export directory's own name ("KERNELBASE.dll"), as built
  std::uint64_t base = 0;
  std::uint64_t size = 0;           // SizeOfImage
  bool is_64_bit = false;           // PE32+
  std::unordered_map<std::string, std::uint64_t> functions;  // name -> address; forwarders left out
};

// The module mapped at `base`: its PE headers and, when `want_exports`, its named exports that
// are code in the module itself (an RVA inside the export directory is a forwarder string such as
// "api-ms-win-core-memory-l1-1-0.CreateFileMappingW" and is skipped). Nothing when the headers
// cannot be read.
std::optional<ModuleExports> read_module(HANDLE process, std::uint64_t base, bool want_exports);

// A NUL-terminated string of the debuggee, read a page at a time, as UTF-8; ANSI strings are
// converted through the ANSI code page (CP_ACP), as the A functions do. At most 32767
// characters (the longest name an object can have); nothing when unreadable.
std::optional<std::string> read_wide_string(HANDLE process, std::uint64_t address);
std::optional<std::string> read_ansi_string(HANDLE process, std::uint64_t address);

// The SDDL of the security descriptor a SECURITY_ATTRIBUTES at `attributes` carries: "" when it
// carries none. A self-relative descriptor is read whole by its length, an absolute one's owner,
// group, DACL and SACL by their pointers; the copy is converted by
// ConvertSecurityDescriptorToStringSecurityDescriptorW. On failure returns nothing and says why.
std::optional<std::string> read_security_descriptor_sddl(HANDLE process, std::uint64_t attributes,
                                                         std::string& problem);

// The thread's last error: TEB.LastErrorValue, at offset 0x68 of the x64 TEB (Wine's
// include/winternl.h `ULONG LastErrorValue; /* 034/0068 */`; the same offset in Microsoft's
// public symbols of ntdll's _TEB).
std::optional<std::uint32_t> read_last_error(HANDLE process, std::uint64_t teb);

// The TEB of a thread when the debug event did not give it (NtQueryInformationThread,
// ThreadBasicInformation); 0 when unknown.
std::uint64_t thread_teb(HANDLE thread);

// One byte of code: WriteProcessMemory (which lifts the page's protection for a debugger), then
// FlushInstructionCache.
bool write_code_byte(HANDLE process, std::uint64_t address, std::uint8_t byte);

// The process that started it (NtQueryInformationProcess, ProcessBasicInformation); 0 unknown.
std::int64_t parent_of(HANDLE process);
// Its image's full path (QueryFullProcessImageNameW), UTF-8; "" unknown.
std::string image_of(HANDLE process);

}  // namespace shmh::platform::debuggee
