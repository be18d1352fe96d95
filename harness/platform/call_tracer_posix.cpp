// POSIX call tracer: ptrace (PTRACE_SEIZE) plus a seccomp-bpf filter that stops the program only at
// the system calls shm_open/shm_unlink/ftruncate/mmap/munmap/close become, as `strace --seccomp-bpf`.
// The filter is inherited by every process the program starts, and a SECCOMP_RET_TRACE call
// without a tracer fails with ENOSYS, so children are always attached (as strace makes
// --seccomp-bpf imply -f); follow_children decides whose calls are recorded and awaited.
#include "harness/platform/call_tracer.h"

#include <elf.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <map>
#include <set>

#include "harness/platform/call_tracer_decode.h"
#include "harness/platform/this_process.h"

namespace shmh::platform {
namespace {

// The traced processes, for request_trace_stop and stop_trace_of (a signal handler: atomics and
// kill only). Each slot packs the trace's program pid (its owner, high half) and a traced pid (low
// half), so that several traces can run at once (`pair --trace`: one thread per program) and one
// can be ended alone. Every process the program starts is traced, so the list holds them all; none
// leaves our group of processes to a group of its own, so that a program reading the terminal still may.
constexpr std::size_t kStopSlots = 256;
std::array<std::atomic<std::uint64_t>, kStopSlots> g_traced{};
std::atomic<bool> g_stop_requested{false};
// The owners asked to stop (stop_trace_of): their newborn processes are killed too.
constexpr std::size_t kStoppedSlots = 64;
std::array<std::atomic<pid_t>, kStoppedSlots> g_stopped_owners{};

std::uint64_t slot_value(pid_t owner, pid_t pid) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(owner)) << 32) | static_cast<std::uint32_t>(pid);
}
pid_t slot_pid(std::uint64_t value) { return static_cast<pid_t>(value & 0xffffffffu); }
pid_t slot_owner(std::uint64_t value) { return static_cast<pid_t>(value >> 32); }

void remember_traced(pid_t pid, pid_t owner) {
  for (auto& slot : g_traced) {
    std::uint64_t empty = 0;
    if (slot.compare_exchange_strong(empty, slot_value(owner, pid))) return;
  }
}
void forget_traced(pid_t pid, pid_t owner) {
  for (auto& slot : g_traced) {
    std::uint64_t expected = slot_value(owner, pid);
    slot.compare_exchange_strong(expected, 0);
  }
}
void forget_trace(pid_t owner) {
  for (auto& slot : g_traced) {
    std::uint64_t value = slot.load();
    if (value != 0 && slot_owner(value) == owner) slot.compare_exchange_strong(value, 0);
  }
  for (auto& slot : g_stopped_owners) {
    pid_t expected = owner;
    slot.compare_exchange_strong(expected, 0);
  }
}
bool owner_stopped(pid_t owner) {
  for (const auto& slot : g_stopped_owners) {
    if (slot.load() == owner) return true;
  }
  return false;
}

#if defined(__x86_64__)

// What the child reports through its close-on-exec pipe when it cannot reach exec.
struct ChildFailure {
  int stage = 0;  // 1 no_new_privs, 2 seccomp, 3 exec
  int code = 0;
};

std::vector<sock_filter> seccomp_program() {
  std::vector<sock_filter> p;
  auto stmt = [&](std::uint16_t code, std::uint32_t k) { p.push_back(BPF_STMT(code, k)); };
  auto jump = [&](std::uint16_t code, std::uint32_t k, std::uint8_t jt, std::uint8_t jf) { p.push_back(BPF_JUMP(code, k, jt, jf)); };
  stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch));
  jump(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
  stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);  // i386 or another ABI: its numbers differ
  stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr));
  jump(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1);  // x32 numbers
  stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
  const std::uint32_t traced[] = {SYS_openat, SYS_open, SYS_unlink, SYS_unlinkat, SYS_ftruncate, SYS_mmap, SYS_munmap, SYS_close};
  const auto count = static_cast<std::uint8_t>(std::size(traced));
  for (std::uint8_t i = 0; i < count; ++i) {
    // Jump to the TRACE return after the remaining comparisons and the ALLOW return.
    jump(BPF_JMP | BPF_JEQ | BPF_K, traced[i], static_cast<std::uint8_t>(count - i), 0);
  }
  stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  stmt(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
  return p;
}

// Runs in the forked child: only async-signal-safe calls, everything prepared before the fork.
[[noreturn]] void become_traced_program(char* const* argv, char* const* envp, const sock_fprog& filter, int report_fd, pid_t tracer,
                                        bool stdout_to_stderr, const std::array<int, 3>& stdio) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // until the tracer has seized us (then PTRACE_O_EXITKILL)
  if (::getppid() != tracer) ::_exit(127);
  ::raise(SIGSTOP);  // the tracer seizes us here
  ::prctl(PR_SET_PDEATHSIG, 0);  // the program runs as it would alone
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  ::sigaction(SIGPIPE, &default_action, nullptr);  // an ignored SIGPIPE (the harness's) outlives exec
  if (stdout_to_stderr && stdio[1] < 0) ::dup2(STDERR_FILENO, STDOUT_FILENO);
  // The caller's streams (dup2 clears close-on-exec on the copy; the originals close at exec).
  for (int target = 0; target < 3; ++target) {
    if (stdio[target] >= 0 && stdio[target] != target) ::dup2(stdio[target], target);
  }
  ChildFailure failure;
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    failure = {1, errno};
  } else if (::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &filter) != 0) {
    failure = {2, errno};
  } else {
    ::execvpe(argv[0], argv, envp);
    failure = {3, errno};
  }
  [[maybe_unused]] const auto written = ::write(report_fd, &failure, sizeof failure);
  ::_exit(127);
}

struct Mapping {
  std::uint64_t length = 0;
  std::string name;
};

struct Process {
  std::size_t index = 0;  // in the outcome's processes
  bool recorded = false;  // its calls are recorded (the program; its children with follow_children)
  bool ended = false;
  std::map<int, std::string> fds;               // descriptors shm_open returned -> "/name"
  std::map<std::uint64_t, Mapping> mappings;    // address -> mapping of one of those
};

// A call stopped at its seccomp stop, waiting for its exit stop.
struct Pending {
  TracedCall call;
  SyscallKind kind = SyscallKind::other;
};

class Tracer {
 public:
  Tracer(const TraceOptions& options, pid_t program) : options_(options), program_(program), start_(std::chrono::steady_clock::now()) {}

  Status run_until_all_ended(TraceOutcome& outcome) {
    outcome_ = &outcome;
    add_process(program_, ::getpid(), true);
    tgid_of_[program_] = program_;
    while (true) {
      // Ctrl-C on a tracer that installed install_interrupt_handler (its SIGINT ends the wait).
      if (interrupt_requested() && !g_stop_requested) request_trace_stop();
      int status = 0;
      const pid_t tid = ::waitpid(-1, &status, __WALL | __WNOTHREAD);
      if (tid < 0) {
        if (errno == EINTR) continue;
        if (errno == ECHILD) break;
        return make_os_error("waitpid", errno);
      }
      if (WIFEXITED(status) || WIFSIGNALED(status)) {
        task_ended(tid, status);
        continue;
      }
      if (WIFSTOPPED(status)) stopped(tid, status);
    }
    return std::nullopt;
  }

 private:
  double elapsed_ms() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
  }

  pid_t tgid(pid_t tid) {
    if (auto it = tgid_of_.find(tid); it != tgid_of_.end()) return it->second;
    // A task we have not heard of yet (its first stop can come before its parent's event).
    pid_t found = tid;
    std::ifstream status("/proc/" + std::to_string(tid) + "/status");
    for (std::string line; std::getline(status, line);) {
      if (line.rfind("Tgid:", 0) == 0) found = static_cast<pid_t>(std::stol(line.substr(5)));
    }
    tgid_of_[tid] = found;
    return found;
  }

  Process& add_process(pid_t pid, pid_t parent, bool recorded) {
    auto& p = processes_[pid];
    if (p.index == 0 && (outcome_->processes.empty() || outcome_->processes.front().pid != pid)) {
      p.index = outcome_->processes.size();
      TracedProcess traced;
      traced.pid = pid;
      traced.parent_pid = parent;
      traced.image = pid == program_ ? options_.argv.front() : image_of(pid);
      outcome_->processes.push_back(traced);
    }
    p.recorded = recorded;
    remember_traced(pid, program_);
    return p;
  }

  static std::string image_of(pid_t pid) {
    std::array<char, 4096> buffer{};
    const auto n = ::readlink(("/proc/" + std::to_string(pid) + "/exe").c_str(), buffer.data(), buffer.size() - 1);
    return n > 0 ? std::string(buffer.data(), static_cast<std::size_t>(n)) : "";
  }

  void task_ended(pid_t tid, int status) {
    pending_.erase(tid);
    const pid_t group = tgid(tid);
    tgid_of_.erase(tid);
    if (tid != group) return;  // a thread
    auto it = processes_.find(tid);
    if (it == processes_.end()) return;
    it->second.ended = true;
    auto& exit = outcome_->processes[it->second.index].exit;
    exit.by_signal = WIFSIGNALED(status);
    exit.code = exit.by_signal ? WTERMSIG(status) : WEXITSTATUS(status);
    exit.killed_by_owner = g_stop_requested.load() || owner_stopped(program_);
    forget_traced(tid, program_);
  }

  void resume(pid_t tid, int request, int signal = 0) {
    ::ptrace(static_cast<__ptrace_request>(request), tid, nullptr, reinterpret_cast<void*>(static_cast<long>(signal)));
  }

  void stopped(pid_t tid, int status) {
    if (g_stop_requested || owner_stopped(program_)) ::kill(tgid(tid), SIGKILL);  // born while the others were killed
    const int signal = WSTOPSIG(status);
    const int event = status >> 16;
    const int again = pending_.count(tid) ? PTRACE_SYSCALL : PTRACE_CONT;
    switch (event) {
      case PTRACE_EVENT_SECCOMP:
        return seccomp_stop(tid);
      case PTRACE_EVENT_FORK:
      case PTRACE_EVENT_VFORK:
      case PTRACE_EVENT_CLONE:
        new_task(tid, event);
        return resume(tid, again);
      case PTRACE_EVENT_EXEC:
        exec_done(tid);
        return resume(tid, again);
      case PTRACE_EVENT_STOP:
        // A group-stop keeps the task stopped until SIGCONT (PTRACE_LISTEN); any other event-stop
        // (a new task's first stop) goes on.
        if ((signal == SIGSTOP || signal == SIGTSTP || signal == SIGTTIN || signal == SIGTTOU) && seen_exec_) {
          return resume(tid, PTRACE_LISTEN);
        }
        return resume(tid, again);
      case 0:
        if (signal == (SIGTRAP | 0x80)) return syscall_exit(tid);
        return resume(tid, again, signal);  // a signal for the program: deliver it
      default:
        return resume(tid, again);
    }
  }

  void new_task(pid_t parent_tid, int event) {
    unsigned long message = 0;
    ::ptrace(PTRACE_GETEVENTMSG, parent_tid, nullptr, &message);
    const auto child = static_cast<pid_t>(message);
    const pid_t parent = tgid(parent_tid);
    tgid_of_.erase(child);
    const pid_t group = tgid(child);
    if (event == PTRACE_EVENT_CLONE && group == parent) return;  // a thread of the same process
    auto& from = processes_[parent];
    auto& p = add_process(child, parent, options_.follow_children && from.recorded);
    p.fds = from.fds;  // a fork copies the descriptor table and the mappings
    p.mappings = from.mappings;
  }

  void exec_done(pid_t tid) {
    const pid_t group = tgid(tid);
    if (group == program_) seen_exec_ = true;
    unsigned long former = 0;
    ::ptrace(PTRACE_GETEVENTMSG, tid, nullptr, &former);
    if (static_cast<pid_t>(former) != tid) tgid_of_.erase(static_cast<pid_t>(former));
    auto& p = processes_[group];
    p.mappings.clear();  // a new image; shm_open's descriptors are close-on-exec
    for (auto it = p.fds.begin(); it != p.fds.end();) it = descriptor_open(group, it->first) ? std::next(it) : p.fds.erase(it);
    if (group != program_) outcome_->processes[p.index].image = image_of(group);
  }

  // After exec the kernel has already closed the close-on-exec descriptors: one missing is gone.
  static bool descriptor_open(pid_t pid, int fd) {
    return ::access(("/proc/" + std::to_string(pid) + "/fd/" + std::to_string(fd)).c_str(), F_OK) == 0;
  }

  std::string read_string(pid_t pid, std::uint64_t address) {
    std::string text;
    std::array<char, 256> chunk{};
    while (text.size() < 4096) {
      // Never across a page boundary in one read: the next page may not be mapped.
      const std::size_t to_page = 4096 - (address % 4096);
      const std::size_t want = std::min(chunk.size(), to_page);
      iovec local{chunk.data(), want};
      iovec remote{reinterpret_cast<void*>(address), want};
      auto got = ::process_vm_readv(pid, &local, 1, &remote, 1, 0);
      if (got <= 0) {  // fallback: one word at a time through ptrace
        errno = 0;
        const long word = ::ptrace(PTRACE_PEEKDATA, pid, reinterpret_cast<void*>(address), nullptr);
        if (errno != 0) break;
        std::memcpy(chunk.data(), &word, sizeof word);
        got = sizeof word;
      }
      const auto n = static_cast<std::size_t>(got);
      const auto end = std::find(chunk.data(), chunk.data() + n, '\0');
      text.append(chunk.data(), end);
      if (end != chunk.data() + n) break;
      address += n;
    }
    return text;
  }

  std::string link_of(pid_t pid, const std::string& what) {
    std::array<char, 4096> buffer{};
    const auto n = ::readlink(("/proc/" + std::to_string(pid) + "/" + what).c_str(), buffer.data(), buffer.size() - 1);
    return n > 0 ? std::string(buffer.data(), static_cast<std::size_t>(n)) : "";
  }

  // The path as the kernel will see it: relative ones against the directory descriptor or cwd.
  std::string absolute_path(pid_t pid, long dirfd, const std::string& path) {
    if (path.empty() || path.front() == '/') return path;
    const std::string base = dirfd == AT_FDCWD ? link_of(pid, "cwd") : link_of(pid, "fd/" + std::to_string(dirfd));
    return base + "/" + path;
  }

  void seccomp_stop(pid_t tid) {
    user_regs_struct regs{};
    if (::ptrace(PTRACE_GETREGS, tid, nullptr, &regs) != 0) return resume(tid, PTRACE_CONT);
    const pid_t pid = tgid(tid);
    auto& process = processes_[pid];
    const SyscallArgs args{static_cast<long>(regs.orig_rax), {regs.rdi, regs.rsi, regs.rdx, regs.r10, regs.r8, regs.r9}};
    DecodeState state{process.fds, {}};
    for (const auto& [address, mapping] : process.mappings) state.mappings.push_back({address, mapping.length, mapping.name});
    auto path_at = [&](std::uint64_t dirfd, std::uint64_t address) {
      return absolute_path(pid, static_cast<long>(static_cast<int>(dirfd)), read_string(pid, address));
    };
    auto decoded = decode_syscall_entry(args, state, path_at);
    if (!decoded) return resume(tid, PTRACE_CONT);  // not shared memory: only this stop paid
    decoded->call.pid = pid;
    decoded->call.tid = tid;
    decoded->call.t_ms = elapsed_ms();
    pending_[tid] = Pending{std::move(decoded->call), decoded->kind};
    resume(tid, PTRACE_SYSCALL);  // on to the exit stop, for the result
  }

  void syscall_exit(pid_t tid) {
    auto it = pending_.find(tid);
    if (it == pending_.end()) return resume(tid, PTRACE_CONT);
    user_regs_struct regs{};
    Pending pending = std::move(it->second);
    pending_.erase(it);
    if (::ptrace(PTRACE_GETREGS, tid, nullptr, &regs) != 0) return resume(tid, PTRACE_CONT);
    const pid_t pid = tgid(tid);
    auto& process = processes_[pid];
    TracedCall& call = pending.call;
    decode_syscall_result(pending.kind, static_cast<std::int64_t>(regs.rax), call);
    // The tables follow what the kernel did, whether or not the process's calls are recorded.
    switch (pending.kind) {
      case SyscallKind::shm_open:
        if (!call.failed) process.fds[static_cast<int>(call.result_value)] = call.object_name;
        break;
      case SyscallKind::close:
        process.fds.erase(static_cast<int>(call.handle));  // Linux frees the descriptor even on EINTR
        break;
      case SyscallKind::mmap:
        if (!call.failed) process.mappings[call.result_value] = {call.size.value_or(0), call.object_name};
        break;
      case SyscallKind::munmap:
        if (!call.failed) {
          for (auto m = process.mappings.begin(); m != process.mappings.end();) {
            const bool inside = m->first >= call.handle && m->first < call.handle + call.size.value_or(0);
            m = inside ? process.mappings.erase(m) : std::next(m);
          }
        }
        break;
      default:
        break;
    }
    if (process.recorded) {
      if (options_.on_call) options_.on_call(call);
      outcome_->calls.push_back(std::move(call));
    }
    resume(tid, PTRACE_CONT);
  }

  const TraceOptions& options_;
  pid_t program_;
  std::chrono::steady_clock::time_point start_;
  TraceOutcome* outcome_ = nullptr;
  std::map<pid_t, Process> processes_;
  std::map<pid_t, pid_t> tgid_of_;
  std::map<pid_t, Pending> pending_;
  bool seen_exec_ = false;
};

OsError start_failure(const ChildFailure& failure, const std::string& program) {
  switch (failure.stage) {
    case 1: {
      auto e = make_os_error("prctl(PR_SET_NO_NEW_PRIVS)", failure.code);
      e.message += " — the kernel refused no_new_privs, which a seccomp filter needs without CAP_SYS_ADMIN";
      return e;
    }
    case 2: {
      auto e = make_os_error("prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)", failure.code);
      e.message += " — this kernel or container does not allow seccomp filters (CONFIG_SECCOMP_FILTER, or a "
                   "container profile that forbids them); trace needs them";
      return e;
    }
    default: {
      auto e = make_os_error("execvp(" + program + ")", failure.code);
      e.message += failure.code == ENOENT ? " — no such program: give its path, or a name found on PATH"
                                          : " — the program could not be started";
      return e;
    }
  }
}

#endif  // __x86_64__

}  // namespace

Result<TraceOutcome> trace_program(const TraceOptions& options) {
#if !defined(__x86_64__)
  (void)options;
  return make_os_error("trace (x86-64 only)", ENOSYS);
#else
  if (options.argv.empty()) return make_os_error("trace (no program given)", EINVAL);
  g_stop_requested = false;
  std::vector<std::string> words = options.argv;
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  // LeakSanitizer stops the world with ptrace at exit, which fails under any tracer ("does not
  // work under ptrace (strace, gdb, etc)"): a program built with ASan would end with its fatal
  // error and exit code 1 instead of its own. The traced program gets detect_leaks=0 appended to
  // its ASAN_OPTIONS (the README says so); nothing else of its environment changes.
  std::vector<std::string> environment;
  bool asan_options_seen = false;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry = *e;
    if (entry.rfind("ASAN_OPTIONS=", 0) == 0) {
      entry += entry.size() > std::strlen("ASAN_OPTIONS=") ? ":detect_leaks=0" : "detect_leaks=0";
      asan_options_seen = true;
    }
    environment.push_back(std::move(entry));
  }
  if (!asan_options_seen) environment.emplace_back("ASAN_OPTIONS=detect_leaks=0");
  std::vector<char*> envp;
  for (auto& e : environment) envp.push_back(e.data());
  envp.push_back(nullptr);
  auto program = seccomp_program();
  const sock_fprog filter{static_cast<unsigned short>(program.size()), program.data()};
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) return last_os_error("pipe2");
  const pid_t tracer = ::getpid();
  const pid_t child = ::fork();
  if (child < 0) {
    const auto error = last_os_error("fork");
    ::close(report[0]);
    ::close(report[1]);
    return error;
  }
  const std::array<int, 3> stdio{static_cast<int>(options.program_stdin.value_or(-1)),
                                 static_cast<int>(options.program_stdout.value_or(-1)),
                                 static_cast<int>(options.program_stderr.value_or(-1))};
  if (child == 0) become_traced_program(argv.data(), envp.data(), filter, report[1], tracer, options.program_stdout_to_stderr, stdio);
  ::close(report[1]);
  remember_traced(child, child);

  int status = 0;
  while (::waitpid(child, &status, WSTOPPED | __WNOTHREAD) < 0 && errno == EINTR) {
  }
  long seize_options = PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL | PTRACE_O_TRACEEXEC | PTRACE_O_TRACESYSGOOD |
                       PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK;
  if (::ptrace(PTRACE_SEIZE, child, nullptr, reinterpret_cast<void*>(seize_options)) != 0) {
    auto error = last_os_error("ptrace(PTRACE_SEIZE)");
    ::kill(child, SIGKILL);
    ::waitpid(child, &status, 0);
    ::close(report[0]);
    forget_trace(child);
    std::string scope;
    std::ifstream("/proc/sys/kernel/yama/ptrace_scope") >> scope;
    error.message += " — tracing was refused" +
                     (scope.empty() ? std::string() : " (kernel.yama.ptrace_scope is " + scope + ")") +
                     ": allow it with `sysctl kernel.yama.ptrace_scope=1` (3 cannot be undone until reboot), or in a "
                     "container add the capability (docker run --cap-add SYS_PTRACE)";
    return error;
  }
  if (options.on_started) options.on_started(child);
  ::kill(child, SIGCONT);

  TraceOutcome outcome;
  Tracer tracer_loop(options, child);
  const auto failed = tracer_loop.run_until_all_ended(outcome);
  forget_trace(child);  // this trace's slots only: another may still run
  ChildFailure failure;
  const auto got = ::read(report[0], &failure, sizeof failure);
  ::close(report[0]);
  if (got == static_cast<ssize_t>(sizeof failure)) return start_failure(failure, options.argv.front());
  if (failed) return *failed;
  outcome.exit = outcome.processes.front().exit;
  return outcome;
#endif
}

void request_trace_stop() {
  g_stop_requested = true;
  for (auto& slot : g_traced) {
    const pid_t pid = slot_pid(slot.load());
    if (pid > 0) ::kill(pid, SIGKILL);
  }
}

void stop_trace_of(std::int64_t program_pid) {
  const auto owner = static_cast<pid_t>(program_pid);
  if (owner <= 0) return;
  bool held = false;
  for (const auto& slot : g_traced) held |= slot_owner(slot.load()) == owner && slot_pid(slot.load()) > 0;
  if (!held) return;
  if (!owner_stopped(owner)) {
    for (auto& slot : g_stopped_owners) {
      pid_t empty = 0;
      if (slot.compare_exchange_strong(empty, owner)) break;
    }
  }
  for (auto& slot : g_traced) {
    const auto value = slot.load();
    if (value != 0 && slot_owner(value) == owner) ::kill(slot_pid(value), SIGKILL);
  }
}

}  // namespace shmh::platform
