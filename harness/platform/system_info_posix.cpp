// POSIX implementation of machine facts: uname, sysconf, /proc/cpuinfo.
#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>

#include "harness/platform/cpu.h"
#include "harness/platform/system_info.h"

namespace shmh::platform {
namespace {

std::string cpu_model_name() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  }
  return "unknown";
}

}  // namespace

Backend backend() { return Backend::posix; }
const char* backend_name() { return "posix"; }

MachineInfo machine_info() {
  MachineInfo info;
  struct utsname names {};
  if (::uname(&names) == 0) {
    info.host_name = names.nodename;
    info.os_name = names.sysname;
    info.os_version = names.release;
  }
  info.cpu_model = cpu_model_name();
  info.logical_cores = static_cast<unsigned>(::sysconf(_SC_NPROCESSORS_ONLN));
  info.page_size = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  info.allocation_granularity = info.page_size;  // mmap offsets need page alignment only
  info.physical_memory =
      static_cast<std::uint64_t>(::sysconf(_SC_PHYS_PAGES)) * info.page_size;
  info.hypervisor = hypervisor_vendor();
  info.timer_resolution_ns = timer_resolution_ns();
  info.large_pages = large_pages();
  return info;
}

}  // namespace shmh::platform
