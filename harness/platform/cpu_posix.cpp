// POSIX (Linux) CPU controls: sched_setaffinity, sched_getcpu, clock_getres, hugepages.
#include <sched.h>
#include <time.h>

#include <fstream>

#include "harness/platform/cpu.h"

namespace shmh::platform {

const char* pin_api_name() { return "sched_setaffinity"; }

Status pin_current_thread(unsigned core) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(core, &set);
  if (::sched_setaffinity(0, sizeof set, &set) != 0) return last_os_error("sched_setaffinity");
  return std::nullopt;
}

int current_core() { return ::sched_getcpu(); }

double timer_resolution_ns() {
  timespec resolution{};
  ::clock_getres(CLOCK_MONOTONIC, &resolution);
  return static_cast<double>(resolution.tv_sec) * 1e9 + static_cast<double>(resolution.tv_nsec);
}

std::string large_pages() {
  std::ifstream meminfo("/proc/meminfo");
  std::string line, total, size;
  while (std::getline(meminfo, line)) {
    if (line.rfind("HugePages_Total:", 0) == 0) total = line.substr(16);
    if (line.rfind("Hugepagesize:", 0) == 0) size = line.substr(13);
  }
  auto trim = [](std::string s) {
    s.erase(0, s.find_first_not_of(' '));
    return s;
  };
  if (total.empty()) return "unknown";
  return trim(total) + " huge pages of " + trim(size) + " configured";
}

}  // namespace shmh::platform

namespace shmh::platform {
std::uint64_t large_page_minimum() { return 0; }  // POSIX shm_open has no large-page flag
}  // namespace shmh::platform
