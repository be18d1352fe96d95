// The side-by-side view: calls and codes per scenario per report, folded and bounded.
#include <gtest/gtest.h>

#include "reports/semantics.h"

namespace shmh::report {
namespace {

Observation call(std::string role, std::string api, bool ok, std::int64_t code = 0, std::string symbol = "") {
  Observation o;
  o.role = std::move(role);
  o.api = std::move(api);
  o.ok = ok;
  if (!symbol.empty()) o.error = ErrorInfo{code, std::move(symbol), ""};
  return o;
}

NamedReport report_with(std::string label, std::string backend, std::vector<Observation> observations) {
  NamedReport r{std::move(label), {}};
  r.report.machine.backend = std::move(backend);
  ScenarioResult s;
  s.id = "create-open/second-create-same-name";
  s.outcome = Outcome::passed;
  s.observations = std::move(observations);
  r.report.scenarios.push_back(std::move(s));
  return r;
}

TEST(Semantics, ShowsEachPlatformsCodesSideBySideAndMarksTheDifference) {
  const auto windows = report_with("wine", "windows", {call("first", "CreateFileMappingW", true),
                                                       call("second", "CreateFileMappingW", true, 183, "ERROR_ALREADY_EXISTS")});
  const auto posix = report_with("linux", "posix", {call("first", "shm_open", true), call("second", "shm_open", false, 17, "EEXIST")});
  const auto s = semantics_of({windows, posix});
  ASSERT_EQ(s.rows.size(), 1u);
  EXPECT_TRUE(s.rows[0].codes_differ);
  ASSERT_TRUE(s.rows[0].per_report[0]);
  EXPECT_EQ(s.rows[0].per_report[0]->calls[1].result, "ok, 183 ERROR_ALREADY_EXISTS");
  EXPECT_EQ(s.rows[0].per_report[1]->calls[1].result, "17 EEXIST");
  const auto html = semantics_html(s);
  EXPECT_NE(html.find("second: CreateFileMappingW → ok, 183 ERROR_ALREADY_EXISTS"), std::string::npos);
  EXPECT_NE(html.find("second: shm_open → 17 EEXIST"), std::string::npos);
  EXPECT_NE(html.find("codes differ"), std::string::npos);
  EXPECT_NE(semantics_markdown(s).find("| create-open/second-create-same-name (codes differ) |"), std::string::npos);
}

TEST(Semantics, SameCodesAreNotMarkedAndRepeatsFoldAndLongListsAreBounded) {
  std::vector<Observation> many;
  for (int i = 0; i < 5; ++i) many.push_back(call("opener", "OpenFileMappingW", false, 2, "ERROR_FILE_NOT_FOUND"));
  for (int i = 0; i < 40; ++i) many.push_back(call("role" + std::to_string(i), "MapViewOfFile", true));
  const auto a = report_with("a", "windows", many);
  const auto b = report_with("b", "windows", many);
  const auto s = semantics_of({a, b});
  EXPECT_FALSE(s.rows[0].codes_differ);
  const auto& cell = *s.rows[0].per_report[0];
  EXPECT_EQ(cell.calls[0].count, 5);
  EXPECT_EQ(cell.calls.size(), kMaxCallsShown);
  EXPECT_EQ(cell.more, 40u + 1u - kMaxCallsShown);
}

TEST(Semantics, AScenarioOnlyOneReportRanIsShownAsNotRunInTheOther) {
  auto a = report_with("a", "windows", {});
  auto b = report_with("b", "posix", {});
  b.report.scenarios[0].id = "privilege/global-create-without-privilege";
  const auto s = semantics_of({a, b});
  ASSERT_EQ(s.rows.size(), 2u);
  EXPECT_TRUE(s.rows[0].per_report[0]);
  EXPECT_FALSE(s.rows[0].per_report[1]);
  EXPECT_NE(semantics_html(s).find("not run"), std::string::npos);
}

}  // namespace
}  // namespace shmh::report
