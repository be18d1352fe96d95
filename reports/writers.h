// One writer per format. Writers only format the model: they never measure or decide.
#pragma once

#include <string>

#include "reports/model.h"

namespace shmh::report {

// junit.xml: a testsuite per area, a testcase per scenario, failure/error/skipped with the
// observed codes, machine context as properties, role logs in system-out.
std::string write_junit(const Report& report);
// summary.md: fits a CI job summary; bounded by design (well under 1 MiB).
std::string write_markdown_summary(const Report& report);
// report.html: one self-contained file, no scripts, no network, inline SVG charts.
std::string write_html(const Report& report);

// Writes report.json, junit.xml, summary.md and report.html into `directory` atomically.
// `directory` is UTF-8. Returns the path of report.json (UTF-8).
std::string write_all(const Report& report, const std::string& directory);

}  // namespace shmh::report
