// The Windows call tracer (call_tracer_win.cpp) on a fixture program that makes known calls
// (tests/fixtures/windows/trace_calls.cpp), through platform::trace_program itself.
#include <windows.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "harness/platform/call_tracer.h"
#include "harness/platform/child_process.h"
#include "harness/platform/win_text.h"

namespace shmh::platform {
namespace {

std::string fixture_path() {
  wchar_t self[MAX_PATH];
  const DWORD length = ::GetModuleFileNameW(nullptr, self, MAX_PATH);
  std::wstring path(self, length);
  path = path.substr(0, path.find_last_of(L"\\/") + 1) + L"trace-calls.exe";
  return to_utf8(path);
}

// A name no other run (every wine process of the prefix shares one namespace) can hold.
std::string unique_name(const char* what) {
  static int counter = 0;
  return "Local\\shmh-trace-" + std::to_string(::GetCurrentProcessId()) + "-" + std::to_string(++counter) + "-" + what;
}

TraceOutcome trace(std::vector<std::string> arguments) {
  TraceOptions options;
  options.argv.push_back(fixture_path());
  for (auto& argument : arguments) options.argv.push_back(std::move(argument));
  auto outcome = trace_program(options);
  EXPECT_TRUE(outcome.ok()) << (outcome.ok() ? "" : outcome.error().describe());
  return outcome.ok() ? std::move(outcome.value()) : TraceOutcome{};
}

// The calls about one object name, and the others of the same API family.
std::vector<TracedCall> calls_named(const TraceOutcome& outcome, const std::string& name) {
  std::vector<TracedCall> found;
  for (const auto& call : outcome.calls) {
    if (call.object_name == name) found.push_back(call);
  }
  return found;
}

std::string listing(const TraceOutcome& outcome) {
  std::string text;
  for (const auto& call : outcome.calls) {
    text += call.api + "(";
    for (const auto& arg : call.args) text += arg.name + "=" + arg.value + " ";
    text += ") = " + call.result + " error " + std::to_string(call.error) + " " + call.error_symbol + "\n";
  }
  return text;
}

TEST(TraceWin, AnsiCreateIsOneRecordAsTheProgramMadeIt) {
  const std::string name = unique_name("ansi");
  const TraceOutcome outcome = trace({"create-a", name});
  const auto calls = calls_named(outcome, name);
  // kernel32's CreateFileMappingA calls kernelbase's CreateFileMappingW: one call, the A one.
  ASSERT_EQ(calls.size(), 1u) << listing(outcome);
  const TracedCall& create = calls[0];
  EXPECT_EQ(create.api, "CreateFileMappingA");
  EXPECT_EQ(create.protection, static_cast<std::uint32_t>(PAGE_READWRITE));
  EXPECT_EQ(create.size, 4096u);
  EXPECT_FALSE(create.failed);
  EXPECT_NE(create.result_value, 0u);
  EXPECT_EQ(create.error, 0);
  EXPECT_EQ(create.pid, outcome.processes.at(0).pid);
  ASSERT_GE(create.args.size(), 6u);
  EXPECT_EQ(create.args[0].value, "INVALID_HANDLE_VALUE");
  EXPECT_EQ(create.args[2].value, "PAGE_READWRITE");
  EXPECT_EQ(create.args[5].value, "\"" + std::string("Local\\\\") + name.substr(6) + "\"");
  // The fixture closes it at the end: that CloseHandle is reported, with the same handle.
  int closes = 0;
  for (const auto& call : outcome.calls) {
    if (call.api == "CloseHandle" && call.handle == create.result_value) ++closes;
  }
  EXPECT_EQ(closes, 1) << listing(outcome);
  // Nothing but the program's own calls: no W twin, no runtime mapping.
  for (const auto& call : outcome.calls) {
    EXPECT_TRUE(call.api == "CreateFileMappingA" || call.api == "CloseHandle") << listing(outcome);
  }
  EXPECT_TRUE(outcome.exit.clean()) << outcome.exit.describe();
}

TEST(TraceWin, CreateOfAnExistingNameKeeps183) {
  const std::string name = unique_name("twice");
  const TraceOutcome outcome = trace({"create-w", name, "create-w", name});
  const auto calls = calls_named(outcome, name);
  ASSERT_EQ(calls.size(), 2u) << listing(outcome);
  EXPECT_EQ(calls[0].api, "CreateFileMappingW");
  EXPECT_EQ(calls[0].error, 0);
  EXPECT_FALSE(calls[1].failed);
  EXPECT_NE(calls[1].result_value, 0u);
  EXPECT_NE(calls[1].result_value, calls[0].result_value);
  EXPECT_EQ(calls[1].error, 183);
  EXPECT_EQ(calls[1].error_symbol, "ERROR_ALREADY_EXISTS");
}

TEST(TraceWin, OpenOfAMissingNameIsNullWith2) {
  const std::string name = unique_name("missing");
  const TraceOutcome outcome = trace({"open-missing", name});
  const auto calls = calls_named(outcome, name);
  ASSERT_EQ(calls.size(), 1u) << listing(outcome);
  EXPECT_EQ(calls[0].api, "OpenFileMappingW");
  EXPECT_EQ(calls[0].access, static_cast<std::uint32_t>(FILE_MAP_READ));
  EXPECT_TRUE(calls[0].failed);
  EXPECT_EQ(calls[0].result, "NULL");
  EXPECT_EQ(calls[0].error, 2);
  EXPECT_EQ(calls[0].error_symbol, "ERROR_FILE_NOT_FOUND");
}

TEST(TraceWin, ViewLargerThanTheSectionFails) {
  const std::string name = unique_name("short");
  const TraceOutcome outcome = trace({"map-too-large", name});
  const auto creates = calls_named(outcome, name);
  ASSERT_EQ(creates.size(), 1u) << listing(outcome);
  const TracedCall* map = nullptr;
  for (const auto& call : outcome.calls) {
    if (call.api == "MapViewOfFile") map = &call;
  }
  ASSERT_NE(map, nullptr) << listing(outcome);
  EXPECT_EQ(map->handle, creates[0].result_value);
  EXPECT_EQ(map->size, 65536u);
  EXPECT_EQ(map->offset, 0u);
  EXPECT_TRUE(map->failed);
  EXPECT_EQ(map->result, "NULL");
  // Windows: 5 ERROR_ACCESS_DENIED (scenario access/view-larger-than-section; WINE.md measured
  // the same under Wine 8.0). The code comes from the program's TEB, not from this test.
  EXPECT_EQ(map->error, 5);
  EXPECT_EQ(map->error_symbol, "ERROR_ACCESS_DENIED");
}

// A view offset off the allocation granularity: 1132 ERROR_MAPPED_ALIGNMENT (Microsoft's
// MapViewOfFile: "must be a multiple of the allocation granularity"). The fixture's 0x1234 is not
// even page-aligned, so the code does not depend on how strictly Wine checks the granularity.
TEST(TraceWin, MisalignedViewOffsetFailsWith1132) {
  const std::string name = unique_name("misaligned");
  const TraceOutcome outcome = trace({"map-misaligned", name});
  const TracedCall* map = nullptr;
  for (const auto& call : outcome.calls) {
    if (call.api == "MapViewOfFile") map = &call;
  }
  ASSERT_NE(map, nullptr) << listing(outcome);
  EXPECT_EQ(map->offset, 0x1234u);
  EXPECT_EQ(map->size, 4096u);
  EXPECT_EQ(map->access, 0x4u);  // FILE_MAP_READ
  EXPECT_TRUE(map->failed);
  EXPECT_EQ(map->result, "NULL");
  EXPECT_EQ(map->error, 1132);
  EXPECT_EQ(map->error_symbol, "ERROR_MAPPED_ALIGNMENT");
}

TEST(TraceWin, MapAndUnmapAreTracedWithTheirView) {
  const std::string name = unique_name("view");
  const TraceOutcome outcome = trace({"map-unmap", name});
  const TracedCall* map = nullptr;
  const TracedCall* unmap = nullptr;
  for (const auto& call : outcome.calls) {
    if (call.api == "MapViewOfFile") map = &call;
    if (call.api == "UnmapViewOfFile") unmap = &call;
  }
  ASSERT_NE(map, nullptr) << listing(outcome);
  ASSERT_NE(unmap, nullptr) << listing(outcome);
  EXPECT_FALSE(map->failed);
  EXPECT_EQ(map->access, static_cast<std::uint32_t>(FILE_MAP_READ | FILE_MAP_WRITE));
  EXPECT_EQ(map->args.at(1).value, "FILE_MAP_WRITE|FILE_MAP_READ");
  EXPECT_EQ(unmap->handle, map->result_value);
  EXPECT_EQ(unmap->result, "TRUE");
}

void expect_descriptor_decoded(const char* action) {
  const std::string name = unique_name(action);
  const std::string sddl = "D:P(A;;GA;;;WD)";
  const TraceOutcome outcome = trace({action, name, sddl});
  const auto calls = calls_named(outcome, name);
  ASSERT_EQ(calls.size(), 1u) << listing(outcome);
  EXPECT_EQ(calls[0].sddl, sddl) << listing(outcome);
  EXPECT_NE(calls[0].args.at(1).value.find("SDDL " + sddl), std::string::npos) << calls[0].args.at(1).value;
}

TEST(TraceWin, SelfRelativeSecurityDescriptorIsReadBackAsSddl) { expect_descriptor_decoded("create-sddl"); }
TEST(TraceWin, AbsoluteSecurityDescriptorIsReadBackAsSddl) { expect_descriptor_decoded("create-sddl-absolute"); }

TEST(TraceWin, CrashEndsWithTheExceptionCode) {
  const std::string name = unique_name("crash");
  const TraceOutcome outcome = trace({"create-w", name, "crash"});
  EXPECT_EQ(calls_named(outcome, name).size(), 1u) << listing(outcome);
  EXPECT_EQ(static_cast<std::uint32_t>(outcome.exit.code), 0xC0000005u) << outcome.exit.describe();
  EXPECT_FALSE(outcome.exit.killed_by_owner);
}

TEST(TraceWin, ExitCodesPassThrough) {
  EXPECT_EQ(trace({"exit", "42"}).exit.code, 42);
  const TraceOutcome clean = trace({"exit", "0"});
  EXPECT_TRUE(clean.exit.clean()) << clean.exit.describe();
  ASSERT_EQ(clean.processes.size(), 1u);
  EXPECT_NE(clean.processes[0].image.find("trace-calls"), std::string::npos) << clean.processes[0].image;
}

// Four threads making calls at once: each call is told apart by its thread and stack, and none
// runs past a breakpoint while another thread steps over its restored byte.
TEST(TraceWin, ThreadsAtOnceAreEachTracedWhole) {
  const std::string base = unique_name("threads");
  const TraceOutcome outcome = trace({"threads", base});
  EXPECT_TRUE(outcome.exit.clean()) << outcome.exit.describe();
  std::map<std::string, std::map<std::int64_t, int>> per_api;  // api -> tid -> count
  std::map<std::int64_t, std::vector<const TracedCall*>> per_thread;
  for (const auto& call : outcome.calls) {
    ++per_api[call.api][call.tid];
    per_thread[call.tid].push_back(&call);
  }
  for (const char* api : {"CreateFileMappingW", "MapViewOfFile", "UnmapViewOfFile", "CloseHandle"}) {
    ASSERT_EQ(per_api[api].size(), 4u) << api << "\n" << listing(outcome);
    for (const auto& [tid, count] : per_api[api]) EXPECT_EQ(count, 10) << api << " on thread " << tid;
  }
  // On each thread, in order: create, map that handle, unmap that view, close that handle.
  for (const auto& [tid, calls] : per_thread) {
    ASSERT_EQ(calls.size(), 40u);
    for (std::size_t i = 0; i + 3 < calls.size(); i += 4) {
      EXPECT_EQ(calls[i]->api, "CreateFileMappingW");
      EXPECT_EQ(calls[i]->object_name.rfind(base + "-", 0), 0u) << calls[i]->object_name;
      EXPECT_FALSE(calls[i]->failed);
      EXPECT_EQ(calls[i + 1]->handle, calls[i]->result_value);
      EXPECT_FALSE(calls[i + 1]->failed);
      EXPECT_EQ(calls[i + 2]->handle, calls[i + 1]->result_value);
      EXPECT_EQ(calls[i + 2]->result, "TRUE");
      EXPECT_EQ(calls[i + 3]->handle, calls[i]->result_value);
      EXPECT_EQ(calls[i + 3]->api, "CloseHandle");
    }
  }
}

// The program starts itself: with follow_children its child's calls are traced too, each with
// its own pid; without, only the program's.
TEST(TraceWin, ChildrenAreTracedWhenFollowed) {
  for (const bool follow : {true, false}) {
    const std::string parent_name = unique_name("parent");
    const std::string child_name = unique_name("child");
    TraceOptions options;
    options.argv = {fixture_path(), "create-w", parent_name, "spawn", "create-w", child_name, "exit", "7"};
    options.follow_children = follow;
    auto traced = trace_program(options);
    ASSERT_TRUE(traced.ok()) << traced.error().describe();
    const TraceOutcome& outcome = traced.value();
    EXPECT_EQ(outcome.exit.code, 7) << outcome.exit.describe();  // the child's code, passed on
    const auto in_parent = calls_named(outcome, parent_name);
    const auto in_child = calls_named(outcome, child_name);
    ASSERT_EQ(in_parent.size(), 1u) << listing(outcome);
    EXPECT_EQ(in_parent[0].pid, outcome.processes.at(0).pid);
    if (!follow) {
      EXPECT_EQ(outcome.processes.size(), 1u);
      EXPECT_TRUE(in_child.empty()) << listing(outcome);
      continue;
    }
    ASSERT_EQ(outcome.processes.size(), 2u);
    EXPECT_EQ(outcome.processes[1].parent_pid, outcome.processes[0].pid);
    EXPECT_EQ(outcome.processes[1].exit.code, 7);
    ASSERT_EQ(in_child.size(), 1u) << listing(outcome);
    EXPECT_EQ(in_child[0].pid, outcome.processes[1].pid);
    EXPECT_FALSE(in_child[0].failed);
  }
}

TEST(TraceWin, StopRequestKillsTheProgram) {
  const std::string name = unique_name("stop");
  TraceOptions options;
  options.argv = {fixture_path(), "create-w", name, "sleep", "60000"};
  std::atomic<bool> saw_call{false};
  options.on_call = [&](const TracedCall& call) {
    if (call.object_name == name) saw_call = true;
  };
  std::thread stopper([&] {
    for (int i = 0; i < 300 && !saw_call; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    request_trace_stop();
  });
  const auto start = std::chrono::steady_clock::now();
  auto outcome = trace_program(options);
  const auto took = std::chrono::steady_clock::now() - start;
  stopper.join();
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  EXPECT_TRUE(saw_call.load());
  EXPECT_TRUE(outcome.value().exit.killed_by_owner) << outcome.value().exit.describe();
  EXPECT_LT(took, std::chrono::seconds(30));
  EXPECT_FALSE(process_exists(outcome.value().processes.at(0).pid));
}

TEST(TraceWin, MissingProgramFailsWithItsCode) {
  TraceOptions options;
  options.argv = {"shmh-no-such-program-here.exe"};
  auto outcome = trace_program(options);
  ASSERT_FALSE(outcome.ok());
  EXPECT_NE(outcome.error().api.find("CreateProcessW"), std::string::npos) << outcome.error().describe();
  EXPECT_EQ(outcome.error().code, ERROR_FILE_NOT_FOUND) << outcome.error().describe();
}

// A file that is no x64 program is refused from its header, before anything starts: one line
// naming the file and why, code 193 ERROR_BAD_EXE_FORMAT.
std::string refused_file(const std::string& file_name, const std::string& bytes) {
  wchar_t folder[MAX_PATH];
  ::GetTempPathW(MAX_PATH, folder);
  const std::wstring path = std::wstring(folder) + L"shmh-" + std::to_wstring(::GetCurrentProcessId()) + L"-" +
                            std::wstring(file_name.begin(), file_name.end());
  HANDLE file = ::CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
  EXPECT_NE(file, INVALID_HANDLE_VALUE);
  DWORD written = 0;
  ::WriteFile(file, bytes.data(), static_cast<DWORD>(bytes.size()), &written, nullptr);
  ::CloseHandle(file);
  const std::string utf8 = to_utf8(path);
  TraceOptions options;
  options.argv = {utf8};
  auto outcome = trace_program(options);
  ::DeleteFileW(path.c_str());
  EXPECT_FALSE(outcome.ok());
  if (outcome.ok()) return "";
  EXPECT_EQ(outcome.error().code, ERROR_BAD_EXE_FORMAT) << outcome.error().describe();
  EXPECT_NE(outcome.error().message.find(utf8), std::string::npos) << outcome.error().describe();
  return outcome.error().describe();
}

TEST(TraceWin, AFileThatIsNotAProgramIsRefusedBeforeItStarts) {
  const auto text = refused_file("not-a-program.exe", "this is text, not a program\r\n");
  EXPECT_NE(text.find("not a PE file"), std::string::npos) << text;
}

TEST(TraceWin, A32BitProgramIsRefusedBeforeItStarts) {
  // The header of an x86 PE32 program: MZ, e_lfanew 0x80, PE\0\0, machine 0x014C, PE32 magic.
  std::string bytes(0x200, '\0');
  bytes[0] = 'M';
  bytes[1] = 'Z';
  bytes[0x3C] = '\x80';
  bytes.replace(0x80, 4, std::string("PE\0\0", 4));
  bytes[0x84] = '\x4C';
  bytes[0x85] = '\x01';
  bytes[0x84 + 18] = '\x02';
  bytes[0x84 + 20] = '\x0B';
  bytes[0x84 + 21] = '\x01';
  const auto text = refused_file("x86-program.exe", bytes);
  EXPECT_NE(text.find("32-bit (x86)"), std::string::npos) << text;
}

}  // namespace
}  // namespace shmh::platform
