// ProgramPipes on Windows: CreatePipe; our ends not inheritable, the program's ends inheritable
// (the starter passes them as STARTUPINFO hStd* with bInheritHandles).
#include "harness/platform/program_pipes.h"

#include <windows.h>

#include <mutex>

namespace shmh::platform {

struct ProgramPipes::Impl {
  HANDLE in_read = nullptr, in_write = nullptr, out_read = nullptr, out_write = nullptr, err_read = nullptr, err_write = nullptr;
  std::mutex stdin_mutex;
  ~Impl() {
    for (HANDLE* h : {&in_read, &in_write, &out_read, &out_write, &err_read, &err_write}) {
      if (*h) ::CloseHandle(*h);
      *h = nullptr;
    }
  }
};

ProgramPipes::ProgramPipes(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ProgramPipes::ProgramPipes(ProgramPipes&&) noexcept = default;
ProgramPipes& ProgramPipes::operator=(ProgramPipes&&) noexcept = default;
ProgramPipes::~ProgramPipes() = default;

Result<ProgramPipes> ProgramPipes::create() {
  auto impl = std::make_unique<Impl>();
  SECURITY_ATTRIBUTES inheritable{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  if (!::CreatePipe(&impl->in_read, &impl->in_write, &inheritable, 0) ||
      !::CreatePipe(&impl->out_read, &impl->out_write, &inheritable, 0) ||
      !::CreatePipe(&impl->err_read, &impl->err_write, &inheritable, 0)) {
    return last_os_error("CreatePipe");
  }
  for (HANDLE ours : {impl->in_write, impl->out_read, impl->err_read}) {
    if (!::SetHandleInformation(ours, HANDLE_FLAG_INHERIT, 0)) return last_os_error("SetHandleInformation");
  }
  return ProgramPipes(std::move(impl));
}

std::int64_t ProgramPipes::program_stdin() const { return reinterpret_cast<std::int64_t>(impl_->in_read); }
std::int64_t ProgramPipes::program_stdout() const { return reinterpret_cast<std::int64_t>(impl_->out_write); }
std::int64_t ProgramPipes::program_stderr() const { return reinterpret_cast<std::int64_t>(impl_->err_write); }

void ProgramPipes::close_program_ends() {
  for (HANDLE* h : {&impl_->in_read, &impl_->out_write, &impl_->err_write}) {
    if (*h) ::CloseHandle(*h);
    *h = nullptr;
  }
}

bool ProgramPipes::write_stdin(std::string_view data) {
  std::lock_guard lock(impl_->stdin_mutex);
  if (!impl_->in_write) return false;
  while (!data.empty()) {
    DWORD written = 0;
    const DWORD chunk = data.size() > 65536 ? 65536 : static_cast<DWORD>(data.size());
    if (!::WriteFile(impl_->in_write, data.data(), chunk, &written, nullptr) || written == 0) return false;
    data.remove_prefix(written);
  }
  return true;
}

void ProgramPipes::close_stdin() {
  std::lock_guard lock(impl_->stdin_mutex);
  if (impl_->in_write) ::CloseHandle(impl_->in_write);
  impl_->in_write = nullptr;
}

namespace {
std::ptrdiff_t read_program_pipe(HANDLE h, char* buffer, std::size_t size) {
  DWORD got = 0;
  const DWORD want = size > 65536 ? 65536 : static_cast<DWORD>(size);
  if (!::ReadFile(h, buffer, want, &got, nullptr)) return ::GetLastError() == ERROR_BROKEN_PIPE ? 0 : -1;
  return static_cast<std::ptrdiff_t>(got);
}
}  // namespace

std::ptrdiff_t ProgramPipes::read_stdout(char* buffer, std::size_t size) { return read_program_pipe(impl_->out_read, buffer, size); }
std::ptrdiff_t ProgramPipes::read_stderr(char* buffer, std::size_t size) { return read_program_pipe(impl_->err_read, buffer, size); }

}  // namespace shmh::platform
