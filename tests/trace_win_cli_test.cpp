// `shm-harness trace` on Windows end to end: the fixture program (tests/fixtures/windows/
// trace_calls.cpp) makes calls that fail for a reason of the call itself (the access mask it
// passed, the handle a view used, a section that died with its last handle), and the verdict
// must name that reason, from the facts read as the call returned.
#include <windows.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/platform/win_text.h"
#include "tests/harness_runner.h"

namespace shmh::testing {
namespace {

std::string trace_calls_exe() {
  const auto self = harness_binary();
  return self.substr(0, self.find_last_of("\\/") + 1) + "trace-calls.exe";
}

std::string fresh_section_name(const char* what) {
  static int counter = 0;
  return "Local\\shmh-tracecli-" + std::to_string(::GetCurrentProcessId()) + "-" + std::to_string(++counter) + "-" + what;
}

// The trace's JSON document, and the verdict of the first call of `api` that has one.
struct Traced {
  nlohmann::json document;
  std::string text(const std::string& api, int nth = 0) const {
    for (const auto& v : document["verdicts"]) {
      const auto index = v["call_index"].get<std::size_t>();
      if (document["calls"][index]["api"] != api || nth-- > 0) continue;
      std::string all = v["verdict"].get<std::string>() + "\n";
      for (const auto& r : v["reasons"]) all += "why: " + r.get<std::string>() + "\n";
      for (const auto& a : v["advice"]) all += "do: " + a.get<std::string>() + "\n";
      return all;
    }
    return "(no verdict for " + api + ")\n" + document.dump(1);
  }
};

Traced trace_json(const std::vector<std::string>& actions) {
  std::vector<std::string> arguments{"trace", "--json", "--", trace_calls_exe()};
  arguments.insert(arguments.end(), actions.begin(), actions.end());
  const auto run = run_harness(arguments, std::chrono::seconds(90));
  EXPECT_TRUE(run.status) << run.err;
  Traced traced{nlohmann::json::parse(run.out, nullptr, false)};
  EXPECT_TRUE(traced.document.is_object()) << run.out << run.err;
  return traced;
}

TEST(TraceWinVerdicts, AReadOnlyDaclExplainsTheDeniedOpenAndCreateOrOpenAndTheReadOpenWorks) {
  const auto name = fresh_section_name("dacl");
  const auto traced = trace_json({"create-sddl", name, "D:(A;;GR;;;WD)", "open-all", name, "create-w", name, "open-read", name});
  std::vector<std::string> results;
  for (const auto& c : traced.document["calls"]) {
    if (c["api"] != "CloseHandle") results.push_back(c["api"].get<std::string>() + " " + std::to_string(c["error"].get<long long>()));
  }
  // Microsoft Learn, OpenFileMapping: "If the function fails, the return value is NULL"; the
  // DACL grants GENERIC_READ only, so FILE_MAP_ALL_ACCESS and a create-or-open (which asks the
  // creator's rights of an existing section) get 5, and FILE_MAP_READ opens.
  EXPECT_EQ(results, (std::vector<std::string>{"CreateFileMappingW 0", "OpenFileMappingW 5", "CreateFileMappingW 5", "OpenFileMappingW 0"}))
      << traced.document["calls"].dump(1);
  const auto open = traced.text("OpenFileMappingW");
  EXPECT_NE(open.find("FILE_MAP_READ only"), std::string::npos) << open;
  EXPECT_NE(open.find("do: open with OpenFileMappingW(FILE_MAP_READ, FALSE, '" + name + "')"), std::string::npos) << open;
  const auto create = traced.text("CreateFileMappingW");
  EXPECT_NE(create.find("the rights a creator needs"), std::string::npos) << create;
  EXPECT_NE(create.find("do: open the existing section with OpenFileMappingW(FILE_MAP_READ"), std::string::npos) << create;
}

TEST(TraceWinVerdicts, AWriteViewOfAReadHandleNamesTheOpen) {
  const auto name = fresh_section_name("view");
  const auto traced = trace_json({"create-w", name, "map-write-of-read", name});
  const auto view = traced.text("MapViewOfFile");
  EXPECT_NE(view.find("returned NULL with 5 ERROR_ACCESS_DENIED"), std::string::npos) << view;
  EXPECT_NE(view.find("the handle came from OpenFileMappingW(FILE_MAP_READ, '" + name + "')"), std::string::npos) << view;
}

TEST(TraceWinVerdicts, AnOpenAfterTheLastHandleClosedSaysTheSectionDied) {
  const auto name = fresh_section_name("died");
  const auto traced = trace_json({"create-w", name, "close-all", "open-missing", name});
  const auto open = traced.text("OpenFileMappingW");
  EXPECT_NE(open.find("did not exist"), std::string::npos) << open;
  EXPECT_NE(open.find("closed that handle at"), std::string::npos) << open;
  EXPECT_NE(open.find("do: keep the creator's handle"), std::string::npos) << open;
}

// The classic sample's two programs (tests/fixtures/windows) under `pair --trace`: their calls,
// by role, in report.json, and every failing one judged. Whether first's _getch waits depends on
// whether the test process has a console (under ctest it waited until the pair's timeout), so
// first is killed once second has ended; second may or may not find the section in time: both
// are recorded as they happened, and only what holds either way is asserted.
TEST(PairTraceWin, TheClassicSamplesCallsAreInTheReportByRole) {
  const auto self = harness_binary();
  const auto fixtures = self.substr(0, self.find_last_of("\\/") + 1) + "fixtures\\";
  const auto name = fresh_section_name("pair");
  wchar_t temp[MAX_PATH];
  ::GetTempPathW(MAX_PATH, temp);
  const std::string dir = platform::to_utf8(temp) + "shmh-pair-trace-" + std::to_string(::GetCurrentProcessId());
  const auto run = run_harness({"pair", "--trace", "--first", fixtures + "sample-first-unicode.exe " + name, "--second",
                                fixtures + "sample-second-unicode.exe " + name, "--name", name, "--first-ends", "kill",
                                "--timeout", "30", "--report-dir", dir},
                               std::chrono::seconds(120));
  ASSERT_TRUE(run.status) << run.out << run.err;
  EXPECT_LE(run.status->code, 1) << run.out << run.err;
  std::ifstream in(dir + "\\report.json");
  const auto report = nlohmann::json::parse(in, nullptr, false);
  ASSERT_TRUE(report.is_object()) << run.out << run.err;
  std::map<std::string, std::vector<std::string>> apis;
  for (const auto& c : report["scenarios"][0]["calls"]) {
    const std::string call = c["call"];
    apis[c["role"]].push_back(call.substr(0, call.find('(')));
    if (c.contains("error") && !c["error"].is_null()) {
      EXPECT_FALSE(c.value("verdict", "").empty()) << "a failing call without a verdict: " << c.dump();
    }
  }
  ASSERT_GE(apis["first"].size(), 2u) << report["scenarios"][0]["calls"].dump(1);
  EXPECT_EQ(apis["first"][0], "CreateFileMappingW");
  EXPECT_EQ(apis["first"][1], "MapViewOfFile");
  ASSERT_FALSE(apis["second"].empty()) << report["scenarios"][0]["calls"].dump(1);
  EXPECT_EQ(apis["second"][0], "OpenFileMappingW");
  std::error_code ignored;
  std::filesystem::remove_all(platform::to_utf8(temp) + "shmh-pair-trace-" + std::to_string(::GetCurrentProcessId()), ignored);
}

TEST(TraceWinVerdicts, AFileThatIsNoProgramExits2WithOneLine) {
  const auto run = run_harness({"trace", "--", harness_binary() + ".txt"});
  ASSERT_TRUE(run.status);
  EXPECT_EQ(run.status->code, 2) << run.out << run.err;
}

}  // namespace
}  // namespace shmh::testing
