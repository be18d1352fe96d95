// The shared-memory calls of an unchanged program, as it made them (`shm-harness trace`).
//   Windows: the Win32 debugging API. The program is started for debugging; a breakpoint on each
//            traced export (kernelbase/kernel32) and one on the return address give the
//            arguments (x64 calling convention) and the result; the thread's last error is read
//            from its TEB. No injection, no rebuild.
//   POSIX:   ptrace with a seccomp-bpf filter that stops the program only at the traced system
//            calls (openat/unlink of /dev/shm, ftruncate, mmap, munmap, close), the way
//            `strace --seccomp-bpf` does, so a program that makes none runs at full speed.
// The records are neutral (no verdict); harness/cli decides what a failing call means.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/platform/child_process.h"
#include "harness/platform/result.h"

namespace shmh::platform {

// One argument as a person reads it: {"flProtect", "PAGE_READWRITE"}, {"lpName", "\"Local\\orders\""}.
struct TracedArgument {
  std::string name;
  std::string value;
};

struct TracedCall {
  std::int64_t pid = 0;
  std::int64_t tid = 0;
  double t_ms = 0;                  // since the traced program started
  std::string api;                  // as the program called it: "CreateFileMappingW", "shm_open", "mmap"
  std::vector<TracedArgument> args; // decoded, in the call's order
  // The facts the diagnosis needs, raw (unset when the call has no such argument):
  std::string object_name;                 // UTF-8; Windows: as passed; POSIX: "/name" of /dev/shm/name
  std::optional<std::uint32_t> access;     // FILE_MAP_* asked (OpenFileMapping*, MapViewOfFile*);
                                           // POSIX: O_RDONLY -> FILE_MAP_READ, O_RDWR -> READ|WRITE
  std::optional<std::uint32_t> protection; // PAGE_*|SEC_* (CreateFileMapping*), PROT_* mapped to PAGE_*
  std::optional<std::uint64_t> size;       // section size asked, view size, ftruncate length
  std::optional<std::uint64_t> offset;     // view offset
  std::string sddl;                        // of the security descriptor passed, when one was
  std::uint64_t handle = 0;                // the handle/descriptor the call used (MapViewOfFile, CloseHandle, mmap, close)
  // The result:
  std::string result;               // "0x1a4" (handle), "0x7ff6a0000000" (address), "NULL", "3" (fd), "-1"
  std::uint64_t result_value = 0;   // the same as a number
  bool failed = false;
  std::int64_t error = 0;           // last error after the call (GetLastError / errno); on Windows
                                    // also kept on success (183 after a create that opened)
  std::string error_symbol;         // "ERROR_ALREADY_EXISTS", "EEXIST"; empty when error is 0
};

// A process seen by the tracer (the program, and its children with follow_children).
struct TracedProcess {
  std::int64_t pid = 0;
  std::int64_t parent_pid = 0;
  std::string image;                // the program's path or name
  ExitStatus exit;                  // how it ended
};

struct TraceOptions {
  std::vector<std::string> argv;    // the program and its arguments, UTF-8
  bool follow_children = false;
  // The program's stdout goes to the tracer's stderr (`trace --json` keeps stdout for its one
  // document). POSIX: dup2 before exec; Windows: the child's hStdOutput is the tracer's stderr.
  bool program_stdout_to_stderr = false;
  // Optional: the program's standard streams, as native handles the caller made (`pair --trace`
  // gives its capture pipes). Unset: inherited from the tracer, as before. When set they win over
  // program_stdout_to_stderr. The tracer never closes them; the caller closes its copies once
  // on_started has been called.
  //   POSIX: file descriptors, dup2'd onto 0/1/2 in the child before exec.
  //   Windows: HANDLEs (inheritable), given as STARTUPINFO hStdInput/hStdOutput/hStdError with
  //            STARTF_USESTDHANDLES and bInheritHandles TRUE; an unset one stays the tracer's.
  std::optional<std::int64_t> program_stdin, program_stdout, program_stderr;
  // Optional: called once, on the tracing thread, with the program's pid as soon as it has been
  // started and is held by the tracer (before its first instruction runs), so that another thread
  // can name it to stop_trace_of. Not called when it could not be started.
  std::function<void(std::int64_t pid)> on_started;
  // Called as each call returns, in order, on the tracing thread (print as it happens).
  std::function<void(const TracedCall&)> on_call;
};

struct TraceOutcome {
  std::vector<TracedCall> calls;
  std::vector<TracedProcess> processes;  // processes[0] is the program
  ExitStatus exit;                       // the program's own (processes[0].exit)
};

// Starts the program under the tracer and returns when it (and, with follow_children, every
// process it started) has ended. The program is killed, never left stopped or with a breakpoint
// in it, when the tracer ends first (Ctrl-C, a kill): PTRACE_O_EXITKILL / DebugSetProcessKillOnExit
// and the Job object of child_process. Fails (with the call and code) when the program cannot be
// started or tracing is refused (ptrace_scope, no debug right).
Result<TraceOutcome> trace_program(const TraceOptions& options);

// Asks the running trace to end: the program is killed and trace_program returns. Safe from a
// signal/console handler.
void request_trace_stop();

// Asks one running trace to end, named by the pid on_started gave: its program and every process
// of that trace are killed, and that trace_program returns; other traces go on. Callable from any
// thread; a pid that no trace holds is ignored.
//   Windows: terminate that trace's job (or, without one, its processes) and let its debug loop
//            see them exit.
void stop_trace_of(std::int64_t program_pid);

}  // namespace shmh::platform
