// The role's call watch: the platform layer's call marks kept in memory, a watcher thread that
// reports a call stuck for a second on stderr.
#include "harness/role/call_watch.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "harness/platform/call_marker.h"
#include "harness/protocol/stuck_call.h"

namespace shmh {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kStuckAfter = std::chrono::seconds(1);
constexpr std::size_t kMaxObject = 160;

struct State {
  std::mutex mutex;
  std::condition_variable stop_requested;
  bool stopping = false;
  bool in_command = false;
  std::string op;
  Clock::time_point command_since;
  std::string api;  // empty: no call marked in this command yet
  std::string object;
  Clock::time_point call_since;
  std::uint64_t sequence = 0;  // one more per mark: a new call is a new report
  std::uint64_t reported = 0;
};

// Never destroyed: a role may end with std::exit while the watcher waits on it.
State& state() {
  static State* s = new State;
  return *s;
}

void on_call(std::string_view api, std::string_view object) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.api.assign(api);
  s.object.assign(object.substr(0, kMaxObject));
  if (object.size() > kMaxObject) s.object += "...";
  s.call_since = Clock::now();
  ++s.sequence;
}

void watch() {
  State& s = state();
  std::unique_lock lock(s.mutex);
  while (!s.stopping) {
    s.stop_requested.wait_for(lock, std::chrono::milliseconds(250));
    if (s.stopping || !s.in_command) continue;
    const auto now = Clock::now();
    const bool marked = !s.api.empty();
    const auto since = marked ? s.call_since : s.command_since;
    if (now - since < kStuckAfter || s.reported == s.sequence + 1) continue;
    s.reported = s.sequence + 1;
    const StuckCall call{s.op, marked ? s.api : std::string(), s.object,
                         std::chrono::duration_cast<std::chrono::milliseconds>(now - since).count()};
    const std::string line = format_call_marker(call) + "\n";
    lock.unlock();
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
    lock.lock();
  }
}

}  // namespace

CallWatch::CallWatch() {
  platform::set_call_listener(&on_call);
  watcher_ = std::thread(watch);
}

CallWatch::~CallWatch() {
  platform::set_call_listener(nullptr);
  {
    std::lock_guard lock(state().mutex);
    state().stopping = true;
  }
  state().stop_requested.notify_all();
  if (watcher_.joinable()) watcher_.join();
}

void CallWatch::command_started(std::string_view op) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.in_command = true;
  s.op.assign(op);
  s.command_since = Clock::now();
  s.api.clear();
  s.object.clear();
  ++s.sequence;
}

void CallWatch::command_finished() {
  std::lock_guard lock(state().mutex);
  state().in_command = false;
}

}  // namespace shmh
