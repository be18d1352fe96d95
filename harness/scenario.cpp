// Scenario context and runner: journal, expectations, clean-up of roles and named objects.
#include "scenario.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "platform/shared_memory.h"
#include "platform/system_info.h"

namespace shmh {

using namespace std::chrono;

std::string describe(const report::Observation& o) {
  std::string text = o.api + "(" + o.name + ") " + (o.ok ? "ok" : "failed");
  if (o.error) text += ", " + std::to_string(o.error->code) + " " + o.error->symbol;
  return text;
}

ScenarioContext::ScenarioContext(const RunSettings& settings, std::string scenario_tag)
    : settings_(settings),
      tag_(std::move(scenario_tag)),
      start_(steady_clock::now()),
      deadline_(start_ + settings.scenario_timeout) {}

ScenarioContext::~ScenarioContext() { remove_objects(); }

bool ScenarioContext::on_windows() const { return std::string(platform::backend_name()) == "windows"; }

RoleProcess& ScenarioContext::start_role(const std::string& name) {
  roles_.push_back(std::make_unique<RoleProcess>(settings_.executable, name, [this](report::Observation& o) {
    o.at_ms = duration<double, std::milli>(steady_clock::now() - start_).count();
    observations_.push_back(o);
  }));
  return *roles_.back();
}

report::Observation ScenarioContext::call(RoleProcess& role, nlohmann::json command) {
  const auto remaining = duration_cast<milliseconds>(deadline_ - steady_clock::now());
  if (remaining <= milliseconds(0)) {
    throw RoleFailure(RoleFailure::Kind::timeout, "the scenario ran out of its " +
                                                      std::to_string(settings_.scenario_timeout.count() / 1000) + " s");
  }
  return role.call(std::move(command), std::min(settings_.operation_timeout, remaining));
}

std::string ScenarioContext::object_name(std::string_view tag) {
  std::string name = "Local\\" + settings_.run_id + "-" + tag_ + "-" + std::string(tag);
  object_names_.push_back(name);
  return name;
}

void ScenarioContext::check(bool condition, const std::string& what) {
  if (!condition) failures_.push_back(what);
}

void ScenarioContext::require(bool condition, const std::string& what) {
  if (!condition) throw ScenarioFailed{what};
}

void ScenarioContext::expect_code(const report::Observation& o, std::string_view symbol, const std::string& what) {
  const bool matches = o.error && o.error->symbol == symbol;
  check(matches, what + ": expected " + std::string(symbol) + ", observed " + describe(o));
}

void ScenarioContext::expect_clean_success(const report::Observation& o, const std::string& what) {
  check(o.ok && !o.error, what + ": expected success, observed " + describe(o));
}

void ScenarioContext::skip(const std::string& reason) { throw ScenarioSkipped{reason}; }

void ScenarioContext::note(const std::string& text) {
  if (!notes_.empty()) notes_ += "; ";
  notes_ += text;
}

void ScenarioContext::remove_objects() {
  // Roles are ended first so that nothing re-creates a name after it is removed.
  for (auto& role : roles_) role->kill();
  if (!platform::names_persist_until_unlinked()) return;  // Windows: gone with the last handle
  for (const auto& name : object_names_) (void)platform::unlink_mapping(name);
}

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
