// SVG drawing for the HTML pages. Every text goes through xml_escape.
#include "reports/html_charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "reports/escape.h"
#include "reports/format.h"
#include "reports/summary.h"

namespace shmh::report {
namespace {

std::string fmt(double value, const char* format = "%.1f") { return format_number(value, format); }

const char* palette(std::size_t index) {
  static const char* colors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b"};
  return colors[index % 7];
}

}  // namespace

std::string svg_lanes_open(const std::string& title, const std::vector<std::string>& lanes, const LaneFrame& frame) {
  std::ostringstream svg;
  svg << "<svg class=\"timeline\" role=\"img\" viewBox=\"0 0 " << frame.left + frame.width + frame.right << " " << frame.height(lanes.size())
      << "\" width=\"100%\"><title>" << xml_escape(title) << "</title>\n";
  for (std::size_t i = 0; i < lanes.size(); ++i) {
    const int y = static_cast<int>(i) * frame.lane_height + 20;
    svg << "<text x=\"4\" y=\"" << y + 4 << "\" class=\"lane\">" << xml_escape(lanes[i]) << "</text>"
        << "<line x1=\"" << frame.left << "\" y1=\"" << y << "\" x2=\"" << frame.left + frame.width << "\" y2=\"" << y
        << "\" class=\"lane-line\"/>\n";
  }
  return svg.str();
}

std::string svg_timeline(const ScenarioResult& s) {
  if (s.observations.empty()) return "";
  std::vector<std::string> lanes;
  for (const auto& o : s.observations) {
    const std::string lane = o.role + " (" + std::to_string(o.pid) + ")";
    if (std::find(lanes.begin(), lanes.end(), lane) == lanes.end()) lanes.push_back(lane);
  }
  // The axis spans the observations themselves: a race journals only its first trial, which
  // comes after the roles' start-up.
  double start_ms = s.observations.front().at_ms, end_ms = start_ms;
  for (const auto& o : s.observations) {
    start_ms = std::min(start_ms, o.at_ms);
    end_ms = std::max(end_ms, o.at_ms);
  }
  if (end_ms - start_ms < 0.001) end_ms = start_ms + 1;
  const int left = 170, width = 740, lane_height = 44;
  const LaneFrame frame{.left = left, .width = width, .lane_height = lane_height, .bottom = 30, .right = 20};
  const int height = frame.height(lanes.size());
  std::ostringstream svg;
  svg << svg_lanes_open("Timeline of " + s.id, lanes, frame);
  // Several calls can land at the same millisecond: stagger their labels.
  std::map<std::string, int> stagger;
  for (const auto& o : s.observations) {
    const std::string lane = o.role + " (" + std::to_string(o.pid) + ")";
    const auto index = std::find(lanes.begin(), lanes.end(), lane) - lanes.begin();
    const int y = static_cast<int>(index) * lane_height + 20;
    const double x = left + width * ((o.at_ms - start_ms) / (end_ms - start_ms));
    const bool near_right = x > left + width * 0.7;
    const char* kind = !o.ok ? "bad" : o.error ? "coded" : "ok";
    std::string label = o.api;
    if (o.error) label += " " + o.error->symbol;
    const int shift = (stagger[lane]++ % 2) * 12;
    svg << "<g class=\"" << kind << "\"><circle cx=\"" << fmt(x) << "\" cy=\"" << y << "\" r=\"5\"><title>"
        << xml_escape(observation_line(o) + " at " + fmt(o.at_ms, "%.2f") + " ms") << "</title></circle>"
        << "<text x=\"" << fmt(near_right ? x - 6 : x + 6) << "\" y=\"" << y + 14 + shift << "\" class=\"call\""
        << (near_right ? " text-anchor=\"end\"" : "") << ">"
        << xml_escape(truncate_text(label, 40)) << "</text></g>\n";
  }
  svg << "<text x=\"" << left << "\" y=\"" << height - 2 << "\" class=\"axis\">" << fmt(start_ms, "%.2f")
      << " ms</text><text x=\"" << left + width << "\" y=\"" << height - 2 << "\" class=\"axis\" text-anchor=\"end\">"
      << fmt(end_ms, "%.2f") << " ms</text>";
  svg << "</svg>\n";
  return svg.str();
}

std::string svg_histogram(const std::vector<std::pair<std::string, double>>& bars, const std::string& unit) {
  if (bars.empty()) return "";
  double top = 0;
  for (const auto& bar : bars) top = std::max(top, bar.second);
  const int bar_height = 24, label_width = 320, width = 420;
  const int height = static_cast<int>(bars.size()) * (bar_height + 6) + 10;
  std::ostringstream svg;
  svg << "<svg class=\"histogram\" role=\"img\" viewBox=\"0 0 " << label_width + width + 90 << " " << height
      << "\" width=\"100%\"><title>histogram</title>\n";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const int y = static_cast<int>(i) * (bar_height + 6) + 5;
    const double w = top > 0 ? width * bars[i].second / top : 0;
    svg << "<text x=\"" << label_width - 6 << "\" y=\"" << y + 16 << "\" text-anchor=\"end\">"
        << xml_escape(bars[i].first) << "</text><rect x=\"" << label_width << "\" y=\"" << y << "\" width=\""
        << fmt(std::max(w, 1.0)) << "\" height=\"" << bar_height << "\" fill=\"" << palette(i) << "\"/><text x=\""
        << fmt(label_width + w + 6) << "\" y=\"" << y + 16 << "\">" << fmt(bars[i].second, "%g") << " "
        << xml_escape(unit) << "</text>\n";
  }
  svg << "</svg>\n";
  return svg.str();
}

std::string svg_throughput(const std::vector<Series>& series, const std::string& title) {
  double min_x = 1e30, max_x = 0, max_y = 0;
  for (const auto& s : series) {
    for (const auto& [x, y] : s.points) {
      min_x = std::min(min_x, x);
      max_x = std::max(max_x, x);
      max_y = std::max(max_y, y);
    }
  }
  if (max_x <= 0 || max_y <= 0) return "";
  if (max_x == min_x) max_x = min_x * 2;
  const double left = 60, top = 30, width = 640, height = 280;
  auto px = [&](double x) { return left + width * (std::log2(x) - std::log2(min_x)) / (std::log2(max_x) - std::log2(min_x)); };
  auto py = [&](double y) { return top + height - height * y / (max_y * 1.1); };
  std::ostringstream svg;
  svg << "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 " << left + width + 170 << " " << top + height + 50
      << "\" width=\"100%\"><title>" << xml_escape(title) << "</title>\n";
  svg << "<text x=\"" << left << "\" y=\"18\" class=\"chart-title\">" << xml_escape(title) << "</text>\n";
  for (int tick = 0; tick <= 4; ++tick) {
    const double value = max_y * 1.1 * tick / 4;
    svg << "<line x1=\"" << left << "\" x2=\"" << left + width << "\" y1=\"" << fmt(py(value)) << "\" y2=\""
        << fmt(py(value)) << "\" class=\"grid\"/><text x=\"" << left - 6 << "\" y=\"" << fmt(py(value) + 4)
        << "\" text-anchor=\"end\" class=\"axis\">" << fmt(value) << "</text>\n";
  }
  std::vector<double> xs;
  for (const auto& s : series) for (const auto& p : s.points) xs.push_back(p.first);
  std::sort(xs.begin(), xs.end());
  xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
  for (double x : xs) {
    svg << "<text x=\"" << fmt(px(x)) << "\" y=\"" << top + height + 18 << "\" text-anchor=\"middle\" class=\"axis\">"
        << xml_escape(format_size(static_cast<std::uint64_t>(x))) << "</text>\n";
  }
  svg << "<text x=\"12\" y=\"" << top + height / 2 << "\" class=\"axis\" transform=\"rotate(-90 12 " << top + height / 2
      << ")\">GiB/s</text>\n";
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& s = series[i];
    if (s.points.empty()) continue;
    svg << "<polyline fill=\"none\" stroke=\"" << s.color << "\" stroke-width=\"2\""
        << (s.dashed ? " stroke-dasharray=\"6 4\"" : "") << " points=\"";
    for (const auto& [x, y] : s.points) svg << fmt(px(x)) << "," << fmt(py(y)) << " ";
    svg << "\"><title>" << xml_escape(s.name) << "</title></polyline>\n";
    for (const auto& [x, y] : s.points) {
      svg << "<circle cx=\"" << fmt(px(x)) << "\" cy=\"" << fmt(py(y)) << "\" r=\"3\" fill=\"" << s.color
          << "\"><title>" << xml_escape(s.name + ", " + format_size(static_cast<std::uint64_t>(x)) + ": " + fmt(y, "%.2f") +
                                        " GiB/s") << "</title></circle>\n";
    }
    const double ly = top + 14 + 18 * static_cast<double>(i);
    svg << "<line x1=\"" << left + width + 12 << "\" x2=\"" << left + width + 36 << "\" y1=\"" << fmt(ly) << "\" y2=\""
        << fmt(ly) << "\" stroke=\"" << s.color << "\" stroke-width=\"2\"" << (s.dashed ? " stroke-dasharray=\"6 4\"" : "")
        << "/><text x=\"" << left + width + 40 << "\" y=\"" << fmt(ly + 4) << "\" class=\"legend\">"
        << xml_escape(s.name) << "</text>\n";
  }
  svg << "</svg>\n";
  return svg.str();
}

std::vector<Series> throughput_series(const std::vector<ThroughputRow>& rows, const std::string& prefix) {
  std::vector<Series> series;
  Series baseline{prefix + "memcpy (baseline)", "#555555", true, {}};
  Series handoff{prefix + "two-core hand-off (limit)", "#999999", true, {}};
  std::map<std::uint64_t, double> memcpy_by_block, handoff_by_block;
  for (const auto& row : rows) {
    const std::string name = prefix + row.mode + (row.verify ? " + verify" : "");
    auto it = std::find_if(series.begin(), series.end(), [&](const Series& s) { return s.name == name; });
    if (it == series.end()) {
      series.push_back({name, palette(series.size()), false, {}});
      it = series.end() - 1;
    }
    it->points.emplace_back(static_cast<double>(row.block_bytes), row.ring_median);
    if (row.memcpy_median > 0) memcpy_by_block[row.block_bytes] = row.memcpy_median;
    if (row.handoff_median > 0) handoff_by_block[row.block_bytes] = row.handoff_median;
  }
  for (const auto& [block, value] : memcpy_by_block) baseline.points.emplace_back(static_cast<double>(block), value);
  for (const auto& [block, value] : handoff_by_block) handoff.points.emplace_back(static_cast<double>(block), value);
  for (auto& s : series) std::sort(s.points.begin(), s.points.end());
  if (!handoff.points.empty()) series.push_back(handoff);
  if (!baseline.points.empty()) series.push_back(baseline);
  return series;
}

}  // namespace shmh::report
