// `compare` as CI uses it: the exit codes of --fail-if-slower, --json on stdout, the exit codes
// named in --help. Two reports written here whose repetitions differ by a known amount.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "reports/json_report.h"
#include "reports/statistics.h"
#include "tests/harness_runner.h"

namespace shmh::testing {
namespace {

// A throughput report with one spin row at 1 MiB whose repetitions are `ring` (GiB/s).
void write_report(const std::filesystem::path& file, const std::vector<double>& ring) {
  report::Report r;
  r.tool_version = "0.1.0";
  r.run_id = "shmh-1-test";
  r.machine.host_name = "test";
  report::ScenarioResult s;
  s.id = "throughput/stream";
  s.outcome = report::Outcome::passed;
  report::ThroughputMetric row;
  row.mode = "spin";
  row.block_bytes = 1 << 20;
  row.ring_gib_s = report::distribution_of(ring);
  row.memcpy_gib_s = report::distribution_of({20, 20, 20, 20, 20});
  s.metrics.throughput = {row};
  r.scenarios = {s};
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << report::to_json(r).dump(2);
}

TEST(CompareCli, FailIfSlowerExitsOneOnlyPastTheGate) {
  const auto dir = std::filesystem::temp_directory_path() / ("shmh-gate-" + std::to_string(platform::current_process_id()));
  std::filesystem::remove_all(dir);
  const auto base = (dir / "base" / "report.json").string(), slow = (dir / "slow" / "report.json").string();
  // The same figures as tests/compare_test.cpp: a shift of -20.6%, 95% interval [-21.8%, -19.2%].
  write_report(base, {10, 10.2, 9.9, 10.1, 10.3, 9.8, 10.0, 10.2, 10.1});
  write_report(slow, {8, 8.1, 7.9, 8.2, 8.0, 7.8, 8.1, 8.0, 7.9});

  const auto gated = run_harness({"compare", base, slow, "--fail-if-slower", "10"});
  ASSERT_TRUE(gated.status);
  EXPECT_EQ(gated.status->code, 1) << gated.out << gated.err;
  EXPECT_NE(gated.out.find("-20.6% [-21.8%, -19.2%] slower"), std::string::npos) << gated.out;
  EXPECT_NE(gated.out.find("1 row(s) slower by more than that with confidence"), std::string::npos) << gated.out;

  const auto passed = run_harness({"compare", base, slow, "--fail-if-slower", "25"});
  ASSERT_TRUE(passed.status);
  EXPECT_EQ(passed.status->code, 0) << passed.out << passed.err;

  const auto plain = run_harness({"compare", base, slow});  // no gate: a slower row alone is not a failure
  ASSERT_TRUE(plain.status);
  EXPECT_EQ(plain.status->code, 0) << plain.out << plain.err;

  const auto json = run_harness({"compare", base, slow, "--json", "--correction", "bh", "--threshold", "25"});
  ASSERT_TRUE(json.status);
  EXPECT_EQ(json.status->code, 0) << json.err;
  const auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["method"]["correction"], "bh");
  EXPECT_DOUBLE_EQ(j["method"]["threshold"].get<double>(), 0.25);
  // Significant, but 20.6% is inside a 25% threshold; one run a side cannot show "~".
  EXPECT_EQ(j["rows"][0]["verdict"], "can't tell");
  EXPECT_EQ(j["called"], 0);
  std::filesystem::remove_all(dir);
}

TEST(CompareCli, HelpNamesTheExitCodes) {
  const auto help = run_harness({"compare", "--help"});
  ASSERT_TRUE(help.status);
  EXPECT_EQ(help.status->code, 0);
  EXPECT_NE(help.out.find("Exit codes: 0"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("--fail-if-slower"), std::string::npos) << help.out;
}

}  // namespace
}  // namespace shmh::testing
