// The POSIX tracer's decoding, apart from ptrace so that it is tested on recorded registers: which
// system call is a shared-memory call (openat of /dev/shm/x is shm_open("/x")), its arguments as a
// person reads them, and its result. Plain functions; the numbers are x86-64 Linux's.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/platform/call_tracer.h"

namespace shmh::platform {

enum class SyscallKind { other, shm_open, shm_unlink, ftruncate, mmap, munmap, close };

// A system call at its seccomp stop: orig_rax and rdi, rsi, rdx, r10, r8, r9.
struct SyscallArgs {
  long number = 0;
  std::array<std::uint64_t, 6> arg{};
};

struct DecodeMapping {
  std::uint64_t address = 0;
  std::uint64_t length = 0;
  std::string name;
};

// What one process holds that the decoding needs: descriptors shm_open returned, their mappings.
struct DecodeState {
  const std::map<int, std::string>& fds;
  std::vector<DecodeMapping> mappings;
};

struct DecodedEntry {
  TracedCall call;  // api, args and the raw facts; no pid, time or result yet
  SyscallKind kind = SyscallKind::other;
};

// Reads the path argument at `address`, made absolute against `dirfd` (AT_FDCWD: the cwd).
using PathReader = std::function<std::string(std::uint64_t dirfd, std::uint64_t address)>;

// The call, or nothing when it does not concern shared memory (then only its stop was paid).
std::optional<DecodedEntry> decode_syscall_entry(const SyscallArgs& args, const DecodeState& state, const PathReader& path_at);
// Fills result, result_value, failed, error and error_symbol from rax (-errno on failure).
void decode_syscall_result(SyscallKind kind, std::int64_t rax, TracedCall& call);

// "O_RDWR|O_CREAT|O_EXCL" (without the O_NOFOLLOW|O_CLOEXEC glibc's shm_open adds);
// "PROT_READ|PROT_WRITE"; "MAP_SHARED".
std::string open_flags_text(std::uint64_t flags);
std::string prot_text(std::uint64_t prot);
std::string map_flags_text(std::uint64_t flags);

}  // namespace shmh::platform
