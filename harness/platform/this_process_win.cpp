// Windows implementation of this process's facts and set-up: module path, command line from
// GetCommandLineW, console code page, console control events, crash behaviour without dialogs.
#include <windows.h>
// windows.h first: shellapi.h needs its types.
#include <shellapi.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#if defined(_MSC_VER)
#include <crtdbg.h>
#endif

#include "harness/platform/this_process.h"
#include "harness/platform/win_text.h"

namespace shmh::platform {

std::string self_executable_path() {
  std::wstring buffer(32768, L'\0');
  const DWORD length = ::GetModuleFileNameW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size()));
  buffer.resize(length);
  return to_utf8(buffer);
}

std::int64_t current_process_id() { return ::GetCurrentProcessId(); }

void disable_crash_dialogs() {
  // Added to the current mode, not replacing it. Inherited by our children (we do not pass
  // CREATE_DEFAULT_ERROR_MODE), which is what a role's own children should get too.
  ::SetErrorMode(::GetErrorMode() | SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
#if defined(_MSC_VER)
  // abort() under the MSVC runtime shows "abort() has been called" and calls Windows Error
  // Reporting (fail fast, 0xC0000409, bypassing our exception filter). Without both flags it
  // ends the process with exit code 3, which ExitStatus names.
  _set_abort_behavior(0, _WRITE_ABORT_MSG | _CALL_REPORTFAULT);
#endif
#if defined(_MSC_VER) && defined(_DEBUG)
  // The Debug runtime's assertion and error reports are modal dialogs by default: to stderr,
  // which is the role's log, instead.
  for (const int type : {_CRT_WARN, _CRT_ERROR, _CRT_ASSERT}) {
    _CrtSetReportMode(type, _CRTDBG_MODE_FILE);
    _CrtSetReportFile(type, _CRTDBG_FILE_STDERR);
  }
#endif
}

namespace {
LONG WINAPI exit_with_exception_code(EXCEPTION_POINTERS* pointers) {
  // No debugger, no Windows Error Reporting dialog: the orchestrator reads the code as the exit status.
  ::ExitProcess(pointers->ExceptionRecord->ExceptionCode);
}
}  // namespace

void enter_child_process(std::int64_t) {
  disable_crash_dialogs();
  ::SetUnhandledExceptionFilter(exit_with_exception_code);
}

std::vector<std::string> utf8_arguments(int argc, char** argv) {
  int count = 0;
  wchar_t** wide = ::CommandLineToArgvW(::GetCommandLineW(), &count);
  if (wide == nullptr) return {argv, argv + argc};
  std::vector<std::string> arguments;
  for (int i = 0; i < count; ++i) arguments.push_back(to_utf8(wide[i]));
  ::LocalFree(wide);
  return arguments;
}

std::string environment_variable(const char* name) {
  const std::wstring wide_name = to_utf16(name);
  // The size includes the terminating null; a value can change between the two calls, so retry.
  for (DWORD size = ::GetEnvironmentVariableW(wide_name.c_str(), nullptr, 0); size != 0;) {
    std::wstring value(size, L'\0');
    const DWORD length = ::GetEnvironmentVariableW(wide_name.c_str(), value.data(), size);
    if (length < size) {
      value.resize(length);
      return to_utf8(value);
    }
    size = length;
  }
  return {};
}

namespace {
// The console's code page belongs to the console, not to us: it stays changed for the user's
// shell after we exit unless we put it back.
UINT g_previous_output_code_page = 0;
void restore_console_output() {
  // What is still buffered was written as UTF-8: out with it before the code page changes back.
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  ::SetConsoleOutputCP(g_previous_output_code_page);
}
}  // namespace

void prepare_console_output() {
  const UINT previous = ::GetConsoleOutputCP();  // 0: this process has no console
  if (previous == 0 || previous == CP_UTF8) return;
  if (!::SetConsoleOutputCP(CP_UTF8)) return;  // text stays readable as ASCII; nothing to restore
  g_previous_output_code_page = previous;
  std::atexit(restore_console_output);
}

bool stderr_is_terminal() {
  // GetStdHandle gives NULL without a standard error and INVALID_HANDLE_VALUE on failure; both
  // make GetConsoleMode fail, which is the answer: not a console.
  DWORD mode = 0;
  return ::GetConsoleMode(::GetStdHandle(STD_ERROR_HANDLE), &mode) != 0;
}

namespace {
volatile LONG g_interrupted = 0;
BOOL WINAPI on_console_event(DWORD) {
  ::InterlockedExchange(&g_interrupted, 1);
  return TRUE;  // handled: the orchestrator winds down by itself
}
}  // namespace

void install_interrupt_handler() { ::SetConsoleCtrlHandler(on_console_event, TRUE); }
bool interrupt_requested() { return g_interrupted != 0; }

}  // namespace shmh::platform
