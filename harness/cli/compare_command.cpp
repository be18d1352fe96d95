// `compare`: reads report.json files from several machines and lines them up.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "reports/atomic_file.h"
#include "reports/compare.h"
#include "reports/json_report.h"
#include "reports/semantics.h"
#include "reports/utf8_path.h"

namespace shmh {

int compare_command(const CompareOptions& options) {
  const std::size_t least = options.allow_missing ? 1 : 2;
  if (options.files.size() < least) {
    throw UsageError{"compare needs at least two report.json files, got " + std::to_string(options.files.size())};
  }
  std::vector<report::NamedReport> reports;
  std::vector<std::string> files;  // the ones read, in the order given
  std::string missing;             // "a/report.json, b/report.json"
  for (const auto& file : options.files) {
    std::error_code ignored;
    if (options.allow_missing && !std::filesystem::exists(file, ignored)) {
      std::cerr << "compare: " << file << " does not exist (did its job fail before writing it?): comparing the rest\n";
      missing += (missing.empty() ? "" : ", ") + file;
      continue;
    }
    files.push_back(file);
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
    const bool unique = std::count_if(files.begin(), files.end(), [&](const std::string& f) {
                          const std::filesystem::path p = report::path_from_utf8(f);
                          return report::path_to_utf8(p.filename() == "report.json" && !p.parent_path().filename().empty() ? p.parent_path().filename() : p.stem()) == candidate;
                        }) == 1;
    if (unique) r.label = candidate;
  }
  std::size_t baseline = 0;
  if (!options.baseline.empty()) {
    const auto it = std::find(files.begin(), files.end(), options.baseline);
    if (it == files.end()) {
      throw UsageError{"--baseline '" + options.baseline + "' is not one of the report files compare could read"};
    }
    baseline = static_cast<std::size_t>(it - files.begin());
  }
  if (reports.empty()) throw UsageError{"compare: none of the " + std::to_string(options.files.size()) + " report files exists: " + missing};
  if (!options.semantics_html.empty() || !options.semantics_markdown.empty()) {
    const auto semantics = report::semantics_of(reports);
    if (!options.semantics_html.empty()) report::write_file_atomically(options.semantics_html, report::semantics_html(semantics));
    if (!options.semantics_markdown.empty()) {
      report::write_file_atomically(options.semantics_markdown, report::semantics_markdown(semantics));
    }
  }
  report::CompareSettings settings;
  settings.threshold = options.threshold_pct / 100;
  settings.latency_threshold = options.latency_threshold_pct / 100;
  settings.correction = options.correction == "bh" ? report::Correction::benjamini_hochberg : report::Correction::holm;
  settings.basis = options.basis == "limit"      ? report::Basis::limit
                   : options.basis == "absolute" ? report::Basis::absolute
                                                 : report::Basis::automatic;
  if (options.fail_if_slower_pct) settings.fail_if_slower = *options.fail_if_slower_pct / 100;
  const auto comparison = report::compare_reports(std::move(reports), baseline, settings);
  const std::string missing_line = missing.empty() ? "" : "Missing reports (not compared): " + missing + "\n\n";
  if (options.json) {
    std::cout << report::comparison_json(comparison);  // the missing ones were named on stderr
  } else {
    std::cout << missing_line << report::comparison_text(comparison);
  }
  if (!options.markdown.empty()) {
    report::write_file_atomically(options.markdown, missing_line + report::comparison_markdown(comparison));
  }
  if (!options.html.empty()) report::write_file_atomically(options.html, report::comparison_html(comparison));
  return comparison.gate_failures.empty() ? kExitPassed : kExitFailed;
}

}  // namespace shmh
