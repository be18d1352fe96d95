// The scenario runner: runs one scenario to its outcome and ends its roles. Never throws.
#include "harness/orchestrator/scenario_runner.h"

#include "harness/orchestrator/namespace_evidence.h"
#include "harness/orchestrator/scenario_context.h"

#include "harness/platform/this_process.h"

namespace shmh {

using namespace std::chrono;

report::ScenarioResult run_scenario(const Scenario& scenario, const RunSettings& settings, int index) {
  report::ScenarioResult result;
  result.id = scenario.id;
  result.labels = scenario.labels;
  result.purpose = scenario.purpose;
  const auto start = steady_clock::now();
  ScenarioContext context(settings, "s" + std::to_string(index));
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
