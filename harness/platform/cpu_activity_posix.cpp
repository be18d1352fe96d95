// POSIX (Linux) readings of steal time and CPU frequency: /proc/stat and cpufreq in sysfs.
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "harness/platform/cpu_activity.h"

namespace shmh::platform {
namespace {

constexpr const char* kStat = "/proc/stat";

std::string frequency_file(long cpu) {
  return "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/cpufreq/scaling_cur_freq";
}

}  // namespace

CpuActivity read_cpu_activity() {
  CpuActivity activity;
  std::ifstream stat(kStat);
  std::string line;
  if (std::getline(stat, line) && line.rfind("cpu ", 0) == 0) {
    // cpu user nice system idle iowait irq softirq steal ...: steal is the eighth figure, and
    // the first eight add up to all the time there was (guest time is inside user already).
    std::istringstream fields(line.substr(4));
    std::uint64_t value = 0, total = 0;
    int index = 0;
    for (; index < 8 && fields >> value; ++index) total += value;
    if (index == 8) {
      activity.steal_ticks = value;
      activity.total_ticks = total;
    }
  }
  const long cpus = ::sysconf(_SC_NPROCESSORS_CONF);
  for (long cpu = 0; cpu < cpus; ++cpu) {
    std::ifstream file(frequency_file(cpu));
    double khz = 0;
    if (!(file >> khz)) return CpuActivity{activity.steal_ticks, activity.total_ticks, {}};
    activity.mhz.push_back(khz / 1000.0);
  }
  return activity;
}

std::optional<double> load_average() {
  std::ifstream file("/proc/loadavg");
  double load = 0;
  if (file >> load) return load;
  return std::nullopt;
}

std::string steal_source() {
  return read_cpu_activity().steal_ticks ? std::string(kStat) + " (steal column)"
                                         : std::string("not available: ") + kStat + " has no steal column";
}

std::string frequency_source() {
  return read_cpu_activity().mhz.empty() ? "not available: no " + frequency_file(0) + " (no cpufreq driver; usual in a VM)"
                                         : "/sys/devices/system/cpu/cpu*/cpufreq/scaling_cur_freq";
}

}  // namespace shmh::platform
