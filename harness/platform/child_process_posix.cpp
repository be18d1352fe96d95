// POSIX implementation of child processes: posix_spawn into a new process group, pipes for stdio.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>
#include <fstream>
#include <mutex>
#include <thread>

#include "harness/platform/child_process.h"
#include "harness/platform/command_line.h"
#include "harness/platform/this_process.h"
#include "harness/platform/unique_resource.h"

extern char** environ;

namespace shmh::platform {
namespace {

struct FdPolicy {
  using type = int;
  static int invalid() { return -1; }
  static void close(int fd) {
    const int saved = errno;
    ::close(fd);
    errno = saved;
  }
};
using UniqueFd = UniqueResource<FdPolicy>;

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

Result<Pipe> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return last_os_error("pipe2");
  return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

std::ptrdiff_t read_fd(int fd, char* buffer, std::size_t size) {
  for (;;) {
    const ssize_t got = ::read(fd, buffer, size);
    if (got >= 0) return got;
    if (errno != EINTR) return -1;
  }
}

}  // namespace

struct Child::Impl {
  pid_t pid = -1;
  UniqueFd stdin_write;
  UniqueFd stdout_read;
  UniqueFd stderr_read;
  std::mutex mutex;  // guards the reaped status: wait_for and kill may race from two threads
  std::optional<ExitStatus> status;
  bool killed = false;

  // Reaps without blocking; true once the child is gone. Call with mutex held.
  bool try_reap() {
    if (status) return true;
    int raw = 0;
    const pid_t got = ::waitpid(pid, &raw, WNOHANG);
    if (got == 0) return false;
    ExitStatus result;
    if (got == pid && WIFSIGNALED(raw)) {
      result.by_signal = true;
      result.code = WTERMSIG(raw);
    } else if (got == pid) {
      result.code = WEXITSTATUS(raw);
    } else {
      result.code = -1;  // waitpid failed (ECHILD): nothing left to reap
    }
    result.killed_by_owner = killed;
    status = result;
    return true;
  }
};

std::string ExitStatus::describe() const {
  std::string text;
  if (by_signal) {
    const char* name = ::sigabbrev_np(static_cast<int>(code));
    text = "signal " + std::to_string(code) + (name ? std::string(" SIG") + name : "");
  } else {
    text = "exit code " + std::to_string(code);
  }
  if (killed_by_owner) text += " (killed by the harness)";
  return text;
}

std::string ExitStatus::symbol() const {
  if (!by_signal) return "EXIT_" + std::to_string(code);
  const char* name = ::sigabbrev_np(static_cast<int>(code));
  return name ? std::string("SIG") + name : "SIGNAL_" + std::to_string(code);
}

Child::Child(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Child::Child(Child&&) noexcept = default;
Child& Child::operator=(Child&&) noexcept = default;

Child::~Child() {
  if (!impl_) return;
  kill();
  std::lock_guard lock(impl_->mutex);
  if (!impl_->status) {
    int raw = 0;
    ::waitpid(impl_->pid, &raw, 0);
  }
}

std::int64_t Child::pid() const { return impl_->pid; }

bool Child::write_stdin(std::string_view data) {
  while (!data.empty()) {
    const ssize_t put = ::write(impl_->stdin_write.get(), data.data(), data.size());
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(put));
  }
  return true;
}

void Child::close_stdin() { impl_->stdin_write.reset(); }

std::ptrdiff_t Child::read_stdout(char* buffer, std::size_t size) {
  return read_fd(impl_->stdout_read.get(), buffer, size);
}

std::ptrdiff_t Child::read_stderr(char* buffer, std::size_t size) {
  return read_fd(impl_->stderr_read.get(), buffer, size);
}

std::optional<ExitStatus> Child::wait_for(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::microseconds(100);
  for (;;) {
    {
      std::lock_guard lock(impl_->mutex);
      if (impl_->try_reap()) return impl_->status;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(5000));
  }
}

void Child::kill() {
  std::lock_guard lock(impl_->mutex);
  if (impl_->try_reap()) return;
  impl_->killed = true;
  ::kill(-impl_->pid, SIGKILL);  // the child leads its own process group
  ::kill(impl_->pid, SIGKILL);
}

namespace {

// Starts argv[0] (looked up in PATH when `search_path`) in a process group of its own, with
// stdin, stdout and stderr on pipes and nothing else inherited.
Result<Child> spawn_with_pipes(const std::vector<std::string>& words, bool search_path) {
  // A write to a dead child's stdin must be an error we report, not a signal that kills us.
  static std::once_flag ignore_sigpipe;
  std::call_once(ignore_sigpipe, [] { ::signal(SIGPIPE, SIG_IGN); });

  auto in = make_pipe();
  if (!in) return in.error();
  auto out = make_pipe();
  if (!out) return out.error();
  auto err = make_pipe();
  if (!err) return err.error();

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // dup2 clears close-on-exec on the copies: the child inherits these three and nothing else.
  posix_spawn_file_actions_adddup2(&actions, in.value().read.get(), 0);
  posix_spawn_file_actions_adddup2(&actions, out.value().write.get(), 1);
  posix_spawn_file_actions_adddup2(&actions, err.value().write.get(), 2);

  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t empty_mask;
  sigemptyset(&empty_mask);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigmask(&attributes, &empty_mask);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> argv;
  for (const auto& word : words) argv.push_back(const_cast<char*>(word.c_str()));
  argv.push_back(nullptr);

  pid_t pid = -1;
  const int rc = search_path ? ::posix_spawnp(&pid, argv[0], &actions, &attributes, argv.data(), environ)
                             : ::posix_spawn(&pid, argv[0], &actions, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) return make_os_error(std::string(search_path ? "posix_spawnp(" : "posix_spawn(") + words[0] + ")", rc);

  auto impl = std::make_unique<Child::Impl>();
  impl->pid = pid;
  impl->stdin_write = std::move(in.value().write);
  impl->stdout_read = std::move(out.value().read);
  impl->stderr_read = std::move(err.value().read);
  return Child(std::move(impl));
}

}  // namespace

Result<Child> spawn_child(const std::string& executable, const std::vector<std::string>& arguments,
                          const Identity& identity) {
  if (identity.restriction != Restriction::none && identity.restriction != Restriction::other_user) {
    return make_os_error(std::string("spawn ") + restriction_name(identity.restriction), ENOTSUP);
  }
  std::vector<std::string> words{executable};
  words.insert(words.end(), arguments.begin(), arguments.end());
  return spawn_with_pipes(words, false);
}

Result<Child> spawn_program(const std::string& command_line, const ProgramOptions& options) {
  const auto split = split_command_line(command_line);
  if (!split.problem.empty() || split.words.empty()) return make_os_error("split the command line", EINVAL);
  switch (options.identity.restriction) {
    case Restriction::none:
      return spawn_with_pipes(split.words, true);
    case Restriction::other_user: {
      // The harness's own executable becomes the account and then execs the program (a process
      // cannot be started as another user by posix_spawn itself); its pid stays the program's.
      std::vector<std::string> words{self_executable_path(), "exec-as-nobody", "--parent-pid",
                                     std::to_string(current_process_id())};
      if (const auto& account = options.identity.account) {
        words.insert(words.end(), {"--uid", std::to_string(account->uid), "--gid", std::to_string(account->gid)});
      }
      words.push_back("--");
      words.insert(words.end(), split.words.begin(), split.words.end());
      return spawn_with_pipes(words, false);
    }
    default:
      return make_os_error(std::string("spawn ") + restriction_name(options.identity.restriction) + " (Windows-only token)", ENOTSUP);
  }
}

const char* kill_api_name() { return "kill(SIGKILL)"; }
const char* spawn_api_name() { return "posix_spawn"; }

bool process_exists(std::int64_t pid) {
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return false;
  // A zombie still "exists" for kill(); it no longer runs.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const auto close = line.rfind(')');
  return close == std::string::npos || close + 2 >= line.size() || line[close + 2] != 'Z';
}

}  // namespace shmh::platform
