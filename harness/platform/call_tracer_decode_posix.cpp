// POSIX tracer decoding: x86-64 Linux system calls as the libc calls a program made.
#include "harness/platform/call_tracer_decode.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include <cstdio>

#include "harness/platform/mask_names.h"
#include "harness/platform/os_error.h"

namespace shmh::platform {
namespace {

constexpr std::string_view kShmDir = "/dev/shm/";

struct Bit {
  std::uint64_t value;
  const char* name;
};

std::string bits_text(std::uint64_t value, std::initializer_list<Bit> bits, std::string text) {
  for (const auto& b : bits) {
    if (b.value != 0 && (value & b.value) == b.value) {
      text += (text.empty() ? "" : "|") + std::string(b.name);
      value &= ~b.value;
    }
  }
  if (value != 0) {
    char hex[32];
    std::snprintf(hex, sizeof hex, "0x%llx", static_cast<unsigned long long>(value));
    text += (text.empty() ? "" : "|") + std::string(hex);
  }
  return text.empty() ? "0" : text;
}

std::string hex(std::uint64_t value) {
  char text[32];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

std::string octal_mode(std::uint64_t mode) {
  char text[32];
  std::snprintf(text, sizeof text, mode == 0 ? "0" : "0%llo", static_cast<unsigned long long>(mode));
  return text;
}

// "/name" for a path of a shared-memory object (/dev/shm/name, no further folder), else "".
std::string shm_name(const std::string& path) {
  if (path.rfind(kShmDir, 0) != 0) return "";
  const std::string rest = path.substr(kShmDir.size());
  if (rest.empty() || rest.find('/') != std::string::npos) return "";
  return "/" + rest;
}

int as_fd(std::uint64_t value) { return static_cast<int>(static_cast<std::uint32_t>(value)); }

std::uint32_t access_of_open(std::uint64_t flags) {
  switch (flags & O_ACCMODE) {
    case O_RDONLY: return mask::kFileMapRead;
    case O_WRONLY: return mask::kFileMapWrite;
    default: return mask::kFileMapRead | mask::kFileMapWrite;
  }
}

std::uint32_t page_protection(std::uint64_t prot, bool copy) {
  const bool r = prot & PROT_READ, w = prot & PROT_WRITE, x = prot & PROT_EXEC;
  if (x) return w ? (copy ? mask::kPageExecuteWriteCopy : mask::kPageExecuteReadWrite) : (r ? mask::kPageExecuteRead : mask::kPageExecute);
  if (w) return copy ? mask::kPageWriteCopy : mask::kPageReadWrite;
  return r ? mask::kPageReadOnly : mask::kPageNoAccess;
}

std::uint32_t view_access(std::uint64_t prot, bool copy) {
  std::uint32_t access = 0;
  if (copy) access = mask::kFileMapCopy;
  else if (prot & PROT_WRITE) access = mask::kFileMapRead | mask::kFileMapWrite;
  else if (prot & PROT_READ) access = mask::kFileMapRead;
  if (prot & PROT_EXEC) access |= mask::kFileMapExecute;
  return access;
}

const std::string* tracked(const DecodeState& state, std::uint64_t fd) {
  const auto it = state.fds.find(as_fd(fd));
  return it == state.fds.end() ? nullptr : &it->second;
}

}  // namespace

std::string open_flags_text(std::uint64_t flags) {
  flags &= ~static_cast<std::uint64_t>(O_NOFOLLOW | O_CLOEXEC);
  const char* mode = (flags & O_ACCMODE) == O_RDONLY ? "O_RDONLY" : (flags & O_ACCMODE) == O_WRONLY ? "O_WRONLY" : "O_RDWR";
  if ((flags & O_ACCMODE) == O_ACCMODE) mode = "O_ACCMODE";
  return bits_text(flags & ~static_cast<std::uint64_t>(O_ACCMODE),
                   {{O_CREAT, "O_CREAT"}, {O_EXCL, "O_EXCL"}, {O_TRUNC, "O_TRUNC"}, {O_NONBLOCK, "O_NONBLOCK"}, {O_APPEND, "O_APPEND"}},
                   mode);
}

std::string prot_text(std::uint64_t prot) {
  if (prot == PROT_NONE) return "PROT_NONE";
  return bits_text(prot, {{PROT_READ, "PROT_READ"}, {PROT_WRITE, "PROT_WRITE"}, {PROT_EXEC, "PROT_EXEC"}}, "");
}

std::string map_flags_text(std::uint64_t flags) {
  return bits_text(flags, {{MAP_SHARED_VALIDATE, "MAP_SHARED_VALIDATE"}, {MAP_SHARED, "MAP_SHARED"}, {MAP_PRIVATE, "MAP_PRIVATE"},
                           {MAP_FIXED_NOREPLACE, "MAP_FIXED_NOREPLACE"}, {MAP_FIXED, "MAP_FIXED"}, {MAP_POPULATE, "MAP_POPULATE"},
                           {MAP_NORESERVE, "MAP_NORESERVE"}, {MAP_LOCKED, "MAP_LOCKED"}},
                   "");
}

std::optional<DecodedEntry> decode_syscall_entry(const SyscallArgs& s, const DecodeState& state, const PathReader& path_at) {
  DecodedEntry d;
  TracedCall& c = d.call;
  const auto& a = s.arg;
  switch (s.number) {
    case SYS_open:
    case SYS_openat: {
      const bool at = s.number == SYS_openat;
      const std::uint64_t flags = at ? a[2] : a[1];
      const std::uint64_t mode = at ? a[3] : a[2];
      c.object_name = shm_name(path_at(at ? a[0] : static_cast<std::uint64_t>(AT_FDCWD), at ? a[1] : a[0]));
      if (c.object_name.empty()) return std::nullopt;
      d.kind = SyscallKind::shm_open;
      c.api = "shm_open";
      c.access = access_of_open(flags);
      c.args = {{"name", "\"" + c.object_name + "\""}, {"oflag", open_flags_text(flags)}, {"mode", octal_mode(mode & 07777)}};
      return d;
    }
    case SYS_unlink:
    case SYS_unlinkat: {
      const bool at = s.number == SYS_unlinkat;
      if (at && (a[2] & AT_REMOVEDIR)) return std::nullopt;
      c.object_name = shm_name(path_at(at ? a[0] : static_cast<std::uint64_t>(AT_FDCWD), at ? a[1] : a[0]));
      if (c.object_name.empty()) return std::nullopt;
      d.kind = SyscallKind::shm_unlink;
      c.api = "shm_unlink";
      c.args = {{"name", "\"" + c.object_name + "\""}};
      return d;
    }
    case SYS_ftruncate: {
      const auto* name = tracked(state, a[0]);
      if (!name) return std::nullopt;
      d.kind = SyscallKind::ftruncate;
      c.api = "ftruncate";
      c.object_name = *name;
      c.handle = static_cast<std::uint64_t>(as_fd(a[0]));
      c.size = a[1];
      c.args = {{"fd", std::to_string(as_fd(a[0]))}, {"length", std::to_string(static_cast<std::int64_t>(a[1]))}};
      return d;
    }
    case SYS_mmap: {
      const auto* name = tracked(state, a[4]);
      if (!name || (a[3] & MAP_ANONYMOUS)) return std::nullopt;
      d.kind = SyscallKind::mmap;
      const bool copy = (a[3] & (MAP_SHARED | MAP_PRIVATE)) == MAP_PRIVATE;
      c.api = "mmap";
      c.object_name = *name;
      c.handle = static_cast<std::uint64_t>(as_fd(a[4]));
      c.size = a[1];
      c.offset = a[5];
      c.protection = page_protection(a[2], copy);
      c.access = view_access(a[2], copy);
      c.args = {{"addr", a[0] == 0 ? "NULL" : hex(a[0])}, {"length", std::to_string(a[1])}, {"prot", prot_text(a[2])},
                {"flags", map_flags_text(a[3])}, {"fd", std::to_string(as_fd(a[4]))}, {"offset", std::to_string(a[5])}};
      return d;
    }
    case SYS_munmap: {
      const DecodeMapping* hit = nullptr;
      for (const auto& m : state.mappings) {
        if (a[0] < m.address + m.length && m.address < a[0] + a[1]) hit = &m;
      }
      if (!hit) return std::nullopt;
      d.kind = SyscallKind::munmap;
      c.api = "munmap";
      c.object_name = hit->name;
      c.handle = a[0];
      c.size = a[1];
      c.args = {{"addr", hex(a[0])}, {"length", std::to_string(a[1])}};
      return d;
    }
    case SYS_close: {
      const auto* name = tracked(state, a[0]);
      if (!name) return std::nullopt;
      d.kind = SyscallKind::close;
      c.api = "close";
      c.object_name = *name;
      c.handle = static_cast<std::uint64_t>(as_fd(a[0]));
      c.args = {{"fd", std::to_string(as_fd(a[0]))}};
      return d;
    }
    default:
      return std::nullopt;
  }
}

void decode_syscall_result(SyscallKind kind, std::int64_t rax, TracedCall& call) {
  call.failed = rax < 0 && rax >= -4095;
  if (call.failed) {
    call.error = -rax;
    call.error_symbol = error_symbol(call.error);
    call.result = kind == SyscallKind::mmap ? "MAP_FAILED" : "-1";
    call.result_value = kind == SyscallKind::mmap ? ~std::uint64_t{0} : static_cast<std::uint64_t>(-1);
    return;
  }
  call.error = 0;
  call.error_symbol.clear();
  call.result_value = static_cast<std::uint64_t>(rax);
  call.result = kind == SyscallKind::mmap ? hex(call.result_value) : std::to_string(rax);
}

}  // namespace shmh::platform
