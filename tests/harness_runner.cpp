// Test helper: start shm-harness, drain its pipes on threads, wait with a limit.
#include "tests/harness_runner.h"

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "harness/platform/system_info.h"
#include "reports/utf8_path.h"

namespace shmh::testing {

bool on_windows() { return platform::backend() == platform::Backend::windows; }

std::string harness_binary() {
  const auto here = report::path_from_utf8(platform::self_executable_path()).parent_path();
  return report::path_to_utf8(here / (on_windows() ? "shm-harness.exe" : "shm-harness"));
}

HarnessRun run_harness(const std::vector<std::string>& arguments, std::chrono::milliseconds timeout) {
  HarnessRun run;
  auto child = platform::spawn_child(harness_binary(), arguments);
  if (!child) {
    run.err = child.error().describe();
    return run;
  }
  // Shared with the readers: under Wine a killed process's Unix side can outlive it and keep
  // its pipes open, and a reader blocked on one is let go rather than waited on forever.
  struct State {
    explicit State(platform::Child c) : child(std::move(c)) {}
    platform::Child child;
    std::mutex mutex;
    std::condition_variable done;
    std::string out, err;
    int closed = 0;
  };
  auto state = std::make_shared<State>(std::move(child.value()));
  state->child.close_stdin();
  const auto reader = [](std::shared_ptr<State> s, bool out) {
    char buffer[4096];
    for (;;) {
      const auto got = out ? s->child.read_stdout(buffer, sizeof buffer) : s->child.read_stderr(buffer, sizeof buffer);
      std::lock_guard lock(s->mutex);
      if (got <= 0) {
        ++s->closed;
        s->done.notify_all();
        return;
      }
      (out ? s->out : s->err).append(buffer, static_cast<std::size_t>(got));
    }
  };
  std::thread out(reader, state, true);
  std::thread err(reader, state, false);
  run.status = state->child.wait_for(timeout);
  if (!run.status) state->child.kill();
  std::unique_lock lock(state->mutex);
  const bool closed = state->done.wait_for(lock, std::chrono::seconds(5), [&] { return state->closed == 2; });
  run.out = state->out;
  run.err = state->err;
  lock.unlock();
  if (closed) {
    out.join();
    err.join();
  } else {
    run.err += "\n(the output pipes stayed open after the process ended: not waiting for them)";
    out.detach();
    err.detach();
  }
  return run;
}

void set_environment(const std::string& name, const std::string& value) {
#ifdef _WIN32
  _putenv_s(name.c_str(), value.c_str());
#else
  setenv(name.c_str(), value.c_str(), 1);
#endif
}

}  // namespace shmh::testing
