// Child processes behind one interface: start with stdin/stdout/stderr on pipes (only those
// handles inherited), read and write them, wait with a timeout, kill. Every child is owned by
// this process: a Job object with KILL_ON_JOB_CLOSE on Windows; its own process group plus a
// parent-death signal (set by the child, see enter_child_process) on POSIX.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/platform/result.h"
#include "harness/platform/identity.h"

namespace shmh::platform {

struct ExitStatus {
  bool by_signal = false;          // POSIX: ended by a signal (code holds the signal number)
  std::int64_t code = 0;           // exit code; on Windows an exception code such as 0xC0000005
  bool killed_by_owner = false;    // this process killed it (timeout, clean-up)

  // "exit code 0", "signal 11 SIGSEGV", "exception 0xC0000005 EXCEPTION_ACCESS_VIOLATION"
  std::string describe() const;
  // "SIGSEGV", "EXCEPTION_ACCESS_VIOLATION", or "EXIT_<code>" for a plain exit code.
  std::string symbol() const;
  bool clean() const { return !by_signal && code == 0 && !killed_by_owner; }
};

// The name of a Windows process exit code that says how the process died: the NTSTATUS of a
// crash or fail-fast ("STATUS_STACK_BUFFER_OVERRUN" for 0xC0000409, which abort(), terminate and
// /GS failures produce under the MSVC runtime), or the meaning of a plain code the runtime uses
// (3: abort() without fail-fast). Empty when the code has no such name. Pure, so every platform
// can test it.
std::string_view windows_exit_code_name(std::uint32_t code);

class Child {
 public:
  struct Impl;
  explicit Child(std::unique_ptr<Impl> impl);
  Child(Child&&) noexcept;
  Child& operator=(Child&&) noexcept;
  ~Child();  // kills the child if it still runs, and reaps it

  std::int64_t pid() const;
  // Writes all of `data` to the child's stdin; false once the pipe is broken.
  bool write_stdin(std::string_view data);
  void close_stdin();
  // Blocking reads; 0 at end of stream (the child closed it or died), -1 on error.
  // Safe to call from one reader thread per stream while another thread writes or waits.
  std::ptrdiff_t read_stdout(char* buffer, std::size_t size);
  std::ptrdiff_t read_stderr(char* buffer, std::size_t size);
  // The exit status once the child has ended within `timeout`, else nothing.
  std::optional<ExitStatus> wait_for(std::chrono::milliseconds timeout);
  // Ends the child (and, on POSIX, its process group) at once. Idempotent.
  void kill();

 private:
  std::unique_ptr<Impl> impl_;
};

// The OS call behind Child::kill, for observations: "TerminateProcess" or "kill(SIGKILL)".
const char* kill_api_name();
// The OS call that starts a role: "CreateProcessW" or "posix_spawn".
const char* spawn_api_name();

// Starts `executable` with `arguments` (not including argv[0]). With a token restriction
// (Windows), the child runs with a restricted, low-integrity or filtered copy of our token, or in
// an AppContainer made for it (its profile is deleted when the Child is destroyed). POSIX's
// Restriction::other_user is carried out by the child itself (become_account).
Result<Child> spawn_child(const std::string& executable, const std::vector<std::string>& arguments,
                          const Identity& identity = {});

// How to start a program that was never built for the harness (`pair`).
struct ProgramOptions {
  Identity identity;
  // Windows: the child gets a console of its own (CREATE_NEW_CONSOLE), so that a key can be sent
  // to it (send_key_to_console_of) for a program that waits with _getch; its stdout and stderr
  // still come through the pipes. Ignored on POSIX (a key there is a line on stdin).
  bool own_console = false;
};

// Starts a user's command line, owned like spawn_child (job / process group) with stdin, stdout
// and stderr on pipes. Windows: the UTF-8 command line goes to CreateProcessW as it is (the
// program parses it, as from a shell). POSIX: split like a shell word list (quotes and
// backslashes, no expansion, no shell run) and started with posix_spawnp; other_user runs it
// through the harness's own executable, which becomes `nobody` (or the identity's account) and
// then execs it.
Result<Child> spawn_program(const std::string& command_line, const ProgramOptions& options);

// Whether a process with this pid still runs (POSIX: exists and is not a zombie).
bool process_exists(std::int64_t pid);

}  // namespace shmh::platform
