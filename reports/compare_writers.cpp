// The compare page in three forms: text for the terminal, Markdown for CI summaries, HTML.
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

// "5.21 GiB/s (0.74 of memcpy) +12%, p=0.003: significant"
std::string change_text(const std::optional<double>& change, const std::optional<double>& p) {
  if (!change) return "";
  std::string text = format_number(*change * 100, "%+.1f%%");
  if (!p) return text + ", too few repetitions to test";
  text += ", p=" + format_number(*p, "%.3g");
  return text + (*p < kSignificance ? ": significant" : ": not significant");
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
      if (row.normalised[i]) cell += " (" + format_number(*row.normalised[i], "%.2f") + " of memcpy)";
      const std::string change = change_text(row.change[i], row.p_value[i]);
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
      const std::string change = change_text(row.change[i], row.p_value[i]);
      if (!change.empty()) cell += " " + change;
      cells.push_back(cell);
    }
    t.rows.push_back(cells);
  }
  return t;
}

std::string as_text(const Table& t) {
  std::vector<std::size_t> widths(t.header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) widths[i] = std::max(widths[i], std::min<std::size_t>(row[i].size(), 60));
  };
  measure(t.header);
  for (const auto& row : t.rows) measure(row);
  std::ostringstream out;
  auto print = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      std::string cell = truncate_text(row[i], 60);
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

std::string as_html(const Table& t, const char* css_class) {
  std::ostringstream out;
  out << "<table class=\"" << css_class << "\"><tr>";
  for (const auto& h : t.header) out << "<th>" << xml_escape(h) << "</th>";
  out << "</tr>\n";
  for (const auto& row : t.rows) {
    out << "<tr>";
    for (const auto& cell : row) {
      const bool significant = cell.find(": significant") != std::string::npos;
      out << "<td" << (significant ? " class=\"significant\"" : "") << ">" << xml_escape(cell) << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</table>\n";
  return out.str();
}

}  // namespace

std::string comparison_text(const Comparison& c) {
  std::ostringstream out;
  out << "Machines\n" << as_text(machines(c));
  const Table outcomes = outcome_differences(c);
  out << "\nScenario outcomes that differ (" << outcomes.rows.size() << ")\n";
  if (!outcomes.rows.empty()) out << as_text(outcomes);
  if (!c.throughput.empty()) out << "\nThroughput (median; change against the baseline, Mann-Whitney U at p<0.05)\n" << as_text(throughput_table(c));
  if (!c.latency.empty()) out << "\nRound trip p50\n" << as_text(latency_table(c));
  return out.str();
}

std::string comparison_markdown(const Comparison& c) {
  std::ostringstream out;
  out << "## shm-harness compare: " << c.reports.size() << " reports\n\n### Machines\n\n" << as_markdown(machines(c));
  const Table outcomes = outcome_differences(c);
  out << "\n### Scenario outcomes that differ (" << outcomes.rows.size() << ")\n\n";
  if (!outcomes.rows.empty()) out << as_markdown(outcomes);
  if (!c.throughput.empty()) {
    out << "\n### Throughput\n\nMedian GiB/s, normalised by each machine's own memcpy; a change is called significant "
           "only by a Mann-Whitney U test over the repetitions (p < 0.05).\n\n" << as_markdown(throughput_table(c));
  }
  if (!c.latency.empty()) out << "\n### Round trip p50\n\n" << as_markdown(latency_table(c));
  return out.str();
}

std::string comparison_html(const Comparison& c) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>shm-harness compare: "
      << c.reports.size() << " reports</title><style>" << kHtmlStyle
      << "td.significant{background:#fff3cd;font-weight:600}</style></head><body>\n<h1>shm-harness compare</h1>\n";
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
        << "<p>A change is called significant only by a Mann-Whitney U test over the repetitions (p &lt; 0.05).</p>\n"
        << as_html(throughput_table(c), "throughput");
  }
  if (!c.latency.empty()) out << "<h2 id=\"latency\">Round trip p50</h2>\n" << as_html(latency_table(c), "latency");
  out << "</body></html>\n";
  return out.str();
}

}  // namespace shmh::report
