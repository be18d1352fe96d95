// junit.xml writer: the format CI systems (GitHub, Azure, Jenkins, GitLab) read.
#include <cstdio>
#include <sstream>

#include "reports/escape.h"
#include "reports/summary.h"
#include "reports/writers.h"

namespace shmh::report {
namespace {

std::string seconds(double ms) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", ms / 1000.0);
  return text;
}

void write_properties(std::ostringstream& out, const Report& r) {
  const Machine& m = r.machine;
  const std::pair<const char*, std::string> properties[] = {
      {"run_id", r.run_id},
      {"tool_version", r.tool_version},
      {"backend", m.backend},
      {"host_name", m.host_name},
      {"os", m.os_name + " " + m.os_version},
      {"wine", m.wine.value_or("")},
      {"cpu_model", m.cpu_model},
      {"logical_cores", std::to_string(m.logical_cores)},
      {"page_size", std::to_string(m.page_size)},
      {"allocation_granularity", std::to_string(m.allocation_granularity)},
      {"interrupted", r.interrupted ? "true" : "false"},
      {"user", m.security.user},
      {"session_id", m.security.session_id ? std::to_string(*m.security.session_id) : ""},
      {"integrity_level", m.security.integrity_level},
  };
  out << "    <properties>\n";
  for (const auto& [name, value] : properties) {
    out << "      <property name=\"" << name << "\" value=\"" << xml_escape(value) << "\"/>\n";
  }
  out << "    </properties>\n";
}

std::string failure_body(const ScenarioResult& s) {
  std::string body = s.reason + "\n";
  for (const Observation* o : coded_observations(s)) body += "  " + observation_line(*o) + "\n";
  return body;
}

}  // namespace

std::string write_junit(const Report& r) {
  std::ostringstream out;
  const Counts all = count_all(r);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"shm-harness\" tests=\"" << all.total() << "\" failures=\"" << all.failed
      << "\" errors=\"" << all.error + all.timeout << "\" skipped=\"" << all.skipped << "\" time=\""
      << seconds(r.duration_ms) << "\" timestamp=\"" << xml_escape(r.started_at) << "\">\n";
  for (const auto& [area, counts] : count_by_area(r)) {
    double area_ms = 0;
    for (const auto& s : r.scenarios) {
      if (area_of(s.id) == area) area_ms += s.duration_ms;
    }
    out << "  <testsuite name=\"" << xml_escape(area) << "\" tests=\"" << counts.total() << "\" failures=\""
        << counts.failed << "\" errors=\"" << counts.error + counts.timeout << "\" skipped=\"" << counts.skipped
        << "\" time=\"" << seconds(area_ms) << "\" hostname=\"" << xml_escape(r.machine.host_name) << "\">\n";
    write_properties(out, r);
    for (const auto& s : r.scenarios) {
      if (area_of(s.id) != area) continue;
      out << "    <testcase classname=\"shm-harness." << xml_escape(area) << "\" name=\"" << xml_escape(s.id)
          << "\" time=\"" << seconds(s.duration_ms) << "\">\n";
      const std::string message = xml_escape(truncate_text(s.reason, 1000));
      switch (s.outcome) {
        case Outcome::passed: break;
        case Outcome::skipped:
          out << "      <skipped message=\"" << message << "\"/>\n";
          break;
        case Outcome::failed:
          out << "      <failure message=\"" << message << "\" type=\"failed\">" << xml_escape(failure_body(s))
              << "</failure>\n";
          break;
        case Outcome::error:
        case Outcome::timeout:
          out << "      <error message=\"" << message << "\" type=\"" << outcome_name(s.outcome) << "\">"
              << xml_escape(failure_body(s)) << "</error>\n";
          break;
      }
      if (!s.role_logs.empty()) {
        out << "      <system-out>";
        for (const auto& log : s.role_logs) {
          out << xml_escape("--- role " + log.role + " (pid " + std::to_string(log.pid) + ", " + log.exit + ")\n" +
                            truncate_text(log.log, 64 * 1024));
        }
        out << "</system-out>\n";
      }
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
  return out.str();
}

}  // namespace shmh::report
