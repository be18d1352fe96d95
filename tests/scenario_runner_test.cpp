// run_scenario maps every way a scenario can end to its outcome, with real roles: a skip, a broken
// check, a role that dies, hangs or talks garbage, a reply missing a field, a harness exception.
#include <gtest/gtest.h>

#include <stdexcept>

#include "harness/orchestrator/scenario_context.h"
#include "harness/orchestrator/scenario_runner.h"
#include "harness/platform/child_process.h"
#include "harness/platform/shared_memory.h"
#include "harness/protocol/names.h"
#include "tests/harness_runner.h"

namespace shmh {
namespace {

using namespace std::chrono_literals;

report::ScenarioResult run(std::function<void(ScenarioContext&)> body, std::chrono::milliseconds operation_timeout = 20s,
                           std::chrono::milliseconds scenario_timeout = 60s) {
  RunSettings settings;
  settings.executable = testing::harness_binary();
  settings.run_id = make_run_id();
  settings.operation_timeout = operation_timeout;
  settings.scenario_timeout = scenario_timeout;
  const Scenario scenario{"test/outcome", {"test"}, "an ending of a scenario", std::move(body)};
  return run_scenario(scenario, settings, 0);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(ScenarioRunner, ARoleThatAnswersEverythingPasses) {
  const auto result = run([](ScenarioContext& ctx) {
    RoleClient& role = ctx.start_role("greeter");
    const auto hello = ctx.call(role, cmd::Hello{});
    ctx.check(hello.ok, "hello failed");
    ctx.note("greeted pid " + std::to_string(hello.pid));
  });
  EXPECT_EQ(result.outcome, report::Outcome::passed) << result.reason;
  EXPECT_TRUE(contains(result.reason, "greeted pid")) << result.reason;
  ASSERT_FALSE(result.observations.empty());  // then the exit the runner asked for
  EXPECT_EQ(result.observations[0].api, "hello");
}

TEST(ScenarioRunner, ASkipIsSkippedWithItsReason) {
  const auto result = run([](ScenarioContext& ctx) {
    RoleClient& role = ctx.start_role("prober");
    ctx.call(role, cmd::Hello{});
    ctx.skip("this machine has no such thing");
  });
  EXPECT_EQ(result.outcome, report::Outcome::skipped);
  EXPECT_EQ(result.reason, "this machine has no such thing");
}

TEST(ScenarioRunner, ABrokenCheckFails) {
  const auto result = run([](ScenarioContext& ctx) {
    RoleClient& role = ctx.start_role("opener");
    const auto opened = ctx.call(role, cmd::Open{.name = ctx.object_name("nobody"), .access = "read"});
    ctx.check(opened.ok, "opening a name nobody created: " + describe(opened));
  });
  EXPECT_EQ(result.outcome, report::Outcome::failed);
  EXPECT_TRUE(contains(result.reason, "opening a name nobody created")) << result.reason;
  EXPECT_FALSE(result.role_logs.empty());
}

TEST(ScenarioRunner, ARoleThatDiesIsAnError) {
  const auto result = run([](ScenarioContext& ctx) {
    RoleClient& role = ctx.start_role("writer");
    ctx.require(ctx.call(role, cmd::Create{.name = ctx.object_name("torn"), .size = 4096}).ok, "cannot create");
    ctx.require(ctx.call(role, cmd::Map{.access = "write"}).ok, "cannot map");
    ctx.call(role, cmd::CrashMidWrite{.text = "a message"});  // not expect_death: the death is unexpected
  });
  EXPECT_EQ(result.outcome, report::Outcome::error);
  EXPECT_TRUE(contains(result.reason, "ended during 'crash_mid_write'")) << result.reason;
  ASSERT_EQ(result.role_logs.size(), 1u);
  EXPECT_TRUE(contains(result.role_logs[0].log, "crashing on purpose")) << result.role_logs[0].log;
}

TEST(ScenarioRunner, ARoleThatDoesNotAnswerInTimeIsATimeout) {
  const auto result = run([](ScenarioContext& ctx) {
    RoleClient& role = ctx.start_role("sleeper");
    ctx.call(role, cmd::Sleep{.ms = 60000});
  }, 500ms);
  EXPECT_EQ(result.outcome, report::Outcome::timeout);
  EXPECT_TRUE(contains(result.reason, "did not answer 'sleep' within 500 ms")) << result.reason;
}

// The per-scenario deadline: a role told to hang in an OS call (a sleep of ten minutes) while
// another holds a named object. The scenario ends as timeout at its deadline, not at the
// operation's 20 s, names the role, the operation and the call, and leaves no process and no
// object behind.
TEST(ScenarioRunner, AHangingRoleEndsAtTheDeadlineNamingItsCallAndLeavesNothing) {
  std::int64_t sleeper_pid = 0;
  std::int64_t holder_pid = 0;
  std::string name;
  const auto started = std::chrono::steady_clock::now();
  const auto result = run([&](ScenarioContext& ctx) {
    RoleClient& holder = ctx.start_role("holder");
    RoleClient& sleeper = ctx.start_role("sleeper");
    holder_pid = holder.pid();
    sleeper_pid = sleeper.pid();
    name = ctx.object_name("held");
    ctx.require(ctx.call(holder, cmd::Create{.name = name, .size = 4096}).ok, "cannot create");
    ctx.call(sleeper, cmd::Sleep{.ms = 600000});
  }, 20s, 4s);
  const double took_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(result.outcome, report::Outcome::timeout) << result.reason;
  EXPECT_TRUE(contains(result.reason, "deadline of 4 s")) << result.reason;
  EXPECT_TRUE(contains(result.reason, "role 'sleeper'")) << result.reason;
  EXPECT_TRUE(contains(result.reason, "'sleep'")) << result.reason;
  EXPECT_TRUE(contains(result.reason, "waiting in sleep_for(600000 ms)")) << result.reason;
  // The deadline, then the clean-up: the hung role is killed, not asked to exit.
  EXPECT_LT(took_s, 4 + 6) << result.reason;
  EXPECT_FALSE(platform::process_exists(sleeper_pid));
  EXPECT_FALSE(platform::process_exists(holder_pid));
  const auto reopened = platform::open_mapping(name, platform::Access::read);
  EXPECT_FALSE(reopened.ok()) << name << " is still there after the scenario";
}

// A wait that the deadline does not cut (here a receive with its own ten-minute timeout, as a
// harness bug would): the watchdog ends the roles 5 s past the deadline, and the scenario is a
// timeout that says so.
TEST(ScenarioRunner, TheWatchdogEndsAWaitTheDeadlineDoesNotCut) {
  std::int64_t pid = 0;
  const auto started = std::chrono::steady_clock::now();
  const auto result = run([&](ScenarioContext& ctx) {
    RoleClient& role = ctx.start_role("sleeper");
    pid = role.pid();
    role.send(cmd::Sleep{.ms = 600000});
    (void)role.receive_observation(600s);
  }, 20s, 2s);
  const double took_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(result.outcome, report::Outcome::timeout) << result.reason;
  EXPECT_TRUE(contains(result.reason, "still running 5 s past its deadline of 2 s")) << result.reason;
  EXPECT_TRUE(contains(result.reason, "its roles were ended")) << result.reason;
  EXPECT_GE(took_s, 2 + 5 - 0.5);
  EXPECT_LT(took_s, 2 + 5 + 6);
  EXPECT_FALSE(platform::process_exists(pid));
}

// A scenario's own deadline (a scenario file's timeout_ms) is the runner's to honour, for any
// scenario; --timeout-s (scenario_timeout_given) wins over it.
TEST(ScenarioRunner, AScenariosOwnDeadlineReplacesTheRunsUnlessTimeoutWasGiven) {
  RunSettings run_settings;
  run_settings.scenario_timeout = 60s;
  run_settings.operation_timeout = 10s;
  Scenario scenario{"test/own-deadline", {"test"}, "a scenario with its own deadline", [](ScenarioContext&) {}};
  scenario.timeout = 3s;
  RunSettings own = settings_for(scenario, run_settings);
  EXPECT_EQ(own.scenario_timeout, 3s);
  EXPECT_EQ(own.operation_timeout, 3s);  // no single wait outlives the scenario
  run_settings.scenario_timeout_given = true;
  own = settings_for(scenario, run_settings);
  EXPECT_EQ(own.scenario_timeout, 60s);
  EXPECT_EQ(own.operation_timeout, 10s);
  scenario.timeout.reset();
  run_settings.scenario_timeout_given = false;
  EXPECT_EQ(settings_for(scenario, run_settings).scenario_timeout, 60s);
}

TEST(ScenarioRunner, RunScenarioEndsAScenarioAtItsOwnDeadline) {
  RunSettings settings;
  settings.executable = testing::harness_binary();
  settings.run_id = make_run_id();
  settings.operation_timeout = 20s;
  settings.scenario_timeout = 60s;
  Scenario scenario{"test/own-deadline", {"test"}, "a scenario with its own deadline", [](ScenarioContext& ctx) {
    RoleClient& role = ctx.start_role("sleeper");
    ctx.call(role, cmd::Sleep{.ms = 60000});
  }};
  scenario.timeout = 2s;
  const auto started = std::chrono::steady_clock::now();
  const auto result = run_scenario(scenario, settings, 0);
  const double took_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(result.outcome, report::Outcome::timeout) << result.reason;
  EXPECT_TRUE(contains(result.reason, "deadline of 2 s")) << result.reason;
  EXPECT_LT(took_s, 2 + 8) << result.reason;
}

TEST(ScenarioRunner, GarbageOnTheControlChannelIsAnError) {
  const auto result = run([](ScenarioContext& ctx) {
    RoleClient& role = ctx.start_role("garbler");
    ctx.call(role, cmd::Emit{.text = "this is not JSON"});
  });
  EXPECT_EQ(result.outcome, report::Outcome::error);
  EXPECT_TRUE(contains(result.reason, "not JSON")) << result.reason;
}

TEST(ScenarioRunner, AReplyMissingAFieldIsAnErrorNamingOpAndField) {
  const auto result = run([](ScenarioContext& ctx) {
    RoleClient& role = ctx.start_role("forgetful");
    // The role answers (as command 1) with a map observation whose details lack the length.
    ctx.send(role, cmd::Emit{.text = R"({"id": 1, "ok": true, "api": "MapViewOfFile", "details": {"offset": 0}})"});
    (void)ctx.receive<cmd::Map>(role);  // refused: the scenario ends here
  });
  EXPECT_EQ(result.outcome, report::Outcome::error);
  EXPECT_TRUE(contains(result.reason, "'map'")) << result.reason;
  EXPECT_TRUE(contains(result.reason, "field 'length' is missing")) << result.reason;
  // The observation was journaled as it came, before it was refused.
  ASSERT_FALSE(result.observations.empty());  // then the exit the runner asked for
  EXPECT_EQ(result.observations[0].api, "MapViewOfFile");
}

TEST(ScenarioRunner, AHarnessExceptionIsAnError) {
  const auto result = run([](ScenarioContext& ctx) {
    RoleClient& role = ctx.start_role("bystander");
    ctx.call(role, cmd::Hello{});
    throw std::runtime_error("the harness tripped");
  });
  EXPECT_EQ(result.outcome, report::Outcome::error);
  EXPECT_EQ(result.reason, "harness error: the harness tripped");
}

}  // namespace
}  // namespace shmh
