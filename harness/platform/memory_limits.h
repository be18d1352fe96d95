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

#include "harness/platform/result.h"

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

// POSIX: puts this process in a mount namespace of its own and mounts a tmpfs of `size` bytes over
// /dev/shm there, so shm_open finds a small store without touching the machine's: unshare(CLONE_NEWNS)
// (needs CAP_SYS_ADMIN), else unshare(CLONE_NEWUSER|CLONE_NEWNS) (unprivileged user namespaces; the
// kernel refuses it to a process with threads, EINVAL), then every mount made private, then the
// mount. The mount goes with the namespace when the process exits: nothing is left outside.
// `how` says which unshare worked. The error names the call that failed (not_supported on Windows).
Status mount_private_store(std::uint64_t size, std::string& how);

// Whether and how a scenario can fill the shm store past its free space on this machine: the decision,
// a pure function of what was probed, tested on recorded facts.
struct StoreOverflowFacts {
  MemoryLimits store;                  // the machine's /dev/shm, as memory_limits() read it
  bool private_store_tried = false;    // mount_private_store was asked for
  std::string private_store_error;     // its error ("unshare(CLONE_NEWNS) ... EPERM"), "" when it worked
  std::uint64_t private_store_free = 0;  // the free space of the private store, when it worked
};
enum class StoreOverflowWay : std::uint8_t { machine_store, try_private_store, private_store, skip };
struct StoreOverflowPlan {
  StoreOverflowWay way = StoreOverflowWay::skip;
  std::uint64_t object_size = 0;  // the object to make: past the free space of the store used
  std::string why;                // for skip: the precise reason; otherwise what is used
};
// The machine's /dev/shm is used as it is when it is a tmpfs with at most this much free (filling
// more would take the machine's memory from others); a private store is this big.
inline constexpr std::uint64_t kDirectOverflowLimit = 256ull << 20;
inline constexpr std::uint64_t kPrivateStoreSize = 4ull << 20;
StoreOverflowPlan plan_store_overflow(const StoreOverflowFacts& facts);

}  // namespace shmh::platform
