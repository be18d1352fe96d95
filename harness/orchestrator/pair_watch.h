// The pieces `pair` watches: a user's running program (its output captured, its message boxes
// read and dismissed, its end) and the name, seen from outside without holding it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "harness/orchestrator/pair_runner.h"
#include "harness/platform/call_tracer.h"
#include "harness/platform/child_process.h"
#include "harness/platform/object_namespace.h"
#include "harness/platform/program_pipes.h"

namespace shmh {

// The name as the namespace shows it (Windows: this session's and the global directory; POSIX:
// /dev/shm), listed without opening anything: no details, no holders. Holding a handle would
// change the very lifetime the pair is about.
class NameWatch {
 public:
  explicit NameWatch(std::string name) : name_(std::move(name)) {}
  // Lists once; "name appeared" / "name gone" when that changed since the last look.
  std::optional<std::string> look();
  bool present() const { return present_; }
  bool seen() const { return seen_; }  // present at some look since the first
  const std::string& problem() const { return problem_; }  // why a listing failed ("" when none did)

 private:
  std::string name_;
  bool present_ = false, seen_ = false, looked_ = false;
  std::string problem_;
};

// Bounded capture of one stream: the first kCaptureLimit bytes kept, the rest counted.
inline constexpr std::size_t kCaptureLimit = 64 * 1024;
struct Capture {
  std::mutex mutex;
  std::string text;
  std::uint64_t dropped = 0;
  std::thread reader;
};

class RunningProgram {
 public:
  // traced: started through the call tracer (`pair --trace`), on a thread of its own, its
  // streams on ProgramPipes instead of spawn_program's.
  // traced: started through the call tracer, `on_call` called with each call as it returns.
  RunningProgram(std::string role, const PairProgram& program, bool traced = false,
                 std::function<void(const platform::TracedCall&)> on_call = {});
  ~RunningProgram();  // kills it if it still runs, and joins the readers
  RunningProgram(const RunningProgram&) = delete;
  RunningProgram& operator=(const RunningProgram&) = delete;

  // Starts it; the error text when it could not be started.
  std::optional<std::string> start(bool own_console);
  bool started() const { return child_.has_value() || trace_started_; }
  bool ended() const { return status_.has_value(); }
  std::int64_t pid() const { return pid_; }
  const std::string& role() const { return role_; }
  const std::string& command() const { return program_.command; }
  const std::string& run_as() const { return program_.run_as; }
  const std::string& ended_by_harness() const { return ended_by_; }

  // The exit status the first time the end is seen (waiting at most `timeout`); nothing otherwise.
  std::optional<platform::ExitStatus> poll_exit(std::chrono::milliseconds timeout = std::chrono::milliseconds(0));
  // Windows: its message boxes not yet seen, read and then dismissed.
  std::vector<report::MessageBoxSeen> dismiss_message_boxes();
  bool write_line();
  void close_stdin();
  void kill(const std::string& why);
  // Waits (bounded) for the readers to reach the end of the streams.
  void finish_capture();

  // Whether it did what a second must: exit 0, or show `expect_text`.
  bool passed(const std::optional<std::string>& expect_text) const;
  std::string failure_text(const std::optional<std::string>& expect_text) const;
  report::ProgramRun record() const;
  // Traced: the calls it made, once it has ended (empty otherwise).
  std::vector<platform::TracedCall> traced_calls() const;

 private:
  std::string output_text() const;

  std::string role_;
  PairProgram program_;
  std::optional<platform::Child> child_;
  std::int64_t pid_ = 0;
  std::optional<platform::ExitStatus> status_;
  std::string ended_by_;
  std::unique_ptr<Capture> out_, err_;
  std::vector<report::MessageBoxSeen> boxes_;
  std::vector<std::uint64_t> box_windows_;
  std::string box_problem_;
  bool windows_checked_ = false;
  // Traced (pair --trace): trace_program on trace_thread_; the rest under trace_mutex_.
  bool traced_ = false;
  std::function<void(const platform::TracedCall&)> on_call_;
  std::optional<platform::ProgramPipes> pipes_;
  std::thread trace_thread_;
  mutable std::mutex trace_mutex_;
  std::condition_variable trace_cv_;
  bool trace_started_ = false, trace_done_ = false;
  platform::ExitStatus traced_exit_;
  std::vector<platform::TracedCall> calls_;
  std::string trace_error_;
  std::optional<std::string> start_traced();
  bool trace_done() const;
};

// Windows: sends a key to first's own console through `shm-harness console-key --pid N` (a
// process of its own, since attaching to a console leaves one's own); what happened, as text.
std::string send_console_key(const std::string& harness_executable, std::int64_t pid);

}  // namespace shmh
