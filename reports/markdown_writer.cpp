// summary.md writer: what a CI job summary shows. Bounded: at most 30 failures, each with at most
// 8 coded observations, reasons cut at 600 bytes; no logs (they live in report.html and junit.xml).
#include <cstdio>
#include <sstream>

#include "reports/escape.h"
#include "reports/metrics_view.h"
#include "reports/summary.h"
#include "reports/writers.h"

namespace shmh::report {
namespace {

const char* icon(Outcome outcome) {
  switch (outcome) {
    case Outcome::passed: return "✅";
    case Outcome::skipped: return "⏭️";
    case Outcome::failed: return "❌";
    case Outcome::error: return "💥";
    case Outcome::timeout: return "⏱️";
  }
  return "";
}

}  // namespace

std::string write_markdown_summary(const Report& r) {
  std::ostringstream out;
  const Counts all = count_all(r);
  out << "## shm-harness: " << (all.bad() == 0 ? "✅ " : "❌ ") << all.passed << " passed, " << all.bad()
      << " not passed, " << all.skipped << " skipped" << (r.interrupted ? " (interrupted: partial)" : "") << "\n\n";
  out << markdown_cell(machine_line(r.machine)) << " · " << r.machine.backend << " backend · run `" << r.run_id
      << "`\n\n";
  out << "| area | passed | failed | error | timeout | skipped |\n|---|---:|---:|---:|---:|---:|\n";
  for (const auto& [area, c] : count_by_area(r)) {
    out << "| " << markdown_cell(area) << " | " << c.passed << " | " << c.failed << " | " << c.error << " | "
        << c.timeout << " | " << c.skipped << " |\n";
  }

  int shown = 0, not_shown = 0;
  for (const auto& s : r.scenarios) {
    if (s.outcome == Outcome::passed || s.outcome == Outcome::skipped) continue;
    if (shown == 0) out << "\n### Not passed\n\n";
    if (shown >= 30) {
      ++not_shown;
      continue;
    }
    ++shown;
    out << "- " << icon(s.outcome) << " **" << markdown_cell(s.id) << "** (" << outcome_name(s.outcome) << "): "
        << markdown_cell(truncate_text(s.reason, 600)) << "\n";
    int lines = 0;
    for (const Observation* o : coded_observations(s)) {
      if (lines++ >= 8) break;
      out << "  - " << markdown_cell(truncate_text(observation_line(*o), 300)) << "\n";
    }
  }
  if (not_shown > 0) out << "- … and " << not_shown << " more (see report.html)\n";

  bool skipped_header = false;
  for (const auto& s : r.scenarios) {
    if (s.outcome != Outcome::skipped) continue;
    if (!skipped_header) out << "\n<details><summary>Skipped, with the reasons</summary>\n\n";
    skipped_header = true;
    out << "- " << markdown_cell(s.id) << ": " << markdown_cell(truncate_text(s.reason, 400)) << "\n";
  }
  if (skipped_header) out << "\n</details>\n";

  const auto rows = throughput_rows(r);
  if (!rows.empty()) {
    out << "\n### Throughput (median of repetitions; efficiency = ring ÷ the two-core hand-off limit, "
           "measured in the same run; single-core memcpy beside it)\n\n"
        << "| scenario | mode | block | GiB/s | hand-off GiB/s | efficiency | memcpy GiB/s | ÷ memcpy | note |\n"
        << "|---|---|---:|---:|---:|---:|---:|---:|---|\n";
    // Reports from before the hand-off limit have no such figure: a dash, not a zero.
    auto figure = [](double value) {
      char text[32];
      if (value > 0) std::snprintf(text, sizeof text, "%.2f", value);
      else std::snprintf(text, sizeof text, "–");
      return std::string(text);
    };
    for (const auto& row : rows) {
      std::string note = row.disturbed.empty() ? "" : "disturbed: " + row.disturbed;
      if (row.bimodal) note += std::string(note.empty() ? "" : "; ") + "bimodal spread";
      char line[256];
      std::snprintf(line, sizeof line, "| %s | %s | %s | %.2f | %s | %s | %.2f | %.2f | ", markdown_cell(row.scenario).c_str(),
                    markdown_cell(row.mode).c_str(), row.block_label.c_str(), row.ring_median,
                    figure(row.handoff_median).c_str(), figure(row.efficiency_median).c_str(), row.memcpy_median,
                    row.ratio_median);
      out << line << markdown_cell(note) << " |\n";
    }
  }
  const auto latencies = latency_rows(r);
  if (!latencies.empty()) {
    out << "\n### Round trip (ns)\n\n| scenario | mode | p50 | p90 | p99 | p99.9 | max | core-to-core p50 | ratio |\n"
        << "|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const auto& row : latencies) {
      char line[256];
      std::snprintf(line, sizeof line, "| %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f |\n",
                    markdown_cell(row.scenario).c_str(), markdown_cell(row.mode).c_str(), row.p50, row.p90, row.p99,
                    row.p999, row.max, row.baseline_p50, row.ratio);
      out << line;
    }
  }
  return out.str();
}

}  // namespace shmh::report
