// ProgramPipes on POSIX: pipe2(O_CLOEXEC) for all six ends; the starter dup2s the program's.
#include "harness/platform/program_pipes.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <mutex>

namespace shmh::platform {

struct ProgramPipes::Impl {
  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
  std::mutex stdin_mutex;
  ~Impl() {
    for (int* pair : {in, out, err}) {
      for (int i = 0; i < 2; ++i) {
        if (pair[i] >= 0) ::close(pair[i]);
      }
    }
  }
};

ProgramPipes::ProgramPipes(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ProgramPipes::ProgramPipes(ProgramPipes&&) noexcept = default;
ProgramPipes& ProgramPipes::operator=(ProgramPipes&&) noexcept = default;
ProgramPipes::~ProgramPipes() = default;

Result<ProgramPipes> ProgramPipes::create() {
  // A write to a stdin whose program has ended must fail with EPIPE, not end the harness
  // (spawn_program does the same; trace_program gives its program SIGPIPE back).
  static std::once_flag ignore_sigpipe;
  std::call_once(ignore_sigpipe, [] { ::signal(SIGPIPE, SIG_IGN); });
  auto impl = std::make_unique<Impl>();
  for (int* pair : {impl->in, impl->out, impl->err}) {
    if (::pipe2(pair, O_CLOEXEC) != 0) return last_os_error("pipe2");
  }
  return ProgramPipes(std::move(impl));
}

std::int64_t ProgramPipes::program_stdin() const { return impl_->in[0]; }
std::int64_t ProgramPipes::program_stdout() const { return impl_->out[1]; }
std::int64_t ProgramPipes::program_stderr() const { return impl_->err[1]; }

void ProgramPipes::close_program_ends() {
  for (int* end : {&impl_->in[0], &impl_->out[1], &impl_->err[1]}) {
    if (*end >= 0) ::close(*end);
    *end = -1;
  }
}

bool ProgramPipes::write_stdin(std::string_view data) {
  std::lock_guard lock(impl_->stdin_mutex);
  if (impl_->in[1] < 0) return false;
  while (!data.empty()) {
    // MSG_NOSIGNAL exists only for sockets: a write to a pipe whose reader is gone raises
    // SIGPIPE, which the harness ignores (create); EPIPE is the answer here.
    const auto n = ::write(impl_->in[1], data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void ProgramPipes::close_stdin() {
  std::lock_guard lock(impl_->stdin_mutex);
  if (impl_->in[1] >= 0) ::close(impl_->in[1]);
  impl_->in[1] = -1;
}

namespace {
std::ptrdiff_t read_program_pipe(int fd, char* buffer, std::size_t size) {
  for (;;) {
    const auto n = ::read(fd, buffer, size);
    if (n < 0 && errno == EINTR) continue;
    return n;
  }
}
}  // namespace

std::ptrdiff_t ProgramPipes::read_stdout(char* buffer, std::size_t size) { return read_program_pipe(impl_->out[0], buffer, size); }
std::ptrdiff_t ProgramPipes::read_stderr(char* buffer, std::size_t size) { return read_program_pipe(impl_->err[0], buffer, size); }

}  // namespace shmh::platform
