// report.json: written and read back unchanged; foreign and broken input refused with the path.
#include <gtest/gtest.h>

#include "reports/json_report.h"

namespace shmh::report {
namespace {

Report sample_report() {
  Report r;
  r.tool_version = "0.1.0";
  r.run_id = "shmh-1-abc";
  r.machine.host_name = "h";
  r.machine.os_name = "Windows";
  r.machine.os_version = "10.0.19045";
  r.machine.cpu_model = "cpu";
  r.machine.logical_cores = 2;
  r.machine.page_size = 4096;
  r.machine.allocation_granularity = 65536;
  r.machine.wine = "8.0";
  ScenarioResult s;
  s.id = "create-open/second-create-same-name";
  s.labels = {"create-open"};
  s.outcome = Outcome::passed;
  s.duration_ms = 12.5;
  Observation o;
  o.role = "second";
  o.pid = 42;
  o.api = "CreateFileMappingW";
  o.name = "Local\\x <&\"\n>";
  o.ok = true;
  o.error = ErrorInfo{183, "ERROR_ALREADY_EXISTS", "Cannot create a file when that file already exists"};
  s.observations.push_back(o);
  r.scenarios.push_back(s);
  return r;
}

TEST(JsonReport, RoundTripsTheModel) {
  const Report original = sample_report();
  const Report back = report_from_json(nlohmann::json::parse(to_json(original).dump()));
  EXPECT_EQ(back.machine.wine, std::optional<std::string>("8.0"));
  EXPECT_EQ(back.machine.allocation_granularity, 65536u);
  ASSERT_EQ(back.scenarios.size(), 1u);
  const auto& o = back.scenarios[0].observations.at(0);
  EXPECT_EQ(o.name, "Local\\x <&\"\n>");
  ASSERT_TRUE(o.error);
  EXPECT_EQ(o.error->code, 183);
  EXPECT_EQ(o.error->symbol, "ERROR_ALREADY_EXISTS");
  EXPECT_EQ(back.scenarios[0].outcome, Outcome::passed);
}

TEST(JsonReport, NamesThePathOfWhatIsWrong) {
  auto j = to_json(sample_report());
  j["scenarios"][0]["outcome"] = "exploded";
  try {
    report_from_json(j);
    FAIL() << "accepted an unknown outcome";
  } catch (const FormatError& e) {
    EXPECT_STREQ(e.what(), "report.scenarios[0].outcome: unknown outcome 'exploded'");
  }
  j = to_json(sample_report());
  j["machine"]["cpu"]["logical_cores"] = "two";
  EXPECT_THROW(report_from_json(j), FormatError);
}

TEST(JsonReport, RefusesForeignJsonAndNewerSchemas) {
  EXPECT_THROW(report_from_json(nlohmann::json::array()), FormatError);
  EXPECT_THROW(report_from_json(nlohmann::json{{"name", "package.json"}}), FormatError);
  auto j = to_json(sample_report());
  j["schema_version"] = kSchemaVersion + 1;
  EXPECT_THROW(report_from_json(j), FormatError);
  j = to_json(sample_report());
  j["tool"]["name"] = "other-tool";
  EXPECT_THROW(report_from_json(j), FormatError);
}

}  // namespace
}  // namespace shmh::report
