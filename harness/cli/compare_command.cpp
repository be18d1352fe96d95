// `compare`: reads report.json files from several machines and lines them up.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "reports/atomic_file.h"
#include "reports/compare.h"
#include "reports/json_report.h"
#include "reports/utf8_path.h"

namespace shmh {

int compare_command(const CompareOptions& options) {
  if (options.files.size() < 2) throw UsageError{"compare needs at least two report.json files, got " + std::to_string(options.files.size())};
  std::vector<report::NamedReport> reports;
  for (const auto& file : options.files) {
    try {
      reports.push_back({file, report::read_report_file(file)});
    } catch (const report::FormatError& e) {
      throw UsageError{std::string("cannot compare: ") + e.what()};
    }
  }
  // Short labels: the folder holding each report.json (CI artefacts are one folder per machine).
  for (auto& r : reports) {
    const std::filesystem::path path = report::path_from_utf8(r.label);
    const auto folder = report::path_to_utf8(path.parent_path().filename());
    const std::string candidate = path.filename() == "report.json" && !folder.empty() ? folder : report::path_to_utf8(path.stem());
    const bool unique = std::count_if(options.files.begin(), options.files.end(), [&](const std::string& f) {
                          const std::filesystem::path p = report::path_from_utf8(f);
                          return report::path_to_utf8(p.filename() == "report.json" && !p.parent_path().filename().empty() ? p.parent_path().filename() : p.stem()) == candidate;
                        }) == 1;
    if (unique) r.label = candidate;
  }
  std::size_t baseline = 0;
  if (!options.baseline.empty()) {
    const auto it = std::find(options.files.begin(), options.files.end(), options.baseline);
    if (it == options.files.end()) {
      throw UsageError{"--baseline '" + options.baseline + "' is not one of the files given to compare"};
    }
    baseline = static_cast<std::size_t>(it - options.files.begin());
  }
  const auto comparison = report::compare_reports(std::move(reports), baseline);
  std::cout << report::comparison_text(comparison);
  if (!options.markdown.empty()) report::write_file_atomically(options.markdown, report::comparison_markdown(comparison));
  if (!options.html.empty()) report::write_file_atomically(options.html, report::comparison_html(comparison));
  return kExitPassed;
}

}  // namespace shmh
