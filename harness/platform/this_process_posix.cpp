// POSIX implementation of this process's facts and set-up: /proc/self/exe, argv as it is,
// signal handlers for interrupts, and the parent-death signal of a child.
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdlib>

#include "harness/platform/this_process.h"

namespace shmh::platform {

std::string self_executable_path() {
  char buffer[PATH_MAX];
  const ssize_t length = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  if (length <= 0) return "shm-harness";
  return std::string(buffer, static_cast<std::size_t>(length));
}

std::int64_t current_process_id() { return ::getpid(); }

void disable_crash_dialogs() {}  // POSIX has no crash dialogs: a crash is a signal, reported as such

void enter_child_process(std::int64_t parent_pid) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  // The parent may have died between our spawn and the prctl: then nobody owns us.
  if (parent_pid > 0 && ::getppid() != static_cast<pid_t>(parent_pid)) ::_exit(125);
}

std::vector<std::string> utf8_arguments(int argc, char** argv) { return {argv, argv + argc}; }

namespace {
// Read by other threads (the tracers of pair --trace): a lock-free atomic, which a signal handler
// may store to (C++17 [support.signal]); a volatile sig_atomic_t read across threads is a data
// race (ThreadSanitizer reported it).
std::atomic<int> g_interrupted{0};
static_assert(std::atomic<int>::is_always_lock_free);
extern "C" void on_interrupt(int) {
  const int saved = errno;
  g_interrupted.store(1, std::memory_order_relaxed);
  errno = saved;
}
}  // namespace

std::string environment_variable(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

void install_interrupt_handler() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &action, nullptr);
}

bool interrupt_requested() { return g_interrupted.load(std::memory_order_relaxed) != 0; }

void prepare_console_output() {}

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

}  // namespace shmh::platform
