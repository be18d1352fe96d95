// report.html writer: one self-contained page, readable without JavaScript.
#include <cstdio>
#include <sstream>

#include "reports/escape.h"
#include "reports/format.h"
#include "reports/html_charts.h"
#include "reports/html_calls.h"
#include "reports/html_pair.h"
#include "reports/html_style.h"
#include "reports/json_report.h"
#include "reports/metrics_view.h"
#include "reports/summary.h"
#include "reports/writers.h"

namespace shmh::report {
namespace {

void write_machine(std::ostringstream& out, const Report& r) {
  const Machine& m = r.machine;
  const std::pair<const char*, std::string> rows[] = {
      {"host", m.host_name},
      {"operating system", m.os_name + " " + m.os_version},
      {"Wine", m.wine.value_or("no")},
      {"backend", m.backend},
      {"CPU", m.cpu_model + ", " + std::to_string(m.logical_cores) + " logical cores"},
      {"page size", format_size(m.page_size)},
      {"allocation granularity", format_size(m.allocation_granularity)},
      {"virtual machine", m.hypervisor.empty() ? "no (bare metal)" : "yes: " + m.hypervisor},
      {"timer resolution", format_number(m.timer_resolution_ns, "%.0f ns")},
      {"large pages", m.large_pages},
      {"shared-memory store", m.memory.store_path.empty() ? std::string("n/a")
                              : m.memory.filesystem.empty() ? "nothing mounted on " + m.memory.store_path
                              : m.memory.store_path + ": " + m.memory.filesystem + ", " + format_size(m.memory.store_size) +
                                    ", " + format_size(m.memory.store_free) + " free (" + m.memory.mount_options + ")"},
      {"RemoveIPC (systemd-logind)", m.memory.store_path.empty() ? std::string("n/a")
                              : (m.memory.remove_ipc.empty() ? std::string("does not apply") : m.memory.remove_ipc) +
                                    " (" + m.memory.remove_ipc_source + ")"},
      {"commit limit", m.memory.commit_limit == 0 ? std::string("n/a")
                              : format_size(m.memory.commit_limit) + ", " + format_size(m.memory.commit_available) +
                                    " available to this process"},
      {"physical memory", format_number(static_cast<double>(m.physical_memory) / (1ull << 30), "%.1f GiB")},
      {"user", m.security.user + (m.security.service ? " (service)" : "")},
      {"session", m.security.session_id ? std::to_string(*m.security.session_id) : "unknown"},
      {"integrity level", m.security.integrity_level.empty() ? "n/a" : m.security.integrity_level},
      {"elevated", m.security.elevated ? (*m.security.elevated ? "yes" : "no") : "n/a"},
      {"privileges (enabled*)", [&] {
         std::string list;
         for (const auto& [name, enabled] : m.security.privileges) list += (list.empty() ? "" : ", ") + name + (enabled ? "*" : "");
         return list.empty() ? std::string("none") : list;
       }()},
      {"run id", r.run_id},
      {"started", r.started_at},
      {"tool", r.tool_name + " " + r.tool_version},
  };
  out << "<h2 id=\"machine\">Machine</h2>\n<table class=\"machine\">\n";
  for (const auto& [name, value] : rows) out << "<tr><th>" << name << "</th><td>" << xml_escape(value) << "</td></tr>\n";
  out << "</table>\n";
}

void write_overview(std::ostringstream& out, const Report& r) {
  const Counts all = count_all(r);
  out << "<h2 id=\"overview\">Overview</h2>\n<div class=\"counts\">";
  const std::pair<const char*, int> counts[] = {{"passed", all.passed}, {"failed", all.failed},
                                                {"error", all.error},   {"timeout", all.timeout},
                                                {"skipped", all.skipped}};
  for (const auto& [name, n] : counts) out << "<span class=\"" << name << "\">" << n << " " << name << "</span>";
  out << "</div>\n<table class=\"areas\"><tr><th>area</th><th>passed</th><th>failed</th><th>error</th><th>timeout</th>"
         "<th>skipped</th></tr>\n";
  for (const auto& [area, c] : count_by_area(r)) {
    out << "<tr><td>" << xml_escape(area) << "</td><td class=\"num\">" << c.passed << "</td><td class=\"num\">"
        << c.failed << "</td><td class=\"num\">" << c.error << "</td><td class=\"num\">" << c.timeout
        << "</td><td class=\"num\">" << c.skipped << "</td></tr>\n";
  }
  out << "</table>\n";
}

void write_performance(std::ostringstream& out, const Report& r) {
  const auto rows = throughput_rows(r);
  if (!rows.empty()) {
    out << "<h2 id=\"throughput\">Throughput</h2>\n"
        << svg_throughput(throughput_series(rows), "Ring throughput vs block size, with the two-core hand-off limit and memcpy")
        << "<p>Efficiency: ring ÷ the two-core hand-off limit (the reader copying what the writer just wrote, same "
           "cores, same run). The single-core memcpy can run in one core's cache, which no hand-off reaches.</p>\n"
        << "<table class=\"throughput\"><tr><th>scenario</th><th>mode</th><th>block</th><th>GiB/s median</th>"
           "<th>p10–p90</th><th>hand-off GiB/s</th><th>efficiency</th><th>memcpy GiB/s</th><th>÷ memcpy</th><th>note</th></tr>\n";
    // Reports from before the hand-off limit have no such figure: a dash, not a zero.
    auto figure = [](double value) { return value > 0 ? format_number(value, "%.2f") : std::string("–"); };
    for (const auto& row : rows) {
      std::string note = row.disturbed.empty() ? "" : "disturbed: " + row.disturbed;
      if (row.bimodal) note += std::string(note.empty() ? "" : "; ") + "bimodal spread";
      out << "<tr><td>" << xml_escape(row.scenario) << "</td><td>" << xml_escape(row.mode) << (row.verify ? " + verify" : "")
          << "</td><td class=\"num\">" << row.block_label << "</td><td class=\"num\">" << format_number(row.ring_median, "%.2f")
          << "</td><td class=\"num\">" << format_number(row.ring_p10, "%.2f") << "–" << format_number(row.ring_p90, "%.2f")
          << "</td><td class=\"num\">" << figure(row.handoff_median) << "</td><td class=\"num\">"
          << figure(row.efficiency_median) << "</td><td class=\"num\">" << format_number(row.memcpy_median, "%.2f")
          << "</td><td class=\"num\">" << format_number(row.ratio_median, "%.2f") << "</td><td>" << xml_escape(note)
          << "</td></tr>\n";
    }
    out << "</table>\n";
  }
  const auto latencies = latency_rows(r);
  if (!latencies.empty()) {
    out << "<h2 id=\"latency\">Round-trip latency</h2>\n<table class=\"latency\"><tr><th>scenario</th><th>mode</th>"
           "<th>p50 ns</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th><th>core-to-core p50</th><th>ratio</th></tr>\n";
    for (const auto& row : latencies) {
      out << "<tr><td>" << xml_escape(row.scenario) << "</td><td>" << xml_escape(row.mode) << "</td>";
      for (double v : {row.p50, row.p90, row.p99, row.p999, row.max, row.baseline_p50}) {
        out << "<td class=\"num\">" << format_number(v, "%.0f") << "</td>";
      }
      out << "<td class=\"num\">" << format_number(row.ratio, "%.2f") << "</td></tr>\n";
    }
    out << "</table>\n";
  }
}

void write_scenario(std::ostringstream& out, const ScenarioResult& s) {
  const bool open = s.outcome != Outcome::passed && s.outcome != Outcome::skipped;
  out << "<details class=\"scenario\" id=\"" << xml_escape(s.id) << "\"" << (open ? " open" : "") << "><summary>"
      << "<span class=\"badge " << outcome_name(s.outcome) << "\">" << outcome_name(s.outcome) << "</span>"
      << xml_escape(s.id) << " <span class=\"sub\">(" << format_number(s.duration_ms, "%.0f") << " ms)</span></summary>\n";
  out << "<p>" << xml_escape(s.purpose) << "</p>\n";
  if (!s.reason.empty()) out << "<p class=\"reason\"><b>" << (open ? "Why: " : "Result: ") << "</b>" << xml_escape(s.reason) << "</p>\n";
  if (s.metrics.race) {
    std::vector<std::pair<std::string, double>> bars;
    for (const auto& [key, value] : s.metrics.race->histogram) bars.emplace_back(key, static_cast<double>(value));
    out << "<h4>Outcomes per trial</h4>\n" << svg_histogram(bars, "trials");
  }
  out << svg_timeline(s) << html_pair(s) << html_calls(s);
  if (!s.observations.empty()) {
    out << "<table class=\"observations\"><tr><th>ms</th><th>role</th><th>pid</th><th>call</th><th>object</th>"
           "<th>result</th><th>code</th></tr>\n";
    for (const auto& o : s.observations) {
      out << "<tr><td class=\"num\">" << format_number(o.at_ms, "%.2f") << "</td><td>" << xml_escape(o.role) << "</td><td class=\"num\">"
          << o.pid << "</td><td>" << xml_escape(o.api) << "</td><td>" << xml_escape(truncate_text(o.name, 90))
          << "</td><td>" << (o.ok ? "ok" : "failed") << "</td><td>"
          << (o.error ? xml_escape(std::to_string(o.error->code) + " " + o.error->symbol + " — " + o.error->message) : "")
          << "</td></tr>\n";
    }
    out << "</table>\n";
  }
  // Every metric as report.json has it, for the figures no table shows.
  if (!s.metrics.empty()) out << "<details><summary>metrics</summary><pre>" << xml_escape(truncate_text(to_json(s.metrics).dump(2), 20000)) << "</pre></details>\n";
  for (const auto& log : s.role_logs) {
    out << "<details><summary>log of role " << xml_escape(log.role) << " (pid " << log.pid << ", " << xml_escape(log.exit)
        << ")</summary><pre>" << xml_escape(truncate_text(log.log, 128 * 1024)) << "</pre></details>\n";
  }
  out << "</details>\n";
}

}  // namespace

std::string write_html(const Report& r) {
  std::ostringstream out;
  const Counts all = count_all(r);
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      << "<title>shm-harness report: " << all.passed << " passed, " << all.bad() << " not passed</title>"
      << "<style>" << kHtmlStyle << "</style></head><body>\n";
  out << "<h1>shm-harness report</h1>\n<p class=\"sub\">" << xml_escape(machine_line(r.machine)) << " · "
      << xml_escape(r.started_at) << " · " << format_number(r.duration_ms / 1000, "%.1f") << " s</p>\n";
  if (r.interrupted) out << "<p class=\"banner\">This run was interrupted: the report is partial.</p>\n";
  write_overview(out, r);
  write_performance(out, r);
  out << "<h2 id=\"scenarios\">Scenarios</h2>\n";
  for (const auto& s : r.scenarios) write_scenario(out, s);
  write_machine(out, r);
  out << "</body></html>\n";
  return out.str();
}

}  // namespace shmh::report
