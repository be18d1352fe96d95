// The open-style table (OS-independent): each library's calls as read in its source.
#include "harness/platform/open_styles.h"

#include <array>

#include "harness/platform/mask_names.h"

namespace shmh::platform {
namespace {

using namespace mask;
constexpr std::uint32_t kSectionQuery = kFileMapCopy;  // SECTION_QUERY has FILE_MAP_COPY's value (1)

constexpr std::string_view kBoostPosix =
    "boost::interprocess::windows_shared_memory exists only on Windows (its POSIX counterpart, shared_memory_object, is another class)";
constexpr std::string_view kQtPosix = "QSharedMemory's POSIX backend was not read for this table";
constexpr std::string_view kDotnetPosix =
    "MemoryMappedFile.OpenExisting and CreateOrOpen are [SupportedOSPlatform(\"windows\")]: .NET has no named maps elsewhere";
constexpr std::string_view kPythonPosix = "mmap's tagname exists only in the Windows new_mmap_object";

constexpr std::array<OpenStyleSpec, 9> kStyles{{
    {OpenStyle::open, "open", "", "", HandleCall::open_mapping, kFileMapRead, 0, std::nullopt, kFileMapRead,
     ViewLength::whole_section, false, ""},
    {OpenStyle::create_or_open, "create-or-open", "", "", HandleCall::create_mapping, 0, kPageReadWrite, std::nullopt,
     kFileMapRead | kFileMapWrite, ViewLength::caller_size, false, ""},
    // boostorg/interprocess include/boost/interprocess/windows_shared_memory.hpp,
    // windows_shared_memory::priv_open_or_create: open_only with read_write ->
    // winapi::open_file_mapping(file_map_write | section_query) (detail/win32_api.hpp: OpenFileMappingW(access, 0, name));
    // mapped_region.hpp, mapped_region(windows_shared_memory, read_write): size 0 -> get_file_mapping_size
    // (NtQuerySection, hence SECTION_QUERY), then MapViewOfFileEx(file_map_write, offset, size).
    {OpenStyle::boost_open_only, "boost-open-only", "Boost.Interprocess",
     "boostorg/interprocess windows_shared_memory.hpp priv_open_or_create (open_only, read_write); mapped_region.hpp",
     HandleCall::open_mapping, kFileMapWrite | kSectionQuery, 0, std::nullopt, kFileMapWrite, ViewLength::whole_section, false,
     kBoostPosix},
    // The same function, open_or_create with read_write: winapi::create_file_mapping(INVALID_HANDLE_VALUE,
    // page_readwrite, size, name, perm) = CreateFileMappingW; the view as above.
    {OpenStyle::boost_open_or_create, "boost-open-or-create", "Boost.Interprocess",
     "boostorg/interprocess windows_shared_memory.hpp priv_open_or_create (open_or_create, read_write); mapped_region.hpp",
     HandleCall::create_mapping, 0, kPageReadWrite, std::nullopt, kFileMapWrite, ViewLength::whole_section, false, kBoostPosix},
    // qt/qtbase src/corelib/ipc/qsharedmemory_win.cpp: QSharedMemoryWin32::handle opens with
    // OpenFileMapping(FILE_MAP_ALL_ACCESS, false, key) whatever the mode; attach maps
    // MapViewOfFile(handle, ReadOnly ? FILE_MAP_READ : FILE_MAP_ALL_ACCESS, 0, 0, 0).
    {OpenStyle::qt_attach_readonly, "qt-attach-readonly", "Qt QSharedMemory",
     "qt/qtbase src/corelib/ipc/qsharedmemory_win.cpp QSharedMemoryWin32::handle, ::attach(ReadOnly)", HandleCall::open_mapping,
     kFileMapAllAccess, 0, std::nullopt, kFileMapRead, ViewLength::whole_section, false, kQtPosix},
    {OpenStyle::qt_attach_readwrite, "qt-attach-readwrite", "Qt QSharedMemory",
     "qt/qtbase src/corelib/ipc/qsharedmemory_win.cpp QSharedMemoryWin32::handle, ::attach(ReadWrite)", HandleCall::open_mapping,
     kFileMapAllAccess, 0, std::nullopt, kFileMapAllAccess, ViewLength::whole_section, false, kQtPosix},
    // dotnet/runtime src/libraries/System.IO.MemoryMappedFiles/.../MemoryMappedFile.cs: OpenExisting(name) ->
    // MemoryMappedFileRights.ReadWrite (Read|Write = 6) -> MemoryMappedFile.Windows.cs OpenCore ->
    // OpenFileMapping(6, false, name); CreateViewAccessor() -> offset 0, DefaultSize 0, ReadWrite ->
    // MemoryMappedView.Windows.cs CreateView: MapViewOfFile(FILE_MAP_READ|FILE_MAP_WRITE, offset rounded down
    // to the allocation granularity, size).
    {OpenStyle::dotnet_open_existing, "dotnet-open-existing", ".NET MemoryMappedFile",
     "dotnet/runtime MemoryMappedFile.cs OpenExisting(name), MemoryMappedFile.Windows.cs OpenCore, MemoryMappedView.Windows.cs CreateView",
     HandleCall::open_mapping, kFileMapRead | kFileMapWrite, 0, std::nullopt, kFileMapRead | kFileMapWrite,
     ViewLength::whole_section, true, kDotnetPosix},
    // MemoryMappedFile.Windows.cs CreateOrOpenCore (access ReadWrite): CreateFileMapping(-1, secattrs,
    // PAGE_READWRITE, capacity, name); on ERROR_ACCESS_DENIED only, OpenFileMapping(FILE_MAP_READ|FILE_MAP_WRITE).
    {OpenStyle::dotnet_create_or_open, "dotnet-create-or-open", ".NET MemoryMappedFile",
     "dotnet/runtime MemoryMappedFile.cs CreateOrOpen(name, capacity), MemoryMappedFile.Windows.cs CreateOrOpenCore",
     HandleCall::create_mapping, 0, kPageReadWrite, kFileMapRead | kFileMapWrite, kFileMapRead | kFileMapWrite,
     ViewLength::whole_section, true, kDotnetPosix},
    // python/cpython Modules/mmapmodule.c new_mmap_object (MS_WINDOWS), mmap.mmap(-1, length, tagname=name) with
    // the default access: PAGE_READWRITE / FILE_MAP_WRITE; CreateFileMapping(INVALID_HANDLE_VALUE, NULL, flProtect,
    // offset + length, tagname), then MapViewOfFile(FILE_MAP_WRITE, offset, length).
    {OpenStyle::python_mmap_tagname, "python-mmap-tagname", "Python mmap",
     "python/cpython Modules/mmapmodule.c new_mmap_object (MS_WINDOWS, ACCESS_DEFAULT)", HandleCall::create_mapping, 0,
     kPageReadWrite, std::nullopt, kFileMapWrite, ViewLength::caller_size, false, kPythonPosix},
}};

std::string posix_flags(HandleCall call, std::uint32_t access, std::uint32_t protection) {
  if (call == HandleCall::create_mapping) {
    const auto page = protection & 0xFFu;
    const bool read_only = page == kPageReadOnly || page == kPageWriteCopy || page == kPageExecuteRead;
    return std::string(read_only ? "O_RDONLY" : "O_RDWR") + "|O_CREAT (no O_EXCL), mode 0600";
  }
  const bool read = (access & (kFileMapRead | kFileMapCopy)) != 0;
  const bool write = (access & kFileMapWrite) != 0;
  return read && write ? "O_RDWR" : write ? "O_WRONLY" : read ? "O_RDONLY" : "O_PATH";
}

}  // namespace

std::span<const OpenStyleSpec> open_styles() { return kStyles; }

const OpenStyleSpec& open_style_spec(OpenStyle style) { return kStyles[static_cast<std::size_t>(style)]; }

std::optional<OpenStyle> find_open_style(std::string_view name) {
  for (const auto& s : kStyles) {
    if (s.name == name) return s.style;
  }
  return std::nullopt;
}

std::string open_style_names() {
  std::string text;
  for (const auto& s : kStyles) text += (text.empty() ? "" : ", ") + std::string(s.name);
  return text;
}

std::uint32_t create_or_open_rights(std::uint32_t protection) {
  constexpr std::uint32_t kStandardRightsRequired = 0x000F0000, kSectionQuery = 0x0001;
  const std::uint32_t page = protection & 0xFF;
  std::uint32_t rights = kStandardRightsRequired | kSectionQuery | mask::kFileMapRead;
  if (page == 0x04 || page == 0x40) rights |= mask::kFileMapWrite;                        // PAGE_READWRITE, PAGE_EXECUTE_READWRITE
  if (page == 0x20 || page == 0x40 || page == 0x80) rights |= mask::kSectionMapExecute;  // PAGE_EXECUTE_READ/RW/WRITECOPY
  return rights;
}

OpenPlan plan_open(OpenStyle style, const OpenStyleOptions& options, std::uint64_t granularity) {
  const auto& spec = open_style_spec(style);
  OpenPlan plan{.style = style, .call = spec.call};
  plan.access = spec.open_access;
  plan.protection = spec.protection;
  plan.view_access = spec.view_access;
  if (style == OpenStyle::open && options.access) {
    plan.access = *options.access;
    plan.view_access = *options.access;  // MapViewOfFile with the same mask, as the classic sample does
  }
  if (style == OpenStyle::create_or_open && options.protection) {
    plan.protection = *options.protection;
    const auto page = *options.protection & 0xFFu;
    if (page == kPageReadOnly) plan.view_access = kFileMapRead;
    if (page == kPageWriteCopy) plan.view_access = kFileMapCopy;
  }
  plan.size = options.size;
  plan.open_after_denied = spec.open_after_denied;
  plan.view_offset = options.view_offset;
  if (spec.aligns_offset && granularity != 0) plan.view_offset -= plan.view_offset % granularity;
  if (options.view_size) {
    plan.view_size = *options.view_size;
  } else {
    plan.view_size = spec.view_length == ViewLength::caller_size ? options.size : 0;
  }
  // Python sizes the section it creates (or finds) as offset + length.
  if (style == OpenStyle::python_mmap_tagname) plan.size = plan.view_offset + plan.view_size;
  // .NET maps the bytes before the asked offset too, to hide the granularity from its caller.
  if (spec.aligns_offset && plan.view_size != 0) plan.view_size += options.view_offset - plan.view_offset;
  plan.posix_flags = posix_flags(plan.call, plan.access, plan.protection);
  return plan;
}

}  // namespace shmh::platform
