// report.html's pair section: an SVG timeline (one lane per program and one for the name), the
// events as a table, each program's output and message boxes, and the diagnosis.
#include "reports/html_pair.h"

#include <algorithm>
#include <sstream>
#include <vector>

#include "reports/escape.h"
#include "reports/html_charts.h"
#include "reports/summary.h"

namespace shmh::report {
namespace {

std::string lane_of(const TimelineEvent& e) { return e.role.empty() ? "name" : e.role; }

std::string svg_pair_timeline(const ScenarioResult& s) {
  std::vector<std::string> lanes;
  for (const auto& e : s.timeline) {
    if (std::find(lanes.begin(), lanes.end(), lane_of(e)) == lanes.end()) lanes.push_back(lane_of(e));
  }
  double end_ms = 1;
  for (const auto& e : s.timeline) end_ms = std::max(end_ms, e.at_ms);
  const int left = 110, width = 780, lane_height = 46;
  const LaneFrame frame{.left = left, .width = width, .lane_height = lane_height, .bottom = 34, .right = 30};
  const int height = frame.height(lanes.size());
  std::ostringstream svg;
  svg << svg_lanes_open("Timeline of " + s.id, lanes, frame);
  int stagger = 0;
  for (const auto& e : s.timeline) {
    const auto lane = std::find(lanes.begin(), lanes.end(), lane_of(e)) - lanes.begin();
    const int x = left + static_cast<int>(e.at_ms / end_ms * width);
    const int y = static_cast<int>(lane) * lane_height + 20;
    const bool bad = e.detail.find("signal") != std::string::npos || e.detail.find("exception") != std::string::npos ||
                     (e.event.find("exited") != std::string::npos && e.detail != "exit code 0");
    svg << "<g class=\"" << (bad ? "bad" : "ok") << "\"><circle cx=\"" << x << "\" cy=\"" << y << "\" r=\"5\"/>"
        << "<text class=\"call\" x=\"" << x + 6 << "\" y=\"" << y + 14 + (stagger++ % 2) * 11 << "\">"
        << xml_escape(truncate_text(e.event, 40)) << "</text><title>" << xml_escape(format_number(e.at_ms, "%.1f ms: ") + e.event + " " + e.detail)
        << "</title></g>\n";
  }
  svg << "<text class=\"axis\" x=\"" << left << "\" y=\"" << height - 4 << "\">0 ms</text><text class=\"axis\" x=\""
      << left + width - 60 << "\" y=\"" << height - 4 << "\">" << format_number(end_ms, "%.0f ms") << "</text></svg>\n";
  return svg.str();
}

}  // namespace

std::string html_pair(const ScenarioResult& s) {
  if (s.timeline.empty() && s.programs.empty()) return "";
  std::ostringstream out;
  out << "<h4>Timeline</h4>\n" << svg_pair_timeline(s);
  out << "<table class=\"timeline-events\"><tr><th>ms</th><th>who</th><th>pid</th><th>event</th><th>detail</th></tr>\n";
  for (const auto& e : s.timeline) {
    out << "<tr><td class=\"num\">" << format_number(e.at_ms, "%.1f") << "</td><td>" << xml_escape(lane_of(e))
        << "</td><td class=\"num\">" << (e.pid ? std::to_string(e.pid) : "") << "</td><td>" << xml_escape(e.event)
        << "</td><td>" << xml_escape(e.detail) << "</td></tr>\n";
  }
  out << "</table>\n<h4>Programs</h4>\n";
  for (const auto& p : s.programs) {
    out << "<p><b>" << xml_escape(p.role) << "</b> (pid " << p.pid << ", " << xml_escape(p.run_as) << "): <code>"
        << xml_escape(p.command) << "</code> — " << xml_escape(p.exit) << "</p>\n";
    for (const auto& box : p.message_boxes) {
      out << "<p class=\"message-box\">message box <b>" << xml_escape(box.title) << "</b>: «" << xml_escape(box.text)
          << "» (" << xml_escape(box.dismissed) << ")</p>\n";
    }
    if (!p.message_box_problem.empty()) out << "<p class=\"sub\">message boxes: " << xml_escape(p.message_box_problem) << "</p>\n";
    const std::pair<const char*, const std::string*> streams[] = {{"stdout", &p.output}, {"stderr", &p.errors}};
    for (const auto& [label, text] : streams) {
      if (text->empty()) continue;
      out << "<details" << (s.outcome == Outcome::passed ? "" : " open") << "><summary>" << label << " of " << xml_escape(p.role)
          << "</summary><pre>" << xml_escape(*text) << "</pre></details>\n";
    }
  }
  if (!s.diagnosis.is_null()) {
    out << "<h4>Diagnosis of the name as second's identity</h4>\n<p class=\"reason\">"
        << xml_escape(s.diagnosis.value("verdict", "")) << "</p>\n";
    for (const char* list : {"reasons", "advice"}) {
      if (!s.diagnosis.contains(list) || !s.diagnosis[list].is_array() || s.diagnosis[list].empty()) continue;
      out << "<p>" << (std::string(list) == "reasons" ? "Why:" : "What to do:") << "</p><ul>";
      for (const auto& item : s.diagnosis[list]) out << "<li>" << xml_escape(item.is_string() ? item.get<std::string>() : item.dump()) << "</li>";
      out << "</ul>\n";
    }
    out << "<details><summary>diagnose --json</summary><pre>" << xml_escape(truncate_text(s.diagnosis.dump(2), 20000)) << "</pre></details>\n";
  }
  return out.str();
}

}  // namespace shmh::report
