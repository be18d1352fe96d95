// Open styles: the ways real callers open a named mapping (a plain OpenFileMapping, a
// create-or-open CreateFileMapping, and the exact calls of popular libraries), as one typed table,
// and the concrete calls a style makes for given options. Plain data and functions, no OS call:
// the role makes the calls, `diagnose --open-style` explains them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace shmh::platform {

// Append-only: the values reach `diagnose --json` through the names only, but keep them stable.
enum class OpenStyle : std::uint8_t {
  open = 0,                   // OpenFileMappingW(--access) + MapViewOfFile
  create_or_open = 1,         // CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, --protection, size) + MapViewOfFile
  boost_open_only = 2,
  boost_open_or_create = 3,
  qt_attach_readonly = 4,
  qt_attach_readwrite = 5,
  dotnet_open_existing = 6,
  dotnet_create_or_open = 7,
  python_mmap_tagname = 8,
};

// The first call a style makes for the handle.
enum class HandleCall : std::uint8_t {
  open_mapping,    // OpenFileMappingW(access) / shm_open(O_RDONLY or O_RDWR)
  create_mapping,  // CreateFileMappingW(protection, size) on a name that may exist / shm_open(O_CREAT, no O_EXCL)
};

// How big a view the style asks for when the user gives no --view-size.
enum class ViewLength : std::uint8_t {
  whole_section,  // 0: MapViewOfFile maps to the end of the section
  caller_size,    // the size the caller passes (--size): python's length, a sample's 256
};

struct OpenStyleSpec {
  OpenStyle style;
  std::string_view name;        // as typed on the command line
  std::string_view library;     // "" for the two generic styles
  std::string_view source;      // where its calls were read: repository, file, function
  HandleCall call;
  std::uint32_t open_access;    // HandleCall::open_mapping: the access mask (FILE_MAP_*|SECTION_*)
  std::uint32_t protection;     // HandleCall::create_mapping: PAGE_*
  // dotnet CreateOrOpen: when CreateFileMappingW fails with 5, OpenFileMappingW with this mask.
  std::optional<std::uint32_t> open_after_denied;
  std::uint32_t view_access;    // MapViewOfFile's access mask
  ViewLength view_length;
  bool aligns_offset;           // the library rounds the offset down to the allocation granularity itself
  // POSIX: whether the library has a named-object form there, and why not when it has none.
  std::string_view posix_none;  // "" when the style has a POSIX form
};

// Every style, in the order of the enum.
std::span<const OpenStyleSpec> open_styles();
const OpenStyleSpec& open_style_spec(OpenStyle style);
// The style for a command-line name, or nothing.
std::optional<OpenStyle> find_open_style(std::string_view name);
// "open, create-or-open, boost-open-only, ..." for a usage message.
std::string open_style_names();

// What the user may change about a style: the access of `open`, the protection of
// `create-or-open`, the view's size and offset, the size a creator passes.
struct OpenStyleOptions {
  std::optional<std::uint32_t> access{};    // `open` only: FILE_MAP_* (default FILE_MAP_READ)
  std::optional<std::uint32_t> protection{};  // `create-or-open` only: PAGE_* (default PAGE_READWRITE)
  std::optional<std::uint64_t> view_size{}; // 0: the whole section
  std::uint64_t view_offset = 0;
  std::uint64_t size = 4096;                // the size a create passes (and caller_size views map)
};

// The concrete calls, in the order the style makes them.
struct OpenPlan {
  OpenStyle style;
  HandleCall call;
  std::uint32_t access = 0;       // open_mapping
  std::uint32_t protection = 0;   // create_mapping
  std::uint64_t size = 0;         // create_mapping's maximum size
  std::optional<std::uint32_t> open_after_denied{};
  std::uint32_t view_access = 0;
  std::uint64_t view_offset = 0;  // as passed to MapViewOfFile (after a library's own rounding)
  std::uint64_t view_size = 0;    // 0: to the end of the section
  // POSIX: shm_open's flags for the handle call, as text ("O_RDWR|O_CREAT, mode 0600").
  std::string posix_flags{};
};

// `granularity`: the allocation granularity (64 KiB on Windows, the page size on POSIX).
OpenPlan plan_open(OpenStyle style, const OpenStyleOptions& options, std::uint64_t granularity);

// What CreateFileMapping* asks of a section that already exists under its name: the rights a
// creator needs for the protection passed. Wine's kernelbase (dlls/kernelbase/sync.c,
// CreateFileMappingW) and ReactOS (dll/win32/kernel32/client/file/filemap.c) build it so:
// STANDARD_RIGHTS_REQUIRED|SECTION_QUERY|SECTION_MAP_READ, plus SECTION_MAP_WRITE for
// PAGE_READWRITE and PAGE_EXECUTE_READWRITE, plus SECTION_MAP_EXECUTE for the PAGE_EXECUTE_*.
std::uint32_t create_or_open_rights(std::uint32_t protection);

}  // namespace shmh::platform
