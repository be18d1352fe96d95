// The pure parts of memory_limits.h: parsing recorded text and deciding the warnings.
#include <sstream>

#include "harness/platform/memory_limits.h"

namespace shmh::platform {
namespace {

std::string limits_trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

std::string limits_bytes_text(std::uint64_t bytes) {
  std::ostringstream out;
  if (bytes >= (1ull << 30) && bytes % (1ull << 20) == 0)
    out << bytes / (1ull << 20) / 1024.0 << " GiB";
  else if (bytes >= (1ull << 20))
    out << (bytes >> 20) << " MiB";
  else
    out << bytes << " bytes";
  return out.str();
}

}  // namespace

std::optional<MountEntry> find_mount(std::string_view mounts_text, std::string_view mount_point) {
  std::optional<MountEntry> found;
  std::istringstream lines{std::string(mounts_text)};
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string device, point, type, options;
    if (!(fields >> device >> point >> type >> options)) continue;
    if (point == mount_point) found = MountEntry{type, options};
  }
  return found;
}

std::optional<bool> remove_ipc_setting(std::string_view logind_conf_text) {
  std::optional<bool> value;
  bool in_login = true;  // drop-ins may omit the section header
  std::istringstream lines{std::string(logind_conf_text)};
  std::string line;
  while (std::getline(lines, line)) {
    const auto text = limits_trim(line);
    if (text.empty() || text[0] == '#' || text[0] == ';') continue;
    if (text[0] == '[') {
      in_login = text == "[Login]";
      continue;
    }
    const auto equals = text.find('=');
    if (!in_login || equals == std::string::npos || limits_trim(text.substr(0, equals)) != "RemoveIPC") continue;
    const auto v = limits_trim(text.substr(equals + 1));
    if (v == "yes" || v == "true" || v == "on" || v == "1") value = true;
    else if (v == "no" || v == "false" || v == "off" || v == "0") value = false;
  }
  return value;
}

std::string size_warning(const MemoryLimits& limits, std::uint64_t size, bool windows) {
  if (windows) {
    if (limits.commit_available == 0 || size <= limits.commit_available) return {};
    return "a SEC_COMMIT section of " + limits_bytes_text(size) + " is charged whole against the commit limit when "
           "it is created, and this process can commit " + limits_bytes_text(limits.commit_available) + " (limit " +
           limits_bytes_text(limits.commit_limit) + "): CreateFileMapping fails with 1455 ERROR_COMMITMENT_LIMIT. "
           "Make it with SEC_RESERVE and commit the pages in use (VirtualAlloc MEM_COMMIT on the view), "
           "map less, or grow the paging file";
  }
  if (limits.filesystem.empty())
    return "nothing is mounted on " + (limits.store_path.empty() ? std::string("/dev/shm") : limits.store_path) +
           ": shm_open fails or lands on the root file system; mount a tmpfs there";
  if (size <= limits.store_free) return {};
  return limits_bytes_text(size) + " is more than the " + limits_bytes_text(limits.store_free) + " free in " + limits.store_path +
         " (" + limits.filesystem + ", size " + limits_bytes_text(limits.store_size) +
         "): ftruncate succeeds, but touching the pages past the free space raises SIGBUS. Enlarge it "
         "(docker run --shm-size, or mount -o remount,size=... " + limits.store_path + ") or map less";
}

std::string remove_ipc_warning(const MemoryLimits& limits, std::int64_t owner_uid) {
  if (limits.remove_ipc != "yes" || owner_uid < 1000) return {};
  return "systemd-logind's RemoveIPC=yes (" + limits.remove_ipc_source + ") deletes the objects of uid " +
         std::to_string(owner_uid) + " when that user's last session ends: a service should run as a system "
         "user (uid < 1000), or set RemoveIPC=no in /etc/systemd/logind.conf";
}

StoreOverflowPlan plan_store_overflow(const StoreOverflowFacts& facts) {
  const MemoryLimits& store = facts.store;
  const std::string path = store.store_path.empty() ? std::string("/dev/shm") : store.store_path;
  const std::string described = store.filesystem.empty()
      ? "nothing is mounted on " + path
      : path + " is a " + store.filesystem + " of " + limits_bytes_text(store.store_size) + " with " +
            limits_bytes_text(store.store_free) + " free";
  if (store.filesystem == "tmpfs" && store.store_free > 0 && store.store_free <= kDirectOverflowLimit) {
    return {StoreOverflowWay::machine_store, store.store_free + kPrivateStoreSize,
            described + ": small enough to fill as it is"};
  }
  const std::string too_big = store.filesystem == "tmpfs" && store.store_free > kDirectOverflowLimit
      ? described + ", more than the " + limits_bytes_text(kDirectOverflowLimit) + " this scenario fills on a shared machine"
      : described;
  if (!facts.private_store_tried) {
    return {StoreOverflowWay::try_private_store, 0,
            too_big + "; a " + limits_bytes_text(kPrivateStoreSize) + " tmpfs is mounted over it in a mount namespace of the role's own"};
  }
  if (!facts.private_store_error.empty()) {
    return {StoreOverflowWay::skip, 0,
            too_big + ", and no private store could be made: " + facts.private_store_error +
                ". Run as root (CAP_SYS_ADMIN) or where unprivileged user namespaces are allowed, or where " + path +
                " is small (docker run --shm-size=64m)"};
  }
  const std::uint64_t free = facts.private_store_free ? facts.private_store_free : kPrivateStoreSize;
  return {StoreOverflowWay::private_store, free + kPrivateStoreSize,
          too_big + "; filled instead: a private tmpfs with " + limits_bytes_text(free) + " free over " + path +
              " in the role's own mount namespace"};
}

}  // namespace shmh::platform
