// Test helper: start shm-harness, drain its pipes on threads, wait with a limit.
#include "tests/harness_runner.h"

#include <cstdlib>
#include <filesystem>
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
  auto& c = child.value();
  c.close_stdin();
  std::thread out([&] {
    char buffer[4096];
    for (std::ptrdiff_t got; (got = c.read_stdout(buffer, sizeof buffer)) > 0;) run.out.append(buffer, static_cast<std::size_t>(got));
  });
  std::thread err([&] {
    char buffer[4096];
    for (std::ptrdiff_t got; (got = c.read_stderr(buffer, sizeof buffer)) > 0;) run.err.append(buffer, static_cast<std::size_t>(got));
  });
  run.status = c.wait_for(timeout);
  if (!run.status) c.kill();
  out.join();
  err.join();
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
