// What else the CPUs went through while a figure was measured: time the hypervisor gave to other
// guests (steal) and processor frequency changes, where the OS shows them, so a report can flag a
// figure taken on a disturbed machine instead of averaging it in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shmh::platform {

// One reading; compare two readings taken around a measurement.
struct CpuActivity {
  // Cumulative ticks over all CPUs (Linux /proc/stat); nothing where the OS does not report steal.
  std::optional<std::uint64_t> steal_ticks, total_ticks;
  // Current frequency of each logical CPU in MHz (Linux: cpufreq's scaling_cur_freq; Windows: the
  // power manager's CurrentMhz); empty where the OS shows none.
  std::vector<double> mhz;
};

CpuActivity read_cpu_activity();

// The 1-minute load average (runnable and uninterruptible tasks; Linux /proc/loadavg), or nothing
// where the OS keeps none (Windows). Other processes' work shows here, not in steal.
std::optional<double> load_average();

// Where steal and frequency come from here, or "not available: " and why: said once per report.
std::string steal_source();
std::string frequency_source();

}  // namespace shmh::platform
