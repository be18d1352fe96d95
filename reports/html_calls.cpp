// report.html's `trace` section: one row per call as the program made it, failures marked, each
// judged call with its verdict, then the verdicts' reasons and advice.
#include "reports/html_calls.h"

#include <sstream>

#include "reports/escape.h"
#include "reports/summary.h"

namespace shmh::report {

std::string html_calls(const ScenarioResult& s) {
  if (s.calls.empty()) return "";
  std::ostringstream out;
  // `pair --trace`: the calls of each role, a role column first.
  bool by_role = false;
  for (const auto& c : s.calls) by_role |= !c.role.empty();
  out << "<h4>Calls (" << s.calls.size() << (by_role ? ", by role" : "") << ")</h4>\n<table class=\"calls\"><tr>"
      << (by_role ? "<th>role</th>" : "") << "<th>ms</th><th>pid</th><th>tid</th>"
         "<th>call</th><th>result</th><th>code</th><th>verdict</th></tr>\n";
  for (const auto& c : s.calls) {
    out << "<tr" << (c.error ? " class=\"failed\"" : "") << ">";
    if (by_role) out << "<td>" << xml_escape(c.role) << "</td>";
    out << "<td class=\"num\">" << format_number(c.at_ms, "%.1f")
        << "</td><td class=\"num\">" << c.pid << "</td><td class=\"num\">" << c.tid << "</td><td><code>" << xml_escape(c.call)
        << "</code></td><td>" << xml_escape(c.result) << "</td><td>"
        << (c.error ? xml_escape(std::to_string(c.error->code) + " " + c.error->symbol + " — " + c.error->message) : "")
        << "</td><td>" << xml_escape(c.verdict) << "</td></tr>\n";
  }
  out << "</table>\n";
  if (s.diagnosis.is_object() && s.diagnosis.contains("calls") && s.diagnosis["calls"].is_array()) {
    for (const auto& v : s.diagnosis["calls"]) {
      if (!v.is_object()) continue;
      out << "<p class=\"reason\"><code>" << xml_escape(v.value("call", "")) << "</code>: " << xml_escape(v.value("verdict", "")) << "</p>\n";
      for (const char* list : {"reasons", "advice"}) {
        if (!v.contains(list) || !v[list].is_array() || v[list].empty()) continue;
        out << "<p class=\"sub\">" << (std::string(list) == "reasons" ? "why" : "what to do") << "</p><ul>";
        for (const auto& item : v[list]) out << "<li>" << xml_escape(item.is_string() ? item.get<std::string>() : item.dump()) << "</li>";
        out << "</ul>\n";
      }
    }
  }
  return out.str();
}

}  // namespace shmh::report
