// Typed metrics through report.json: written and read back equal, reports written before the
// metrics were typed still read with the same keys and values, odd shapes read as absent.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "harness/platform/this_process.h"
#include "reports/json_report.h"
#include "reports/metrics_view.h"

namespace shmh::report {
namespace {

using nlohmann::json;

Metrics every_kind_of_metric() {
  Metrics m;
  ThroughputMetric t;
  t.mode = "spin";
  t.block_bytes = 65536;
  t.slots = 4;
  t.verify = true;
  t.ring_gib_s = distribution_of({5.5, 0.25, 6.125}, 1.0 / 3);
  t.memcpy_gib_s = distribution_of({10, 11, 12});
  t.ratio_median = 0.5;
  t.bimodal = true;
  m.throughput = {t, t, t};
  m.throughput[1].mode = "boost-mq";
  // A row of this version: zero-copy, with its hand-off limit and what disturbed the machine.
  m.throughput[2].consume = "zero-copy";
  m.throughput[2].handoff_gib_s = distribution_of({7, 8, 9});
  m.throughput[2].efficiency_median = 0.75;
  m.throughput[2].disturbance = Disturbance{3.5, std::nullopt, "steal 3.5% (above 2%)"};
  RoundTripMetric r;
  r.mode = "blocking";
  r.p50_ns = 11784;
  r.p90_ns = 12921.5;
  r.p99_ns = 28641;
  r.p999_ns = 6463690;
  r.max_ns = 12015546;
  r.samples = {12028, 11695, 11784};
  r.core_to_core_p50_ns = 434;
  r.core_to_core_samples = {434, 419, 434};
  r.ratio = 27.15;
  m.latency = {r};
  m.setup = SetupCost{16u << 20, distribution_of({3995.87, 3467.1, 3465.98})};
  m.race = RaceMetric{200, 8, {{"1 created, 7 EEXIST", 199}, {"2 created, 6 EEXIST", 1}}, spread_of({1, 2, 30}),
                      spread_of({0.5, 0.75}), 3};
  m.cores = CorePlacement{{{"writer", 0}, {"reader", -1}}, false, ""};
  m.tokens["restricted"] = RoleToken{"DOMAIN\\user", 1u, "Medium", false, false, {{"SeChangeNotifyPrivilege", true}}, {}, {}};
  m.tokens["other"] = RoleToken{"nobody", std::nullopt, "", std::nullopt, false, {}, 65534, 65534};
  m.counts["handles"] = {{"start", 7}, {"after_warm_up", 9}, {"after_cycles", 9}, {"cycles", 200}};
  m.counts["codes_before_visible"] = {};
  m.values["size_seen_by_second"] = std::int64_t{8192};
  m.values["visible_after_create_returned_us"] = 12.0;  // a real that happens to be whole stays a real
  m.values["exit"] = std::string("signal 11 SIGSEGV");
  return m;
}

TEST(MetricsJson, TypedMetricsRoundTripThroughTheFile) {
  const Metrics original = every_kind_of_metric();
  const Metrics back = metrics_from_json(json::parse(to_json(original).dump()));
  EXPECT_EQ(back, original);
  // ...and inside a whole report, as compare reads it.
  Report report;
  report.tool_version = "0.1.0";
  ScenarioResult s;
  s.id = "throughput/stream";
  s.metrics = original;
  report.scenarios.push_back(s);
  const Report read = report_from_json(json::parse(to_json(report).dump()));
  ASSERT_EQ(read.scenarios.size(), 1u);
  EXPECT_EQ(read.scenarios[0].metrics, original);
  EXPECT_TRUE(Metrics{}.empty());
  EXPECT_FALSE(original.empty());
}

TEST(MetricsJson, KeepsTheKeysOfSchemaVersionOne) {
  Metrics m;
  m.race = RaceMetric{20, 8, {{"1 created, 7 EEXIST", 20}}, {1, 2, 3}, {4, 5, 6}, std::nullopt};
  m.cores = CorePlacement{{}, false, "one logical core: both roles share it"};
  m.tokens["low"] = RoleToken{};
  const json j = to_json(m);
  EXPECT_EQ(j.at("histogram").at("1 created, 7 EEXIST"), 20);
  EXPECT_EQ(j.at("release_spread_us"), json({{"p50", 1.0}, {"p90", 2.0}, {"max", 3.0}}));
  EXPECT_FALSE(j.contains("openers_that_saw_size_0"));  // Windows races have no unsized openers
  EXPECT_EQ(j.at("cores"), json({{"pinned", false}, {"reason", "one logical core: both roles share it"}}));
  EXPECT_TRUE(j.at("low_token").at("session_id").is_null());
  EXPECT_FALSE(j.at("low_token").contains("uid"));
}

std::string fixture_path() {
  const auto here = std::filesystem::path(platform::self_executable_path()).parent_path();
  return (here / "report-before-typed-metrics.json").string();
}

TEST(MetricsJson, ReadsAReportWrittenBeforeMetricsWereTyped) {
  const Report report = read_report_file(fixture_path());
  std::ifstream in(fixture_path(), std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const json file = json::parse(text.str());
  ASSERT_EQ(report.scenarios.size(), file.at("scenarios").size());
  // Every metric of the old file comes back from the typed model with the same keys and values.
  for (std::size_t i = 0; i < report.scenarios.size(); ++i) {
    EXPECT_EQ(to_json(report.scenarios[i].metrics), file["scenarios"][i]["metrics"]) << report.scenarios[i].id;
  }
  const auto find = [&](const std::string& id) -> const Metrics& {
    for (const auto& s : report.scenarios) {
      if (s.id == id) return s.metrics;
    }
    ADD_FAILURE() << id << " is not in the fixture";
    static const Metrics none;
    return none;
  };
  const Metrics& race = find("race/create-or-open");
  ASSERT_TRUE(race.race);
  EXPECT_EQ(race.race->trials, 20);
  EXPECT_EQ(race.race->histogram.at("1 created, 7 EEXIST"), 20);
  EXPECT_GT(race.race->release_spread_us.max, 0);
  const Metrics& handles = find("lifetime/handle-count-stable");
  EXPECT_EQ(handles.counts.at("handles").at("cycles"), 200);
  EXPECT_EQ(std::get<std::string>(find("lifetime/crash-mid-write").values.at("exit")), "signal 11 SIGSEGV");
  const auto rows = throughput_rows(report);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].block_label, "4 KiB");
  EXPECT_EQ(rows[0].ring_samples.size(), 3u);
  EXPECT_GT(rows[0].ratio_median, 0);
  EXPECT_EQ(latency_rows(report).size(), 3u);
  ASSERT_TRUE(find("throughput/setup").setup);
  EXPECT_EQ(find("throughput/setup").setup->bytes, 16u << 20);
}

TEST(MetricsJson, ReadsOddShapesAsAbsentInsteadOfRefusingTheReport) {
  const json odd = {{"throughput", "fast"},
                    {"latency", json::array({1, {{"mode", 3}, {"round_trip_ns", {{"p50", "x"}}}}})},
                    {"histogram", {{"a", "b"}}},
                    {"trials", 5},
                    {"cores", {{"writer", "zero"}, {"pinned", "yes"}}},
                    {"flag", true},
                    {"list", json::array({1, 2})},
                    {"huge", 18446744073709551615u}};
  const Metrics m = metrics_from_json(odd);
  EXPECT_TRUE(m.throughput.empty());
  ASSERT_EQ(m.latency.size(), 1u);
  EXPECT_EQ(m.latency[0].mode, "");
  EXPECT_EQ(m.latency[0].p50_ns, 0);
  EXPECT_FALSE(m.race);  // a histogram that is not counts is not a race
  EXPECT_EQ(std::get<std::int64_t>(m.values.at("trials")), 5);
  ASSERT_TRUE(m.cores);
  EXPECT_TRUE(m.cores->core_by_role.empty());
  EXPECT_FALSE(m.cores->pinned);
  EXPECT_FALSE(m.values.count("flag"));
  EXPECT_FALSE(m.values.count("list"));
  EXPECT_DOUBLE_EQ(std::get<double>(m.values.at("huge")), 18446744073709551615.0);
  EXPECT_TRUE(metrics_from_json(json::array()).empty());
}

}  // namespace
}  // namespace shmh::report
