// `shm-harness trace` end to end on POSIX, with programs never built for the harness
// (tests/fixtures/posix): the calls as the kernel saw them, the verdicts, the exit codes, and
// nothing left running or in /dev/shm.
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "harness/platform/call_tracer.h"
#include "harness/platform/child_process.h"
#include "harness/protocol/names.h"
#include "reports/utf8_path.h"
#include "tests/harness_runner.h"

namespace shmh::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string trace_fixture(const std::string& name) {
  return report::path_to_utf8(report::path_from_utf8(harness_binary()).parent_path() / name);
}

std::string fresh_name(const std::string& what) { return "/" + make_run_id() + "-" + what; }

bool process_alive(std::int64_t pid) {
  // A zombie is gone for our purpose only once reaped; anything in /proc still counts.
  return fs::exists("/proc/" + std::to_string(pid));
}

nlohmann::json json_of(const HarnessRun& run) {
  return nlohmann::json::parse(run.out, nullptr, false);
}

// The calls of one api, in order.
std::vector<nlohmann::json> calls_of(const nlohmann::json& trace, const std::string& api) {
  std::vector<nlohmann::json> found;
  for (const auto& c : trace["calls"]) {
    if (c["api"] == api) found.push_back(c);
  }
  return found;
}

TEST(TracePosix, SecondWithoutFirstShowsTheEnoentOpenAndItsVerdict) {
  const auto name = fresh_name("absent");
  const auto run = run_harness({"trace", "--", trace_fixture("shmh_pair_second"), name});
  ASSERT_TRUE(run.status) << run.out << run.err;
  EXPECT_EQ(run.status->code, 1) << "the program's own exit code\n" << run.out << run.err;
  EXPECT_NE(run.out.find("shm_open(\"" + name + "\", O_RDWR, 0) = -1 ENOENT (No such file or directory)"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("verdict: '" + name + "' did not exist when pid "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("ended with exit code 1"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("mmap("), std::string::npos) << "second stops at the failed open\n" << run.out;
}

TEST(TracePosix, FirstsWholeFlowIsRecordedWithSizesAndProtections) {
  const auto name = fresh_name("flow");
  const auto run = run_harness({"trace", "--json", "--", trace_fixture("shmh_pair_first"), name, "--no-wait"});
  ASSERT_TRUE(run.status) << run.err;
  EXPECT_EQ(run.status->code, 0) << run.out << run.err;
  const auto trace = json_of(run);
  ASSERT_TRUE(trace.is_object()) << "stdout is one JSON document\n" << run.out;
  // The program's own line went to stderr, keeping stdout for the document.
  EXPECT_NE(run.err.find("holds the message"), std::string::npos) << run.err;
  std::vector<std::string> apis;
  for (const auto& c : trace["calls"]) apis.push_back(c["api"]);
  EXPECT_EQ(apis, (std::vector<std::string>{"shm_open", "ftruncate", "mmap", "munmap", "close", "shm_unlink"})) << trace["calls"];
  const auto open = calls_of(trace, "shm_open").at(0);
  EXPECT_EQ(open["object_name"], name);
  EXPECT_EQ(open["args"][1]["value"], "O_RDWR|O_CREAT");
  EXPECT_EQ(open["args"][2]["value"], "0600");
  EXPECT_FALSE(open["failed"].get<bool>());
  const auto fd = open["result_value"];
  const auto size = calls_of(trace, "ftruncate").at(0);
  EXPECT_EQ(size["size"], 256);
  EXPECT_EQ(size["handle"], fd);
  const auto view = calls_of(trace, "mmap").at(0);
  EXPECT_EQ(view["args"][2]["value"], "PROT_READ|PROT_WRITE");
  EXPECT_EQ(view["size"], 256);
  EXPECT_EQ(view["protection"], "PAGE_READWRITE");
  EXPECT_EQ(calls_of(trace, "munmap").at(0)["handle"], view["result_value"]);
  EXPECT_EQ(calls_of(trace, "close").at(0)["handle"], fd);
  EXPECT_EQ(calls_of(trace, "shm_unlink").at(0)["object_name"], name);
  EXPECT_TRUE(trace["verdicts"].empty()) << trace["verdicts"];
  EXPECT_EQ(trace["exit_code"], 0);
  EXPECT_EQ(trace["processes"].size(), 1u);
  EXPECT_EQ(trace["calls"][0]["pid"], trace["processes"][0]["pid"]);
  EXPECT_FALSE(fs::exists("/dev/shm" + name));
}

TEST(TracePosix, AProgramWithoutSharedMemoryLeavesNoRecordAndKeepsItsExitCode) {
  const auto run = run_harness({"trace", "--json", "--", "/bin/sh", "-c", "cat /etc/hostname > /dev/null; exit 7"});
  ASSERT_TRUE(run.status) << run.err;
  EXPECT_EQ(run.status->code, 7) << run.out << run.err;
  const auto trace = json_of(run);
  ASSERT_TRUE(trace.is_object()) << run.out;
  EXPECT_TRUE(trace["calls"].empty()) << trace["calls"];
  EXPECT_EQ(trace["exit"]["text"], "exit code 7");
}

TEST(TracePosix, ReportDirHoldsTheCallsAndTheirVerdicts) {
  const auto name = fresh_name("report");
  const fs::path dir = fs::temp_directory_path() / ("shmh-trace-test-" + name.substr(1));
  const auto run = run_harness({"trace", "--report-dir", dir.string(), "--", trace_fixture("shmh_pair_second"), name});
  ASSERT_TRUE(run.status) << run.err;
  EXPECT_EQ(run.status->code, 1) << run.out << run.err;
  std::ifstream in(dir / "report.json");
  const auto report = nlohmann::json::parse(in, nullptr, false);
  std::ifstream html_in(dir / "report.html");
  const std::string html((std::istreambuf_iterator<char>(html_in)), std::istreambuf_iterator<char>());
  fs::remove_all(dir);
  ASSERT_TRUE(report.is_object());
  const auto& scenario = report["scenarios"][0];
  EXPECT_EQ(scenario["outcome"], "failed");
  ASSERT_EQ(scenario["calls"].size(), 1u) << scenario;
  EXPECT_EQ(scenario["calls"][0]["call"], "shm_open(\"" + name + "\", O_RDWR, 0)");
  EXPECT_EQ(scenario["calls"][0]["error"]["symbol"], "ENOENT");
  EXPECT_NE(scenario["calls"][0]["verdict"].get<std::string>().find("did not exist"), std::string::npos) << scenario["calls"];
  EXPECT_EQ(scenario["observations"][0]["details"]["args"][1]["value"], "O_RDWR");
  EXPECT_NE(html.find("<h4>Calls (1)</h4>"), std::string::npos);
  EXPECT_NE(html.find("shm_open(&quot;" + name + "&quot;, O_RDWR, 0)"), std::string::npos);
}

TEST(TracePosix, ACrashIsReportedWithItsSignalAndExits128PlusN) {
  const auto run = run_harness({"trace", "--", trace_fixture("shmh_trace_program"), "crash"});
  ASSERT_TRUE(run.status) << run.err;
  EXPECT_EQ(run.status->code, 128 + SIGSEGV) << run.out << run.err;
  EXPECT_NE(run.out.find("signal 11 SIGSEGV"), std::string::npos) << run.out;
}

TEST(TracePosix, AWritableViewOfAReadOnlyOpenFailsWithEaccesAndIsExplained) {
  const auto name = fresh_name("ro");
  const auto run = run_harness({"trace", "--json", "--", trace_fixture("shmh_trace_program"), "readonly-write", name});
  ASSERT_TRUE(run.status) << run.err;
  EXPECT_EQ(run.status->code, 1) << run.out << run.err;
  const auto trace = json_of(run);
  ASSERT_TRUE(trace.is_object()) << run.out;
  const auto views = calls_of(trace, "mmap");
  ASSERT_EQ(views.size(), 1u) << trace["calls"];
  EXPECT_EQ(views[0]["error_symbol"], "EACCES");
  ASSERT_EQ(trace["verdicts"].size(), 1u) << trace["verdicts"];
  EXPECT_NE(trace["verdicts"][0]["reasons"][0].get<std::string>().find("O_RDONLY"), std::string::npos) << trace["verdicts"];
  EXPECT_FALSE(fs::exists("/dev/shm" + name));
}

// Whether an ELF file asks for a program interpreter (PT_INTERP): a dynamically linked program.
std::optional<bool> elf_is_dynamic(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < 64 || bytes.compare(0, 4, "\x7f" "ELF") != 0 || bytes[4] != 2) return std::nullopt;  // ELF64 only
  auto read = [&](std::size_t at, std::size_t width) {
    std::uint64_t value = 0;
    for (std::size_t i = width; i-- > 0;) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
    return value;
  };
  const auto phoff = read(0x20, 8), phentsize = read(0x36, 2), phnum = read(0x38, 2);
  if (phoff + phentsize * phnum > bytes.size()) return std::nullopt;
  for (std::uint64_t i = 0; i < phnum; ++i) {
    if (read(phoff + i * phentsize, 4) == 3) return true;  // PT_INTERP
  }
  return false;
}

TEST(TracePosix, AStaticallyLinkedProgramIsTracedAlike) {
  const auto program = trace_fixture("shmh_trace_program_static");
  if (!fs::exists(program)) GTEST_SKIP() << "not built: the sanitizer builds cannot link a program with -static";
  ASSERT_EQ(elf_is_dynamic(program), false) << program << " should have no program interpreter";
  ASSERT_EQ(elf_is_dynamic(trace_fixture("shmh_trace_program")), true);
  const auto name = fresh_name("static");
  const auto run = run_harness({"trace", "--json", "--", program, "readonly-write", name});
  ASSERT_TRUE(run.status) << run.err;
  EXPECT_EQ(run.status->code, 1) << run.out << run.err;
  const auto trace = json_of(run);
  ASSERT_TRUE(trace.is_object()) << run.out;
  std::vector<std::string> apis;
  for (const auto& c : trace["calls"]) apis.push_back(c["api"]);
  // readonly-write: create and size it, open it again O_RDONLY, map that PROT_WRITE (EACCES).
  ASSERT_GE(apis.size(), 4u) << trace["calls"];
  EXPECT_EQ(std::vector<std::string>(apis.begin(), apis.begin() + 2), (std::vector<std::string>{"shm_open", "ftruncate"})) << trace["calls"];
  const auto views = calls_of(trace, "mmap");
  ASSERT_EQ(views.size(), 1u) << trace["calls"];
  EXPECT_EQ(views[0]["error_symbol"], "EACCES");
  EXPECT_EQ(views[0]["object_name"], name);
  ASSERT_EQ(trace["verdicts"].size(), 1u) << trace["verdicts"];
  EXPECT_FALSE(fs::exists("/dev/shm" + name));
}

// The POSIX twins of Windows' 183 and 1132, with every argument, in order, and the program's code.
TEST(TracePosix, ACreateOfAnExistingNameGetsEexistAndItsVerdict) {
  const auto name = fresh_name("twice");
  const auto run = run_harness({"trace", "--json", "--", trace_fixture("shmh_trace_program"), "create-twice", name});
  ASSERT_TRUE(run.status) << run.err;
  EXPECT_EQ(run.status->code, 7) << run.out << run.err;
  const auto trace = json_of(run);
  ASSERT_TRUE(trace.is_object()) << run.out;
  const auto opens = calls_of(trace, "shm_open");
  ASSERT_EQ(opens.size(), 2u) << trace["calls"];
  for (const auto& open : opens) {
    EXPECT_EQ(open["object_name"], name);
    EXPECT_EQ(open["args"][1]["value"], "O_RDWR|O_CREAT|O_EXCL");
    EXPECT_EQ(open["args"][2]["value"], "0600");
  }
  EXPECT_FALSE(opens[0]["failed"].get<bool>());
  EXPECT_EQ(opens[1]["error_symbol"], "EEXIST");
  EXPECT_EQ(opens[1]["error"], 17);
  ASSERT_EQ(trace["verdicts"].size(), 1u) << trace["verdicts"];
  EXPECT_NE(trace["verdicts"][0]["verdict"].get<std::string>().find("already existed"), std::string::npos) << trace["verdicts"];
  EXPECT_FALSE(fs::exists("/dev/shm" + name));
}

TEST(TracePosix, AMisalignedViewGetsEinvalAndTheAlignedOffset) {
  const auto name = fresh_name("misaligned");
  const auto run = run_harness({"trace", "--json", "--", trace_fixture("shmh_trace_program"), "map-misaligned", name});
  ASSERT_TRUE(run.status) << run.err;
  EXPECT_EQ(run.status->code, 8) << run.out << run.err;
  const auto trace = json_of(run);
  ASSERT_TRUE(trace.is_object()) << run.out;
  std::vector<std::string> apis;
  for (const auto& c : trace["calls"]) apis.push_back(c["api"]);
  // One mmap, not two: glibc's mmap refuses an offset that is not page-aligned itself, before any
  // system call, so only the raw system call the program made next reaches the tracer.
  EXPECT_EQ(apis, (std::vector<std::string>{"shm_open", "ftruncate", "mmap", "close", "shm_unlink"})) << trace["calls"];
  const auto view = calls_of(trace, "mmap").at(0);
  EXPECT_EQ(view["offset"], 0x1234);
  EXPECT_EQ(view["size"], 4096);
  EXPECT_EQ(view["error_symbol"], "EINVAL");
  EXPECT_EQ(calls_of(trace, "ftruncate").at(0)["size"], 131072);
  ASSERT_EQ(trace["verdicts"].size(), 1u) << trace["verdicts"];
  const auto advice = trace["verdicts"][0]["advice"].dump();
  EXPECT_NE(advice.find("map from 4096 and add 564"), std::string::npos) << trace["verdicts"];
}

TEST(TracePosix, AViewPastTheObjectsEndIsJudgedThoughItSucceeded) {
  const auto name = fresh_name("past");
  const auto run = run_harness({"trace", "--", trace_fixture("shmh_trace_program"), "view-past-end", name});
  ASSERT_TRUE(run.status) << run.err;
  EXPECT_EQ(run.status->code, 0) << run.out;
  EXPECT_NE(run.out.find("mmap(NULL, 8192, PROT_READ, MAP_SHARED"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("past the object's 4096 bytes"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("SIGBUS"), std::string::npos) << run.out;
  EXPECT_FALSE(fs::exists("/dev/shm" + name));
}

TEST(TracePosix, ThreadsAreTracedWithTheirOwnTid) {
  const auto name = fresh_name("thread");
  const auto run = run_harness({"trace", "--json", "--", trace_fixture("shmh_trace_program"), "thread", name});
  ASSERT_TRUE(run.status) << run.err;
  EXPECT_EQ(run.status->code, 3) << run.out << run.err;
  const auto trace = json_of(run);
  ASSERT_TRUE(trace.is_object()) << run.out;
  const auto opens = calls_of(trace, "shm_open");
  ASSERT_EQ(opens.size(), 1u) << trace["calls"];
  EXPECT_EQ(opens[0]["pid"], trace["processes"][0]["pid"]);
  EXPECT_NE(opens[0]["tid"], opens[0]["pid"]) << "the open ran in the second thread";
  EXPECT_EQ(opens[0]["error_symbol"], "ENOENT");
}

TEST(TracePosix, ChildrenAreRecordedOnlyWithFollowChildren) {
  const auto name = fresh_name("child");
  const auto alone = run_harness({"trace", "--json", "--", trace_fixture("shmh_trace_program"), "fork", name});
  ASSERT_TRUE(alone.status) << alone.err;
  EXPECT_EQ(alone.status->code, 5) << "the child still ran its shm_open (ENOENT), traced but not recorded\n" << alone.out << alone.err;
  const auto without = json_of(alone);
  ASSERT_TRUE(without.is_object()) << alone.out;
  EXPECT_TRUE(without["calls"].empty()) << without["calls"];

  const auto followed = run_harness({"trace", "--json", "--follow-children", "--", trace_fixture("shmh_trace_program"), "fork", name});
  ASSERT_TRUE(followed.status) << followed.err;
  EXPECT_EQ(followed.status->code, 5) << followed.out << followed.err;
  const auto with = json_of(followed);
  ASSERT_TRUE(with.is_object()) << followed.out;
  ASSERT_EQ(with["processes"].size(), 2u) << with["processes"];
  const auto opens = calls_of(with, "shm_open");
  ASSERT_EQ(opens.size(), 1u) << with["calls"];
  EXPECT_EQ(opens[0]["pid"], with["processes"][1]["pid"]);
  EXPECT_EQ(with["processes"][1]["parent_pid"], with["processes"][0]["pid"]);
  EXPECT_EQ(with["processes"][1]["exit"]["code"], 4);
}

TEST(TracePosix, UsageErrorsAndUnstartableProgramsExit2WithOneLine) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"trace"}, {"trace", "--bogus", "--", "/bin/true"}}) {
    const auto run = run_harness(args);
    ASSERT_TRUE(run.status);
    EXPECT_EQ(run.status->code, 2) << run.out << run.err;
  }
  const auto missing = run_harness({"trace", "--", "/nonexistent/program"});
  ASSERT_TRUE(missing.status);
  EXPECT_EQ(missing.status->code, 2) << missing.out << missing.err;
  EXPECT_NE(missing.err.find("execvp(/nonexistent/program) failed: 2 ENOENT"), std::string::npos) << missing.err;
  // A file without execute permission (root too is refused: no execute bit at all).
  const fs::path text = fs::temp_directory_path() / (make_run_id() + "-not-executable");
  std::ofstream(text) << "not a program\n";
  const auto refused = run_harness({"trace", "--", text.string()});
  fs::remove(text);
  ASSERT_TRUE(refused.status);
  EXPECT_EQ(refused.status->code, 2) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("13 EACCES"), std::string::npos) << refused.err;
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << "one line\n" << refused.err;
}

// Waits for the fixture's pid file; 0 when it did not appear.
std::int64_t wait_for_pid(const fs::path& file) {
  for (int i = 0; i < 200; ++i) {
    std::ifstream in(file);
    std::int64_t pid = 0;
    if (in >> pid && pid > 0) return pid;
    std::this_thread::sleep_for(25ms);
  }
  return 0;
}

TEST(TracePosix, RequestTraceStopKillsTheProgramAndReturns) {
  const fs::path pidfile = fs::temp_directory_path() / (make_run_id() + "-forever.pid");
  platform::TraceOptions options;
  options.argv = {trace_fixture("shmh_trace_program"), "forever", pidfile.string()};
  std::optional<platform::Result<platform::TraceOutcome>> result;
  std::thread tracer([&] { result.emplace(platform::trace_program(options)); });
  const auto pid = wait_for_pid(pidfile);
  EXPECT_GT(pid, 0);
  EXPECT_TRUE(pid == 0 || process_alive(pid));
  platform::request_trace_stop();
  tracer.join();
  fs::remove(pidfile);
  ASSERT_TRUE(result && result->ok()) << (result && !result->ok() ? result->error().describe() : "");
  const auto& outcome = result->value();
  EXPECT_TRUE(outcome.exit.by_signal);
  EXPECT_EQ(outcome.exit.code, SIGKILL);
  EXPECT_TRUE(outcome.exit.killed_by_owner);
  if (pid > 0) {
    EXPECT_FALSE(process_alive(pid)) << "pid " << pid << " still in /proc";
  }
}

TEST(TracePosix, SigintOnTraceLeavesNoProcessBehind) {
  const fs::path pidfile = fs::temp_directory_path() / (make_run_id() + "-sigint.pid");
  auto child = platform::spawn_child(harness_binary(), {"trace", "--", trace_fixture("shmh_trace_program"), "forever", pidfile.string()});
  ASSERT_TRUE(child) << child.error().describe();
  const auto pid = wait_for_pid(pidfile);
  ASSERT_GT(pid, 0);
  EXPECT_TRUE(process_alive(pid));
  ::kill(static_cast<pid_t>(child.value().pid()), SIGINT);
  const auto status = child.value().wait_for(10s);
  fs::remove(pidfile);
  ASSERT_TRUE(status) << "trace did not end after SIGINT";
  EXPECT_EQ(status->code, 130);
  EXPECT_FALSE(process_alive(pid)) << "the traced program (pid " << pid << ") was left behind";
}

}  // namespace
}  // namespace shmh::testing
