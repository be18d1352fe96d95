// The writers format the model faithfully and survive hostile text: names and messages with
// markup, quotes, newlines, control characters, invalid UTF-8 and non-ASCII.
#include <gtest/gtest.h>

#include "reports/escape.h"
#include "reports/writers.h"

namespace shmh::report {
namespace {

const std::string kHostile = "<script>alert('x')</script> & \"quoted\" | `tick`\nline2\x01\x1b[31m \xff café ✓";

Report hostile_report() {
  Report r;
  r.tool_version = "0.1.0";
  r.run_id = "shmh-1-abc";
  r.started_at = "2026-11-27T00:00:00Z";
  r.machine = Machine{"host<1>", "Windows", "10.0", "cpu & co", 2, 4096, 65536, 1ull << 34, std::string("8.0"), "windows", "", 0, "", {}, {}};
  for (Outcome outcome : {Outcome::passed, Outcome::failed, Outcome::skipped, Outcome::error, Outcome::timeout}) {
    ScenarioResult s;
    s.id = std::string("area/") + outcome_name(outcome) + kHostile;
    s.labels = {"area"};
    s.purpose = kHostile;
    s.outcome = outcome;
    s.reason = "reason " + kHostile;
    Observation o;
    o.role = "first";
    o.api = "CreateFileMappingW";
    o.name = "Local\\" + kHostile;
    o.ok = outcome == Outcome::passed;
    o.error = ErrorInfo{5, "ERROR_ACCESS_DENIED", kHostile};
    s.observations.push_back(o);
    if (outcome != Outcome::passed) s.role_logs.push_back({"first", 7, "exit code 1", "log " + kHostile});
    r.scenarios.push_back(s);
  }
  return r;
}

TEST(Escape, XmlEscapeLeavesNothingActiveAndNothingInvalid) {
  const std::string out = xml_escape(kHostile);
  EXPECT_EQ(out.find('<'), std::string::npos);
  EXPECT_EQ(out.find('"'), std::string::npos);
  EXPECT_EQ(out.find('\x01'), std::string::npos);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_EQ(out.find('\xff'), std::string::npos);
  EXPECT_NE(out.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(out.find("café ✓"), std::string::npos);
  EXPECT_NE(out.find("\xEF\xBF\xBD"), std::string::npos);  // the invalid byte, replaced
}

TEST(Escape, MarkdownCellStaysOneCell) {
  const std::string cell = markdown_cell(kHostile);
  EXPECT_EQ(cell.find('\n'), std::string::npos);
  EXPECT_EQ(cell.find(" | "), std::string::npos);
  EXPECT_NE(cell.find("\\|"), std::string::npos);
  EXPECT_NE(cell.find("<br>"), std::string::npos);
}

TEST(Escape, TruncationCutsAtACharacterBoundary) {
  EXPECT_EQ(truncate_text("ééé", 3), "é…");
  EXPECT_EQ(truncate_text("abc", 3), "abc");
}

TEST(JUnit, CountsOutcomesAndCarriesCodesAndLogs) {
  const std::string xml = write_junit(hostile_report());
  EXPECT_NE(xml.find("tests=\"5\" failures=\"1\" errors=\"2\" skipped=\"1\""), std::string::npos) << xml.substr(0, 400);
  EXPECT_NE(xml.find("<failure message=\"reason &lt;script&gt;"), std::string::npos);
  EXPECT_NE(xml.find("type=\"timeout\""), std::string::npos);
  EXPECT_NE(xml.find("<skipped message="), std::string::npos);
  EXPECT_NE(xml.find("5 ERROR_ACCESS_DENIED"), std::string::npos);
  EXPECT_NE(xml.find("<system-out>--- role first (pid 7, exit code 1)"), std::string::npos);
  EXPECT_NE(xml.find("<property name=\"wine\" value=\"8.0\"/>"), std::string::npos);
  EXPECT_EQ(xml.find("<script>"), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
}

TEST(Markdown, SummarizesFailuresWithCodesAndStaysBounded) {
  Report r = hostile_report();
  const std::string md = write_markdown_summary(r);
  EXPECT_NE(md.find("1 passed, 3 not passed, 1 skipped"), std::string::npos) << md;
  EXPECT_NE(md.find("5 ERROR_ACCESS_DENIED"), std::string::npos);
  EXPECT_EQ(md.find("<script>"), std::string::npos);
  // A thousand failing scenarios with megabyte reasons still give a summary far under 1 MiB.
  ScenarioResult big = r.scenarios[1];
  big.reason = std::string(1 << 20, 'x');
  for (int i = 0; i < 1000; ++i) r.scenarios.push_back(big);
  const std::string bounded = write_markdown_summary(r);
  EXPECT_LT(bounded.size(), 256u * 1024);
  EXPECT_NE(bounded.find("more (see report.html)"), std::string::npos);
}

TEST(Html, IsSelfContainedAndEscapesEverything) {
  const std::string html = write_html(hostile_report());
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_NE(html.find("<svg class=\"timeline\""), std::string::npos);
  EXPECT_NE(html.find("1 passed"), std::string::npos);
  EXPECT_NE(html.find("log &lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("café ✓"), std::string::npos);
}

TEST(Html, DrawsThroughputAgainstTheMemcpyBaseline) {
  Report r = hostile_report();
  ThroughputMetric small, large;
  small.mode = large.mode = "spin";
  small.block_bytes = 65536;
  small.ring_gib_s.median = 5.0;
  small.memcpy_gib_s.median = 10.0;
  small.ratio_median = 0.5;
  large.block_bytes = 1 << 20;
  large.ring_gib_s.median = 8.0;
  large.memcpy_gib_s.median = 9.0;
  large.ratio_median = 0.89;
  large.handoff_gib_s.median = 10.0;
  large.efficiency_median = 0.8;
  large.disturbance = Disturbance{5.0, false, "steal 5.0% (above 2%)"};
  r.scenarios[0].metrics.throughput = {small, large};
  const std::string html = write_html(r);
  EXPECT_NE(html.find("<svg class=\"chart\""), std::string::npos);
  EXPECT_NE(html.find("memcpy (baseline)"), std::string::npos);
  EXPECT_NE(html.find("two-core hand-off (limit)"), std::string::npos);
  EXPECT_NE(html.find("64 KiB"), std::string::npos);
  EXPECT_NE(html.find("disturbed: steal 5.0%"), std::string::npos);
  const std::string md = write_markdown_summary(r);
  // A row without a hand-off figure (an older report) shows dashes, not zeros.
  EXPECT_NE(md.find("| 64 KiB | 5.00 | – | – | 10.00 | 0.50 |  |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 1 MiB | 8.00 | 10.00 | 0.80 | 9.00 | 0.89 | disturbed: steal 5.0% (above 2%) |"), std::string::npos) << md;
}

}  // namespace
}  // namespace shmh::report
