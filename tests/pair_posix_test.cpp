// `shm-harness pair` end to end on POSIX, with programs never built for the harness
// (tests/fixtures/posix): a passing pair, and each way second fails, with its verdict and diagnosis.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include <signal.h>

#include <thread>

#include <nlohmann/json.hpp>

#include "harness/platform/child_process.h"
#include "harness/platform/identity.h"
#include "harness/platform/security.h"
#include "harness/protocol/names.h"
#include "reports/utf8_path.h"
#include "tests/harness_runner.h"

namespace shmh::testing {
namespace {

namespace fs = std::filesystem;

std::string fixture(const std::string& name) {
  return report::path_to_utf8(report::path_from_utf8(harness_binary()).parent_path() / name);
}

struct PairRun {
  HarnessRun run;
  nlohmann::json report;  // report.json's one scenario
  std::string name;
  nlohmann::json whole;   // report.json itself
  std::string html;       // report.html
};

// Runs `pair` with the fixtures around a fresh name; FIRST and SECOND may use {name}.
PairRun run_pair(const std::string& first_args, const std::string& second_args, std::vector<std::string> extra) {
  PairRun result;
  result.name = "/" + make_run_id() + "-pair";
  auto with_name = [&](std::string text) {
    for (auto at = text.find("{name}"); at != std::string::npos; at = text.find("{name}")) text.replace(at, 6, result.name);
    return text;
  };
  const fs::path dir = fs::temp_directory_path() / ("shmh-pair-test-" + result.name.substr(1));
  std::vector<std::string> arguments{"pair", "--first", fixture("shmh_pair_first") + " " + with_name(first_args),
                                     "--second", fixture("shmh_pair_second") + " " + with_name(second_args),
                                     "--name", result.name, "--report-dir", dir.string()};
  if (std::find(extra.begin(), extra.end(), "--timeout") == extra.end()) extra.insert(extra.end(), {"--timeout", "20"});
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  result.run = run_harness(arguments, std::chrono::seconds(60));
  std::ifstream in(dir / "report.json");
  std::stringstream text;
  text << in.rdbuf();
  const auto parsed = nlohmann::json::parse(text.str(), nullptr, false);
  if (parsed.is_object() && parsed["scenarios"].size() == 1) result.report = parsed["scenarios"][0];
  if (parsed.is_object()) result.whole = parsed;
  std::ifstream html_in(dir / "report.html");
  result.html.assign(std::istreambuf_iterator<char>(html_in), std::istreambuf_iterator<char>());
  fs::remove_all(dir);
  return result;
}

// The index of the first timeline event called `event` (for role `role` when given), or -1.
int event_at(const nlohmann::json& scenario, const std::string& event, const std::string& role = "") {
  for (std::size_t i = 0; i < scenario["timeline"].size(); ++i) {
    const auto& e = scenario["timeline"][i];
    if (e["event"] == event && (role.empty() || e["role"] == role)) return static_cast<int>(i);
  }
  return -1;
}

// What every pair must leave: no program running, and the name gone.
void expect_nothing_left(const PairRun& pair) {
  for (const auto& program : pair.report["programs"]) {
    const auto pid = program["pid"].get<std::int64_t>();
    if (pid > 0) {
      EXPECT_FALSE(platform::process_exists(pid)) << program["role"] << " pid " << pid << " still runs";
    }
  }
  EXPECT_FALSE(fs::exists("/dev/shm" + pair.name)) << pair.name << " was left behind";
}

TEST(PairPosix, SampleLikePairPasses) {
  const auto pair = run_pair("{name}", "{name}", {"--first-ends", "stdin"});
  ASSERT_TRUE(pair.run.status) << pair.run.out << pair.run.err;
  EXPECT_EQ(pair.run.status->code, 0) << pair.run.out << pair.run.err;
  ASSERT_TRUE(pair.report.is_object()) << pair.run.out;
  EXPECT_EQ(pair.report["outcome"], "passed") << pair.report["reason"];
  const auto& second = pair.report["programs"][1];
  EXPECT_EQ(second["exit"], "exit code 0");
  EXPECT_NE(second["stdout"].get<std::string>().find("Message from first process."), std::string::npos) << second;
  // The timeline in the order the issue names it, seen from outside.
  const int started = event_at(pair.report, "first started"), appeared = event_at(pair.report, "name appeared"),
            second_started = event_at(pair.report, "second started"), exited = event_at(pair.report, "second exited"),
            first_ended = event_at(pair.report, "first ended"), gone = event_at(pair.report, "name gone");
  EXPECT_GE(started, 0);
  EXPECT_GT(appeared, started);
  EXPECT_GT(second_started, appeared);
  EXPECT_GT(exited, second_started);
  EXPECT_GT(first_ended, exited);
  EXPECT_GT(gone, exited) << pair.report["timeline"];
  EXPECT_TRUE(pair.report["diagnosis"].is_null());
  EXPECT_EQ(event_at(pair.report, "name removed by the harness"), -1) << "first unlinks the name itself";
  expect_nothing_left(pair);
}

TEST(PairPosix, SecondBeforeFirstFailsWithEnoentAndIsDiagnosed) {
  const auto pair = run_pair("{name} --after-ms 1500", "{name}", {"--second-after", "0ms", "--first-ends", "stdin"});
  ASSERT_TRUE(pair.run.status);
  EXPECT_EQ(pair.run.status->code, 1) << pair.run.out << pair.run.err;
  ASSERT_TRUE(pair.report.is_object()) << pair.run.out;
  EXPECT_EQ(pair.report["outcome"], "failed");
  EXPECT_EQ(pair.report["programs"][1]["exit"], "exit code 1");
  EXPECT_NE(pair.report["reason"].get<std::string>().find("ENOENT"), std::string::npos) << pair.report["reason"];
  ASSERT_TRUE(pair.report["diagnosis"].is_object());
  EXPECT_EQ(pair.report["diagnosis"]["open"]["error"]["symbol"], "ENOENT") << pair.report["diagnosis"];
  // Second had ended before the name existed (a first that then creates and unlinks within one
  // look may not be seen at all).
  const int exited = event_at(pair.report, "second exited"), appeared = event_at(pair.report, "name appeared");
  EXPECT_GE(exited, 0);
  EXPECT_TRUE(appeared == -1 || appeared > exited) << pair.report["timeline"];
  expect_nothing_left(pair);
}

// Any uid, not only nobody: a uid without a passwd entry, its gid given.
TEST(PairPosix, SecondAsAnotherUidAgainstA0600ObjectFailsWithEacces) {
  if (auto why = platform::identity_unavailable(platform::Identity::posix({61002, 61002, ""}))) GTEST_SKIP() << *why;
  const auto pair = run_pair("{name}", "{name}", {"--second-as-user", "61002:61002", "--first-ends", "stdin"});
  ASSERT_TRUE(pair.run.status);
  EXPECT_EQ(pair.run.status->code, 1) << pair.run.out << pair.run.err;
  ASSERT_TRUE(pair.report.is_object()) << pair.run.out;
  EXPECT_EQ(pair.report["programs"][1]["run_as"], "uid 61002 gid 61002");
  EXPECT_NE(pair.report["programs"][1]["stdout"].get<std::string>().find("EACCES"), std::string::npos) << pair.report["programs"][1];
  ASSERT_TRUE(pair.report["diagnosis"].is_object());
  EXPECT_EQ(pair.report["diagnosis"]["open"]["error"]["symbol"], "EACCES") << pair.report["diagnosis"];
  expect_nothing_left(pair);
}

TEST(PairPosix, SecondAsNobodyAgainstA0600ObjectFailsWithEacces) {
  if (auto why = platform::restriction_unavailable(platform::Restriction::other_user)) GTEST_SKIP() << *why;
  const auto pair = run_pair("{name}", "{name}", {"--second-as", "nobody", "--first-ends", "stdin"});
  ASSERT_TRUE(pair.run.status);
  EXPECT_EQ(pair.run.status->code, 1) << pair.run.out << pair.run.err;
  ASSERT_TRUE(pair.report.is_object()) << pair.run.out;
  EXPECT_EQ(pair.report["outcome"], "failed");
  EXPECT_EQ(pair.report["programs"][1]["run_as"], "nobody");
  EXPECT_NE(pair.report["programs"][1]["stdout"].get<std::string>().find("EACCES"), std::string::npos) << pair.report["programs"][1];
  ASSERT_TRUE(pair.report["diagnosis"].is_object());
  EXPECT_EQ(pair.report["diagnosis"]["open"]["error"]["symbol"], "EACCES") << pair.report["diagnosis"];
  EXPECT_EQ(pair.report["diagnosis"]["descriptor"], "0600");
  EXPECT_NE(pair.report["diagnosis"]["token"]["uid"], 0);
  expect_nothing_left(pair);
}

TEST(PairPosix, CrashingSecondIsReportedWithItsSignal) {
  const auto pair = run_pair("{name}", "{name} --crash", {"--first-ends", "stdin"});
  ASSERT_TRUE(pair.run.status);
  EXPECT_EQ(pair.run.status->code, 1) << pair.run.out << pair.run.err;
  ASSERT_TRUE(pair.report.is_object()) << pair.run.out;
  EXPECT_EQ(pair.report["outcome"], "failed");
  EXPECT_EQ(pair.report["programs"][1]["exit_symbol"], "SIGSEGV");
  EXPECT_NE(pair.report["reason"].get<std::string>().find("SIGSEGV"), std::string::npos) << pair.report["reason"];
  // It read the message before it died, and the diagnosis says the name itself was fine.
  EXPECT_NE(pair.report["programs"][1]["stdout"].get<std::string>().find("Message from first process."), std::string::npos);
  ASSERT_TRUE(pair.report["diagnosis"].is_object());
  EXPECT_EQ(pair.report["diagnosis"]["works"], true) << pair.report["diagnosis"];
  expect_nothing_left(pair);
}

TEST(PairPosix, FirstGoneBeforeSecondOpensFails) {
  const auto pair = run_pair("{name} --no-wait", "{name}", {"--second-after", "first-exit", "--first-ends", "wait"});
  ASSERT_TRUE(pair.run.status);
  EXPECT_EQ(pair.run.status->code, 1) << pair.run.out << pair.run.err;
  ASSERT_TRUE(pair.report.is_object()) << pair.run.out;
  EXPECT_EQ(pair.report["outcome"], "failed");
  EXPECT_LT(event_at(pair.report, "first ended"), event_at(pair.report, "second started")) << pair.report["timeline"];
  EXPECT_NE(pair.report["reason"].get<std::string>().find("ENOENT"), std::string::npos) << pair.report["reason"];
  ASSERT_TRUE(pair.report["diagnosis"].is_object());
  EXPECT_EQ(pair.report["diagnosis"]["open"]["error"]["symbol"], "ENOENT");
  expect_nothing_left(pair);
}

TEST(PairPosix, AHungFirstTimesOutAndIsKilled) {
  // First never creates the name (it waits 60 s first): the pair must end at its time limit.
  const auto pair = run_pair("{name} --after-ms 60000", "{name}", {"--timeout", "2"});
  ASSERT_TRUE(pair.run.status) << "pair itself hung";
  EXPECT_EQ(pair.run.status->code, 1) << pair.run.out << pair.run.err;
  ASSERT_TRUE(pair.report.is_object()) << pair.run.out;
  EXPECT_EQ(pair.report["outcome"], "timeout");
  EXPECT_NE(pair.report["reason"].get<std::string>().find("first (pid"), std::string::npos) << pair.report["reason"];
  expect_nothing_left(pair);
}

TEST(PairPosix, SeveralSecondsRaceAndEachIsJudged) {
  const auto pair = run_pair("{name}", "{name}", {"--seconds", "3", "--first-ends", "stdin"});
  ASSERT_TRUE(pair.run.status);
  EXPECT_EQ(pair.run.status->code, 0) << pair.run.out << pair.run.err;
  ASSERT_TRUE(pair.report.is_object());
  ASSERT_EQ(pair.report["programs"].size(), 4u);
  EXPECT_EQ(pair.report["programs"][3]["role"], "second#3");
  expect_nothing_left(pair);
}

// ---- pair --trace: both programs under the call tracer, their calls in the pair's reports ----

// The traced calls of one role, in order.
std::vector<nlohmann::json> calls_of_role(const nlohmann::json& scenario, const std::string& role) {
  std::vector<nlohmann::json> found;
  for (const auto& c : scenario["calls"]) {
    if (c.value("role", "") == role) found.push_back(c);
  }
  return found;
}

// The first call of `role` whose text starts with `api(`, or null.
nlohmann::json call_named(const nlohmann::json& scenario, const std::string& role, const std::string& api) {
  for (const auto& c : calls_of_role(scenario, role)) {
    if (c["call"].get<std::string>().rfind(api + "(", 0) == 0) return c;
  }
  return nullptr;
}

TEST(PairTracePosix, EachRolesCallsAndCodesAreInTheReports) {
  const auto pair = run_pair("{name}", "{name}", {"--first-ends", "stdin", "--trace"});
  ASSERT_TRUE(pair.run.status) << pair.run.out << pair.run.err;
  EXPECT_EQ(pair.run.status->code, 0) << pair.run.out << pair.run.err;
  ASSERT_TRUE(pair.report.is_object()) << pair.run.out << pair.run.err;
  EXPECT_EQ(pair.report["outcome"], "passed") << pair.report["reason"];
  // The pair's own capture still works through the tracer: second printed what first wrote.
  EXPECT_NE(pair.report["programs"][1]["stdout"].get<std::string>().find("Message from first process."), std::string::npos)
      << pair.report["programs"][1];
  // first: shm_open(O_CREAT) -> a descriptor, ftruncate -> 0, mmap -> an address.
  const auto create = call_named(pair.report, "first", "shm_open");
  ASSERT_TRUE(create.is_object()) << pair.report["calls"];
  EXPECT_EQ(create["call"], "shm_open(\"" + pair.name + "\", O_RDWR|O_CREAT, 0600)");
  EXPECT_TRUE(create["error"].is_null()) << create;
  EXPECT_NE(create["result"], "-1");
  const auto truncate = call_named(pair.report, "first", "ftruncate");
  ASSERT_TRUE(truncate.is_object()) << pair.report["calls"];
  EXPECT_EQ(truncate["result"], "0") << truncate;
  const auto first_map = call_named(pair.report, "first", "mmap");
  ASSERT_TRUE(first_map.is_object()) << pair.report["calls"];
  EXPECT_EQ(first_map["result"].get<std::string>().rfind("0x", 0), 0u) << first_map;
  // second: shm_open without O_CREAT, then mmap, both succeeding.
  const auto open = call_named(pair.report, "second", "shm_open");
  ASSERT_TRUE(open.is_object()) << pair.report["calls"];
  EXPECT_EQ(open["call"], "shm_open(\"" + pair.name + "\", O_RDWR, 0)");
  EXPECT_TRUE(open["error"].is_null()) << open;
  const auto second_map = call_named(pair.report, "second", "mmap");
  ASSERT_TRUE(second_map.is_object()) << pair.report["calls"];
  EXPECT_EQ(second_map["result"].get<std::string>().rfind("0x", 0), 0u) << second_map;
  EXPECT_TRUE(call_named(pair.report, "", "shm_open").is_null()) << "every call carries its role";
  // Each call's pid is its program's.
  EXPECT_EQ(create["pid"], pair.report["programs"][0]["pid"]);
  EXPECT_EQ(open["pid"], pair.report["programs"][1]["pid"]);
  // The text output lists them per role; report.html has the table by role.
  EXPECT_NE(pair.run.out.find("calls of first (pid "), std::string::npos) << pair.run.out;
  EXPECT_NE(pair.run.out.find("calls of second (pid "), std::string::npos) << pair.run.out;
  EXPECT_NE(pair.run.out.find("    shm_open(\"" + pair.name + "\", O_RDWR|O_CREAT, 0600) = "), std::string::npos) << pair.run.out;
  EXPECT_NE(pair.html.find("<th>role</th>"), std::string::npos);
  EXPECT_NE(pair.html.find("by role)</h4>"), std::string::npos);
  expect_nothing_left(pair);
}

TEST(PairTracePosix, SecondBeforeFirstShowsItsEnoentOpenWithTheVerdict) {
  const auto pair = run_pair("{name} --after-ms 1500", "{name}", {"--second-after", "0ms", "--first-ends", "stdin", "--trace"});
  ASSERT_TRUE(pair.run.status);
  EXPECT_EQ(pair.run.status->code, 1) << pair.run.out << pair.run.err;
  ASSERT_TRUE(pair.report.is_object()) << pair.run.out << pair.run.err;
  EXPECT_EQ(pair.report["outcome"], "failed");
  const auto open = call_named(pair.report, "second", "shm_open");
  ASSERT_TRUE(open.is_object()) << pair.report["calls"];
  EXPECT_EQ(open["result"], "-1");
  EXPECT_EQ(open["error"]["symbol"], "ENOENT") << open;
  EXPECT_NE(open["verdict"].get<std::string>().find("did not exist"), std::string::npos) << open;
  EXPECT_TRUE(call_named(pair.report, "second", "mmap").is_null()) << "second stops at the failed open";
  // The verdict also reaches the text output, next to the failing call.
  EXPECT_NE(pair.run.out.find("O_RDWR, 0) = -1 ENOENT"), std::string::npos) << pair.run.out;
  EXPECT_NE(pair.run.out.find("did not exist"), std::string::npos) << pair.run.out;
  // First still created the name later, under the tracer.
  EXPECT_TRUE(call_named(pair.report, "first", "ftruncate").is_object()) << pair.report["calls"];
  expect_nothing_left(pair);
}

TEST(PairTracePosix, AnotherIdentityIsAUsageError) {
  const auto pair = run_pair("{name}", "{name}", {"--second-as", "nobody", "--trace"});
  ASSERT_TRUE(pair.run.status);
  EXPECT_EQ(pair.run.status->code, 2) << pair.run.out << pair.run.err;
  EXPECT_NE(pair.run.err.find("--trace cannot be combined with --second-as nobody"), std::string::npos) << pair.run.err;
  EXPECT_EQ(std::count(pair.run.err.begin(), pair.run.err.end(), '\n'), 1) << "one line\n" << pair.run.err;
  EXPECT_TRUE(pair.whole.is_null()) << "nothing ran, no report";
  EXPECT_FALSE(fs::exists("/dev/shm" + pair.name));
}

TEST(PairTracePosix, AHungTracedFirstTimesOutAndNothingIsLeft) {
  const auto pair = run_pair("{name} --after-ms 60000", "{name}", {"--timeout", "2", "--trace"});
  ASSERT_TRUE(pair.run.status) << "pair itself hung";
  EXPECT_EQ(pair.run.status->code, 1) << pair.run.out << pair.run.err;
  ASSERT_TRUE(pair.report.is_object()) << pair.run.out;
  EXPECT_EQ(pair.report["outcome"], "timeout");
  EXPECT_NE(pair.report["reason"].get<std::string>().find("first (pid"), std::string::npos) << pair.report["reason"];
  EXPECT_NE(pair.report["programs"][0]["exit"].get<std::string>().find("SIGKILL"), std::string::npos) << pair.report["programs"][0];
  expect_nothing_left(pair);
}

TEST(PairTracePosix, RepeatedTracedPairsEachCarryTheirCallsAndLeaveNothing) {
  const auto pair = run_pair("{name}", "{name}", {"--first-ends", "stdin", "--trace", "--repeat", "2"});
  ASSERT_TRUE(pair.run.status);
  EXPECT_EQ(pair.run.status->code, 0) << pair.run.out << pair.run.err;
  ASSERT_TRUE(pair.whole.is_object()) << pair.run.out;
  ASSERT_EQ(pair.whole["scenarios"].size(), 2u);
  for (const auto& scenario : pair.whole["scenarios"]) {
    EXPECT_EQ(scenario["outcome"], "passed") << scenario["reason"];
    EXPECT_TRUE(call_named(scenario, "first", "shm_open").is_object()) << scenario["calls"];
    EXPECT_TRUE(call_named(scenario, "second", "mmap").is_object()) << scenario["calls"];
    PairRun one;
    one.report = scenario;
    one.name = pair.name;
    expect_nothing_left(one);
  }
}

TEST(PairTracePosix, CtrlCEndsTheTracedProgramsAndLeavesNothing) {
  // First holds the name and waits for a line; second (the trace fixture) runs until killed.
  const std::string name = "/" + make_run_id() + "-pair-sigint";
  const fs::path pidfile = fs::temp_directory_path() / (make_run_id() + "-pair-sigint.pid");
  const fs::path dir = fs::temp_directory_path() / ("shmh-pair-test-" + name.substr(1));
  auto harness = platform::spawn_child(harness_binary(), {"pair", "--trace", "--first", fixture("shmh_pair_first") + " " + name,
                                                           "--second", fixture("shmh_trace_program") + " forever " + pidfile.string(),
                                                           "--name", name, "--first-ends", "stdin", "--timeout", "60",
                                                           "--report-dir", dir.string()});
  ASSERT_TRUE(harness) << harness.error().describe();
  harness.value().close_stdin();
  std::int64_t second_pid = 0;
  for (int i = 0; i < 200 && second_pid == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::ifstream in(pidfile);
    in >> second_pid;
  }
  ASSERT_GT(second_pid, 0) << "second never started";
  ::kill(static_cast<pid_t>(harness.value().pid()), SIGINT);
  const auto status = harness.value().wait_for(std::chrono::seconds(20));
  fs::remove(pidfile);
  ASSERT_TRUE(status) << "pair did not end after SIGINT (its --timeout is 60 s)";
  EXPECT_EQ(status->code, 130);
  std::ifstream in(dir / "report.json");
  const auto report = nlohmann::json::parse(in, nullptr, false);
  fs::remove_all(dir);
  ASSERT_TRUE(report.is_object());
  EXPECT_EQ(report["interrupted"], true);
  PairRun one;
  one.report = report["scenarios"][0];
  one.name = name;
  EXPECT_EQ(one.report["programs"].size(), 2u);
  const int exited = event_at(one.report, "second exited", "second");
  ASSERT_GE(exited, 0) << one.report["timeline"];
  EXPECT_NE(one.report["timeline"][exited]["detail"].get<std::string>().find("for Ctrl-C"), std::string::npos) << one.report["timeline"];
  EXPECT_FALSE(platform::process_exists(second_pid));
  expect_nothing_left(one);
}

}  // namespace
}  // namespace shmh::testing
