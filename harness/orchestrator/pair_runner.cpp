// `pair`'s run: start first, wait for the name (or a time, or first's end), start the seconds,
// watch the name and the message boxes, end first as asked, judge, and make sure nothing is left.
#include "harness/orchestrator/pair_runner.h"

#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "harness/orchestrator/pair_watch.h"
#include "harness/platform/child_process.h"
#include "harness/platform/shared_memory.h"
#include "harness/platform/system_info.h"
#include "harness/platform/this_process.h"

namespace shmh {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

class PairRun {
 public:
  explicit PairRun(const PairSettings& settings) : s_(settings), start_(Clock::now()), watch_(settings.name) {}

  report::ScenarioResult run();
  // After run(): each started program's calls (pair --trace).
  std::vector<TracedRole> traced() const;

 private:
  double now_ms() const { return std::chrono::duration<double, std::milli>(Clock::now() - start_).count(); }
  bool out_of_time() const { return Clock::now() - start_ >= s_.timeout; }
  void event(const std::string& what, const std::string& role, std::int64_t pid, const std::string& detail);
  // One look at everything: the name, every program's end, every message box.
  void poll(milliseconds exit_wait = milliseconds(0));
  void sleep() const { std::this_thread::sleep_for(s_.poll); }
  bool start(RunningProgram& program, bool own_console);
  void end_first();
  void wait_for_name_gone();
  void time_out(const std::string& waiting_for);
  void judge(report::ScenarioResult& result);
  std::function<void(const platform::TracedCall&)> traced_call_hook(const std::string& role) const {
    if (!s_.on_traced_call) return {};
    return [hook = s_.on_traced_call, role](const platform::TracedCall& call) { hook(role, call); };
  }

  const PairSettings& s_;
  const Clock::time_point start_;
  NameWatch watch_;
  bool name_existed_before_ = false;
  bool windows_ = platform::backend() == platform::Backend::windows;
  std::unique_ptr<RunningProgram> first_;
  std::vector<std::unique_ptr<RunningProgram>> seconds_;
  std::vector<report::TimelineEvent> timeline_;
  std::optional<report::Outcome> forced_;  // timeout or error, decided before judging
  std::string forced_reason_;
  nlohmann::json diagnosis_ = nullptr;
  std::map<std::string, double> started_ms_;  // role -> when it was started
};

void PairRun::event(const std::string& what, const std::string& role, std::int64_t pid, const std::string& detail) {
  report::TimelineEvent e{now_ms(), what, role, pid, detail};
  if (s_.on_event) s_.on_event(e);
  timeline_.push_back(std::move(e));
}

void PairRun::poll(milliseconds exit_wait) {
  if (auto change = watch_.look()) event(*change, "", 0, s_.name);
  std::vector<RunningProgram*> all{first_.get()};
  for (auto& second : seconds_) all.push_back(second.get());
  for (RunningProgram* program : all) {
    if (program == nullptr || !program->started()) continue;
    if (windows_) {
      for (const auto& box : program->dismiss_message_boxes()) {
        event("message box", program->role(), program->pid(), box.title + ": " + box.text + " (" + box.dismissed + ")");
      }
    }
    if (auto status = program->poll_exit(exit_wait)) {
      event(program->role() == "first" ? "first ended" : program->role() + " exited", program->role(), program->pid(),
            status->describe() + (program->ended_by_harness().empty() ? "" : ", for " + program->ended_by_harness()));
    }
  }
}

bool PairRun::start(RunningProgram& program, bool own_console) {
  started_ms_[program.role()] = now_ms();
  if (auto error = program.start(own_console)) {
    event(program.role() + " not started", program.role(), 0, *error);
    forced_ = report::Outcome::error;
    forced_reason_ = "cannot start " + program.role() + " `" + program.command() + "`: " + *error;
    return false;
  }
  event(program.role() + " started", program.role(), program.pid(), program.command() + " (" + program.run_as() + ")");
  return true;
}

void PairRun::time_out(const std::string& waiting_for) {
  std::string hung;
  auto add = [&](RunningProgram* p) {
    if (p && p->started() && !p->ended()) hung += (hung.empty() ? "" : ", ") + p->role() + " (pid " + std::to_string(p->pid()) + ")";
  };
  add(first_.get());
  for (auto& second : seconds_) add(second.get());
  forced_ = report::Outcome::timeout;
  forced_reason_ = "timed out after " + std::to_string(s_.timeout.count() / 1000.0).substr(0, 4) + " s " + waiting_for +
                   (hung.empty() ? "" : "; still running and killed: " + hung);
  for (auto& second : seconds_) second->kill("the time limit");
  if (first_) first_->kill("the time limit");
  poll();
}

void PairRun::end_first() {
  if (!first_ || !first_->started() || first_->ended()) return;
  switch (s_.first_ends) {
    case FirstEnds::key:
      if (windows_) {
        const std::string result = send_console_key(s_.harness_executable, first_->pid());
        event("key sent", "first", first_->pid(), result);
      } else {
        event("key sent", "first", first_->pid(), first_->write_line() ? "a line on stdin (POSIX has no console keys)" : "stdin is closed");
      }
      break;
    case FirstEnds::stdin_line: {
      const bool written = first_->write_line();
      first_->close_stdin();
      event("line sent", "first", first_->pid(), written ? "a line on stdin, then end of input" : "stdin was already closed");
      break;
    }
    case FirstEnds::kill:
      first_->kill("--first-ends kill");
      break;
    case FirstEnds::wait:
      break;
  }
  while (!first_->ended()) {
    if (out_of_time()) {
      time_out(s_.first_ends == FirstEnds::wait ? "waiting for first to end by itself (--first-ends wait)"
                                                : "waiting for first to end after it was told to");
      return;
    }
    sleep();
    poll();
  }
}

void PairRun::wait_for_name_gone() {
  // A Windows name dies with its last handle at once; a POSIX name lives until unlinked, and a
  // first that ended without unlinking leaves it: allow a moment, then say so.
  const auto until = Clock::now() + milliseconds(windows_ ? 2000 : 500);
  while (watch_.present() && Clock::now() < until) {
    sleep();
    poll();
  }
  if (!watch_.present()) return;
  if (windows_) {
    event("name still exists", "", 0, "something outside this pair still holds " + s_.name);
    return;
  }
  if (name_existed_before_) {
    event("name still exists", "", 0, s_.name + " existed before first started; it is left as it was");
    return;
  }
  const auto removed = platform::unlink_mapping(s_.name);
  event("name removed by the harness", "", 0,
        removed ? "shm_unlink failed: " + removed->describe()
                : "first ended without shm_unlink, and POSIX names outlive their processes: removed so that nothing is left");
  poll();
}

report::ScenarioResult PairRun::run() {
  report::ScenarioResult result;
  watch_.look();
  name_existed_before_ = watch_.present();
  if (name_existed_before_) event("name existed before first started", "", 0, s_.name + ": this pair may not test a fresh object");
  if (!watch_.problem().empty()) event("name not watched", "", 0, watch_.problem());

  first_ = std::make_unique<RunningProgram>("first", s_.first, s_.trace, traced_call_hook("first"));
  if (start(*first_, s_.first_ends == FirstEnds::key)) {
    // Second's turn: the name, a time, or first's end.
    for (;;) {
      poll();
      const double waited = now_ms();
      bool go = false;
      if (s_.second_after == SecondAfter::name_exists) go = watch_.seen() || first_->ended();
      if (s_.second_after == SecondAfter::delay) go = waited >= static_cast<double>(s_.delay.count());
      if (s_.second_after == SecondAfter::first_exit) go = first_->ended();
      if (go) break;
      if (out_of_time()) {
        time_out(s_.second_after == SecondAfter::name_exists ? "waiting for " + s_.name + " to appear" : "waiting to start second");
        break;
      }
      sleep();
    }
    if (!forced_ && s_.second_after == SecondAfter::name_exists && !watch_.seen()) {
      event("second starts anyway", "", 0, "first ended before " + s_.name + " appeared");
    }
    for (int i = 0; i < s_.seconds && !forced_; ++i) {
      const std::string role = s_.seconds == 1 ? "second" : "second#" + std::to_string(i + 1);
      seconds_.push_back(std::make_unique<RunningProgram>(role, s_.second, s_.trace, traced_call_hook(role)));
    }
    // Started back to back: a race of the openers when there are several.
    for (auto& second : seconds_) {
      if (!start(*second, false)) break;
    }
    auto seconds_running = [&] {
      for (auto& second : seconds_) {
        if (second->started() && !second->ended()) return true;
      }
      return false;
    };
    while (!forced_ && seconds_running()) {
      if (out_of_time()) {
        time_out("waiting for second to end");
        break;
      }
      sleep();
      poll();
    }
    bool a_second_failed = false;
    for (auto& second : seconds_) a_second_failed |= second->ended() && !second->passed(s_.expect_text);
    if (a_second_failed && s_.diagnose) {
      diagnosis_ = s_.diagnose();
      event("diagnosed", "", 0, diagnosis_.is_object() ? diagnosis_.value("verdict", "") : "no diagnosis");
    }
    if (forced_) {
      first_->kill("the end of the pair");
    } else {
      end_first();
    }
  }
  for (auto& second : seconds_) second->kill("the end of the pair");
  if (first_) first_->kill("the end of the pair");
  poll(milliseconds(5000));  // a killed program is reaped (and its end put on the timeline) here
  wait_for_name_gone();
  judge(result);
  return result;
}

void PairRun::judge(report::ScenarioResult& result) {
  result.timeline = timeline_;
  result.diagnosis = diagnosis_;
  std::vector<RunningProgram*> all{first_.get()};
  for (auto& second : seconds_) all.push_back(second.get());
  for (RunningProgram* program : all) {
    program->finish_capture();
    result.programs.push_back(program->record());
  }
  if (forced_) {
    result.outcome = *forced_;
    result.reason = forced_reason_;
  } else {
    std::string failures;
    for (auto& second : seconds_) {
      if (second->passed(s_.expect_text)) continue;
      failures += (failures.empty() ? "" : "; ") + second->failure_text(s_.expect_text);
    }
    result.outcome = failures.empty() ? report::Outcome::passed : report::Outcome::failed;
    if (failures.empty()) {
      result.reason = s_.expect_text ? "second showed \"" + *s_.expect_text + "\"" : "second exited 0";
      if (seconds_.size() > 1) result.reason = "all " + std::to_string(seconds_.size()) + " seconds passed: " + result.reason;
    } else {
      result.reason = failures;
    }
    const auto first_record = first_->record();
    if (result.outcome != report::Outcome::passed) result.reason += "; first: " + first_record.exit;
  }
  if (diagnosis_.is_object()) result.reason += "; diagnosis as second: " + diagnosis_.value("verdict", "");
  if (result.outcome != report::Outcome::passed) {
    for (const auto& p : result.programs) result.role_logs.push_back({p.role, p.pid, p.exit, p.output + p.errors});
  }
}

std::vector<TracedRole> PairRun::traced() const {
  std::vector<TracedRole> roles;
  std::vector<RunningProgram*> all{first_.get()};
  for (auto& second : seconds_) all.push_back(second.get());
  for (RunningProgram* program : all) {
    if (program == nullptr || !program->started()) continue;
    const auto at = started_ms_.find(program->role());
    roles.push_back({program->role(), program->pid(), at == started_ms_.end() ? 0.0 : at->second, program->traced_calls()});
  }
  return roles;
}

}  // namespace

bool shows_text(const std::string& output, const std::string& expected) {
  return !expected.empty() && output.find(expected) != std::string::npos;
}

report::ScenarioResult run_pair(const PairSettings& settings, std::vector<TracedRole>* traced) {
  PairRun run(settings);
  auto result = run.run();
  if (traced != nullptr) *traced = run.traced();
  return result;
}

}  // namespace shmh
