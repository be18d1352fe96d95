// Windows only: reading a debugged process's memory for the call tracer (see debuggee_win.h).
#include "harness/platform/debuggee_win.h"

#include <sddl.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <vector>

#include "harness/platform/win_text.h"

namespace shmh::platform::debuggee {
namespace {

constexpr std::size_t kPage = 4096;
constexpr std::size_t kMaxNameChars = 32767;

// Reads what can be read of [address, address + size) a page at a time, stopping at the first
// unreadable page: a string may end just before one.
std::size_t read_some(HANDLE process, std::uint64_t address, char* buffer, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const std::uint64_t at = address + done;
    const std::size_t in_page = std::min<std::size_t>(size - done, kPage - static_cast<std::size_t>(at % kPage));
    if (!read(process, at, buffer + done, in_page)) break;
    done += in_page;
  }
  return done;
}

template <typename Char>
std::optional<std::basic_string<Char>> read_c_string(HANDLE process, std::uint64_t address) {
  if (address == 0) return std::nullopt;
  std::basic_string<Char> text;
  std::uint64_t at = address;
  while (text.size() < kMaxNameChars) {
    // Up to the end of the page, so that no read crosses into a page that may not exist.
    const std::size_t bytes = kPage - static_cast<std::size_t>(at % kPage);
    std::vector<char> chunk(bytes);
    const std::size_t got = read_some(process, at, chunk.data(), bytes);
    if (got < sizeof(Char)) return std::nullopt;
    for (std::size_t i = 0; i + sizeof(Char) <= got; i += sizeof(Char)) {
      Char c;
      std::memcpy(&c, chunk.data() + i, sizeof c);
      if (c == 0) return text;
      text.push_back(c);
    }
    at += got;
  }
  return text;
}

// The length of a SID or an ACL at `address`, from its header; 0 when unreadable.
std::size_t sid_length(HANDLE process, std::uint64_t address) {
  BYTE header[8];
  if (!read(process, address, header, sizeof header)) return 0;
  return 8 + 4 * static_cast<std::size_t>(header[1]);  // Revision, SubAuthorityCount, authority[6]
}
std::size_t acl_length(HANDLE process, std::uint64_t address) {
  auto acl = read_value<ACL>(process, address);
  return acl ? acl->AclSize : 0;
}

std::optional<std::vector<BYTE>> read_blob(HANDLE process, std::uint64_t address, std::size_t size) {
  if (size == 0) return std::nullopt;
  std::vector<BYTE> blob(size);
  if (!read(process, address, blob.data(), size)) return std::nullopt;
  return blob;
}

std::optional<std::string> to_sddl(PSECURITY_DESCRIPTOR descriptor, std::string& problem) {
  LPWSTR text = nullptr;
  const SECURITY_INFORMATION parts = OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION |
                                     DACL_SECURITY_INFORMATION | LABEL_SECURITY_INFORMATION;
  if (!::ConvertSecurityDescriptorToStringSecurityDescriptorW(descriptor, SDDL_REVISION_1, parts, &text, nullptr)) {
    problem = "ConvertSecurityDescriptorToStringSecurityDescriptorW failed: " + std::to_string(::GetLastError());
    return std::nullopt;
  }
  std::string sddl = to_utf8(text);
  ::LocalFree(text);
  return sddl;
}

// The descriptor's layout in the debuggee (x64): absolute holds pointers, self-relative offsets.
struct AbsoluteHeader {
  BYTE revision;
  BYTE sbz1;
  WORD control;
  std::uint64_t owner, group, sacl, dacl;
};
struct RelativeHeader {
  BYTE revision;
  BYTE sbz1;
  WORD control;
  DWORD owner, group, sacl, dacl;
};

}  // namespace

bool read(HANDLE process, std::uint64_t address, void* buffer, std::size_t size) {
  SIZE_T got = 0;
  return ::ReadProcessMemory(process, reinterpret_cast<LPCVOID>(address), buffer, size, &got) && got == size;
}

std::optional<ModuleExports> read_module(HANDLE process, std::uint64_t base, bool want_exports) {
  auto dos = read_value<IMAGE_DOS_HEADER>(process, base);
  if (!dos || dos->e_magic != IMAGE_DOS_SIGNATURE) return std::nullopt;
  auto nt = read_value<IMAGE_NT_HEADERS64>(process, base + static_cast<std::uint32_t>(dos->e_lfanew));
  if (!nt || nt->Signature != IMAGE_NT_SIGNATURE) return std::nullopt;
  ModuleExports module;
  module.base = base;
  module.is_64_bit = nt->OptionalHeader.Magic == IMAGE_NT_OPTIONAL_HDR64_MAGIC;
  if (!module.is_64_bit) return module;  // a PE32 header: the rest of the layout differs
  module.size = nt->OptionalHeader.SizeOfImage;
  const IMAGE_DATA_DIRECTORY directory = nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT];
  if (directory.VirtualAddress == 0 || directory.Size < sizeof(IMAGE_EXPORT_DIRECTORY)) return module;
  auto exports = read_value<IMAGE_EXPORT_DIRECTORY>(process, base + directory.VirtualAddress);
  if (!exports) return module;
  if (auto name = read_ansi_string(process, base + exports->Name)) module.name = *name;
  if (!want_exports || exports->NumberOfNames == 0 || exports->NumberOfNames > 65536 ||
      exports->NumberOfFunctions > 65536) {
    return module;
  }
  std::vector<DWORD> functions(exports->NumberOfFunctions);
  std::vector<DWORD> names(exports->NumberOfNames);
  std::vector<WORD> ordinals(exports->NumberOfNames);
  if (!read(process, base + exports->AddressOfFunctions, functions.data(), functions.size() * sizeof(DWORD)) ||
      !read(process, base + exports->AddressOfNames, names.data(), names.size() * sizeof(DWORD)) ||
      !read(process, base + exports->AddressOfNameOrdinals, ordinals.data(), ordinals.size() * sizeof(WORD))) {
    return module;
  }
  // The name strings lie together (the linker writes them in one block): read that block once
  // rather than one round trip per name.
  const auto [lowest, highest] = std::minmax_element(names.begin(), names.end());
  const std::size_t span = static_cast<std::size_t>(*highest - *lowest) + 256;
  if (span > (8u << 20)) return module;
  std::vector<char> block(span, '\0');
  read_some(process, base + *lowest, block.data(), span);
  block.back() = '\0';
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (ordinals[i] >= functions.size()) continue;
    const DWORD rva = functions[ordinals[i]];
    if (rva >= directory.VirtualAddress && rva < directory.VirtualAddress + directory.Size) continue;  // forwarder
    const char* name = block.data() + (names[i] - *lowest);
    module.functions.emplace(std::string(name, strnlen(name, block.data() + span - name)), base + rva);
  }
  return module;
}

std::optional<std::string> read_wide_string(HANDLE process, std::uint64_t address) {
  auto wide = read_c_string<wchar_t>(process, address);
  if (!wide) return std::nullopt;
  return to_utf8(*wide);
}

std::optional<std::string> read_ansi_string(HANDLE process, std::uint64_t address) {
  auto narrow = read_c_string<char>(process, address);
  if (!narrow) return std::nullopt;
  if (narrow->empty()) return std::string();
  const int length = ::MultiByteToWideChar(CP_ACP, 0, narrow->data(), static_cast<int>(narrow->size()), nullptr, 0);
  std::wstring wide(static_cast<std::size_t>(length), L'\0');
  ::MultiByteToWideChar(CP_ACP, 0, narrow->data(), static_cast<int>(narrow->size()), wide.data(), length);
  return to_utf8(wide);
}

std::optional<std::string> read_security_descriptor_sddl(HANDLE process, std::uint64_t attributes,
                                                         std::string& problem) {
  if (attributes == 0) return std::string();
  // SECURITY_ATTRIBUTES on x64: DWORD nLength, (padding), LPVOID lpSecurityDescriptor at 8.
  auto descriptor_address = read_value<std::uint64_t>(process, attributes + offsetof(SECURITY_ATTRIBUTES, lpSecurityDescriptor));
  if (!descriptor_address) {
    problem = "SECURITY_ATTRIBUTES unreadable";
    return std::nullopt;
  }
  if (*descriptor_address == 0) return std::string();
  const std::uint64_t sd = *descriptor_address;
  auto relative = read_value<RelativeHeader>(process, sd);
  if (!relative) {
    problem = "security descriptor unreadable";
    return std::nullopt;
  }
  if (relative->control & SE_SELF_RELATIVE) {
    // Its length: the end of the furthest part it points to.
    std::size_t length = sizeof(RelativeHeader);
    if (relative->owner) length = std::max(length, relative->owner + sid_length(process, sd + relative->owner));
    if (relative->group) length = std::max(length, relative->group + sid_length(process, sd + relative->group));
    if (relative->dacl) length = std::max(length, relative->dacl + acl_length(process, sd + relative->dacl));
    if (relative->sacl) length = std::max(length, relative->sacl + acl_length(process, sd + relative->sacl));
    auto blob = read_blob(process, sd, length);
    if (!blob) {
      problem = "self-relative security descriptor unreadable";
      return std::nullopt;
    }
    return to_sddl(blob->data(), problem);
  }
  auto absolute = read_value<AbsoluteHeader>(process, sd);
  if (!absolute) {
    problem = "security descriptor unreadable";
    return std::nullopt;
  }
  SECURITY_DESCRIPTOR copy;
  ::InitializeSecurityDescriptor(&copy, SECURITY_DESCRIPTOR_REVISION);
  std::optional<std::vector<BYTE>> owner, group, dacl, sacl;
  if (absolute->owner) owner = read_blob(process, absolute->owner, sid_length(process, absolute->owner));
  if (absolute->group) group = read_blob(process, absolute->group, sid_length(process, absolute->group));
  if (absolute->dacl) dacl = read_blob(process, absolute->dacl, acl_length(process, absolute->dacl));
  if (absolute->sacl) sacl = read_blob(process, absolute->sacl, acl_length(process, absolute->sacl));
  if ((absolute->owner && !owner) || (absolute->group && !group) || (absolute->dacl && !dacl) ||
      (absolute->sacl && !sacl)) {
    problem = "a part of the absolute security descriptor is unreadable";
    return std::nullopt;
  }
  if (owner) ::SetSecurityDescriptorOwner(&copy, owner->data(), (absolute->control & SE_OWNER_DEFAULTED) != 0);
  if (group) ::SetSecurityDescriptorGroup(&copy, group->data(), (absolute->control & SE_GROUP_DEFAULTED) != 0);
  // A DACL present with a NULL pointer is the NULL DACL (everyone, "D:NO_ACCESS_CONTROL").
  if (absolute->control & SE_DACL_PRESENT) {
    ::SetSecurityDescriptorDacl(&copy, TRUE, dacl ? reinterpret_cast<PACL>(dacl->data()) : nullptr,
                                (absolute->control & SE_DACL_DEFAULTED) != 0);
  }
  if (absolute->control & SE_SACL_PRESENT) {
    ::SetSecurityDescriptorSacl(&copy, TRUE, sacl ? reinterpret_cast<PACL>(sacl->data()) : nullptr,
                                (absolute->control & SE_SACL_DEFAULTED) != 0);
  }
  // The inheritance bits (the "P" of "D:P(...)", "AI", "AR") are control bits, not parts.
  const SECURITY_DESCRIPTOR_CONTROL inheritance = SE_DACL_PROTECTED | SE_SACL_PROTECTED | SE_DACL_AUTO_INHERITED |
                                                  SE_SACL_AUTO_INHERITED | SE_DACL_AUTO_INHERIT_REQ |
                                                  SE_SACL_AUTO_INHERIT_REQ;
  ::SetSecurityDescriptorControl(&copy, inheritance, absolute->control & inheritance);
  return to_sddl(&copy, problem);
}

bool write_code_byte(HANDLE process, std::uint64_t address, std::uint8_t byte) {
  SIZE_T put = 0;
  if (!::WriteProcessMemory(process, reinterpret_cast<LPVOID>(address), &byte, 1, &put) || put != 1) return false;
  ::FlushInstructionCache(process, reinterpret_cast<LPCVOID>(address), 1);
  return true;
}

std::int64_t parent_of(HANDLE process) {
  struct BasicInformation {  // PROCESS_BASIC_INFORMATION
    LONG exit_status;
    PVOID peb;
    ULONG_PTR affinity, base_priority, unique_process_id, inherited_from_unique_process_id;
  };
  using Query = LONG(NTAPI*)(HANDLE, ULONG, PVOID, ULONG, PULONG);
  static const auto query = reinterpret_cast<Query>(
      reinterpret_cast<void*>(::GetProcAddress(::GetModuleHandleW(L"ntdll.dll"), "NtQueryInformationProcess")));
  BasicInformation info{};
  if (query == nullptr || query(process, 0 /* ProcessBasicInformation */, &info, sizeof info, nullptr) < 0) return 0;
  return static_cast<std::int64_t>(info.inherited_from_unique_process_id);
}

std::string image_of(HANDLE process) {
  wchar_t path[MAX_PATH * 4];
  DWORD size = static_cast<DWORD>(std::size(path));
  if (!::QueryFullProcessImageNameW(process, 0, path, &size)) return {};
  return to_utf8(std::wstring_view(path, size));
}

std::optional<std::uint32_t> read_last_error(HANDLE process, std::uint64_t teb) {
  if (teb == 0) return std::nullopt;
  return read_value<std::uint32_t>(process, teb + 0x68);
}

std::uint64_t thread_teb(HANDLE thread) {
  struct BasicInformation {  // THREAD_BASIC_INFORMATION
    LONG exit_status;
    PVOID teb_base_address;
    struct {
      HANDLE process, thread;
    } client_id;
    ULONG_PTR affinity_mask;
    LONG priority, base_priority;
  };
  using Query = LONG(NTAPI*)(HANDLE, ULONG, PVOID, ULONG, PULONG);
  static const auto query = reinterpret_cast<Query>(
      reinterpret_cast<void*>(::GetProcAddress(::GetModuleHandleW(L"ntdll.dll"), "NtQueryInformationThread")));
  if (query == nullptr) return 0;
  BasicInformation info{};
  if (query(thread, 0 /* ThreadBasicInformation */, &info, sizeof info, nullptr) < 0) return 0;
  return reinterpret_cast<std::uint64_t>(info.teb_base_address);
}

}  // namespace shmh::platform::debuggee
