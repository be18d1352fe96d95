// Where a role is stuck: it remembers the OS call each command is in (platform::mark_call, a
// memory store), and a watcher thread tells the orchestrator on stderr, as one marker line, about
// a call that has not returned for a second. Fast calls cost no output at all, so measured
// operations (setup cost, races) are not disturbed.
#pragma once

#include <string_view>
#include <thread>

namespace shmh {

// Installed once by the role's main loop; stops (and joins its thread) when destroyed.
class CallWatch {
 public:
  CallWatch();
  ~CallWatch();
  CallWatch(const CallWatch&) = delete;
  CallWatch& operator=(const CallWatch&) = delete;
  void command_started(std::string_view op);
  void command_finished();

 private:
  std::thread watcher_;
};

}  // namespace shmh
