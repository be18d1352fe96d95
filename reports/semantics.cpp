// Builds and writes the side-by-side "semantics" view: the calls and codes per scenario per report.
#include "reports/semantics.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "reports/escape.h"
#include "reports/html_style.h"

namespace shmh::report {
namespace {

std::string result_of(const Observation& o) {
  std::string text = o.ok ? "ok" : "";
  if (o.error) text += (text.empty() ? "" : ", ") + std::to_string(o.error->code) + " " + o.error->symbol;
  return text.empty() ? "failed" : text;
}

SemanticsCell cell_of(const ScenarioResult& s) {
  SemanticsCell cell;
  cell.outcome = s.outcome;
  cell.reason = s.reason;
  for (const auto& o : s.observations) {
    CallSummary call{o.role, o.api, result_of(o), 1};
    if (!cell.calls.empty()) {
      auto& last = cell.calls.back();
      if (last.role == call.role && last.api == call.api && last.result == call.result) {
        ++last.count;
        continue;
      }
    }
    if (cell.calls.size() == kMaxCallsShown) {
      ++cell.more;
      continue;
    }
    cell.calls.push_back(std::move(call));
  }
  return cell;
}

std::set<std::string> symbols_of(const ScenarioResult& s) {
  std::set<std::string> symbols;
  for (const auto& o : s.observations) {
    if (o.error) symbols.insert(o.error->symbol);
  }
  return symbols;
}

std::string platform_of(const Report& r) {
  std::string text = r.machine.backend + " on " + r.machine.os_name + " " + r.machine.os_version;
  if (r.machine.wine) text += " under Wine " + *r.machine.wine;
  return text;
}

std::string call_line(const CallSummary& c) {
  return c.role + ": " + c.api + " → " + c.result + (c.count > 1 ? " ×" + std::to_string(c.count) : "");
}

}  // namespace

Semantics semantics_of(const std::vector<NamedReport>& reports) {
  Semantics out;
  std::vector<std::string> order;
  std::map<std::string, SemanticsRow> rows;
  std::map<std::string, std::vector<std::set<std::string>>> symbols;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    out.labels.push_back(reports[i].label);
    out.platforms.push_back(platform_of(reports[i].report));
    for (const auto& s : reports[i].report.scenarios) {
      auto [it, inserted] = rows.try_emplace(s.id);
      if (inserted) {
        order.push_back(s.id);
        it->second.scenario = s.id;
        it->second.per_report.resize(reports.size());
      }
      // A scenario run several times (--repeat) shows its first run.
      if (!it->second.per_report[i]) it->second.per_report[i] = cell_of(s);
      auto& seen = symbols[s.id];
      seen.resize(reports.size());
      seen[i] = symbols_of(s);
    }
  }
  for (const auto& id : order) {
    auto row = std::move(rows[id]);
    const auto& seen = symbols[id];
    std::optional<std::set<std::string>> first;
    for (std::size_t i = 0; i < row.per_report.size(); ++i) {
      if (!row.per_report[i]) continue;
      if (!first) {
        first = seen[i];
      } else if (*first != seen[i]) {
        row.codes_differ = true;
      }
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

std::string semantics_markdown(const Semantics& s) {
  std::ostringstream out;
  out << "## shm-harness: the same scenarios, side by side\n\n";
  for (std::size_t i = 0; i < s.labels.size(); ++i) out << "- **" << markdown_cell(s.labels[i]) << "**: " << markdown_cell(s.platforms[i]) << "\n";
  out << "\n| scenario |";
  for (const auto& label : s.labels) out << " " << markdown_cell(label) << " |";
  out << "\n|---|";
  for (std::size_t i = 0; i < s.labels.size(); ++i) out << "---|";
  out << "\n";
  for (const auto& row : s.rows) {
    out << "| " << markdown_cell(row.scenario) << (row.codes_differ ? " (codes differ)" : "") << " |";
    for (const auto& cell : row.per_report) {
      if (!cell) {
        out << " not run |";
        continue;
      }
      std::string text = std::string("**") + outcome_name(cell->outcome) + "**";
      for (const auto& c : cell->calls) text += "\n" + call_line(c);
      if (cell->more) text += "\n… " + std::to_string(cell->more) + " more";
      out << " " << markdown_cell(text) << " |";
    }
    out << "\n";
  }
  return out.str();
}

std::string semantics_html(const Semantics& s) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>shm-harness: side by side</title><style>"
      << kHtmlStyle
      << "body{max-width:none}td.calls{font-family:ui-monospace,Consolas,monospace;font-size:.85em;white-space:pre-wrap}"
         "tr.differs td:first-child{background:#fff3cd;font-weight:600}</style></head><body>\n"
      << "<h1>The same scenarios, side by side</h1>\n<p class=\"sub\">Per scenario, the calls each platform made and the "
         "codes it returned, as observed. Rows whose error codes differ are marked.</p>\n<ul>\n";
  for (std::size_t i = 0; i < s.labels.size(); ++i) {
    out << "<li><b>" << xml_escape(s.labels[i]) << "</b>: " << xml_escape(s.platforms[i]) << "</li>\n";
  }
  const auto differing = std::count_if(s.rows.begin(), s.rows.end(), [](const SemanticsRow& r) { return r.codes_differ; });
  out << "</ul>\n<p>" << s.rows.size() << " scenarios; " << differing << " with different codes.</p>\n"
      << "<table class=\"semantics\"><tr><th>scenario</th>";
  for (const auto& label : s.labels) out << "<th>" << xml_escape(label) << "</th>";
  out << "</tr>\n";
  for (const auto& row : s.rows) {
    out << "<tr" << (row.codes_differ ? " class=\"differs\"" : "") << "><td>" << xml_escape(row.scenario)
        << (row.codes_differ ? "<br>codes differ" : "") << "</td>";
    for (const auto& cell : row.per_report) {
      if (!cell) {
        out << "<td>not run</td>";
        continue;
      }
      out << "<td class=\"calls\"><span class=\"badge " << outcome_name(cell->outcome) << "\">" << outcome_name(cell->outcome)
          << "</span>\n";
      for (const auto& c : cell->calls) out << xml_escape(call_line(c)) << "\n";
      if (cell->more) out << "… " << cell->more << " more\n";
      if (!cell->reason.empty()) out << "<span class=\"sub\">" << xml_escape(truncate_text(cell->reason, 400)) << "</span>";
      out << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</table>\n</body></html>\n";
  return out.str();
}

}  // namespace shmh::report
