// POSIX: /dev/shm from statvfs and /proc/self/mounts; RemoveIPC from logind.conf and its drop-ins,
// applied only where systemd-logind runs.
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "harness/platform/memory_limits.h"
#include "harness/platform/os_error.h"

namespace shmh::platform {
namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool logind_runs() {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const auto name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    auto comm = read_text(entry.path() / "comm");
    if (!comm.empty() && comm.back() == '\n') comm.pop_back();
    if (comm == "systemd-logind") return true;
  }
  return false;
}

// logind.conf, then the drop-ins of every folder systemd reads, in file-name order (later wins).
void read_remove_ipc(MemoryLimits& limits) {
  if (!logind_runs()) {
    limits.remove_ipc_source = "systemd-logind does not run here";
    return;
  }
  limits.remove_ipc = "yes";
  limits.remove_ipc_source = "systemd's default";
  std::vector<std::filesystem::path> files{"/etc/systemd/logind.conf"};
  std::vector<std::filesystem::path> dropins;
  for (const char* folder : {"/usr/lib/systemd/logind.conf.d", "/usr/local/lib/systemd/logind.conf.d",
                             "/run/systemd/logind.conf.d", "/etc/systemd/logind.conf.d"}) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec))
      if (entry.path().extension() == ".conf") dropins.push_back(entry.path());
  }
  std::stable_sort(dropins.begin(), dropins.end(),
                   [](const auto& a, const auto& b) { return a.filename() < b.filename(); });
  files.insert(files.end(), dropins.begin(), dropins.end());
  for (const auto& file : files) {
    if (const auto setting = remove_ipc_setting(read_text(file))) {
      limits.remove_ipc = *setting ? "yes" : "no";
      limits.remove_ipc_source = file.string();
    }
  }
}

}  // namespace

std::optional<std::int64_t> shm_object_owner_uid(std::string_view name) {
  if (name.empty() || name.find('/', 1) != std::string_view::npos) return std::nullopt;
  struct stat info {};
  const std::string path = "/dev/shm/" + std::string(name[0] == '/' ? name.substr(1) : name);
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  return static_cast<std::int64_t>(info.st_uid);
}

// Writes `text` into a /proc file; false (errno set) when it cannot.
static bool write_proc_text(const char* path, const std::string& text) {
  const int fd = ::open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const int saved = errno;
  ::close(fd);
  errno = saved;
  return ok;
}

Status mount_private_store(std::uint64_t size, std::string& how) {
  if (::unshare(CLONE_NEWNS) == 0) {
    how = "unshare(CLONE_NEWNS)";
  } else {
    const std::string refused = "unshare(CLONE_NEWNS) failed with " + error_symbol(errno);
    const auto uid = ::geteuid();
    const auto gid = ::getegid();
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) return last_os_error(refused + ", then unshare(CLONE_NEWUSER|CLONE_NEWNS)");
    // Map our own ids into the new user namespace, so the objects we create are ours there too.
    if (!write_proc_text("/proc/self/setgroups", "deny")) return last_os_error("write /proc/self/setgroups");
    if (!write_proc_text("/proc/self/uid_map", std::to_string(uid) + " " + std::to_string(uid) + " 1\n"))
      return last_os_error("write /proc/self/uid_map");
    if (!write_proc_text("/proc/self/gid_map", std::to_string(gid) + " " + std::to_string(gid) + " 1\n"))
      return last_os_error("write /proc/self/gid_map");
    how = refused + "; unshare(CLONE_NEWUSER|CLONE_NEWNS)";
  }
  // Without this a shared / would carry the new mount back to the machine's namespace.
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return last_os_error("mount(\"/\", MS_REC|MS_PRIVATE)");
  const std::string options = "size=" + std::to_string(size) + ",mode=1777";
  if (::mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0)
    return last_os_error("mount(tmpfs, /dev/shm, " + options + ")");
  return std::nullopt;
}

MemoryLimits memory_limits() {
  MemoryLimits limits;
  limits.store_path = "/dev/shm";
  if (const auto mount = find_mount(read_text("/proc/self/mounts"), limits.store_path)) {
    limits.filesystem = mount->filesystem;
    limits.mount_options = mount->options;
  }
  struct statvfs fs {};
  if (::statvfs(limits.store_path.c_str(), &fs) == 0) {
    limits.store_size = static_cast<std::uint64_t>(fs.f_blocks) * fs.f_frsize;
    limits.store_free = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
  } else {
    limits.error = make_os_error("statvfs(/dev/shm)", errno).describe();
  }
  read_remove_ipc(limits);
  return limits;
}

}  // namespace shmh::platform
