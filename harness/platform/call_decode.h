// The Windows shared-memory calls `shm-harness trace` knows, and how one call's raw registers,
// strings and result become a TracedCall a person reads. Pure (no OS call), so every platform
// tests it; the Windows debugger engine (call_tracer_win.cpp) reads the raw values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/platform/call_tracer.h"

namespace shmh::platform {

enum class TracedApiKind {
  create,   // returns a section handle, NULL on failure; sets the last error also on success
  open,     // returns a section handle, NULL on failure
  map,      // returns a view address, NULL on failure
  unmap,    // BOOL
  flush,    // BOOL
  close,    // BOOL (CloseHandle)
};

// One traced export: its name and where its arguments are (x64 argument slots, 0-based; -1 when
// it has none). Slots 0-3 are RCX, RDX, R8, R9; slot n >= 4 is [RSP + 8 * (n + 1)] at entry.
struct TracedApi {
  std::string_view name;
  TracedApiKind kind;
  int argument_count;
  int handle = -1;          // the section or file handle
  int attributes = -1;      // LPSECURITY_ATTRIBUTES
  int protection = -1;      // PAGE_* | SEC_*, or the page protection alone
  int allocation = -1;      // CreateFileMapping2's SEC_* (AllocationAttributes)
  int access = -1;          // FILE_MAP_* / SECTION_*
  int size_high = -1;       // dwMaximumSizeHigh
  int size_low = -1;        // dwMaximumSizeLow, or the whole 64-bit size when size_high is -1
  int offset_high = -1;     // dwFileOffsetHigh
  int offset_low = -1;      // dwFileOffsetLow, or the whole 64-bit offset when offset_high is -1
  int address = -1;         // a view's address (UnmapViewOfFile*, FlushViewOfFile)
  int name_slot = -1;       // lpName
  bool name_is_wide = true;
};

// Every traced export, in a fixed order (an index into it identifies the API).
const TracedApi* traced_apis(std::size_t& count);
// The API of that name, or nullptr.
const TracedApi* find_traced_api(std::string_view name);

// What the engine read for one call.
struct RawCall {
  const TracedApi* api = nullptr;
  std::uint64_t slots[10] = {};           // the argument slots as read (upper halves not yet masked)
  std::optional<std::string> name;        // lpName as UTF-8, when not NULL and readable
  bool name_unreadable = false;           // lpName was not NULL but could not be read
  std::string sddl;                       // of lpAttributes->lpSecurityDescriptor, when present
  std::string attributes_problem;         // why the descriptor could not be read, when it could not
  std::uint64_t result = 0;               // RAX at the return
  std::uint32_t last_error = 0;           // the thread's last error at the return, when read
  std::string error_symbol;               // its symbol ("ERROR_ALREADY_EXISTS"), from the engine
};

// Whether the call failed, from its result alone (NULL handle or address, FALSE).
bool call_failed(TracedApiKind kind, std::uint64_t result);
// Whether the thread's last error after the call says something about it: after a failure, and
// after a create (0 or 183 ERROR_ALREADY_EXISTS). Successful opens and maps leave it untouched.
bool last_error_meaningful(TracedApiKind kind, std::uint64_t result);

// The call as a person reads it, with TracedCall's raw fields filled. pid, tid and t_ms are left
// for the caller.
TracedCall decode_call(const RawCall& raw);

// "0x1a4"; "NULL" for 0.
std::string hex_value(std::uint64_t value);
// "\"Local\\orders\"" (quotes and backslashes escaped as C would), or "NULL".
std::string quoted_name(const std::optional<std::string>& name);

}  // namespace shmh::platform
