// OS-independent: the traced Windows exports' argument layouts (from Microsoft's prototypes in
// memoryapi.h / winbase.h / handleapi.h) and the decoding of one call into a TracedCall.
#include "harness/platform/call_decode.h"

#include <cstdio>
#include <iterator>

#include "harness/platform/mask_names.h"

namespace shmh::platform {
namespace {

using K = TracedApiKind;

// Prototypes (Microsoft Learn, memoryapi.h and winbase.h):
//   CreateFileMappingA/W(hFile, lpAttributes, flProtect, dwMaximumSizeHigh, dwMaximumSizeLow, lpName)
//   CreateFileMappingNumaA/W(... the same ..., nndPreferred)
//   CreateFileMappingFromApp(hFile, SecurityAttributes, PageProtection, ULONG64 MaximumSize, PCWSTR Name)
//   CreateFileMapping2(File, SecurityAttributes, DesiredAccess, PageProtection, AllocationAttributes,
//                      ULONG64 MaximumSize, PCWSTR Name, ExtendedParameters, ParameterCount)
//   OpenFileMappingA/W(dwDesiredAccess, bInheritHandle, lpName); OpenFileMappingFromApp likewise
//   MapViewOfFile(hFileMappingObject, dwDesiredAccess, dwFileOffsetHigh, dwFileOffsetLow, dwNumberOfBytesToMap)
//   MapViewOfFileEx(... the same ..., lpBaseAddress)
//   MapViewOfFile3(FileMapping, Process, BaseAddress, ULONG64 Offset, SIZE_T ViewSize, AllocationType,
//                  PageProtection, ExtendedParameters, ParameterCount)
//   MapViewOfFileFromApp(hFileMappingObject, DesiredAccess, ULONG64 FileOffset, SIZE_T NumberOfBytesToMap)
//   UnmapViewOfFile(lpBaseAddress); UnmapViewOfFileEx(BaseAddress, UnmapFlags)
//   FlushViewOfFile(lpBaseAddress, dwNumberOfBytesToFlush); CloseHandle(hObject)
constexpr TracedApi kApis[] = {
    {.name = "CreateFileMappingA", .kind = K::create, .argument_count = 6, .handle = 0, .attributes = 1,
     .protection = 2, .size_high = 3, .size_low = 4, .name_slot = 5, .name_is_wide = false},
    {.name = "CreateFileMappingW", .kind = K::create, .argument_count = 6, .handle = 0, .attributes = 1,
     .protection = 2, .size_high = 3, .size_low = 4, .name_slot = 5},
    {.name = "CreateFileMappingNumaA", .kind = K::create, .argument_count = 7, .handle = 0, .attributes = 1,
     .protection = 2, .size_high = 3, .size_low = 4, .name_slot = 5, .name_is_wide = false},
    {.name = "CreateFileMappingNumaW", .kind = K::create, .argument_count = 7, .handle = 0, .attributes = 1,
     .protection = 2, .size_high = 3, .size_low = 4, .name_slot = 5},
    {.name = "CreateFileMappingFromApp", .kind = K::create, .argument_count = 5, .handle = 0, .attributes = 1,
     .protection = 2, .size_low = 3, .name_slot = 4},
    {.name = "CreateFileMapping2", .kind = K::create, .argument_count = 9, .handle = 0, .attributes = 1,
     .protection = 3, .allocation = 4, .access = 2, .size_low = 5, .name_slot = 6},
    {.name = "OpenFileMappingA", .kind = K::open, .argument_count = 3, .access = 0, .name_slot = 2,
     .name_is_wide = false},
    {.name = "OpenFileMappingW", .kind = K::open, .argument_count = 3, .access = 0, .name_slot = 2},
    {.name = "OpenFileMappingFromApp", .kind = K::open, .argument_count = 3, .access = 0, .name_slot = 2},
    {.name = "MapViewOfFile", .kind = K::map, .argument_count = 5, .handle = 0, .access = 1, .size_low = 4,
     .offset_high = 2, .offset_low = 3},
    {.name = "MapViewOfFileEx", .kind = K::map, .argument_count = 6, .handle = 0, .access = 1, .size_low = 4,
     .offset_high = 2, .offset_low = 3, .address = 5},
    {.name = "MapViewOfFile3", .kind = K::map, .argument_count = 9, .handle = 0, .protection = 6, .size_low = 4,
     .offset_low = 3, .address = 2},
    {.name = "MapViewOfFileFromApp", .kind = K::map, .argument_count = 4, .handle = 0, .access = 1, .size_low = 3,
     .offset_low = 2},
    {.name = "UnmapViewOfFile", .kind = K::unmap, .argument_count = 1, .address = 0},
    {.name = "UnmapViewOfFileEx", .kind = K::unmap, .argument_count = 2, .address = 0},
    {.name = "FlushViewOfFile", .kind = K::flush, .argument_count = 2, .size_low = 1, .address = 0},
    {.name = "CloseHandle", .kind = K::close, .argument_count = 1, .handle = 0},
};

std::uint32_t low32(std::uint64_t value) { return static_cast<std::uint32_t>(value); }

// The x64 ABI leaves the upper half of a register holding a 32-bit argument undefined.
bool slot_is_32_bit(const TracedApi& api, int slot) {
  return slot == api.protection || slot == api.allocation || slot == api.access || slot == api.size_high ||
         slot == api.offset_high || (slot == api.size_low && api.size_high >= 0) ||
         (slot == api.offset_low && api.offset_high >= 0);
}

// The slot's name in Microsoft's prototype, for the arguments list.
std::string slot_name(const TracedApi& api, int slot) {
  const bool classic = api.name.find("FromApp") == std::string_view::npos && api.name != "CreateFileMapping2" &&
                       api.name != "MapViewOfFile3" && api.name != "UnmapViewOfFileEx";
  if (slot == api.handle) {
    if (api.kind == K::create) return classic ? "hFile" : "File";
    if (api.kind == K::close) return "hObject";
    return classic ? "hFileMappingObject" : (api.name == "MapViewOfFile3" ? "FileMapping" : "hFileMappingObject");
  }
  if (slot == api.attributes) return classic ? "lpFileMappingAttributes" : "SecurityAttributes";
  if (slot == api.protection) return classic ? "flProtect" : "PageProtection";
  if (slot == api.allocation) return "AllocationAttributes";
  if (slot == api.access) return classic ? "dwDesiredAccess" : "DesiredAccess";
  if (slot == api.size_high) return "dwMaximumSizeHigh";
  if (slot == api.size_low) {
    if (api.kind == K::create) return classic ? "dwMaximumSizeLow" : "MaximumSize";
    if (api.kind == K::flush) return "dwNumberOfBytesToFlush";
    if (api.name == "MapViewOfFile3") return "ViewSize";
    return classic ? "dwNumberOfBytesToMap" : "NumberOfBytesToMap";
  }
  if (slot == api.offset_high) return "dwFileOffsetHigh";
  if (slot == api.offset_low) return classic ? "dwFileOffsetLow" : (api.name == "MapViewOfFile3" ? "Offset" : "FileOffset");
  if (slot == api.address) return classic ? "lpBaseAddress" : "BaseAddress";
  if (slot == api.name_slot) return classic ? "lpName" : "Name";
  if (api.kind == K::open && slot == 1) return classic ? "bInheritHandle" : "InheritHandle";
  if (api.name == "MapViewOfFile3") {
    if (slot == 1) return "Process";
    if (slot == 5) return "AllocationType";
    if (slot == 7) return "ExtendedParameters";
    if (slot == 8) return "ParameterCount";
  }
  if (api.name == "CreateFileMapping2") return slot == 7 ? "ExtendedParameters" : "ParameterCount";
  if (api.name == "UnmapViewOfFileEx") return "UnmapFlags";
  return "nndPreferred";
}

}  // namespace

const TracedApi* traced_apis(std::size_t& count) {
  count = std::size(kApis);
  return kApis;
}

const TracedApi* find_traced_api(std::string_view name) {
  for (const auto& api : kApis) {
    if (api.name == name) return &api;
  }
  return nullptr;
}

bool call_failed(TracedApiKind kind, std::uint64_t result) {
  // Handles and addresses are NULL on failure (CreateFileMapping never returns
  // INVALID_HANDLE_VALUE); the BOOL functions return FALSE in EAX.
  switch (kind) {
    case K::unmap:
    case K::flush:
    case K::close:
      return low32(result) == 0;
    default:
      return result == 0;
  }
}

bool last_error_meaningful(TracedApiKind kind, std::uint64_t result) {
  return kind == K::create || call_failed(kind, result);
}

std::string hex_value(std::uint64_t value) {
  if (value == 0) return "NULL";
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

std::string quoted_name(const std::optional<std::string>& name) {
  if (!name) return "NULL";
  std::string quoted = "\"";
  for (const char c : *name) {
    if (c == '"' || c == '\\') quoted.push_back('\\');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

TracedCall decode_call(const RawCall& raw) {
  TracedCall call;
  const TracedApi& api = *raw.api;
  call.api = std::string(api.name);
  auto slot = [&](int index) -> std::uint64_t {
    const std::uint64_t value = raw.slots[index];
    return slot_is_32_bit(api, index) ? low32(value) : value;
  };
  for (int index = 0; index < api.argument_count; ++index) {
    const std::uint64_t value = slot(index);
    std::string text;
    if (index == api.name_slot) {
      text = raw.name_unreadable ? hex_value(value) + " (unreadable)" : quoted_name(raw.name);
    } else if (index == api.attributes) {
      text = hex_value(value);
      if (!raw.sddl.empty()) text += " SDDL " + raw.sddl;
      if (!raw.attributes_problem.empty()) text += " (" + raw.attributes_problem + ")";
    } else if (index == api.protection || index == api.allocation) {
      text = mask_name(low32(value), MaskKind::protection);
    } else if (index == api.access) {
      text = mask_name(low32(value), MaskKind::access);
    } else if (index == api.handle && api.kind == K::create && value == ~0ull) {
      text = "INVALID_HANDLE_VALUE";  // backed by the paging file
    } else if (index == api.handle || index == api.address) {
      text = hex_value(value);
    } else if (api.kind == K::open && index == 1) {
      text = low32(value) ? "TRUE" : "FALSE";
    } else {
      // The rest: ExtendedParameters and Process are pointers and handles; the others
      // (nndPreferred, AllocationType, ParameterCount, UnmapFlags) are 32-bit numbers.
      const std::string name = slot_name(api, index);
      text = (name == "ExtendedParameters" || name == "Process") ? hex_value(value) : std::to_string(low32(value));
      call.args.push_back({name, std::move(text)});
      continue;
    }
    call.args.push_back({slot_name(api, index), std::move(text)});
  }

  if (api.name_slot >= 0 && raw.name) call.object_name = *raw.name;
  if (api.access >= 0) call.access = low32(slot(api.access));
  if (api.protection >= 0) {
    std::uint32_t protection = low32(slot(api.protection));
    if (api.allocation >= 0) protection |= low32(slot(api.allocation));
    call.protection = protection;
  }
  if (api.size_low >= 0) {
    std::uint64_t size = slot(api.size_low);
    if (api.size_high >= 0) size |= static_cast<std::uint64_t>(slot(api.size_high)) << 32;
    call.size = size;
  }
  if (api.offset_low >= 0) {
    std::uint64_t offset = slot(api.offset_low);
    if (api.offset_high >= 0) offset |= static_cast<std::uint64_t>(slot(api.offset_high)) << 32;
    call.offset = offset;
  }
  call.sddl = raw.sddl;
  if (api.handle >= 0) call.handle = slot(api.handle);
  if (api.address >= 0 && api.kind != K::map) call.handle = slot(api.address);

  const bool is_bool = api.kind == K::unmap || api.kind == K::flush || api.kind == K::close;
  call.result_value = is_bool ? low32(raw.result) : raw.result;
  call.failed = call_failed(api.kind, raw.result);
  if (is_bool) {
    call.result = call.failed ? "FALSE" : "TRUE";
  } else {
    call.result = hex_value(call.result_value);
  }
  if (last_error_meaningful(api.kind, raw.result)) {
    call.error = raw.last_error;
    if (raw.last_error != 0) call.error_symbol = raw.error_symbol;
  }
  return call;
}

}  // namespace shmh::platform
