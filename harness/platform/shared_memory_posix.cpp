// POSIX implementation of named shared memory: shm_open, ftruncate, mmap, shm_unlink.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "harness/platform/call_marker.h"
#include "harness/platform/mask_names.h"
#include "harness/platform/shared_memory.h"

namespace shmh::platform {
namespace {

Result<std::uint64_t> object_size(int fd) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return last_os_error("fstat");
  return static_cast<std::uint64_t>(info.st_size);
}

}  // namespace

std::string native_object_name(std::string_view name) {
  for (std::string_view prefix : {"Global\\", "Local\\"}) {
    if (name.starts_with(prefix)) {
      name.remove_prefix(prefix.size());
      break;
    }
  }
  std::string native = "/";
  for (char c : name) native += (c == '\\') ? '/' : c;
  return native;
}

bool names_persist_until_unlinked() { return true; }

const char* api_name(Call call) {
  switch (call) {
    case Call::create: return "shm_open";
    case Call::open: return "shm_open";
    case Call::map: return "mmap";
    case Call::unmap: return "munmap";
    case Call::close: return "close";
    case Call::unlink: return "shm_unlink";
  }
  return "?";
}

MappingHandlePolicy::type MappingHandlePolicy::invalid() { return -1; }
void MappingHandlePolicy::close(type handle) {
  const int saved = errno;
  ::close(static_cast<int>(handle));
  errno = saved;
}
void MappedRegionPolicy::close(MappedRegion region) {
  const int saved = errno;
  ::munmap(region.data, region.length);
  errno = saved;
}

Status Mapping::close() {
  mark_call("close", name_);
  if (!handle_) return std::nullopt;
  if (::close(static_cast<int>(handle_.release())) != 0) return last_os_error("close");
  return std::nullopt;
}

Status View::unmap() {
  mark_call("munmap");
  if (!region_) return std::nullopt;
  const MappedRegion region = region_.release();
  if (::munmap(region.data, region.length) != 0) return last_os_error("munmap");
  return std::nullopt;
}

namespace {

// shm_open(O_CREAT) without O_EXCL: what a create-or-open caller does. An object that is empty
// afterwards counts as new (sized and given the mode); one with a size was there already.
Result<Created> create_or_open(std::string_view name, std::uint64_t size, const CreateOptions& options) {
  const std::string native = native_object_name(name);
  const std::uint32_t page = options.protection.value_or(mask::kPageReadWrite) & 0xFFu;
  const bool read_only = page == mask::kPageReadOnly || page == mask::kPageWriteCopy;
  const int fd = ::shm_open(native.c_str(), (read_only ? O_RDONLY : O_RDWR) | O_CREAT | O_CLOEXEC, options.mode);
  if (fd < 0) return last_os_error("shm_open");
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    OsError error = last_os_error("fstat");
    ::close(fd);
    return error;
  }
  if (st.st_size != 0) {
    return Created{Mapping(std::string(name), fd, static_cast<std::uint64_t>(st.st_size)), true, make_os_error("shm_open", EEXIST)};
  }
  if (!read_only && (::fchmod(fd, options.mode) != 0 || ::ftruncate(fd, static_cast<off_t>(size)) != 0)) {
    OsError error = last_os_error("ftruncate");
    ::close(fd);
    return error;
  }
  return Created{Mapping(std::string(name), fd, size), false, make_os_error("shm_open", 0)};
}

}  // namespace

Result<Created> create_mapping(std::string_view name, std::uint64_t size, const CreateOptions& options) {
  mark_call("shm_open", name);
  if (options.large_pages) return make_os_error("shm_open with large pages", ENOTSUP);
  const std::string native = native_object_name(name);
  if (options.open_existing) return create_or_open(name, size, options);
  const int fd = ::shm_open(native.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, options.mode);
  if (fd < 0) return last_os_error("shm_open");
  if (::fchmod(fd, options.mode) != 0) {  // exactly these bits, whatever the umask
    OsError error = last_os_error("fchmod");
    ::close(fd);
    ::shm_unlink(native.c_str());
    return error;
  }
  if (::ftruncate(fd, static_cast<off_t>(size)) != 0) {
    OsError error = last_os_error("ftruncate");
    ::close(fd);
    ::shm_unlink(native.c_str());  // the object is half-made: do not leave the name behind
    return error;
  }
  const std::uint32_t page = options.protection.value_or(mask::kPageReadWrite) & 0xFFu;
  if (page == mask::kPageReadOnly || page == mask::kPageWriteCopy) {
    // The creator keeps only a read-only descriptor, as a PAGE_READONLY section's handle has no
    // SECTION_MAP_WRITE.
    const int read_only = ::shm_open(native.c_str(), O_RDONLY | O_CLOEXEC, 0);
    if (read_only < 0) {
      OsError error = last_os_error("shm_open");
      ::close(fd);
      ::shm_unlink(native.c_str());
      return error;
    }
    ::close(fd);
    return Created{Mapping(std::string(name), read_only, size), false, make_os_error("shm_open", 0)};
  }
  return Created{Mapping(std::string(name), fd, size), false, make_os_error("shm_open", 0)};
}

Result<Mapping> open_mapping(std::string_view name, Access access) {
  mark_call("shm_open", name);
  const std::string native = native_object_name(name);
  const int flags = (access == Access::write ? O_RDWR : O_RDONLY) | O_CLOEXEC;
  const int fd = ::shm_open(native.c_str(), flags, 0);
  if (fd < 0) return last_os_error("shm_open");
  auto size = object_size(fd);
  if (!size) {
    ::close(fd);
    return size.error();
  }
  return Mapping(std::string(name), fd, size.value());
}

namespace {

int open_flags(std::uint32_t access_mask) {
  const bool read = (access_mask & (mask::kFileMapRead | mask::kFileMapCopy)) != 0;
  const bool write = (access_mask & mask::kFileMapWrite) != 0;
  if (read && write) return O_RDWR;
  if (write) return O_WRONLY;
  if (read) return O_RDONLY;
  return O_PATH;  // a descriptor that grants nothing
}

Result<View> map_with(int fd, std::uint64_t offset, std::size_t length, int protection, int flags, Access access) {
  if (length == 0) {
    auto size = object_size(fd);
    if (!size) return size.error();
    if (size.value() <= offset) return make_os_error("mmap", EINVAL);
    length = static_cast<std::size_t>(size.value() - offset);
  }
  void* data = ::mmap(nullptr, length, protection, flags, fd, static_cast<off_t>(offset));
  if (data == MAP_FAILED) return last_os_error("mmap");
  return View(data, length, access);
}

}  // namespace

Result<Mapping> open_mapping_masked(std::string_view name, std::uint32_t access_mask, bool null_name) {
  mark_call("shm_open", name);
  const std::string native = null_name ? std::string("/") : native_object_name(name);
  const int fd = ::shm_open(native.c_str(), open_flags(access_mask) | O_CLOEXEC, 0);
  if (fd < 0) return last_os_error("shm_open");
  // The size as open_mapping reports it (0 when fstat cannot tell), so a caller can see a view
  // that would reach past the end.
  const auto size = object_size(fd);
  return Mapping(std::string(name), fd, size ? size.value() : 0);
}

Result<View> map_view_masked(const Mapping& mapping, std::uint32_t access_mask, std::uint64_t offset, std::size_t length) {
  mark_call("mmap", mapping.name());
  const int fd = static_cast<int>(mapping.native());
  if ((access_mask & mask::kFileMapCopy) != 0 && (access_mask & mask::kFileMapWrite) == 0) {
    return map_with(fd, offset, length, PROT_READ | PROT_WRITE, MAP_PRIVATE, Access::write);
  }
  if ((access_mask & mask::kFileMapWrite) != 0) return map_with(fd, offset, length, PROT_READ | PROT_WRITE, MAP_SHARED, Access::write);
  if ((access_mask & mask::kFileMapRead) != 0) return map_with(fd, offset, length, PROT_READ, MAP_SHARED, Access::read);
  return map_with(fd, offset, length, PROT_NONE, MAP_SHARED, Access::read);
}

Result<Mapping> duplicate_mapping(const Mapping& mapping, std::uint32_t access_mask) {
  const std::string path = "/proc/self/fd/" + std::to_string(mapping.native());
  const int fd = ::open(path.c_str(), open_flags(access_mask) | O_CLOEXEC);
  if (fd < 0) return last_os_error("open");
  return Mapping(mapping.name(), fd, mapping.size());
}

Status commit_pages(const Mapping& mapping, const View&, std::uint64_t offset, std::uint64_t length) {
  const int error = ::posix_fallocate(static_cast<int>(mapping.native()), static_cast<off_t>(offset), static_cast<off_t>(length));
  if (error != 0) return make_os_error("posix_fallocate", error);
  return std::nullopt;
}

Result<std::uint64_t> committed_bytes(const Mapping& mapping, const View&, std::uint64_t) {
  struct stat info {};
  if (::fstat(static_cast<int>(mapping.native()), &info) != 0) return last_os_error("fstat");
  return static_cast<std::uint64_t>(info.st_blocks) * 512u;
}

namespace {
bool address_mapped(const std::byte* address) {
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  auto* start = reinterpret_cast<void*>(reinterpret_cast<std::uintptr_t>(address) & ~(page - 1));
  return ::msync(start, page, MS_ASYNC) == 0 || errno != ENOMEM;
}
}  // namespace

Result<AfterUnmap> unmap_inside(View& view, std::uint64_t offset) {
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  std::byte* base = view.data();
  auto* start = reinterpret_cast<void*>(reinterpret_cast<std::uintptr_t>(base + offset) & ~(page - 1));
  if (::munmap(start, page) != 0) return last_os_error("munmap");
  return AfterUnmap{address_mapped(base), address_mapped(base + offset)};
}

Status unmap_not_a_view() {
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  void* block = ::mmap(nullptr, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (block == MAP_FAILED) return last_os_error("mmap");
  ::munmap(block, page);
  // The page holds nothing now: munmap of it again is what "not a view" means here.
  if (::munmap(block, page) != 0) return last_os_error("munmap");
  return std::nullopt;
}

Result<View> map_view(const Mapping& mapping, Access access, std::uint64_t offset,
                      std::size_t length) {
  mark_call("mmap", mapping.name());
  const int fd = static_cast<int>(mapping.native());
  if (length == 0) {
    auto size = object_size(fd);
    if (!size) return size.error();
    if (size.value() <= offset) return make_os_error("mmap", EINVAL);
    length = static_cast<std::size_t>(size.value() - offset);
  }
  const int protection = access == Access::write ? PROT_READ | PROT_WRITE : PROT_READ;
  void* data = ::mmap(nullptr, length, protection, MAP_SHARED, fd, static_cast<off_t>(offset));
  if (data == MAP_FAILED) return last_os_error("mmap");
  return View(data, length, access);
}

Result<std::uint64_t> current_size(const Mapping& mapping) { return object_size(static_cast<int>(mapping.native())); }

Status resize_mapping(const Mapping& mapping, std::uint64_t size) {
  if (::ftruncate(static_cast<int>(mapping.native()), static_cast<off_t>(size)) != 0) return last_os_error("ftruncate");
  return std::nullopt;
}

Status unlink_mapping(std::string_view name) {
  mark_call("shm_unlink", name);
  if (::shm_unlink(native_object_name(name).c_str()) != 0) return last_os_error("shm_unlink");
  return std::nullopt;
}

std::vector<std::string> list_names_with_prefix(std::string_view prefix) {
  std::vector<std::string> names;
  std::error_code error;
  for (auto it = std::filesystem::directory_iterator("/dev/shm", error);
       !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
    const std::string entry = it->path().filename().string();
    if (entry.starts_with(prefix)) names.push_back(entry);
  }
  return names;
}

std::vector<std::string> remove_names_with_prefix(std::string_view prefix) {
  auto names = list_names_with_prefix(prefix);
  for (const auto& name : names) ::shm_unlink(("/" + name).c_str());
  return names;
}

Result<std::uint64_t> view_region_size(const View& view) { return view.length(); }

}  // namespace shmh::platform
