// CPU facts and controls for measurements: pinning a thread to a core, the pause instruction for
// spin loops, which core a thread runs on, and whether this is a virtual machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "harness/platform/result.h"

namespace shmh::platform {

// Keeps the calling thread on one logical core (sched_setaffinity / SetThreadAffinityMask).
Status pin_current_thread(unsigned core);
// The OS call behind pin_current_thread, for observations.
const char* pin_api_name();
// The logical core the calling thread runs on now, or -1 when the OS does not say.
int current_core();
// The pause instruction (x86) or nothing: for the body of spin loops.
void cpu_relax();
// Reads every byte of [data, data + size) once and returns a checksum, as a reader consuming a
// block in place would: the wrapping sum of the 64-bit words (native order) of each whole 64-byte
// group, plus each byte after the last group. On x86-64 with 16-byte SSE2 loads (the baseline of
// every x86-64 compiler) into four sums: the block comes from the other core's cache, and 8-byte
// loads through a stack copy kept too few lines in flight (the zero-copy rows read 0.65-0.90 of
// the copy-out rows at 64 KiB-1 MiB; with these loads 0.93-1.21: docs/performance.md).
std::uint64_t read_in_place(const std::byte* data, std::uint64_t size);
// A spin wait that degrades instead of hanging: the pause instruction for a bounded number of
// rounds, then the core is given away between rounds (std::this_thread::yield: SwitchToThread on
// Windows, sched_yield on POSIX). Two spinners that share one core (a 2-vCPU runner, tests run in
// parallel) then still hand over within a time slice instead of burning whole slices each.
class SpinWait {
 public:
  // Rounds of pause before the first yield: far longer than a healthy cross-core hand-off
  // (well under a microsecond), short against a scheduler time slice (15.6 ms on Windows).
  static constexpr std::uint32_t kPausesBeforeYield = 16 * 1024;
  void once();
  std::uint64_t yields() const { return yields_; }

 private:
  std::uint32_t pauses_ = 0;
  std::uint64_t yields_ = 0;
};
// "KVM", "Microsoft Hv", ... from CPUID's hypervisor leaf, or "" on bare metal.
std::string hypervisor_vendor();
// The finest timer step the OS reports, in nanoseconds (clock_getres / QueryPerformanceFrequency).
double timer_resolution_ns();
// Whether large pages can be had here (Linux: hugepages configured; Windows: GetLargePageMinimum > 0).
std::string large_pages();
// The large-page size sections must be multiples of (GetLargePageMinimum), or 0.
std::uint64_t large_page_minimum();

}  // namespace shmh::platform
