// Windows implementation of named shared memory: pagefile-backed sections through the W functions.
#include <windows.h>
// windows.h first: sddl.h needs its types.
#include <sddl.h>

#include "harness/platform/call_marker.h"
#include "harness/platform/mask_names.h"
#include "harness/platform/shared_memory.h"
#include "harness/platform/win_handle.h"
#include "harness/platform/win_text.h"

namespace shmh::platform {
namespace {

HANDLE as_handle(std::intptr_t native) { return reinterpret_cast<HANDLE>(native); }

// mask_names.h spells Windows' values without <windows.h>: they must be the same.
static_assert(mask::kFileMapCopy == FILE_MAP_COPY && mask::kFileMapWrite == FILE_MAP_WRITE && mask::kFileMapRead == FILE_MAP_READ);
static_assert(mask::kFileMapAllAccess == FILE_MAP_ALL_ACCESS && mask::kStandardRightsRequired == STANDARD_RIGHTS_REQUIRED);
static_assert(mask::kSectionMapExecute == SECTION_MAP_EXECUTE && mask::kSectionExtendSize == SECTION_EXTEND_SIZE);
static_assert(mask::kPageNoAccess == PAGE_NOACCESS && mask::kPageReadOnly == PAGE_READONLY && mask::kPageReadWrite == PAGE_READWRITE);
static_assert(mask::kPageWriteCopy == PAGE_WRITECOPY && mask::kPageExecute == PAGE_EXECUTE && mask::kPageExecuteRead == PAGE_EXECUTE_READ);
static_assert(mask::kPageExecuteReadWrite == PAGE_EXECUTE_READWRITE && mask::kPageExecuteWriteCopy == PAGE_EXECUTE_WRITECOPY);
static_assert(mask::kSecImage == SEC_IMAGE && mask::kSecReserve == SEC_RESERVE && mask::kSecCommit == SEC_COMMIT);
static_assert(mask::kSecNoCache == SEC_NOCACHE && mask::kSecWriteCombine == SEC_WRITECOMBINE && mask::kSecLargePages == SEC_LARGE_PAGES);


}  // namespace

std::string native_object_name(std::string_view name) { return std::string(name); }

bool names_persist_until_unlinked() { return false; }

const char* api_name(Call call) {
  switch (call) {
    case Call::create: return "CreateFileMappingW";
    case Call::open: return "OpenFileMappingW";
    case Call::map: return "MapViewOfFile";
    case Call::unmap: return "UnmapViewOfFile";
    case Call::close: return "CloseHandle";
    case Call::unlink: return "none (a Windows name dies with its last handle)";
  }
  return "?";
}

MappingHandlePolicy::type MappingHandlePolicy::invalid() { return 0; }
void MappingHandlePolicy::close(type handle) { HandlePolicy::close(as_handle(handle)); }
void MappedRegionPolicy::close(MappedRegion region) {
  const DWORD saved = ::GetLastError();
  ::UnmapViewOfFile(region.data);
  ::SetLastError(saved);
}

Status Mapping::close() {
  mark_call("CloseHandle", name_);
  if (!handle_) return std::nullopt;
  if (!::CloseHandle(as_handle(handle_.release()))) return last_os_error("CloseHandle");
  return std::nullopt;
}

Status View::unmap() {
  mark_call("UnmapViewOfFile");
  if (!region_) return std::nullopt;
  if (!::UnmapViewOfFile(region_.release().data)) return last_os_error("UnmapViewOfFile");
  return std::nullopt;
}

Result<Created> create_mapping(std::string_view name, std::uint64_t size, const CreateOptions& options) {
  mark_call(options.ansi_api ? "CreateFileMappingA" : "CreateFileMappingW", name);
  const auto high = static_cast<DWORD>(size >> 32);
  const auto low = static_cast<DWORD>(size & 0xFFFFFFFFu);
  SECURITY_ATTRIBUTES attributes{sizeof attributes, nullptr, FALSE};
  if (!options.sddl.empty()) {
    if (!::ConvertStringSecurityDescriptorToSecurityDescriptorW(to_utf16(options.sddl).c_str(), SDDL_REVISION_1,
                                                                &attributes.lpSecurityDescriptor, nullptr)) {
      return last_os_error("ConvertStringSecurityDescriptorToSecurityDescriptorW");
    }
  }
  SECURITY_ATTRIBUTES* security = options.sddl.empty() ? nullptr : &attributes;
  const DWORD protection = options.protection ? static_cast<DWORD>(*options.protection)
                                              : PAGE_READWRITE | (options.large_pages ? SEC_COMMIT | SEC_LARGE_PAGES : 0);
  HANDLE handle = nullptr;
  ::SetLastError(0);
  if (options.ansi_api) {
    const std::string narrow(name);
    handle = ::CreateFileMappingA(INVALID_HANDLE_VALUE, security, protection, high, low,
                                  name.empty() ? nullptr : narrow.c_str());
  } else {
    const std::wstring wide = to_utf16(name);
    handle = ::CreateFileMappingW(INVALID_HANDLE_VALUE, security, protection, high, low,
                                  name.empty() ? nullptr : wide.c_str());
  }
  const DWORD code = ::GetLastError();
  if (attributes.lpSecurityDescriptor != nullptr) ::LocalFree(attributes.lpSecurityDescriptor);
  ::SetLastError(code);
  // Read the code before anything else can overwrite it: 183 accompanies a valid handle.
  OsError reported = last_os_error(options.ansi_api ? "CreateFileMappingA" : "CreateFileMappingW");
  if (handle == nullptr) return reported;
  const bool existed = reported.code == ERROR_ALREADY_EXISTS;
  return Created{Mapping(std::string(name), reinterpret_cast<std::intptr_t>(handle), size), existed,
                 std::move(reported)};
}

Result<Mapping> open_mapping(std::string_view name, Access access) {
  mark_call("OpenFileMappingW", name);
  const DWORD rights = access == Access::write ? FILE_MAP_READ | FILE_MAP_WRITE : FILE_MAP_READ;
  HANDLE handle = ::OpenFileMappingW(rights, FALSE, to_utf16(name).c_str());
  if (handle == nullptr) return last_os_error("OpenFileMappingW");
  return Mapping(std::string(name), reinterpret_cast<std::intptr_t>(handle), 0);
}

Result<View> map_view(const Mapping& mapping, Access access, std::uint64_t offset,
                      std::size_t length) {
  return map_view_masked(mapping, access == Access::write ? FILE_MAP_WRITE | FILE_MAP_READ : FILE_MAP_READ, offset, length);
}

Result<View> map_view_masked(const Mapping& mapping, std::uint32_t access_mask, std::uint64_t offset, std::size_t length) {
  mark_call("MapViewOfFile", mapping.name());
  const DWORD rights = access_mask;
  void* data = ::MapViewOfFile(as_handle(mapping.native()), rights,
                               static_cast<DWORD>(offset >> 32),
                               static_cast<DWORD>(offset & 0xFFFFFFFFu), length);
  if (data == nullptr) return last_os_error("MapViewOfFile");
  if (length == 0) {
    MEMORY_BASIC_INFORMATION info{};
    if (::VirtualQuery(data, &info, sizeof info) != 0) length = info.RegionSize;
  }
  // FILE_MAP_COPY alone is SECTION_QUERY's bit, and copy-on-write views are writable too.
  return View(data, length, (rights & (FILE_MAP_WRITE | FILE_MAP_COPY)) != 0 ? Access::write : Access::read);
}

Result<Mapping> open_mapping_masked(std::string_view name, std::uint32_t access_mask, bool null_name) {
  mark_call("OpenFileMappingW", name);
  const std::wstring wide = to_utf16(name);
  HANDLE handle = ::OpenFileMappingW(access_mask, FALSE, null_name ? nullptr : wide.c_str());
  if (handle == nullptr) return last_os_error("OpenFileMappingW");
  return Mapping(std::string(name), reinterpret_cast<std::intptr_t>(handle), 0);
}

Result<Mapping> duplicate_mapping(const Mapping& mapping, std::uint32_t access_mask) {
  HANDLE copy = nullptr;
  if (!::DuplicateHandle(::GetCurrentProcess(), as_handle(mapping.native()), ::GetCurrentProcess(), &copy, access_mask, FALSE, 0)) {
    return last_os_error("DuplicateHandle");
  }
  return Mapping(mapping.name(), reinterpret_cast<std::intptr_t>(copy), mapping.size());
}

Status commit_pages(const Mapping&, const View& view, std::uint64_t offset, std::uint64_t length) {
  if (::VirtualAlloc(view.data() + offset, static_cast<SIZE_T>(length), MEM_COMMIT, PAGE_READWRITE) == nullptr) {
    return last_os_error("VirtualAlloc");
  }
  return std::nullopt;
}

Result<std::uint64_t> committed_bytes(const Mapping&, const View& view, std::uint64_t offset) {
  MEMORY_BASIC_INFORMATION info{};
  if (::VirtualQuery(view.data() + offset, &info, sizeof info) == 0) return last_os_error("VirtualQuery");
  return info.State == MEM_COMMIT ? static_cast<std::uint64_t>(info.RegionSize) : 0;
}

namespace {
bool address_mapped(const void* address) {
  MEMORY_BASIC_INFORMATION info{};
  return ::VirtualQuery(address, &info, sizeof info) != 0 && info.State != MEM_FREE;
}
}  // namespace

Result<AfterUnmap> unmap_inside(View& view, std::uint64_t offset) {
  std::byte* base = view.data();
  if (!::UnmapViewOfFile(base + offset)) return last_os_error("UnmapViewOfFile");
  (void)view.region_.release();  // the whole view went: nothing left to unmap
  return AfterUnmap{address_mapped(base), address_mapped(base + offset)};
}

Status unmap_not_a_view() {
  void* block = ::VirtualAlloc(nullptr, 0x10000, MEM_COMMIT, PAGE_READONLY);
  if (block == nullptr) return last_os_error("VirtualAlloc");
  Status result;
  if (!::UnmapViewOfFile(static_cast<std::byte*>(block) + 0x3000)) result = last_os_error("UnmapViewOfFile");
  ::VirtualFree(block, 0, MEM_RELEASE);
  return result;
}

Status unlink_mapping(std::string_view) { return std::nullopt; }

Result<std::uint64_t> current_size(const Mapping& mapping) { return mapping.size(); }

Status resize_mapping(const Mapping&, std::uint64_t) {
  return make_os_error("resize (sections have a fixed size)", ERROR_NOT_SUPPORTED);
}

std::vector<std::string> list_names_with_prefix(std::string_view) { return {}; }
std::vector<std::string> remove_names_with_prefix(std::string_view) { return {}; }

Result<std::uint64_t> view_region_size(const View& view) {
  MEMORY_BASIC_INFORMATION info{};
  if (::VirtualQuery(view.data(), &info, sizeof info) == 0) return last_os_error("VirtualQuery");
  return static_cast<std::uint64_t>(info.RegionSize);
}

}  // namespace shmh::platform
