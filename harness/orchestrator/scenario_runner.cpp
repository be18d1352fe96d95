// The scenario runner: runs one scenario to its outcome and ends its roles. Never throws.
#include "harness/orchestrator/scenario_runner.h"

#include "harness/orchestrator/namespace_evidence.h"
#include "harness/orchestrator/scenario_context.h"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "harness/platform/this_process.h"

namespace shmh {

using namespace std::chrono;

namespace {

// How long past its deadline a scenario may still be waiting before the watchdog ends its
// roles. Every wait on a role is cut at the deadline already; this catches a wait that is not
// (a role start that hangs in the OS, a harness bug), so that no scenario ever reaches ctest's
// own timeout.
constexpr auto kWatchdogGrace = seconds(5);
// After ending the roles: how long the body may take to notice before the run gives up.
constexpr auto kLastResort = seconds(10);

// Ends the scenario's roles when it is still running past deadline + grace; stopped (joined)
// when the scenario's body has returned. When even that does not free the body (a wait on
// something no role holds, such as a CreateProcess that never returns), it says where the
// scenario was stuck on stdout, as the run's outcome line, and ends the run's process: its
// roles go with it (job object / process group), and a run that cannot go on is better ended
// with the reason than killed by ctest without one.
class Watchdog {
 public:
  Watchdog(ScenarioContext& context, const std::string& id, steady_clock::time_point deadline)
      : thread_([this, &context, id, deadline] {
          std::unique_lock lock(mutex_);
          if (changed_.wait_until(lock, deadline + kWatchdogGrace, [this] { return stopped_; })) return;
          fired_ = true;
          activity_ = context.activity();
          lock.unlock();
          context.terminate_roles_from_watchdog();
          lock.lock();
          if (changed_.wait_for(lock, kLastResort, [this] { return stopped_; })) return;
          const auto over = duration_cast<seconds>(steady_clock::now() - deadline).count();
          std::printf("[timeout] %s — still running %lld s past its deadline, %s, after its roles were ended; "
                      "the run cannot go on and ends here without its report\n",
                      id.c_str(), static_cast<long long>(over),
                      activity_.empty() ? "not waiting on a role" : activity_.c_str());
          std::fflush(stdout);
          std::_Exit(1);  // the run's exit code for a scenario that did not pass
        }) {}
  ~Watchdog() { stop(); }
  // True when it had to end the roles.
  bool stop() {
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
    return fired_;
  }
  // What the scenario was doing when the watchdog fired.
  const std::string& activity() const { return activity_; }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool stopped_ = false;
  bool fired_ = false;
  std::string activity_;
  std::thread thread_;
};

}  // namespace

RunSettings settings_for(const Scenario& scenario, RunSettings settings) {
  if (scenario.timeout && !settings.scenario_timeout_given) {
    settings.scenario_timeout = *scenario.timeout;
    settings.operation_timeout = std::min(settings.operation_timeout, *scenario.timeout);
  }
  return settings;
}

report::ScenarioResult run_scenario(const Scenario& scenario, const RunSettings& run_settings, int index) {
  const RunSettings settings = settings_for(scenario, run_settings);
  report::ScenarioResult result;
  result.id = scenario.id;
  result.labels = scenario.labels;
  result.purpose = scenario.purpose;
  const auto start = steady_clock::now();
  ScenarioContext context(settings, "s" + std::to_string(index));
  Watchdog watchdog(context, scenario.id, context.deadline());
  try {
    scenario.body(context);
    if (context.failures().empty()) {
      result.outcome = report::Outcome::passed;
      result.reason = context.notes();
    } else {
      result.outcome = report::Outcome::failed;
    }
  } catch (const ScenarioSkipped& skipped) {
    result.outcome = report::Outcome::skipped;
    result.reason = skipped.reason;
  } catch (const ScenarioFailed& failed) {
    result.outcome = report::Outcome::failed;
    result.reason = failed.reason;
  } catch (const RoleFailure& failure) {
    result.outcome = failure.kind() == RoleFailure::Kind::timeout ? report::Outcome::timeout : report::Outcome::error;
    result.reason = failure.what();
    if (platform::interrupt_requested() && failure.kind() != RoleFailure::Kind::interrupted) {
      result.reason = "interrupted (Ctrl-C or SIGTERM): " + result.reason;
    }
  } catch (const std::exception& e) {
    result.outcome = report::Outcome::error;
    result.reason = std::string("harness error: ") + e.what();
  }
  if (watchdog.stop()) {
    result.outcome = report::Outcome::timeout;
    result.reason = "the scenario was still running " + std::to_string(kWatchdogGrace.count()) +
                    " s past its deadline of " + std::to_string(settings.scenario_timeout.count() / 1000) + " s, " +
                    (watchdog.activity().empty() ? std::string("not waiting on a role") : watchdog.activity()) +
                    "; its roles were ended" + (result.reason.empty() ? "" : " (then: " + result.reason + ")");
  }
  if (!context.failures().empty()) {
    std::string joined;
    for (const auto& f : context.failures()) joined += (joined.empty() ? "" : "; ") + f;
    result.reason = result.reason.empty() ? joined : result.reason + "; " + joined;
    if (result.outcome == report::Outcome::passed) result.outcome = report::Outcome::failed;
  }
  // Before the roles end, while what they hold still exists: the evidence of a failure on a name.
  if (result.outcome != report::Outcome::passed && result.outcome != report::Outcome::skipped) {
    result.namespace_snapshot = namespace_evidence(context.observations());
  }
  // End the roles: politely first, so their logs are complete, then by force.
  for (const auto& role : context.roles()) {
    const auto status = role->finish(milliseconds(3000));
    if (result.outcome != report::Outcome::passed && result.outcome != report::Outcome::skipped) {
      result.role_logs.push_back({role->name(), role->pid(), status.describe(), role->log()});
    }
  }
  context.remove_objects();
  result.observations = std::move(context.observations());
  result.metrics = context.metrics();
  result.duration_ms = duration<double, std::milli>(steady_clock::now() - start).count();
  return result;
}

}  // namespace shmh
