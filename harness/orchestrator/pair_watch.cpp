// The name watcher and a user's running program for `pair`: capture threads, message boxes, end.
#include "harness/orchestrator/pair_watch.h"

#include <algorithm>
#include <chrono>

#include "harness/platform/command_line.h"
#include "harness/platform/desktop.h"
#include "harness/platform/system_info.h"
#include "harness/platform/this_process.h"

namespace shmh {
namespace {

using namespace std::chrono_literals;

// `Source` is a platform::Child or platform::ProgramPipes: both read the same way.
template <typename Source>
void read_into(Source& source, Capture& capture, bool stdout_stream) {
  char buffer[4096];
  for (;;) {
    const auto got = stdout_stream ? source.read_stdout(buffer, sizeof buffer) : source.read_stderr(buffer, sizeof buffer);
    if (got <= 0) return;
    std::lock_guard lock(capture.mutex);
    const std::size_t room = kCaptureLimit - std::min(kCaptureLimit, capture.text.size());
    const std::size_t keep = std::min(room, static_cast<std::size_t>(got));
    capture.text.append(buffer, keep);
    capture.dropped += static_cast<std::size_t>(got) - keep;
  }
}

std::string text_of(Capture* capture, std::uint64_t* dropped = nullptr) {
  if (capture == nullptr) return "";
  std::lock_guard lock(capture->mutex);
  if (dropped) *dropped = capture->dropped;
  return capture->text;
}

std::string first_line(const std::string& text) {
  auto line = text.substr(0, text.find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line.size() > 200 ? line.substr(0, 200) + "…" : line;
}

}  // namespace

std::optional<std::string> NameWatch::look() {
  platform::NamespaceQuery query;
  query.with_details = false;
  query.with_holders = false;
  const auto snapshot = platform::snapshot_namespace(query);
  if (!snapshot) {
    problem_ = snapshot.error().describe();
    return std::nullopt;
  }
  bool now = false;
  for (const auto& related : platform::related_objects(snapshot.value(), name_)) {
    now |= related.kind == platform::NearMiss::exact;
  }
  const bool first_look = !looked_;
  looked_ = true;
  const bool changed = now != present_;
  present_ = now;
  seen_ |= now && !first_look;
  if (first_look || !changed) return std::nullopt;
  return now ? "name appeared" : "name gone";
}

RunningProgram::RunningProgram(std::string role, const PairProgram& program, bool traced,
                               std::function<void(const platform::TracedCall&)> on_call)
    : role_(std::move(role)), program_(program), traced_(traced), on_call_(std::move(on_call)) {}

RunningProgram::~RunningProgram() {
  if (started()) kill("the end of the run");
  finish_capture();
  if (trace_thread_.joinable()) {
    if (trace_started_) platform::stop_trace_of(pid_);
    trace_thread_.join();
  }
}

bool RunningProgram::trace_done() const {
  std::lock_guard lock(trace_mutex_);
  return trace_done_;
}

// The tracer starts the program on its own thread (a ptrace tracer is a thread, and it waits for
// its own tracees only); this thread waits until it has started or could not start.
std::optional<std::string> RunningProgram::start_traced() {
  // The words the program itself would read from its line: the POSIX shell's rules as
  // spawn_program splits, or the Windows C runtime's (backslashes in paths and names stay).
  const auto split = platform::backend() == platform::Backend::windows
                         ? platform::split_windows_command_line(program_.command)
                         : platform::split_command_line(program_.command);
  if (!split.problem.empty() || split.words.empty()) return "the command line: " + (split.problem.empty() ? std::string("no words") : split.problem);
  auto pipes = platform::ProgramPipes::create();
  if (!pipes) return pipes.error().describe();
  pipes_.emplace(std::move(pipes.value()));
  platform::TraceOptions options;
  options.argv = split.words;
  options.program_stdin = pipes_->program_stdin();
  options.program_stdout = pipes_->program_stdout();
  options.program_stderr = pipes_->program_stderr();
  options.on_call = on_call_;
  options.on_started = [this](std::int64_t pid) {
    std::lock_guard lock(trace_mutex_);
    pid_ = pid;
    trace_started_ = true;
    trace_cv_.notify_all();
  };
  trace_thread_ = std::thread([this, options = std::move(options)] {
    auto outcome = platform::trace_program(options);
    std::lock_guard lock(trace_mutex_);
    if (outcome) {
      traced_exit_ = outcome.value().exit;
      calls_ = std::move(outcome.value().calls);
    } else {
      trace_error_ = outcome.error().describe();
    }
    trace_done_ = true;
    trace_cv_.notify_all();
  });
  {
    std::unique_lock lock(trace_mutex_);
    trace_cv_.wait(lock, [this] { return trace_started_ || trace_done_; });
  }
  if (!trace_started_) {
    trace_thread_.join();
    pipes_.reset();
    return trace_error_;
  }
  pipes_->close_program_ends();
  out_ = std::make_unique<Capture>();
  err_ = std::make_unique<Capture>();
  out_->reader = std::thread(read_into<platform::ProgramPipes>, std::ref(*pipes_), std::ref(*out_), true);
  err_->reader = std::thread(read_into<platform::ProgramPipes>, std::ref(*pipes_), std::ref(*err_), false);
  return std::nullopt;
}

std::vector<platform::TracedCall> RunningProgram::traced_calls() const {
  std::lock_guard lock(trace_mutex_);
  return trace_done_ ? calls_ : std::vector<platform::TracedCall>{};
}

std::optional<std::string> RunningProgram::start(bool own_console) {
  if (traced_) return start_traced();
  platform::ProgramOptions options;
  options.identity = program_.identity;
  options.own_console = own_console;
  auto child = platform::spawn_program(program_.command, options);
  if (!child) return child.error().describe();
  child_.emplace(std::move(child.value()));
  pid_ = child_->pid();
  out_ = std::make_unique<Capture>();
  err_ = std::make_unique<Capture>();
  out_->reader = std::thread(read_into<platform::Child>, std::ref(*child_), std::ref(*out_), true);
  err_->reader = std::thread(read_into<platform::Child>, std::ref(*child_), std::ref(*err_), false);
  return std::nullopt;
}

std::optional<platform::ExitStatus> RunningProgram::poll_exit(std::chrono::milliseconds timeout) {
  if (traced_) {
    if (!trace_started_ || status_) return std::nullopt;
    // Ctrl-C: the tracer notices only at its program's next stop, which a waiting program may
    // never make; the pair ends it here, and with it whatever it started.
    if (platform::interrupt_requested()) kill("Ctrl-C");
    std::unique_lock lock(trace_mutex_);
    if (!trace_cv_.wait_for(lock, timeout, [this] { return trace_done_; })) return std::nullopt;
    status_ = traced_exit_;
    // Ctrl-C may reach the tracer first (it ends its program at the next stop, or the job
    // closes): a program killed then was ended for Ctrl-C all the same.
    if (ended_by_.empty() && platform::interrupt_requested() && (status_->by_signal || status_->killed_by_owner)) {
      ended_by_ = "Ctrl-C";
    }
    if (!ended_by_.empty()) status_->killed_by_owner = true;
    return status_;
  }
  if (!child_ || status_) return std::nullopt;
  status_ = child_->wait_for(timeout);
  return status_;
}

std::vector<report::MessageBoxSeen> RunningProgram::dismiss_message_boxes() {
  std::vector<report::MessageBoxSeen> fresh;
  if (!started() || status_ || !box_problem_.empty()) return fresh;
  // Asked once per program: the probe makes a window of its own.
  if (!windows_checked_) {
    windows_checked_ = true;
    if (auto error = platform::can_see_windows()) {
      box_problem_ = error->message.empty() ? error->describe() : error->message;
      return fresh;
    }
  }
  auto boxes = platform::message_boxes_of(pid_);
  if (!boxes) {
    box_problem_ = boxes.error().describe();
    return fresh;
  }
  for (const auto& box : boxes.value()) {
    if (std::find(box_windows_.begin(), box_windows_.end(), box.window) != box_windows_.end()) continue;
    box_windows_.push_back(box.window);
    report::MessageBoxSeen seen{box.title, box.text, ""};
    const auto dismissed = platform::dismiss_message_box(box);
    seen.dismissed = dismissed ? "not dismissed: " + dismissed->describe() : "dismissed by the harness";
    boxes_.push_back(seen);
    fresh.push_back(seen);
  }
  return fresh;
}

bool RunningProgram::write_line() {
  if (pipes_) return trace_started_ && !status_ && pipes_->write_stdin("\n");
  return child_ && !status_ && child_->write_stdin("\n");
}

void RunningProgram::close_stdin() {
  if (pipes_) pipes_->close_stdin();
  if (child_) child_->close_stdin();
}

void RunningProgram::kill(const std::string& why) {
  if (traced_) {
    if (!trace_started_ || status_ || !ended_by_.empty() || trace_done()) return;
    ended_by_ = why;
    platform::stop_trace_of(pid_);  // the tracer kills its program and every process it started
    return;
  }
  if (!child_ || status_ || !ended_by_.empty()) return;
  if (child_->wait_for(0ms)) return;  // ended on its own: poll_exit will record it
  ended_by_ = why;
  child_->kill();
}

void RunningProgram::finish_capture() {
  if (traced_) {
    if (!trace_started_) return;
    {
      std::unique_lock lock(trace_mutex_);
      if (!trace_cv_.wait_for(lock, 2s, [this] { return trace_done_; })) {
        lock.unlock();
        platform::stop_trace_of(pid_);
      }
    }
    if (trace_thread_.joinable()) trace_thread_.join();
    // Every process of the trace has ended: the streams reach their end.
    for (Capture* capture : {out_.get(), err_.get()}) {
      if (capture && capture->reader.joinable()) capture->reader.join();
    }
    return;
  }
  if (!child_) return;
  for (Capture* capture : {out_.get(), err_.get()}) {
    if (!capture->reader.joinable()) continue;
    // The streams end when the program and whatever it started have closed them; kill() takes
    // its process group (POSIX) or job (Windows) with it, so this wait is bounded.
    if (!child_->wait_for(2s)) child_->kill();
    capture->reader.join();
  }
}

bool RunningProgram::passed(const std::optional<std::string>& expect_text) const {
  if (!status_) return false;
  if (!expect_text) return status_->clean();
  // With a text to expect, the text decides: the sample's second exits 0 whether or not its box
  // could be shown (a MessageBox that fails is ignored), so its exit code alone proves nothing.
  // A program that then crashed or was killed did not pass, whatever it showed first.
  const bool crashed = status_->by_signal || status_->killed_by_owner || status_->code < 0 ||
                       static_cast<std::uint64_t>(status_->code) >= 0xC0000000u;
  if (crashed) return false;
  if (shows_text(output_text(), *expect_text)) return true;
  for (const auto& box : boxes_) {
    if (shows_text(box.title + "\n" + box.text, *expect_text)) return true;
  }
  return false;
}

std::string RunningProgram::output_text() const { return text_of(out_.get()) + text_of(err_.get()); }

std::string RunningProgram::failure_text(const std::optional<std::string>& expect_text) const {
  std::string text = role_ + " (pid " + std::to_string(pid_) + ") ";
  text += status_ ? "ended with " + status_->describe() : "did not end";
  if (status_ && !status_->by_signal) {
    // describe() names exceptions already; a code the runtime gives a meaning to is named here.
    const std::string name(platform::windows_exit_code_name(static_cast<std::uint32_t>(status_->code)));
    if (!name.empty() && status_->code != 3 && text.find(name) == std::string::npos) text += " " + name;
  }
  const auto said = first_line(output_text());
  if (!said.empty()) text += ", saying \"" + said + "\"";
  if (expect_text) text += "; \"" + *expect_text + "\" was expected in its output or a message box" + (box_problem_.empty() ? "" : " (message boxes: " + box_problem_ + ")");
  return text;
}

report::ProgramRun RunningProgram::record() const {
  report::ProgramRun run;
  run.role = role_;
  run.command = program_.command;
  run.run_as = program_.run_as;
  run.pid = pid_;
  run.exit = !started() ? "not started" : status_ ? status_->describe() : "still running";
  run.exit_symbol = status_ ? status_->symbol() : "";
  run.output = text_of(out_.get(), &run.output_dropped);
  run.errors = text_of(err_.get(), &run.errors_dropped);
  run.message_boxes = boxes_;
  run.message_box_problem = box_problem_;
  return run;
}

std::string send_console_key(const std::string& harness_executable, std::int64_t pid) {
  auto child = platform::spawn_child(harness_executable, {"console-key", "--pid", std::to_string(pid)});
  if (!child) return "console-key could not be started: " + child.error().describe();
  child.value().close_stdin();
  // It says little (a line on failure): the pipe holds it until it has ended, then it is read.
  auto status = child.value().wait_for(10s);
  if (!status) child.value().kill();
  std::string said;
  char buffer[512];
  for (std::ptrdiff_t got; (got = child.value().read_stderr(buffer, sizeof buffer)) > 0;) said.append(buffer, static_cast<std::size_t>(got));
  if (!status) return "console-key did not end within 10 s and was killed";
  if (status->clean()) return "a key press in first's own console (console-key exited 0)";
  return "console-key failed with " + status->describe() + (said.empty() ? "" : ": " + first_line(said));
}

}  // namespace shmh
