// A pair's entry in the reports: timeline, programs and diagnosis survive report.json and come
// back; scenario entries stay as they were; report.html shows the timeline and the box's text.
#include <gtest/gtest.h>

#include "reports/json_report.h"
#include "reports/writers.h"

namespace shmh::report {
namespace {

Report pair_report() {
  Report r;
  r.tool_version = "0.1.0";
  r.machine.host_name = "h";
  r.machine.os_name = "Windows";
  r.machine.os_version = "10.0";
  r.machine.cpu_model = "cpu";
  ScenarioResult s;
  s.id = "pair/Local\\demo";
  s.labels = {"pair"};
  s.outcome = Outcome::failed;
  s.reason = "second (pid 8) ended with exit code 1";
  s.timeline = {{0.5, "first started", "first", 7, "first.exe Local\\demo (as started)"},
                {12.25, "message box", "second", 8, "Process2: Message from first process. (dismissed by the harness)"},
                {30, "name gone", "", 0, "Local\\demo"}};
  ProgramRun second{"second", "second.exe Local\\demo", "restricted", 8, "exit code 1", "EXIT_1", "out <&>", "err",
                    70000, 3, {{"Process2", "Message from first process.", "dismissed by the harness"}}, ""};
  ProgramRun first;
  first.role = "first";
  first.command = "first.exe Local\\demo";
  first.pid = 7;
  first.exit = "exit code 0";
  s.programs = {first, second};
  s.diagnosis = {{"verdict", "second's identity may not open it"}, {"reasons", {"the DACL denies it"}}, {"advice", nlohmann::json::array()}};
  r.scenarios.push_back(s);
  ScenarioResult plain;
  plain.id = "create-open/x";
  plain.labels = {"create-open"};
  plain.outcome = Outcome::passed;
  r.scenarios.push_back(plain);
  return r;
}

TEST(PairReport, RoundTripsThroughReportJson) {
  const Report back = report_from_json(nlohmann::json::parse(to_json(pair_report()).dump()));
  const auto& s = back.scenarios.at(0);
  ASSERT_EQ(s.timeline.size(), 3u);
  EXPECT_EQ(s.timeline[1].event, "message box");
  EXPECT_DOUBLE_EQ(s.timeline[1].at_ms, 12.25);
  EXPECT_EQ(s.timeline[1].pid, 8);
  EXPECT_EQ(s.timeline[2].role, "");
  ASSERT_EQ(s.programs.size(), 2u);
  EXPECT_EQ(s.programs[1].run_as, "restricted");
  EXPECT_EQ(s.programs[1].exit_symbol, "EXIT_1");
  EXPECT_EQ(s.programs[1].output, "out <&>");
  EXPECT_EQ(s.programs[1].output_dropped, 70000u);
  EXPECT_EQ(s.programs[1].errors_dropped, 3u);
  ASSERT_EQ(s.programs[1].message_boxes.size(), 1u);
  EXPECT_EQ(s.programs[1].message_boxes[0].text, "Message from first process.");
  EXPECT_EQ(s.diagnosis["verdict"], "second's identity may not open it");
}

TEST(PairReport, ScenarioEntriesGetNoPairFields) {
  const auto json = to_json(pair_report());
  EXPECT_TRUE(json["scenarios"][0].contains("timeline"));
  EXPECT_FALSE(json["scenarios"][1].contains("timeline"));
  EXPECT_FALSE(json["scenarios"][1].contains("programs"));
  EXPECT_TRUE(report_from_json(json).scenarios[1].timeline.empty());
}

TEST(PairReport, HtmlShowsTheTimelineTheBoxAndTheDiagnosis) {
  const std::string html = write_html(pair_report());
  EXPECT_NE(html.find("Timeline of pair/Local\\demo"), std::string::npos);
  EXPECT_NE(html.find("message box <b>Process2</b>: «Message from first process.»"), std::string::npos);
  EXPECT_NE(html.find("out &lt;&amp;&gt;"), std::string::npos);
  EXPECT_NE(html.find("the DACL denies it"), std::string::npos);
  EXPECT_EQ(write_html(Report{}).find("<h4>Timeline</h4>"), std::string::npos);
}

}  // namespace
}  // namespace shmh::report
