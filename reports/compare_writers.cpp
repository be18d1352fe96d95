// The compare page in three forms: text for the terminal, Markdown for CI summaries, HTML.
#include <algorithm>
#include <cstdio>
#include <sstream>

#include "reports/compare.h"
#include "reports/escape.h"
#include "reports/format.h"
#include "reports/html_charts.h"
#include "reports/html_style.h"
#include "reports/metrics_view.h"
#include "reports/summary.h"

namespace shmh::report {
namespace {

const char* correction_name(Correction correction) { return correction == Correction::holm ? "Holm" : "BH"; }

std::string percent(double fraction) { return format_number(fraction * 100, "%+.1f%%"); }

// "-12.3% [-15.1%, -9.0%] slower (5 v 5 runs, p=0.0004, Holm 0.011)": the shift and its 95%
// interval, the verdict, the sample and the p-values; "~ could have found 4.1%"; "can't tell: why".
std::string change_text(const std::optional<RowTest>& t, Correction correction) {
  if (!t) return "";
  const std::string basis = t->on_limit ? "÷ limit " : "";
  if (t->verdict == Verdict::untested) {
    return (t->change ? basis + percent(*t->change) + " (medians), " : std::string()) + "not tested: " + t->untested;
  }
  std::string text = percent(t->shift.estimate);
  if (t->shift.low && t->shift.high) text += " [" + percent(*t->shift.low) + ", " + percent(*t->shift.high) + "]";
  const std::string sample = t->on_runs ? std::to_string(t->runs) + " v " + std::to_string(t->baseline_runs) + " runs"
                                        : std::to_string(t->n) + " v " + std::to_string(t->baseline_n) + " repetitions of one run";
  text += std::string(" ") + verdict_name(t->verdict);
  if (t->verdict == Verdict::same && t->detectable) text += " (could have found " + format_number(*t->detectable * 100, "%.1f%%") + ")";
  text += " (" + sample + ", p=" + format_number(t->p_value, "%.2g") + ", " + correction_name(correction) + " " +
          format_number(t->p_adjusted, "%.2g") + ")";
  if (t->verdict == Verdict::cant_tell) text += ": " + t->cant_tell;
  if (t->gate) text += " PAST THE GATE";
  if (t->measured_change) text += "; as measured " + percent(*t->measured_change);
  if (t->machine_moved) text += std::string(t->on_limit ? ", " : "; ") + "the machine's limit " + percent(*t->machine_moved);
  return basis + text;
}

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

std::vector<std::string> labels(const Comparison& c) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < c.reports.size(); ++i) {
    out.push_back(c.reports[i].label + (i == c.baseline ? " (baseline)" : ""));
  }
  return out;
}

Table machines(const Comparison& c) {
  Table t;
  t.header = {""};
  for (const auto& l : labels(c)) t.header.push_back(l);
  const std::pair<const char*, std::string (*)(const Report&)> fields[] = {
      {"host", [](const Report& r) { return r.machine.host_name; }},
      {"os", [](const Report& r) { return r.machine.os_name + " " + r.machine.os_version; }},
      {"Wine", [](const Report& r) { return r.machine.wine.value_or("no"); }},
      {"backend", [](const Report& r) { return r.machine.backend; }},
      {"CPU", [](const Report& r) { return r.machine.cpu_model; }},
      {"virtual machine", [](const Report& r) { return r.machine.hypervisor.empty() ? std::string("no") : r.machine.hypervisor; }},
      {"logical cores", [](const Report& r) { return std::to_string(r.machine.logical_cores); }},
      {"page / granularity", [](const Report& r) { return format_size(r.machine.page_size) + " / " + format_size(r.machine.allocation_granularity); }},
      {"memory", [](const Report& r) { return format_number(static_cast<double>(r.machine.physical_memory) / (1ull << 30), "%.1f GiB"); }},
      {"user / session", [](const Report& r) {
         return r.machine.security.user + " / " + (r.machine.security.session_id ? std::to_string(*r.machine.security.session_id) : "?");
       }},
      {"tool", [](const Report& r) { return r.tool_version; }},
      {"started", [](const Report& r) { return r.started_at; }},
  };
  for (const auto& [name, get] : fields) {
    std::vector<std::string> row{name};
    for (const auto& nr : c.reports) row.push_back(get(nr.report));
    t.rows.push_back(row);
  }
  return t;
}

Table outcome_differences(const Comparison& c) {
  Table t;
  t.header = {"scenario"};
  for (const auto& l : labels(c)) t.header.push_back(l);
  for (const auto& row : c.outcomes) {
    if (!row.differs) continue;
    std::vector<std::string> cells{row.scenario};
    for (const auto& r : row.per_report) {
      if (!r) {
        cells.push_back("not run");
        continue;
      }
      std::string cell = outcome_name(r->outcome);
      if (r->outcome != Outcome::passed && !r->reason.empty()) cell += ": " + truncate_text(r->reason, 200);
      cells.push_back(cell);
    }
    t.rows.push_back(cells);
  }
  return t;
}

Table throughput_table(const Comparison& c) {
  Table t;
  t.header = {"scenario", "mode", "block"};
  for (const auto& l : labels(c)) t.header.push_back(l);
  for (const auto& row : c.throughput) {
    std::vector<std::string> cells{row.scenario, row.mode, row.block};
    for (std::size_t i = 0; i < c.reports.size(); ++i) {
      if (!row.gib_s[i]) {
        cells.push_back("—");
        continue;
      }
      std::string cell = format_number(*row.gib_s[i], "%.2f GiB/s");
      if (row.efficiency[i] && c.across_machines[i]) {
        // Across machines the finding is each machine against its own limit: that figure first.
        cell = format_number(*row.efficiency[i], "%.2f of its hand-off limit") + " (" + format_number(*row.gib_s[i], "%.2f GiB/s") + ")";
      } else if (row.efficiency[i]) {
        cell += " (" + format_number(*row.efficiency[i], "%.2f") + " of the hand-off limit)";
      } else if (row.normalised[i]) {
        cell += " (" + format_number(*row.normalised[i], "%.2f") + " of memcpy)";
      }
      const std::string change = change_text(row.test[i], c.settings.correction);
      if (!change.empty()) cell += " " + change;
      cells.push_back(cell);
    }
    t.rows.push_back(cells);
  }
  return t;
}

Table latency_table(const Comparison& c) {
  Table t;
  t.header = {"scenario", "mode"};
  for (const auto& l : labels(c)) t.header.push_back(l);
  for (const auto& row : c.latency) {
    std::vector<std::string> cells{row.scenario, row.mode};
    for (std::size_t i = 0; i < c.reports.size(); ++i) {
      if (!row.p50_ns[i]) {
        cells.push_back("—");
        continue;
      }
      std::string cell = format_number(*row.p50_ns[i], "%.0f ns");
      if (row.ratio[i]) cell += " (" + format_number(*row.ratio[i], "%.2f") + "× core-to-core)";
      const std::string change = change_text(row.test[i], c.settings.correction);
      if (!change.empty()) cell += " " + change;
      cells.push_back(cell);
    }
    t.rows.push_back(cells);
  }
  return t;
}

// Cells longer than `widest` are cut: 60 keeps long failure reasons readable; the figures'
// cells (value, shift, interval, verdict, p-values; an untested row's reason) need up to 160.
std::string as_text(const Table& t, std::size_t widest = 60) {
  std::vector<std::size_t> widths(t.header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) widths[i] = std::max(widths[i], std::min<std::size_t>(row[i].size(), widest));
  };
  measure(t.header);
  for (const auto& row : t.rows) measure(row);
  std::ostringstream out;
  auto print = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      std::string cell = truncate_text(row[i], widest);
      out << cell << std::string(widths[i] + 2 > cell.size() ? widths[i] + 2 - cell.size() : 2, ' ');
    }
    out << "\n";
  };
  print(t.header);
  for (const auto& row : t.rows) print(row);
  return out.str();
}

std::string as_markdown(const Table& t) {
  std::ostringstream out;
  out << "|";
  for (const auto& h : t.header) out << " " << markdown_cell(h) << " |";
  out << "\n|";
  for (std::size_t i = 0; i < t.header.size(); ++i) out << "---|";
  out << "\n";
  for (const auto& row : t.rows) {
    out << "|";
    for (const auto& cell : row) out << " " << markdown_cell(cell) << " |";
    out << "\n";
  }
  return out.str();
}

// extra: per row and cell, HTML to add after the cell's text (the runs' points); may be short.
std::string as_html(const Table& t, const char* css_class, const std::vector<std::vector<std::string>>& extra = {}) {
  std::ostringstream out;
  out << "<table class=\"" << css_class << "\"><tr>";
  for (const auto& h : t.header) out << "<th>" << xml_escape(h) << "</th>";
  out << "</tr>\n";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    out << "<tr>";
    for (std::size_t k = 0; k < row.size(); ++k) {
      const auto& cell = row[k];
      const bool significant = cell.find(" slower (") != std::string::npos || cell.find(" faster (") != std::string::npos;
      const bool cant_tell = cell.find(" can't tell (") != std::string::npos;
      const std::string more = r < extra.size() && k < extra[r].size() && !extra[r][k].empty() ? "<br>" + extra[r][k] : "";
      out << "<td" << (significant ? " class=\"significant\"" : cant_tell ? " class=\"cant-tell\"" : "") << ">"
          << xml_escape(cell) << more << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</table>\n";
  return out.str();
}

// How the rows were judged, one paragraph for every format.
std::string method(const Comparison& c) {
  const bool across = std::find(c.across_machines.begin(), c.across_machines.end(), true) != c.across_machines.end();
  std::string basis;
  if (c.settings.basis == Basis::limit || (c.settings.basis == Basis::automatic && across)) {
    basis = std::string(c.settings.basis == Basis::automatic ? "Reports from another machine (host or CPU) than the baseline's are "
                                                             : "Every report is ") +
            "tested on each run's figure divided by that run's own limit (the two-core hand-off limit at the block size; the "
            "core-to-core round trip): across machines the finding is how near each comes to its own limit, not the raw "
            "GiB/s (\"÷ limit\" marks those rows, \"as measured\" gives the GiB/s or ns shift). ";
  } else {
    basis = "The figures are tested as measured (--basis limit divides each by its own run's limit; between machines that is the default). ";
  }
  return basis + "Against the baseline, with 2 or more runs a side (run --runs N): the runs' medians are the sample, Welch's t on their "
         "logarithms, the shift of their geometric means [95% interval]. A row is called faster or slower when its p-value, corrected (" +
         std::string(correction_name(c.settings.correction)) + ") over the " + std::to_string(c.tested) + " rows tested, is below " +
         format_number(c.settings.alpha, "%g") + " and the shift is beyond " + format_number(c.settings.threshold * 100, "%g") +
         "% (throughput) or " + format_number(c.settings.latency_threshold * 100, "%g") +
         "% (round trip); ~ when it is not, and the data could have found a change of that size (shown: the smallest it could "
         "have found, with 80% chance); can't tell otherwise, with the runs a side that would settle it. With one run a side "
         "the repetitions of that run are tested (Mann-Whitney U, Hodges-Lehmann, the whole interval beyond the threshold): "
         "they can show a change, but not its absence, so such a row is never ~. Called: " +
         std::to_string(c.called) + ", can't tell: " + std::to_string(c.cant_tell) + ", of " + std::to_string(c.tested) + ".";
}

// Each report's runs of one row as points on one shared axis: the run-to-run spread compare tests.
std::string svg_run_points(const std::vector<std::vector<double>>& runs, std::size_t report) {
  double low = 0, high = 0;
  bool any = false;
  for (const auto& r : runs) {
    for (double v : r) {
      if (!any) low = high = v, any = true;
      low = std::min(low, v);
      high = std::max(high, v);
    }
  }
  if (!any || runs[report].empty()) return "";
  const double span = high > low ? high - low : 1;
  std::ostringstream out;
  out << "<svg class=\"runs\" width=\"160\" height=\"14\" role=\"img\"><title>"
      << runs[report].size() << " runs</title><line x1=\"4\" y1=\"7\" x2=\"156\" y2=\"7\" stroke=\"#ccc\"/>";
  for (double v : runs[report]) {
    out << "<circle cx=\"" << format_number(4 + 152 * (v - low) / span, "%.1f") << "\" cy=\"7\" r=\"3\" fill=\"#1f77b4\" fill-opacity=\"0.6\"/>";
  }
  out << "</svg>";
  return out.str();
}

std::string gate_text(const Comparison& c) {
  if (!c.settings.fail_if_slower) return "";
  std::string text = "Gate --fail-if-slower " + format_number(*c.settings.fail_if_slower * 100, "%g") + "%: ";
  if (c.gate_failures.empty()) return text + "passed, no row slower by more than that with confidence.\n";
  text += std::to_string(c.gate_failures.size()) + " row(s) slower by more than that with confidence:";
  for (const auto& f : c.gate_failures) text += "\n  " + f;
  return text + "\n";
}

}  // namespace

std::string comparison_text(const Comparison& c) {
  std::ostringstream out;
  out << "Machines\n" << as_text(machines(c));
  const Table outcomes = outcome_differences(c);
  out << "\nScenario outcomes that differ (" << outcomes.rows.size() << ")\n";
  if (!outcomes.rows.empty()) out << as_text(outcomes);
  if (!c.throughput.empty()) out << "\nThroughput (median GiB/s)\n" << as_text(throughput_table(c), 320);
  if (!c.latency.empty()) out << "\nRound trip p50\n" << as_text(latency_table(c), 320);
  if (!c.throughput.empty() || !c.latency.empty()) out << "\n" << method(c) << "\n" << gate_text(c);
  return out.str();
}

std::string comparison_markdown(const Comparison& c) {
  std::ostringstream out;
  out << "## shm-harness compare: " << c.reports.size() << " reports\n\n### Machines\n\n" << as_markdown(machines(c));
  const Table outcomes = outcome_differences(c);
  out << "\n### Scenario outcomes that differ (" << outcomes.rows.size() << ")\n\n";
  if (!outcomes.rows.empty()) out << as_markdown(outcomes);
  if (!c.throughput.empty()) {
    out << "\n### Throughput\n\nMedian GiB/s, normalised by each machine's own memcpy. " << method(c) << "\n\n"
        << as_markdown(throughput_table(c));
  }
  if (!c.latency.empty()) out << "\n### Round trip p50\n\n" << as_markdown(latency_table(c));
  const std::string gate = gate_text(c);
  if (!gate.empty()) out << "\n" << gate;
  return out.str();
}

std::string comparison_html(const Comparison& c) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>shm-harness compare: "
      << c.reports.size() << " reports</title><style>" << kHtmlStyle
      << "td.significant{background:#fff3cd;font-weight:600}td.cant-tell{background:#eef}</style></head><body>\n<h1>shm-harness compare</h1>\n";
  out << "<h2 id=\"machines\">Machines</h2>\n" << as_html(machines(c), "machines");
  const Table outcomes = outcome_differences(c);
  out << "<h2 id=\"outcomes\">Scenario outcomes that differ (" << outcomes.rows.size() << ")</h2>\n";
  if (!outcomes.rows.empty()) out << as_html(outcomes, "outcomes");
  if (!c.throughput.empty()) {
    std::vector<Series> series;
    std::vector<Series> normalised;
    for (std::size_t i = 0; i < c.reports.size(); ++i) {
      const auto rows = throughput_rows(c.reports[i].report);
      for (auto& s : throughput_series(rows, c.reports[i].label + ": ")) series.push_back(std::move(s));
      std::vector<ThroughputRow> ratio_rows = rows;
      for (auto& r : ratio_rows) r.ring_median = r.ratio_median, r.memcpy_median = 0;
      for (auto& s : throughput_series(ratio_rows, c.reports[i].label + ": ")) normalised.push_back(std::move(s));
    }
    const char* colors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"};
    for (std::size_t i = 0; i < series.size(); ++i) series[i].color = colors[i % 8];
    for (std::size_t i = 0; i < normalised.size(); ++i) normalised[i].color = colors[i % 8];
    out << "<h2 id=\"throughput\">Throughput</h2>\n" << svg_throughput(series, "GiB/s by block size, every machine")
        << svg_throughput(normalised, "Ring ÷ that machine's memcpy")
        << "<p>" << xml_escape(method(c)) << " The points under each figure are its runs, on one axis per row "
        << "(÷ the run's hand-off limit for a report from another machine).</p>\n";
    Table table = throughput_table(c);
    std::vector<std::vector<std::string>> extra(table.rows.size());
    const bool ratios = std::find(c.across_machines.begin(), c.across_machines.end(), true) != c.across_machines.end() ||
                        c.settings.basis == Basis::limit;
    for (std::size_t r = 0; r < c.throughput.size(); ++r) {
      const auto& row = c.throughput[r];
      // One axis for a row: ratios to each run's limit when any report is from another machine.
      const auto& points = ratios ? row.run_efficiency : row.runs;
      extra[r].resize(3);
      for (std::size_t i = 0; i < c.reports.size(); ++i) extra[r].push_back(svg_run_points(points, i));
    }
    out << as_html(table, "throughput", extra);
  }
  if (!c.latency.empty()) {
    std::vector<std::vector<std::string>> extra;
    for (const auto& row : c.latency) {
      extra.emplace_back(2);
      for (std::size_t i = 0; i < c.reports.size(); ++i) extra.back().push_back(svg_run_points(row.runs, i));
    }
    out << "<h2 id=\"latency\">Round trip p50</h2>\n" << as_html(latency_table(c), "latency", extra);
  }
  if (c.settings.fail_if_slower) out << "<pre class=\"gate\">" << xml_escape(gate_text(c)) << "</pre>\n";
  out << "</body></html>\n";
  return out.str();
}

}  // namespace shmh::report
