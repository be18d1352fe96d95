// What the machine lets a shared-memory object grow to, before anyone maps it.
//   POSIX:   /dev/shm is a tmpfs of its own size (a container's default is 64 MiB): ftruncate of
//            an object beyond its free space succeeds (the file is sparse), and touching the pages
//            that do not fit raises SIGBUS. systemd-logind's RemoveIPC (default yes) deletes a
//            user's objects when that user's last session ends.
//   Windows: a section backed by the paging file and made with SEC_COMMIT (the default) charges
//            its whole size against the commit limit when it is created (ERROR_COMMITMENT_LIMIT
//            when it does not fit); SEC_RESERVE charges nothing until pages are committed.
// Readers of the machine; the decisions are pure functions of the facts, tested on recorded ones.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shmh::platform {

struct MemoryLimits {
  // POSIX: the store behind shm_open.
  std::string store_path;       // "/dev/shm"
  std::string filesystem;       // "tmpfs"; "" when nothing is mounted there
  std::uint64_t store_size = 0;
  std::uint64_t store_free = 0;
  std::string mount_options;    // as /proc/self/mounts has them: "rw,nosuid,nodev,size=65536k"
  // POSIX: systemd-logind's RemoveIPC.
  std::string remove_ipc;       // "yes", "no"; "" when logind does not run here
  std::string remove_ipc_source;  // the file that set it, "systemd's default", or why it does not apply
  // Windows: commit (GlobalMemoryStatusEx: ullTotalPageFile, ullAvailPageFile).
  std::uint64_t commit_limit = 0;
  std::uint64_t commit_available = 0;
  std::string error;            // what could not be read, naming the call and the code
};

MemoryLimits memory_limits();

// Pure helpers, tested on recorded text.
struct MountEntry {
  std::string filesystem, options;
};
// The entry of /proc/self/mounts text for `mount_point` (the last one: it hides the others).
std::optional<MountEntry> find_mount(std::string_view mounts_text, std::string_view mount_point);
// RemoveIPC= from logind.conf text (the last assignment in [Login]); nothing when unset.
std::optional<bool> remove_ipc_setting(std::string_view logind_conf_text);

// The warning for an object of `size` bytes on these limits, or "" when it fits. `windows`
// chooses the rule (commit charge, or /dev/shm free space).
std::string size_warning(const MemoryLimits& limits, std::uint64_t size, bool windows);
// The warning that RemoveIPC will delete an object owned by `owner_uid` when that user's last
// session ends, or "". System users (uid < 1000, systemd's SYS_UID_MAX + 1) and root are exempt.
std::string remove_ipc_warning(const MemoryLimits& limits, std::int64_t owner_uid);

// POSIX: the uid that owns the shm_open object `name` ("/orders"), when it exists. Windows: nothing.
std::optional<std::int64_t> shm_object_owner_uid(std::string_view name);

}  // namespace shmh::platform
