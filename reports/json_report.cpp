// report.json writer and reader. Reading is strict about types: compare must refuse foreign JSON.
#include "reports/json_report.h"

#include <fstream>
#include <sstream>

#include "reports/utf8_path.h"

namespace shmh::report {
namespace {

using nlohmann::json;

json error_to_json(const std::optional<ErrorInfo>& error) {
  if (!error) return nullptr;
  return {{"code", error->code}, {"symbol", error->symbol}, {"message", error->message}};
}

// Typed field access that says where the problem is.
template <typename T>
T field(const json& object, const char* key, const std::string& where) {
  if (!object.is_object()) throw FormatError(where + ": expected an object");
  const auto it = object.find(key);
  if (it == object.end()) throw FormatError(where + "." + key + ": missing");
  try {
    return it->get<T>();
  } catch (const json::exception&) {
    throw FormatError(where + "." + key + ": has the wrong type (" + it->type_name() + ")");
  }
}

template <typename T>
T optional_field(const json& object, const char* key, T fallback, const std::string& where) {
  if (!object.contains(key) || object.at(key).is_null()) return fallback;
  return field<T>(object, key, where);
}

Observation observation_at(const json& j, const std::string& where) {
  Observation o;
  o.role = optional_field<std::string>(j, "role", "", where);
  o.pid = optional_field<std::int64_t>(j, "pid", 0, where);
  o.api = field<std::string>(j, "api", where);
  o.op = optional_field<std::string>(j, "op", "", where);
  o.name = optional_field<std::string>(j, "name", "", where);
  o.ok = field<bool>(j, "ok", where);
  o.at_ms = optional_field<double>(j, "at_ms", 0, where);
  if (j.contains("error") && !j.at("error").is_null()) {
    const json& e = j.at("error");
    o.error = ErrorInfo{field<std::int64_t>(e, "code", where + ".error"),
                        field<std::string>(e, "symbol", where + ".error"),
                        optional_field<std::string>(e, "message", "", where + ".error")};
  }
  if (j.contains("details") && j.at("details").is_object()) o.details = j.at("details");
  return o;
}

json pair_programs_to_json(const std::vector<ProgramRun>& programs) {
  json out = json::array();
  for (const auto& p : programs) {
    json boxes = json::array();
    for (const auto& b : p.message_boxes) boxes.push_back({{"title", b.title}, {"text", b.text}, {"dismissed", b.dismissed}});
    out.push_back({{"role", p.role}, {"command", p.command}, {"run_as", p.run_as}, {"pid", p.pid}, {"exit", p.exit},
                   {"exit_symbol", p.exit_symbol}, {"stdout", p.output}, {"stderr", p.errors},
                   {"stdout_dropped", p.output_dropped}, {"stderr_dropped", p.errors_dropped},
                   {"message_boxes", boxes}, {"message_box_problem", p.message_box_problem}});
  }
  return out;
}

// The pair fields are lenient like metrics: a report from before `pair` has none of them.
void pair_fields_from_json(const json& s, ScenarioResult& result) {
  if (s.contains("timeline") && s["timeline"].is_array()) {
    for (const auto& e : s["timeline"]) {
      if (!e.is_object()) continue;
      result.timeline.push_back({e.value("at_ms", 0.0), e.value("event", ""), e.value("role", ""),
                                 e.value("pid", std::int64_t{0}), e.value("detail", "")});
    }
  }
  if (s.contains("programs") && s["programs"].is_array()) {
    for (const auto& p : s["programs"]) {
      if (!p.is_object()) continue;
      ProgramRun run{p.value("role", ""), p.value("command", ""), p.value("run_as", ""), p.value("pid", std::int64_t{0}),
                     p.value("exit", ""), p.value("exit_symbol", ""), p.value("stdout", ""), p.value("stderr", ""),
                     p.value("stdout_dropped", std::uint64_t{0}), p.value("stderr_dropped", std::uint64_t{0}), {},
                     p.value("message_box_problem", "")};
      if (p.contains("message_boxes") && p["message_boxes"].is_array()) {
        for (const auto& b : p["message_boxes"]) {
          if (b.is_object()) run.message_boxes.push_back({b.value("title", ""), b.value("text", ""), b.value("dismissed", "")});
        }
      }
      result.programs.push_back(std::move(run));
    }
  }
  if (s.contains("diagnosis")) result.diagnosis = s["diagnosis"];
  if (s.contains("calls") && s["calls"].is_array()) {
    for (const auto& c : s["calls"]) {
      if (!c.is_object()) continue;
      TracedCallRow row{c.value("at_ms", 0.0), c.value("pid", std::int64_t{0}), c.value("tid", std::int64_t{0}),
                        c.value("call", ""), c.value("result", ""), std::nullopt, c.value("verdict", ""), c.value("role", "")};
      if (c.contains("error") && c["error"].is_object()) {
        row.error = ErrorInfo{c["error"].value("code", std::int64_t{0}), c["error"].value("symbol", ""), c["error"].value("message", "")};
      }
      result.calls.push_back(std::move(row));
    }
  }
}

}  // namespace

json to_json(const Observation& o) {
  json j = {{"role", o.role}, {"pid", o.pid},   {"api", o.api},          {"name", o.name},
            {"ok", o.ok},     {"error", error_to_json(o.error)}, {"at_ms", o.at_ms}, {"details", o.details}};
  if (!o.op.empty()) j["op"] = o.op;
  return j;
}

json to_json(const ScenarioResult& s) {
  json observations = json::array();
  for (const auto& o : s.observations) observations.push_back(to_json(o));
  json logs = json::array();
  for (const auto& l : s.role_logs) {
    logs.push_back({{"role", l.role}, {"pid", l.pid}, {"exit", l.exit}, {"log", l.log}});
  }
  json out = {{"id", s.id},
          {"labels", s.labels},
          {"purpose", s.purpose},
          {"outcome", outcome_name(s.outcome)},
          {"reason", s.reason},
          {"duration_ms", s.duration_ms},
          {"observations", observations},
          {"metrics", to_json(s.metrics)},
          {"namespace_snapshot", s.namespace_snapshot},
          {"role_logs", logs}};
  // Only a pair has these: scenario entries stay as they were.
  if (!s.timeline.empty() || !s.programs.empty()) {
    json timeline = json::array();
    for (const auto& e : s.timeline) {
      timeline.push_back({{"at_ms", e.at_ms}, {"event", e.event}, {"role", e.role}, {"pid", e.pid}, {"detail", e.detail}});
    }
    out["timeline"] = timeline;
    out["programs"] = pair_programs_to_json(s.programs);
    out["diagnosis"] = s.diagnosis;
  }
  if (!s.calls.empty()) {  // `trace`, `pair --trace`
    json calls = json::array();
    for (const auto& c : s.calls) {
      json call = {{"at_ms", c.at_ms}, {"pid", c.pid}, {"tid", c.tid}, {"call", c.call}, {"result", c.result},
                   {"error", error_to_json(c.error)}, {"verdict", c.verdict}};
      if (!c.role.empty()) call["role"] = c.role;  // `pair --trace`
      calls.push_back(std::move(call));
    }
    out["calls"] = calls;
    out["diagnosis"] = s.diagnosis;
  }
  return out;
}

json memory_limits_to_json(const MemoryLimits& l) {
  json j = json::object();
  if (!l.store_path.empty()) {
    j["shm_store"] = {{"path", l.store_path}, {"filesystem", l.filesystem}, {"size", l.store_size},
                      {"free", l.store_free}, {"mount_options", l.mount_options}};
    j["remove_ipc"] = {{"value", l.remove_ipc.empty() ? json(nullptr) : json(l.remove_ipc)}, {"source", l.remove_ipc_source}};
  }
  if (l.commit_limit) j["commit"] = {{"limit", l.commit_limit}, {"available", l.commit_available}};
  return j;
}

MemoryLimits memory_limits_from_json(const json& j) {
  MemoryLimits l;
  const std::string where = "report.machine.memory_limits";
  if (j.contains("shm_store")) {
    const json& s = j.at("shm_store");
    l.store_path = field<std::string>(s, "path", where + ".shm_store");
    l.filesystem = optional_field<std::string>(s, "filesystem", "", where + ".shm_store");
    l.store_size = optional_field<std::uint64_t>(s, "size", 0, where + ".shm_store");
    l.store_free = optional_field<std::uint64_t>(s, "free", 0, where + ".shm_store");
    l.mount_options = optional_field<std::string>(s, "mount_options", "", where + ".shm_store");
  }
  if (j.contains("remove_ipc")) {
    const json& r = j.at("remove_ipc");
    if (r.contains("value") && r.at("value").is_string()) l.remove_ipc = r.at("value").get<std::string>();
    l.remove_ipc_source = optional_field<std::string>(r, "source", "", where + ".remove_ipc");
  }
  if (j.contains("commit")) {
    l.commit_limit = optional_field<std::uint64_t>(j.at("commit"), "limit", 0, where + ".commit");
    l.commit_available = optional_field<std::uint64_t>(j.at("commit"), "available", 0, where + ".commit");
  }
  return l;
}

json security_to_json(const SecurityContext& c) {
  json privileges = json::array();
  for (const auto& [name, enabled] : c.privileges) privileges.push_back({{"name", name}, {"enabled", enabled}});
  return {{"user", c.user},
          {"session_id", c.session_id ? json(*c.session_id) : json(nullptr)},
          {"integrity_level", c.integrity_level},
          {"elevated", c.elevated ? json(*c.elevated) : json(nullptr)},
          {"service", c.service},
          {"privileges", privileges}};
}

SecurityContext security_from_json(const json& j) {
  SecurityContext c;
  if (!j.is_object()) return c;
  c.user = j.value("user", "");
  if (j.contains("session_id") && j["session_id"].is_number_unsigned()) c.session_id = j["session_id"].get<std::uint32_t>();
  c.integrity_level = j.value("integrity_level", "");
  if (j.contains("elevated") && j["elevated"].is_boolean()) c.elevated = j["elevated"].get<bool>();
  c.service = j.value("service", false);
  if (j.contains("privileges") && j["privileges"].is_array()) {
    for (const auto& p : j["privileges"]) {
      if (p.is_object()) c.privileges.emplace_back(p.value("name", ""), p.value("enabled", false));
    }
  }
  return c;
}

json to_json(const Report& r) {
  const Machine& m = r.machine;
  json scenarios = json::array();
  for (const auto& s : r.scenarios) scenarios.push_back(to_json(s));
  return {{"schema_version", r.schema_version},
          {"tool", {{"name", r.tool_name}, {"version", r.tool_version}}},
          {"run_id", r.run_id},
          {"started_at", r.started_at},
          {"duration_ms", r.duration_ms},
          {"interrupted", r.interrupted},
          {"machine",
           {{"host_name", m.host_name},
            {"os", {{"name", m.os_name}, {"version", m.os_version}}},
            {"cpu", {{"model", m.cpu_model}, {"logical_cores", m.logical_cores}}},
            {"page_size", m.page_size},
            {"allocation_granularity", m.allocation_granularity},
            {"physical_memory", m.physical_memory},
            {"wine", m.wine ? json(*m.wine) : json(nullptr)},
            {"backend", m.backend},
            {"virtual_machine", m.hypervisor.empty() ? json(false) : json(m.hypervisor)},
            {"timer_resolution_ns", m.timer_resolution_ns},
            {"large_pages", m.large_pages},
            {"memory_limits", memory_limits_to_json(m.memory)},
            {"security", security_to_json(m.security)}}},
          {"scenarios", scenarios}};
}

Observation observation_from_json(const json& j) { return observation_at(j, "observation"); }

Report report_from_json(const json& j) {
  if (!j.is_object()) throw FormatError("top level: expected an object, found " + std::string(j.type_name()));
  Report r;
  r.schema_version = field<int>(j, "schema_version", "report");
  if (r.schema_version < 1 || r.schema_version > kSchemaVersion) {
    throw FormatError("report.schema_version: " + std::to_string(r.schema_version) +
                      " is not one this shm-harness reads (1 to " + std::to_string(kSchemaVersion) + ")");
  }
  const json tool = field<json>(j, "tool", "report");
  r.tool_name = field<std::string>(tool, "name", "report.tool");
  if (r.tool_name != "shm-harness") throw FormatError("report.tool.name: '" + r.tool_name + "' is not shm-harness");
  r.tool_version = field<std::string>(tool, "version", "report.tool");
  r.run_id = optional_field<std::string>(j, "run_id", "", "report");
  r.started_at = optional_field<std::string>(j, "started_at", "", "report");
  r.duration_ms = optional_field<double>(j, "duration_ms", 0, "report");
  r.interrupted = optional_field<bool>(j, "interrupted", false, "report");

  const json machine = field<json>(j, "machine", "report");
  Machine& m = r.machine;
  m.host_name = field<std::string>(machine, "host_name", "report.machine");
  const json os = field<json>(machine, "os", "report.machine");
  m.os_name = field<std::string>(os, "name", "report.machine.os");
  m.os_version = field<std::string>(os, "version", "report.machine.os");
  const json cpu = field<json>(machine, "cpu", "report.machine");
  m.cpu_model = field<std::string>(cpu, "model", "report.machine.cpu");
  m.logical_cores = field<unsigned>(cpu, "logical_cores", "report.machine.cpu");
  m.page_size = field<std::uint64_t>(machine, "page_size", "report.machine");
  m.allocation_granularity = field<std::uint64_t>(machine, "allocation_granularity", "report.machine");
  m.physical_memory = optional_field<std::uint64_t>(machine, "physical_memory", 0, "report.machine");
  if (machine.contains("wine") && !machine.at("wine").is_null()) {
    m.wine = field<std::string>(machine, "wine", "report.machine");
  }
  m.backend = optional_field<std::string>(machine, "backend", "", "report.machine");
  if (machine.contains("virtual_machine") && machine.at("virtual_machine").is_string()) {
    m.hypervisor = machine.at("virtual_machine").get<std::string>();
  }
  m.timer_resolution_ns = optional_field<double>(machine, "timer_resolution_ns", 0, "report.machine");
  m.large_pages = optional_field<std::string>(machine, "large_pages", "", "report.machine");
  if (machine.contains("memory_limits")) m.memory = memory_limits_from_json(machine.at("memory_limits"));
  if (machine.contains("security")) m.security = security_from_json(machine.at("security"));

  const json scenarios = field<json>(j, "scenarios", "report");
  if (!scenarios.is_array()) throw FormatError("report.scenarios: expected an array");
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const std::string where = "report.scenarios[" + std::to_string(i) + "]";
    const json& s = scenarios[i];
    ScenarioResult result;
    result.id = field<std::string>(s, "id", where);
    result.labels = field<std::vector<std::string>>(s, "labels", where);
    result.purpose = optional_field<std::string>(s, "purpose", "", where);
    const auto outcome_text = field<std::string>(s, "outcome", where);
    const auto outcome = outcome_from_name(outcome_text);
    if (!outcome) throw FormatError(where + ".outcome: unknown outcome '" + outcome_text + "'");
    result.outcome = *outcome;
    result.reason = optional_field<std::string>(s, "reason", "", where);
    result.duration_ms = field<double>(s, "duration_ms", where);
    const json observations = optional_field<json>(s, "observations", json::array(), where);
    for (std::size_t k = 0; k < observations.size(); ++k) {
      result.observations.push_back(observation_at(observations[k], where + ".observations[" + std::to_string(k) + "]"));
    }
    result.metrics = metrics_from_json(optional_field<json>(s, "metrics", json::object(), where));
    result.namespace_snapshot = optional_field<json>(s, "namespace_snapshot", nullptr, where);
    const json logs = optional_field<json>(s, "role_logs", json::array(), where);
    for (std::size_t k = 0; k < logs.size(); ++k) {
      const std::string lw = where + ".role_logs[" + std::to_string(k) + "]";
      result.role_logs.push_back(RoleLog{field<std::string>(logs[k], "role", lw),
                                         optional_field<std::int64_t>(logs[k], "pid", 0, lw),
                                         optional_field<std::string>(logs[k], "exit", "", lw),
                                         optional_field<std::string>(logs[k], "log", "", lw)});
    }
    pair_fields_from_json(s, result);
    r.scenarios.push_back(std::move(result));
  }
  return r;
}

Report read_report_file(const std::string& path) {
  std::ifstream in(path_from_utf8(path), std::ios::binary);
  if (!in) throw FormatError(path + ": cannot be opened for reading");
  std::stringstream buffer;
  buffer << in.rdbuf();
  json parsed;
  try {
    parsed = json::parse(buffer.str());
  } catch (const json::parse_error& e) {
    throw FormatError(path + ": not valid JSON (" + std::string(e.what()) + ")");
  }
  try {
    return report_from_json(parsed);
  } catch (const FormatError& e) {
    throw FormatError(path + ": " + e.what());
  }
}

}  // namespace shmh::report
