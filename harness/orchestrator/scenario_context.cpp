// Scenario context and runner: journal, expectations, clean-up of roles and named objects.
#include "harness/orchestrator/scenario_context.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "harness/platform/child_process.h"
#include "harness/platform/this_process.h"
#include "harness/platform/shared_memory.h"
#include "harness/platform/system_info.h"

namespace shmh {

using namespace std::chrono;

std::string describe(const report::Observation& o) {
  // Names of hundreds of characters (the over-long name scenario) are shortened for people;
  // the report's observation keeps the whole name.
  const std::string name = o.name.size() <= 80 ? o.name
                                                : o.name.substr(0, 60) + "...(" + std::to_string(o.name.size()) + " characters)";
  std::string text = o.api + "(" + name + ") " + (o.ok ? "ok" : "failed");
  if (o.error) text += ", " + std::to_string(o.error->code) + " " + o.error->symbol;
  return text;
}

ScenarioContext::ScenarioContext(const RunSettings& settings, std::string scenario_tag)
    : settings_(settings),
      tag_(std::move(scenario_tag)),
      start_(steady_clock::now()),
      deadline_(start_ + settings.scenario_timeout) {}

ScenarioContext::~ScenarioContext() { remove_objects(); }

bool ScenarioContext::on_windows() const { return platform::backend() == platform::Backend::windows; }

void ScenarioContext::set_activity(std::string activity) {
  std::lock_guard lock(activity_mutex_);
  activity_ = std::move(activity);
}

std::string ScenarioContext::activity() const {
  std::lock_guard lock(activity_mutex_);
  return activity_;
}

RoleClient& ScenarioContext::start_role(const std::string& name, platform::Identity identity) {
  (void)remaining();
  set_activity("starting role '" + name + "' (" + platform::spawn_api_name() + ")");
  auto role = std::make_unique<RoleClient>(settings_.executable, name, [this](report::Observation& o) {
    o.at_ms = duration<double, std::milli>(steady_clock::now() - start_).count();
    if (journaling_) observations_.push_back(o);
  }, std::move(identity));
  set_activity("");
  std::lock_guard lock(roles_mutex_);
  roles_.push_back(std::move(role));
  return *roles_.back();
}

void ScenarioContext::terminate_roles_from_watchdog() {
  std::lock_guard lock(roles_mutex_);
  for (auto& role : roles_) role->terminate();
}

void ScenarioContext::rethrow_at_deadline(const RoleFailure& failure, milliseconds timeout) const {
  if (failure.kind() == RoleFailure::Kind::timeout && timeout < settings_.operation_timeout) {
    throw RoleFailure(RoleFailure::Kind::timeout, "the scenario reached its deadline of " +
                                                      std::to_string(settings_.scenario_timeout.count() / 1000) +
                                                      " s: " + failure.what());
  }
  throw failure;
}

milliseconds ScenarioContext::remaining() const {
  if (platform::interrupt_requested()) throw RoleFailure(RoleFailure::Kind::interrupted, "interrupted (Ctrl-C or SIGTERM)");
  const auto left = duration_cast<milliseconds>(deadline_ - steady_clock::now());
  if (left <= milliseconds(0)) {
    throw RoleFailure(RoleFailure::Kind::timeout, "the scenario reached its deadline of " +
                                                      std::to_string(settings_.scenario_timeout.count() / 1000) +
                                                      " s between two operations");
  }
  return left;
}

milliseconds ScenarioContext::operation_timeout() const { return std::min(settings_.operation_timeout, remaining()); }

namespace {
report::Observation exit_observation(const RoleClient& role, const platform::ExitStatus& status, const char* how) {
  report::Observation o;
  o.role = role.name();
  o.pid = role.pid();
  o.api = how;
  o.ok = status.clean();
  o.details = {{"exit", status.describe()}, {"code", status.code}, {"by_signal", status.by_signal}};
  if (!o.ok) o.error = report::ErrorInfo{status.code, status.symbol(), status.describe()};
  return o;
}
}  // namespace

platform::ExitStatus ScenarioContext::await_death(RoleClient& role, std::string_view op) {
  try {
    const auto answered = role.receive_observation(operation_timeout());
    throw ScenarioFailed{"role '" + role.name() + "' was expected to die during '" + std::string(op) + "' but answered: " +
                         describe(answered)};
  } catch (const RoleFailure& failure) {
    if (failure.kind() != RoleFailure::Kind::died) throw;
  }
  const auto status = role.wait_for_exit(operation_timeout());
  if (!status) throw RoleFailure(RoleFailure::Kind::timeout, "role '" + role.name() + "' closed its output but did not exit");
  auto o = exit_observation(role, *status, "process exit");
  o.at_ms = duration<double, std::milli>(steady_clock::now() - start_).count();
  observations_.push_back(o);
  return *status;
}

platform::ExitStatus ScenarioContext::finish_role(RoleClient& role) {
  const auto status = role.finish(operation_timeout());
  auto o = exit_observation(role, status, "process exit");
  o.at_ms = duration<double, std::milli>(steady_clock::now() - start_).count();
  observations_.push_back(o);
  return status;
}

platform::ExitStatus ScenarioContext::kill_role(RoleClient& role) {
  role.kill();
  const auto status = role.wait_for_exit(milliseconds(0)).value_or(platform::ExitStatus{false, -1, true});
  auto o = exit_observation(role, status, platform::kill_api_name());
  o.at_ms = duration<double, std::milli>(steady_clock::now() - start_).count();
  observations_.push_back(o);
  return status;
}

Coordination& ScenarioContext::coordination() {
  if (!coordination_) {
    coordination_name_ = object_name("coord");
    auto created = platform::create_mapping(coordination_name_, Coordination::kSize);
    if (!created) throw std::runtime_error("cannot create the coordination mapping: " + created.error().describe());
    auto view = platform::map_view(created.value().mapping, platform::Access::write, 0, Coordination::kSize);
    if (!view) throw std::runtime_error("cannot map the coordination mapping: " + view.error().describe());
    coordination_mapping_ = std::move(created.value().mapping);
    coordination_view_ = std::move(view.value());
    coordination_.emplace(coordination_view_.data());
  }
  return *coordination_;
}

void ScenarioContext::attach_coordination(RoleClient& role) {
  coordination();
  const bool was = journaling_;
  journaling_ = false;  // plumbing, not an observation of the scenario
  const auto attached = call(role, cmd::AttachCoordination{.name = coordination_name_});
  journaling_ = was;
  if (!attached.ok) throw std::runtime_error("role '" + role.name() + "' cannot attach the coordination mapping: " + describe(attached));
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
  // Ignored on purpose: most names were already removed by their scenario (ENOENT), and a
  // clean-up failure must not change the outcome; the janitor sweeps the run id at the end.
  for (const auto& name : object_names_) (void)platform::unlink_mapping(name);
}

}  // namespace shmh
