// Windows readings of CPU frequency (CallNtPowerInformation ProcessorInformation); Windows reports
// no steal time to a guest.
#include <windows.h>
#if __has_include(<powerbase.h>)
#include <powerbase.h>  // the Windows SDK declares CallNtPowerInformation here
#else
#include <powrprof.h>  // mingw-w64 declares it here
#endif

#include <cstdio>
#include <vector>

#include "harness/platform/cpu_activity.h"

namespace shmh::platform {
namespace {

// Microsoft documents this structure but left it out of WinNT.h, and says to declare it.
struct ProcessorPowerInformation {
  ULONG Number, MaxMhz, CurrentMhz, MhzLimit, MaxIdleState, CurrentIdleState;
};

constexpr LONG kStatusSuccess = 0;
constexpr LONG kStatusBufferTooSmall = static_cast<LONG>(0xC0000023);

// One entry per processor installed; GetActiveProcessorCount(ALL_PROCESSOR_GROUPS) counts
// beyond the 64 of one group, and the buffer grows if the system still says it is too small.
// Returns the status of the last call.
LONG read_power_information(std::vector<ProcessorPowerInformation>& out) {
  DWORD count = ::GetActiveProcessorCount(ALL_PROCESSOR_GROUPS);
  if (count == 0) count = 1;
  LONG status = kStatusBufferTooSmall;
  for (int attempt = 0; attempt < 4 && status == kStatusBufferTooSmall; ++attempt, count *= 2) {
    out.assign(count, ProcessorPowerInformation{});
    status = static_cast<LONG>(::CallNtPowerInformation(ProcessorInformation, nullptr, 0, out.data(),
                                                        static_cast<ULONG>(out.size() * sizeof(ProcessorPowerInformation))));
  }
  return status;
}

}  // namespace

CpuActivity read_cpu_activity() {
  CpuActivity activity;
  std::vector<ProcessorPowerInformation> processors;
  if (read_power_information(processors) == kStatusSuccess) {
    for (const auto& p : processors) activity.mhz.push_back(static_cast<double>(p.CurrentMhz));
  }
  return activity;
}

std::optional<double> load_average() { return std::nullopt; }

std::string steal_source() {
  return "not available: Windows reports no time the hypervisor gave to other guests to a guest";
}

std::string frequency_source() {
  std::vector<ProcessorPowerInformation> processors;
  const LONG status = read_power_information(processors);
  if (status != kStatusSuccess) {
    char text[96];
    std::snprintf(text, sizeof text, "not available: CallNtPowerInformation(ProcessorInformation) returned 0x%08lX",
                  static_cast<unsigned long>(status));
    return text;
  }
  // CurrentMhz is the maximum frequency times the current throttle the power manager asked for,
  // not a measured clock: a change is seen only when the power manager changes it.
  return "CallNtPowerInformation(ProcessorInformation) CurrentMhz (requested, not measured)";
}

}  // namespace shmh::platform
