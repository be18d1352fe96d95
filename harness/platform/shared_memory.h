// Named shared memory behind one interface: Windows pagefile-backed sections
// (CreateFileMappingW / OpenFileMappingW / MapViewOfFile) and POSIX shm_open + mmap.
// Names are given in the Windows form ("Local\x", "Global\x", "x"); on POSIX the prefix is
// dropped (one namespace) and the rest becomes "/x" — see native_object_name().
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/platform/native_handles.h"
#include "harness/platform/result.h"

namespace shmh::platform {

enum class Access { read, write };

// A mapping object this process holds open (a section handle, or a shm file descriptor).
// Move-only; closing it releases this process's reference. Whether the object then dies is
// the platform's rule (Windows: with its last handle; POSIX: only after unlink_mapping).
class Mapping {
 public:
  Mapping() = default;
  Mapping(std::string name, std::intptr_t native, std::uint64_t size);

  const std::string& name() const { return name_; }
  // The size asked for at creation; 0 when this process opened an existing object and the
  // platform does not tell its size (Windows). POSIX reports the object's current size.
  std::uint64_t size() const { return size_; }
  bool valid() const { return handle_.valid(); }
  // Closes now and reports a failure instead of swallowing it (the destructor swallows).
  Status close();

  std::intptr_t native() const { return handle_.get(); }  // for this folder's implementation files only

 private:
  std::string name_;
  UniqueMappingHandle handle_;  // the destructor closes it, swallowing a failure
  std::uint64_t size_ = 0;
};

struct AfterUnmap;

// A view of a mapping in this process's address space. Move-only; the destructor unmaps.
class View {
 public:
  View() = default;
  View(void* data, std::size_t length, Access access);

  std::byte* data() const { return static_cast<std::byte*>(region_.get().data); }
  std::size_t length() const { return region_.get().length; }
  Access access() const { return access_; }
  bool valid() const { return region_.valid(); }
  // Unmaps now and reports a failure instead of swallowing it (the destructor swallows).
  Status unmap();

 private:
  friend Result<AfterUnmap> unmap_inside(View& view, std::uint64_t offset);
  UniqueMappedRegion region_;
  Access access_ = Access::read;
};

struct Created {
  Mapping mapping;
  // Windows: CreateFileMappingW returned a handle to an object that already existed
  // (GetLastError 183). POSIX creates with O_EXCL, so an existing name is a failure instead.
  bool already_existed = false;
  OsError last_error;  // what the OS reported right after the create call (code 0 when new)
};

struct CreateOptions {
  // Windows: call CreateFileMappingA (the ANSI function, limited to MAX_PATH names) instead of
  // the W function. No effect on POSIX.
  bool ansi_api = false;
  // Windows: the object's security descriptor as SDDL ("D:(A;;GA;;;WD)"); empty: the default.
  std::string sddl;
  // POSIX: the object's mode bits, set exactly (the umask does not apply). Default 0600.
  unsigned mode = 0600;
  // Windows: SEC_COMMIT | SEC_LARGE_PAGES (needs SeLockMemoryPrivilege and a size that is a
  // multiple of GetLargePageMinimum). POSIX: refused with ENOTSUP, nothing is called.
  bool large_pages = false;
  // The protection and section attributes in Windows' encoding (PAGE_* | SEC_*, mask_names.h),
  // passed to CreateFileMappingW as they are; absent: PAGE_READWRITE (with SEC_COMMIT |
  // SEC_LARGE_PAGES when large_pages). POSIX has no protection at creation: SEC_* bits are
  // ignored, and PAGE_READONLY / PAGE_WRITECOPY leave the creator holding a read-only descriptor
  // (the object is sized through a read-write one first, which is closed at once).
  std::optional<std::uint32_t> protection;
  // Create-or-open, as CreateFileMappingW always is: POSIX shm_open gets O_CREAT without O_EXCL
  // (O_RDONLY for PAGE_READONLY / PAGE_WRITECOPY, else O_RDWR), so an existing object is opened
  // with the access a creator asks for, and sized and chmod-ed only when it is empty (new).
  // Windows: no effect.
  bool open_existing = false;
};

// Creates a named mapping of `size` bytes, readable and writable.
Result<Created> create_mapping(std::string_view name, std::uint64_t size, const CreateOptions& options = {});
// POSIX: ftruncate the object to `size` (another process may grow it). Windows sections have a
// fixed size: returns ERROR_NOT_SUPPORTED without calling anything.
Status resize_mapping(const Mapping& mapping, std::uint64_t size);
// Opens an existing named mapping with the given access.
Result<Mapping> open_mapping(std::string_view name, Access access);
// Opens with an access mask in Windows' encoding (FILE_MAP_* | SECTION_*), passed to
// OpenFileMappingW as it is. `null_name`: Windows passes NULL for the name. POSIX: read and write
// give O_RDWR, write alone O_WRONLY, read or copy alone O_RDONLY, none of them O_PATH (a
// descriptor with no access); a null name is "/" (shm_open has no NULL name). The Mapping carries
// the object's size on POSIX (fstat), 0 on Windows.
Result<Mapping> open_mapping_masked(std::string_view name, std::uint32_t access_mask, bool null_name = false);
// Maps `length` bytes from `offset`; length 0 maps from offset to the end of the object.
Result<View> map_view(const Mapping& mapping, Access access, std::uint64_t offset,
                      std::size_t length);
// The same with a view access mask in Windows' encoding, passed to MapViewOfFile as it is.
// POSIX: FILE_MAP_COPY gives a MAP_PRIVATE read-write view (copy-on-write), FILE_MAP_WRITE a
// shared read-write one, FILE_MAP_READ a shared read-only one, no access bit PROT_NONE.
Result<View> map_view_masked(const Mapping& mapping, std::uint32_t access_mask, std::uint64_t offset, std::size_t length);
// A second handle to the same object with `access_mask` (DuplicateHandle with that access).
// POSIX: the object reopened through /proc/self/fd with the flags open_mapping_masked would use.
Result<Mapping> duplicate_mapping(const Mapping& mapping, std::uint32_t access_mask);

// Commits `length` bytes from `offset` of a view of a reserved section (VirtualAlloc MEM_COMMIT,
// PAGE_READWRITE). POSIX: posix_fallocate of that range of the object behind `mapping`.
Status commit_pages(const Mapping& mapping, const View& view, std::uint64_t offset, std::uint64_t length);
// How many bytes of the view from `offset` are committed as the OS sees them now: VirtualQuery's
// region size when its state is MEM_COMMIT, else 0. POSIX: the bytes the object has allocated
// (fstat st_blocks * 512), whatever the offset.
Result<std::uint64_t> committed_bytes(const Mapping& mapping, const View& view, std::uint64_t offset);

// UnmapViewOfFile (munmap of one page) at `offset` bytes into the view, then what is still mapped
// (VirtualQuery state not MEM_FREE; POSIX: msync of the page does not fail with ENOMEM). Windows
// unmaps the whole view whatever the offset; POSIX unmaps that page only. Afterwards the View owns
// nothing on Windows; on POSIX it still owns (and later unmaps) its whole range.
struct AfterUnmap {
  bool base_mapped = false;    // the view's first byte
  bool offset_mapped = false;  // the byte at `offset`
};
Result<AfterUnmap> unmap_inside(View& view, std::uint64_t offset);
// UnmapViewOfFile on memory that is not a view (a fresh VirtualAlloc block, 12 KiB in). POSIX:
// munmap of a page that was mapped anonymously and already unmapped. The block is freed after.
Status unmap_not_a_view();
// POSIX: the object's size now (fstat); a creator sizes the object after shm_open, so an opener
// can see 0 in between. Windows: the size given at creation or 0 (sections do not tell).
Result<std::uint64_t> current_size(const Mapping& mapping);
// Removes the name (POSIX shm_unlink). Windows names have no separate life: returns nothing.
Status unlink_mapping(std::string_view name);
// Whether names outlive their last handle here (POSIX) or die with it (Windows).
bool names_persist_until_unlinked();
// POSIX: removes every object whose name starts with `prefix` (a run id) and returns their
// names: the janitor's sweep after an orchestrator was killed. Windows: nothing to do (names
// die with their handles), returns nothing.
std::vector<std::string> remove_names_with_prefix(std::string_view prefix);
// POSIX: the names of existing objects starting with `prefix`. Windows: object names cannot be
// listed without the NT object manager; returns nothing.
std::vector<std::string> list_names_with_prefix(std::string_view prefix);
// The name the OS sees: "/x" on POSIX for "Local\x"; unchanged on Windows.
std::string native_object_name(std::string_view name);
// The OS function behind each operation, for observations: "MapViewOfFile" or "mmap".
enum class Call { create, open, map, unmap, close, unlink };
const char* api_name(Call call);

// The size of the memory region a view lies in, as the OS reports it (page-rounded).
Result<std::uint64_t> view_region_size(const View& view);

}  // namespace shmh::platform
