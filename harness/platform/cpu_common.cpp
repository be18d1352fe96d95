// Architecture-specific but OS-independent CPU helpers: the pause instruction and CPUID.
#include "harness/platform/cpu.h"

#if defined(_M_X64) || defined(__x86_64__) || defined(_M_IX86) || defined(__i386__)
#define SHMH_X86 1
#include <immintrin.h>
#if defined(_MSC_VER)
#include <intrin.h>
#else
#include <cpuid.h>
#endif
#endif

#include <cstring>
#include <thread>

namespace shmh::platform {

void cpu_relax() {
#ifdef SHMH_X86
  _mm_pause();
#endif
}

std::uint64_t read_in_place(const std::byte* data, std::uint64_t size) {
  std::uint64_t i = 0, total = 0;
#if defined(_M_X64) || defined(__x86_64__)
  // No software prefetch: 1 KiB ahead made no difference on the 2-core VM, the hardware
  // prefetchers follow a sequential read (docs/performance.md, "What holds the ring back").
  __m128i a = _mm_setzero_si128(), b = a, c = a, d = a;
  for (; i + 64 <= size; i += 64) {
    const auto* p = reinterpret_cast<const __m128i*>(data + i);
    a = _mm_add_epi64(a, _mm_loadu_si128(p));
    b = _mm_add_epi64(b, _mm_loadu_si128(p + 1));
    c = _mm_add_epi64(c, _mm_loadu_si128(p + 2));
    d = _mm_add_epi64(d, _mm_loadu_si128(p + 3));
  }
  std::uint64_t lanes[2];
  _mm_storeu_si128(reinterpret_cast<__m128i*>(lanes), _mm_add_epi64(_mm_add_epi64(a, b), _mm_add_epi64(c, d)));
  total = lanes[0] + lanes[1];
#endif
  for (; i < size; ++i) total += static_cast<std::uint64_t>(data[i]);
  return total;
}

void SpinWait::once() {
  if (pauses_ < kPausesBeforeYield) {
    ++pauses_;
    cpu_relax();
    return;
  }
  ++yields_;
  std::this_thread::yield();
}

std::string hypervisor_vendor() {
#ifdef SHMH_X86
  unsigned regs[4] = {};
#if defined(_MSC_VER)
  int info[4];
  __cpuid(info, 1);
  regs[2] = static_cast<unsigned>(info[2]);
#else
  __cpuid(1, regs[0], regs[1], regs[2], regs[3]);
#endif
  if ((regs[2] & (1u << 31)) == 0) return "";  // the hypervisor-present bit
  unsigned vendor[4] = {};
#if defined(_MSC_VER)
  __cpuid(info, 0x40000000);
  vendor[1] = static_cast<unsigned>(info[1]);
  vendor[2] = static_cast<unsigned>(info[2]);
  vendor[3] = static_cast<unsigned>(info[3]);
#else
  __cpuid(0x40000000, vendor[0], vendor[1], vendor[2], vendor[3]);
#endif
  char name[13] = {};
  std::memcpy(name, &vendor[1], 4);
  std::memcpy(name + 4, &vendor[2], 4);
  std::memcpy(name + 8, &vendor[3], 4);
  return name[0] != '\0' ? std::string(name) : std::string("unknown hypervisor");
#else
  return "";
#endif
}

}  // namespace shmh::platform
