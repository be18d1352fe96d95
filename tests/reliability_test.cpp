// Faults of the orchestrator itself: killed outright or interrupted mid-run, it leaves no role
// process and no named object of its run behind.
#include <gtest/gtest.h>

#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include "tests/harness_runner.h"
#include "harness/platform/shared_memory.h"
#include "reports/json_report.h"

#ifndef _WIN32
#include <csignal>
#endif

namespace shmh::testing {
namespace {

using namespace std::chrono_literals;

// A running orchestrator whose output is collected as it comes.
class LiveRun {
 public:
  explicit LiveRun(const std::vector<std::string>& arguments) {
    set_environment("SPDLOG_LEVEL", "debug");  // the orchestrator logs each role's pid
    auto child = platform::spawn_child(harness_binary(), arguments);
    set_environment("SPDLOG_LEVEL", "info");
    if (!child) throw std::runtime_error(child.error().describe());
    child_.emplace(std::move(child.value()));
    out_reader_ = std::thread([this] { drain(true); });
    err_reader_ = std::thread([this] { drain(false); });
  }
  ~LiveRun() {
    child_->kill();
    out_reader_.join();
    err_reader_.join();
  }
  platform::Child& child() { return *child_; }

  // Waits until `pattern` matches the output so far; returns the first capture group.
  std::string wait_for(const std::regex& pattern, bool in_stdout, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard lock(mutex_);
        std::smatch match;
        const std::string& text = in_stdout ? out_ : err_;
        if (std::regex_search(text, match, pattern)) return match.size() > 1 ? match[1].str() : match[0].str();
      }
      std::this_thread::sleep_for(20ms);
    }
    return "";
  }
  std::set<std::int64_t> role_pids() {
    std::lock_guard lock(mutex_);
    std::set<std::int64_t> pids;
    const std::regex started("started role \\S+ as pid (\\d+)");
    for (std::sregex_iterator it(err_.begin(), err_.end(), started), end; it != end; ++it) {
      pids.insert(std::stoll((*it)[1].str()));
    }
    return pids;
  }
  std::string output() {
    std::lock_guard lock(mutex_);
    return out_ + err_;
  }

 private:
  void drain(bool out) {
    char buffer[4096];
    for (;;) {
      const auto got = out ? child_->read_stdout(buffer, sizeof buffer) : child_->read_stderr(buffer, sizeof buffer);
      if (got <= 0) return;
      std::lock_guard lock(mutex_);
      (out ? out_ : err_).append(buffer, static_cast<std::size_t>(got));
    }
  }
  std::optional<platform::Child> child_;
  std::thread out_reader_, err_reader_;
  std::mutex mutex_;
  std::string out_, err_;
};

bool all_gone(const std::set<std::int64_t>& pids) {
  for (auto pid : pids) {
    if (platform::process_exists(pid)) return false;
  }
  return true;
}

// The coordination mapping of the run's first scenario: known to exist while the race runs.
bool run_object_exists(const std::string& run_id) {
  if (!on_windows()) return !platform::list_names_with_prefix(run_id).empty();
  return platform::open_mapping("Local\\" + run_id + "-s0-coord", platform::Access::read).ok();
}

TEST(Reliability, KilledOrchestratorLeavesNoRoleAndNoObject) {
  LiveRun run({"run", "--scenario", "race/create-or-open", "--trials", "100000", "--roles", "4", "--report-dir",
               "reliability-killed"});
  const std::string run_id = run.wait_for(std::regex("run (shmh-\\d+-[0-9a-f]+)"), true, 30s);
  ASSERT_FALSE(run_id.empty()) << run.output();
  ASSERT_FALSE(run.wait_for(std::regex("(started role racer-4)"), false, 30s).empty()) << run.output();
  const auto roles = run.role_pids();
  ASSERT_EQ(roles.size(), 4u) << run.output();
  std::this_thread::sleep_for(300ms);  // well into the trials
  ASSERT_TRUE(run_object_exists(run_id)) << "the check below would prove nothing";
  for (auto pid : roles) ASSERT_TRUE(platform::process_exists(pid)) << pid;

  run.child().kill();  // SIGKILL / TerminateProcess: no chance to clean up by itself
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline && (!all_gone(roles) || run_object_exists(run_id))) {
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(all_gone(roles)) << "a role outlived its killed orchestrator";
  EXPECT_FALSE(run_object_exists(run_id)) << "an object of the killed run is still there";
}

TEST(Reliability, FinishedRunLeavesNoObject) {
  const auto run = run_harness({"run", "--label", "lifetime", "--report-dir", "reliability-finished"}, 120s);
  ASSERT_TRUE(run.status);
  std::smatch match;
  ASSERT_TRUE(std::regex_search(run.out, match, std::regex("run (shmh-\\d+-[0-9a-f]+)"))) << run.out;
  const std::string run_id = match[1].str();
  EXPECT_TRUE(platform::list_names_with_prefix(run_id).empty());
  // Windows lists no names by prefix: every name the run's roles used (from the report's
  // observations) must fail to open now, on both backends.
  const auto report = report::read_report_file("reliability-finished/report.json");
  std::set<std::string> names;
  for (const auto& scenario : report.scenarios) {
    for (const auto& o : scenario.observations) {
      if (o.name.find(run_id) != std::string::npos) names.insert(o.name);
    }
  }
  EXPECT_GE(names.size(), 5u) << "the lifetime scenarios' observations name fewer objects than they create";
  for (const auto& name : names) {
    const auto opened = platform::open_mapping(name, platform::Access::read);
    EXPECT_FALSE(opened.ok()) << name << " still exists after the run";
  }
}

TEST(Reliability, InterruptEndsRolesAndWritesAPartialReport) {
  if (on_windows()) {
    GTEST_SKIP() << "a console Ctrl-C cannot be sent to one process from a test here (GenerateConsoleCtrlEvent "
                    "reaches the whole console group); the POSIX build proves the same path with SIGTERM";
  }
  LiveRun run({"run", "--label", "race", "--trials", "100000", "--report-dir", "reliability-interrupted"});
  ASSERT_FALSE(run.wait_for(std::regex("(started role racer-8)"), false, 30s).empty()) << run.output();
  const auto roles = run.role_pids();
  std::this_thread::sleep_for(200ms);
#ifndef _WIN32
  ::kill(static_cast<pid_t>(run.child().pid()), SIGTERM);
#endif
  const auto status = run.child().wait_for(30s);
  ASSERT_TRUE(status) << "the orchestrator did not stop after SIGTERM";
  EXPECT_EQ(status->code, 130) << run.output();
  EXPECT_NE(run.output().find("interrupted"), std::string::npos);
  EXPECT_TRUE(all_gone(roles));
  const auto report = report::read_report_file("reliability-interrupted/report.json");
  EXPECT_TRUE(report.interrupted);
  ASSERT_FALSE(report.scenarios.empty());
  EXPECT_EQ(report.scenarios.back().outcome, report::Outcome::error);
}

}  // namespace
}  // namespace shmh::testing
