// CPU facts and controls for measurements: pinning a thread to a core, the pause instruction for
// spin loops, which core a thread runs on, and whether this is a virtual machine.
#pragma once

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
// "KVM", "Microsoft Hv", ... from CPUID's hypervisor leaf, or "" on bare metal.
std::string hypervisor_vendor();
// The finest timer step the OS reports, in nanoseconds (clock_getres / QueryPerformanceFrequency).
double timer_resolution_ns();
// Whether large pages can be had here (Linux: hugepages configured; Windows: GetLargePageMinimum > 0).
std::string large_pages();
// The large-page size sections must be multiples of (GetLargePageMinimum), or 0.
std::uint64_t large_page_minimum();

}  // namespace shmh::platform
