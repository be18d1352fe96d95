// POSIX object namespace: the entries of /dev/shm (shared-memory objects, and sem.* for named
// semaphores), with size, owner and mode; holders from /proc/PID/fd and mappers from
// /proc/PID/maps. Nothing here opens an object: only directories, links and text files are read.
#include <pwd.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "harness/platform/object_namespace.h"
#include "harness/platform/posix_accounts.h"

namespace shmh::platform {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view kShm = "/dev/shm/";

std::string user_name(uid_t uid) { return account_name_of(uid).value_or(std::to_string(uid)); }

std::string process_name(const std::string& pid) {
  std::ifstream comm("/proc/" + pid + "/comm");
  std::string name;
  std::getline(comm, name);
  return name;
}

// "O_RDWR" from the octal flags line of /proc/PID/fdinfo/FD.
std::string descriptor_access(const std::string& pid, const std::string& fd) {
  std::ifstream info("/proc/" + pid + "/fdinfo/" + fd);
  std::string line;
  while (std::getline(info, line)) {
    if (line.rfind("flags:", 0) != 0) continue;
    const unsigned long flags = std::stoul(line.substr(6), nullptr, 8);
    switch (flags & 03) {
      case 0: return "O_RDONLY";
      case 1: return "O_WRONLY";
      default: return "O_RDWR";
    }
  }
  return "open";
}

// Object name (the /dev/shm entry) -> holder, for one process.
using Holdings = std::map<std::string, ObjectHolder>;

// False when the process's descriptors cannot be read (another user's process, without root).
bool read_holdings(const std::string& pid, Holdings& holdings, std::string& reason) {
  std::error_code error;
  fs::directory_iterator fds("/proc/" + pid + "/fd", error);
  if (error) {
    reason = "opendir(/proc/" + pid + "/fd) failed: " + make_os_error("opendir", error.value()).describe();
    return error.value() == ENOENT;  // the process ended meanwhile: it holds nothing any more
  }
  for (; fds != fs::directory_iterator(); fds.increment(error)) {
    if (error) break;
    std::error_code link_error;
    const std::string target = fs::read_symlink(fds->path(), link_error).string();
    if (link_error || !target.starts_with(kShm) || target.ends_with(" (deleted)")) continue;
    const std::string entry = target.substr(kShm.size());
    auto& holder = holdings[entry];
    const std::string access = descriptor_access(pid, fds->path().filename().string());
    holder.access = holder.access.empty() ? access : holder.access + ", " + access;
  }
  std::ifstream maps("/proc/" + pid + "/maps");
  std::string line;
  while (std::getline(maps, line)) {
    const auto at = line.find(kShm);
    if (at == std::string::npos || line.ends_with(" (deleted)")) continue;
    const std::string entry = line.substr(at + kShm.size());
    std::istringstream fields(line);
    std::string range, perms;
    fields >> range >> perms;
    const bool had = holdings.contains(entry);
    auto& holder = holdings[entry];
    if (!had) holder.maps_only = true;
    const std::string mapped = "mapped " + perms;
    if (holder.access.find(mapped) == std::string::npos) {
      holder.access = holder.access.empty() ? mapped : holder.access + ", " + mapped;
    }
  }
  return true;
}

}  // namespace

Result<NamespaceSnapshot> snapshot_namespace(const NamespaceQuery& query) {
  NamespaceSnapshot snapshot;
  snapshot.directories.push_back("/dev/shm");
  snapshot.one_namespace = true;
  std::error_code error;
  std::map<std::string, std::size_t> by_entry;  // /dev/shm entry -> index in objects
  for (fs::directory_iterator it("/dev/shm", error); !error && it != fs::directory_iterator(); it.increment(error)) {
    const std::string entry = it->path().filename().string();
    struct stat info {};
    if (::lstat(it->path().c_str(), &info) != 0 || !S_ISREG(info.st_mode)) continue;
    NamedObject object;
    object.directory = "/dev/shm";
    const bool semaphore = entry.starts_with("sem.");
    object.type = semaphore ? "semaphore" : "shared-memory object";
    object.base_name = semaphore ? entry.substr(4) : entry;
    object.name = object.base_name;
    if (query.with_details) {
      if (!semaphore) object.size = static_cast<std::uint64_t>(info.st_size);
      object.owner = user_name(info.st_uid);
      char mode[8];
      std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
      object.descriptor = mode;
    }
    by_entry[entry] = snapshot.objects.size();
    snapshot.objects.push_back(std::move(object));
  }
  if (error) return make_os_error("opendir(/dev/shm)", error.value());

  if (query.with_holders) {
    std::error_code proc_error;
    for (fs::directory_iterator it("/proc", proc_error); !proc_error && it != fs::directory_iterator(); it.increment(proc_error)) {
      const std::string pid = it->path().filename().string();
      if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
      Holdings holdings;
      std::string reason;
      if (!read_holdings(pid, holdings, reason)) {
        snapshot.unreadable.push_back({std::stoll(pid), process_name(pid), reason});
        continue;
      }
      for (auto& [entry, holder] : holdings) {
        const auto found = by_entry.find(entry);
        if (found == by_entry.end()) continue;
        holder.pid = std::stoll(pid);
        holder.image = process_name(pid);
        snapshot.objects[found->second].holders.push_back(std::move(holder));
      }
    }
    if (proc_error) snapshot.problems.push_back(make_os_error("opendir(/proc)", proc_error.value()));
  }
  std::sort(snapshot.objects.begin(), snapshot.objects.end(),
            [](const NamedObject& a, const NamedObject& b) { return a.name < b.name; });
  return snapshot;
}

}  // namespace shmh::platform
