// The scenario runner: runs one scenario to its outcome and ends its roles. Never throws.
#include "harness/orchestrator/scenario_runner.h"

#include "harness/orchestrator/namespace_evidence.h"
#include "harness/orchestrator/scenario_context.h"

#include <condition_variable>
#include <mutex>
#include <thread>

#include "harness/platform/this_process.h"

namespace shmh {

using namespace std::chrono;

namespace {

// How long past its deadline a scenario may still be waiting before the watchdog ends its
// roles. Every wait on a role is cut at the deadline already; this catches a wait that is not
// (a role start, a harness bug), so that no scenario ever reaches ctest's own timeout.
constexpr auto kWatchdogGrace = seconds(5);

// Ends the scenario's roles when it is still running past deadline + grace; stopped (joined)
// when the scenario's body has returned.
class Watchdog {
 public:
  Watchdog(ScenarioContext& context, steady_clock::time_point deadline)
      : thread_([this, &context, deadline] {
          std::unique_lock lock(mutex_);
          if (changed_.wait_until(lock, deadline + kWatchdogGrace, [this] { return stopped_; })) return;
          fired_ = true;
          lock.unlock();
          context.terminate_roles_from_watchdog();
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

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool stopped_ = false;
  bool fired_ = false;
  std::thread thread_;
};

}  // namespace

report::ScenarioResult run_scenario(const Scenario& scenario, const RunSettings& settings, int index) {
  report::ScenarioResult result;
  result.id = scenario.id;
  result.labels = scenario.labels;
  result.purpose = scenario.purpose;
  const auto start = steady_clock::now();
  ScenarioContext context(settings, "s" + std::to_string(index));
  Watchdog watchdog(context, context.deadline());
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
                    " s past its deadline of " + std::to_string(settings.scenario_timeout.count() / 1000) +
                    " s; its roles were ended (" + (result.reason.empty() ? "it had not said where it waited" : result.reason) + ")";
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
