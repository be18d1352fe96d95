// Windows implementation of child processes: CreateProcessW with an explicit handle list,
// every child in one Job object with KILL_ON_JOB_CLOSE.
#include <windows.h>

#include <cstdio>
#include <mutex>
#include <vector>

#include "harness/platform/child_process.h"
#include "harness/platform/desktop.h"
#include "harness/platform/system_info.h"
#include "harness/platform/win_command_line.h"
#include "harness/platform/win_handle.h"
#include "harness/platform/win_token.h"
#include "harness/platform/win_text.h"

namespace shmh::platform {
namespace {

// The job that owns every child of this process. Never closed before exit: its last handle
// closing (when we exit or are killed) is what kills the children. A job without
// KILL_ON_JOB_CLOSE would own nothing, so failing to set it fails every spawn with its error.
Result<HANDLE> owning_job() {
  static const Result<HANDLE> job = make_kill_on_close_job();
  return job;
}

}  // namespace

Result<HANDLE> make_kill_on_close_job() {
  UniqueHandle created(::CreateJobObjectW(nullptr, nullptr));
  if (!created) return last_os_error("CreateJobObjectW");
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  if (!::SetInformationJobObject(created.get(), JobObjectExtendedLimitInformation, &limits, sizeof limits)) {
    return last_os_error("SetInformationJobObject(JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE)");
  }
  return created.release();
}

std::wstring quote_windows_argument(const std::wstring& argument) {
  if (!argument.empty() && argument.find_first_of(L" \t\n\v\"") == std::wstring::npos) {
    return argument;
  }
  std::wstring quoted = L"\"";
  for (auto it = argument.begin();; ++it) {
    std::size_t backslashes = 0;
    while (it != argument.end() && *it == L'\\') {
      ++it;
      ++backslashes;
    }
    if (it == argument.end()) {
      quoted.append(backslashes * 2, L'\\');
      break;
    }
    if (*it == L'"') {
      quoted.append(backslashes * 2 + 1, L'\\');
    } else {
      quoted.append(backslashes, L'\\');
    }
    quoted.push_back(*it);
  }
  quoted.push_back(L'"');
  return quoted;
}

namespace {

struct Pipe {
  UniqueHandle read;
  UniqueHandle write;
};

// A pipe whose child's end is inheritable and whose other end never is: both are created
// non-inheritable, then only the child's end is marked, so no CreateProcess elsewhere in this
// process can ever pick up our end (PROC_THREAD_ATTRIBUTE_HANDLE_LIST requires the listed
// handles to be inheritable).
Result<Pipe> make_pipe(bool child_reads) {
  HANDLE read = nullptr;
  HANDLE write = nullptr;
  if (!::CreatePipe(&read, &write, nullptr, 0)) return last_os_error("CreatePipe");
  Pipe pipe{UniqueHandle(read), UniqueHandle(write)};
  HANDLE childs = child_reads ? read : write;
  if (!::SetHandleInformation(childs, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT)) {
    return last_os_error("SetHandleInformation(HANDLE_FLAG_INHERIT)");
  }
  return pipe;
}

std::ptrdiff_t read_handle(HANDLE handle, char* buffer, std::size_t size) {
  DWORD got = 0;
  if (::ReadFile(handle, buffer, static_cast<DWORD>(size), &got, nullptr)) return got;
  const DWORD code = ::GetLastError();
  return (code == ERROR_BROKEN_PIPE || code == ERROR_HANDLE_EOF) ? 0 : -1;
}

}  // namespace

struct Child::Impl {
  UniqueHandle process;
  DWORD pid = 0;
  UniqueHandle stdin_write;
  UniqueHandle stdout_read;
  UniqueHandle stderr_read;
  std::mutex mutex;
  bool killed = false;
  std::wstring app_container_profile;  // deleted once the child has ended
};

namespace {
// Exception and fail-fast codes are NTSTATUS values with the error or warning severity bits set
// (0xC..., 0x8...: STATUS_BREAKPOINT is 0x80000003); a program's own exit codes are small.
bool is_exception_code(std::uint32_t code) { return code >= 0x80000000u; }

std::string exception_symbol(std::uint32_t code) {
  const std::string_view name = windows_exit_code_name(code);
  return name.empty() ? error_symbol(code) : std::string(name);
}
}  // namespace

std::string ExitStatus::describe() const {
  std::string text;
  const auto unsigned_code = static_cast<std::uint32_t>(code);
  if (is_exception_code(unsigned_code)) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%08X", unsigned_code);
    text = std::string("exception ") + hex + " " + exception_symbol(unsigned_code);
  } else {
    text = "exit code " + std::to_string(code);
    if (const std::string_view name = windows_exit_code_name(unsigned_code); !name.empty()) {
      text += " (" + std::string(name) + ")";
    }
  }
  if (killed_by_owner) text += " (killed by the harness)";
  return text;
}

std::string ExitStatus::symbol() const {
  const auto unsigned_code = static_cast<std::uint32_t>(code);
  return is_exception_code(unsigned_code) ? exception_symbol(unsigned_code) : "EXIT_" + std::to_string(code);
}

const char* kill_api_name() { return "TerminateProcess"; }
const char* spawn_api_name() { return "CreateProcessW"; }

Child::Child(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Child::Child(Child&&) noexcept = default;
Child& Child::operator=(Child&&) noexcept = default;

Child::~Child() {
  if (!impl_) return;
  kill();
  ::WaitForSingleObject(impl_->process.get(), 5000);
  if (!impl_->app_container_profile.empty()) delete_app_container_profile(impl_->app_container_profile);
}

std::int64_t Child::pid() const { return impl_->pid; }

bool Child::write_stdin(std::string_view data) {
  while (!data.empty()) {
    DWORD put = 0;
    if (!::WriteFile(impl_->stdin_write.get(), data.data(), static_cast<DWORD>(data.size()), &put,
                     nullptr) ||
        put == 0) {
      return false;
    }
    data.remove_prefix(put);
  }
  return true;
}

void Child::close_stdin() { impl_->stdin_write.reset(); }

std::ptrdiff_t Child::read_stdout(char* buffer, std::size_t size) {
  return read_handle(impl_->stdout_read.get(), buffer, size);
}

std::ptrdiff_t Child::read_stderr(char* buffer, std::size_t size) {
  return read_handle(impl_->stderr_read.get(), buffer, size);
}

std::optional<ExitStatus> Child::wait_for(std::chrono::milliseconds timeout) {
  const DWORD wait = ::WaitForSingleObject(impl_->process.get(), static_cast<DWORD>(timeout.count()));
  if (wait != WAIT_OBJECT_0) return std::nullopt;
  DWORD code = 0;
  ::GetExitCodeProcess(impl_->process.get(), &code);
  std::lock_guard lock(impl_->mutex);
  return ExitStatus{false, static_cast<std::int64_t>(code), impl_->killed};
}

void Child::kill() {
  std::lock_guard lock(impl_->mutex);
  if (::WaitForSingleObject(impl_->process.get(), 0) == WAIT_OBJECT_0) return;
  impl_->killed = true;
  ::TerminateProcess(impl_->process.get(), 1);
}

namespace {

// How one child is started: what spawn_child and spawn_program differ in.
struct StartRequest {
  // lpApplicationName: the module to run, or empty for NULL, in which case CreateProcessW takes
  // the module from the command line's first token (see spawn_program).
  std::wstring application;
  std::wstring command_line;  // lpCommandLine, writable as CreateProcessW requires
  Identity identity;
  bool own_console = false;
};

// Deletes an AppContainer profile made for a child that never started (the Child deletes it
// once it did).
struct ProfileGuard {
  std::wstring name;
  ~ProfileGuard() {
    if (!name.empty()) delete_app_container_profile(name);
  }
};

// Starts one owned child: its three std handles on pipes (only those inherited), created
// suspended, put in the job, then resumed. Errors are read right after the failing call.
Result<Child> start_owned_child(StartRequest request) {
  UniqueHandle token;
  // An AppContainer child is started by CreateProcessW itself with the container's SID in
  // PROC_THREAD_ATTRIBUTE_SECURITY_CAPABILITIES (no capabilities): Windows makes its token.
  const bool app_container = request.identity.restriction == Restriction::app_container;
  ProfileGuard profile;
  SECURITY_CAPABILITIES capabilities{};
  std::vector<unsigned char> container_sid;
  if (app_container) {
    auto made = create_app_container_profile();
    if (!made) return made.error();
    profile.name = made.value().name;
    container_sid = std::move(made.value().sid);
    capabilities.AppContainerSid = container_sid.data();
  } else if (request.identity.restriction != Restriction::none) {
    auto made = make_child_token(request.identity.restriction);
    if (!made) return made.error();
    token.reset(reinterpret_cast<HANDLE>(made.value()));
  }
  auto in = make_pipe(true);
  if (!in) return in.error();
  auto out = make_pipe(false);
  if (!out) return out.error();
  auto err = make_pipe(false);
  if (!err) return err.error();

  // Only the three pipe ends are inherited, never whatever else this process holds.
  HANDLE inherited[3] = {in.value().read.get(), out.value().write.get(), err.value().write.get()};
  const DWORD attributes = app_container ? 2 : 1;
  SIZE_T list_size = 0;
  ::InitializeProcThreadAttributeList(nullptr, attributes, 0, &list_size);
  std::vector<char> list_storage(list_size);
  auto* list = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(list_storage.data());
  if (!::InitializeProcThreadAttributeList(list, attributes, 0, &list_size)) {
    return last_os_error("InitializeProcThreadAttributeList");
  }
  if (!::UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherited,
                                   sizeof inherited, nullptr, nullptr)) {
    OsError error = last_os_error("UpdateProcThreadAttribute");
    ::DeleteProcThreadAttributeList(list);
    return error;
  }
  if (app_container && !::UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_SECURITY_CAPABILITIES, &capabilities,
                                                    sizeof capabilities, nullptr, nullptr)) {
    OsError error = last_os_error("UpdateProcThreadAttribute(PROC_THREAD_ATTRIBUTE_SECURITY_CAPABILITIES)");
    ::DeleteProcThreadAttributeList(list);
    return error;
  }

  // STARTF_USESTDHANDLES holds with a new console too: stdin, stdout and stderr stay the pipes,
  // while CONIN$ / CONOUT$ (what _getch reads) are the new console's own.
  STARTUPINFOEXW startup{};
  startup.StartupInfo.cb = sizeof startup;
  startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
  startup.StartupInfo.hStdInput = inherited[0];
  startup.StartupInfo.hStdOutput = inherited[1];
  startup.StartupInfo.hStdError = inherited[2];
  startup.lpAttributeList = list;
  if (request.own_console) {
    // The console window is never shown: nobody looks at it, the harness writes its keys.
    startup.StartupInfo.dwFlags |= STARTF_USESHOWWINDOW;
    startup.StartupInfo.wShowWindow = SW_HIDE;
  }

  PROCESS_INFORMATION info{};
  // Suspended until it is in the job, so that not even its first instruction runs unowned.
  // CREATE_NEW_CONSOLE gives the child a console of its own even when this process has none (a
  // service); CREATE_NO_WINDOW gives it a hidden console of its own, which Microsoft documents
  // as ignored together with CREATE_NEW_CONSOLE, so only one of them is passed.
  const DWORD console_flag = request.own_console ? CREATE_NEW_CONSOLE : CREATE_NO_WINDOW;
  const DWORD flags = EXTENDED_STARTUPINFO_PRESENT | CREATE_SUSPENDED | console_flag | CREATE_UNICODE_ENVIRONMENT;
  const wchar_t* application = request.application.empty() ? nullptr : request.application.c_str();
  const BOOL created =
      token ? ::CreateProcessAsUserW(token.get(), application, request.command_line.data(), nullptr, nullptr, TRUE,
                                     flags, nullptr, nullptr, &startup.StartupInfo, &info)
            : ::CreateProcessW(application, request.command_line.data(), nullptr, nullptr, TRUE, flags, nullptr,
                               nullptr, &startup.StartupInfo, &info);
  OsError create_error = last_os_error(token ? "CreateProcessAsUserW" : "CreateProcessW");
  ::DeleteProcThreadAttributeList(list);
  if (!created) return create_error;

  UniqueHandle process(info.hProcess);
  UniqueHandle thread(info.hThread);
  const Result<HANDLE>& job = owning_job();
  // On failure the child is ended, and waited for: its AppContainer profile (ProfileGuard) can be
  // deleted only once no process of it runs.
  if (!job) {
    ::TerminateProcess(info.hProcess, 1);
    ::WaitForSingleObject(info.hProcess, 5000);
    return job.error();
  }
  if (!::AssignProcessToJobObject(job.value(), info.hProcess)) {
    OsError error = last_os_error("AssignProcessToJobObject");
    ::TerminateProcess(info.hProcess, 1);
    ::WaitForSingleObject(info.hProcess, 5000);
    return error;
  }
  ::ResumeThread(info.hThread);

  auto impl = std::make_unique<Child::Impl>();
  impl->process = std::move(process);
  impl->pid = info.dwProcessId;
  impl->stdin_write = std::move(in.value().write);
  impl->stdout_read = std::move(out.value().read);
  impl->stderr_read = std::move(err.value().read);
  impl->app_container_profile = std::move(profile.name);
  profile.name.clear();
  return Child(std::move(impl));
}

}  // namespace

Result<Child> spawn_child(const std::string& executable, const std::vector<std::string>& arguments,
                          const Identity& identity) {
  std::wstring command_line = quote_windows_argument(to_utf16(executable));
  for (const auto& argument : arguments) command_line += L" " + quote_windows_argument(to_utf16(argument));
  return start_owned_child(StartRequest{to_utf16(executable), std::move(command_line), identity, false});
}

Result<Child> spawn_program(const std::string& command_line, const ProgramOptions& options) {
  if (command_line.find_first_not_of(" \t") == std::string::npos) {
    return make_os_error("CreateProcessW(empty command line)", ERROR_INVALID_PARAMETER);
  }
  if (options.own_console && machine_info().wine_version) {
    // Windows makes the console even where nobody can see it (a service's desktop). Wine 8.0 makes
    // it with a window: without a display CreateProcessW still succeeds, but the child has no
    // console at all (_getch returns -1 at once, AttachConsole gives 6), so refuse up front.
    if (auto no_windows = can_see_windows()) {
      OsError error = make_os_error("CreateProcessW(CREATE_NEW_CONSOLE)", no_windows->code);
      error.message = "under Wine a new console needs a window, and " + no_windows->describe();
      return error;
    }
  }
  // lpApplicationName is NULL: the module is the command line's first token, as a user typed it.
  // A path with spaces must be quoted ("C:\Program Files\Orders\ui.exe" --x): unquoted,
  // CreateProcessW tries C:\Program.exe, then C:\Program Files\Orders\ui.exe, and so on,
  // taking the first that exists. A name without a folder is searched for in the application's
  // folder, the current folder, the system folders and PATH, and ".exe" is appended when the
  // name has no extension.
  return start_owned_child(StartRequest{std::wstring(), to_utf16(command_line), options.identity, options.own_console});
}

bool process_exists(std::int64_t pid) {
  HANDLE process = ::OpenProcess(SYNCHRONIZE, FALSE, static_cast<DWORD>(pid));
  if (process == nullptr) return false;
  const bool running = ::WaitForSingleObject(process, 0) == WAIT_TIMEOUT;
  ::CloseHandle(process);
  return running;
}

}  // namespace shmh::platform
