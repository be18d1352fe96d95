// This process: its id and executable, its command line as UTF-8, its console, interrupts, and
// what it does first when it was started as a child (die with the parent, crash without dialogs).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace shmh::platform {

// Path of the running executable, to start roles as copies of ourselves.
std::string self_executable_path();
std::int64_t current_process_id();

// Turns off everything that would make a crash wait for a human instead of ending the process
// with its code: on Windows the critical-error and GP-fault boxes (SetErrorMode), the MSVC
// runtime's abort message box and Windows Error Reporting call, and the Debug runtime's
// assertion and error dialogs (sent to stderr instead). Nothing on POSIX. Call first thing in
// main: a role would otherwise hang until its timeout in front of a dialog nobody sees.
void disable_crash_dialogs();

// Called first thing in a child started by an orchestrator: die with the parent (POSIX
// parent-death signal, exit at once if the parent is already gone), and on Windows turn an
// unhandled exception into an exit with its code instead of a debugger or a crash dialog.
void enter_child_process(std::int64_t parent_pid);

// The command line as UTF-8 strings (Windows: from GetCommandLineW, since argv is in the ANSI
// code page; POSIX: argv as it is).
std::vector<std::string> utf8_arguments(int argc, char** argv);

// The value of an environment variable as UTF-8, or "" when it is not set (Windows: through
// GetEnvironmentVariableW, since getenv gives the ANSI code page).
std::string environment_variable(const char* name);

// Ctrl-C, SIGINT, SIGTERM (Windows: console control events) set a flag instead of killing us,
// so the orchestrator can end its roles and write a partial report.
void install_interrupt_handler();
bool interrupt_requested();

// Lets UTF-8 text reach the console unmangled (Windows: SetConsoleOutputCP, with the console's
// previous code page restored when this process exits); nothing on POSIX.
void prepare_console_output();

// Whether this process's stderr is a terminal a person watches (progress may then rewrite its
// line in place) rather than a file or pipe (a CI log, where it must not). POSIX: isatty.
// Windows: GetConsoleMode on the standard error handle, which succeeds only for a console
// screen buffer; a redirected handle, no handle at all (a service, a GUI parent) and a pipe
// from a terminal emulator such as mintty or a Unix terminal under Wine all answer false.
bool stderr_is_terminal();

}  // namespace shmh::platform
