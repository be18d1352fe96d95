// report.json's "metrics": the typed metrics to and from their keys (docs/report-schema.md).
// Reading is lenient, unlike the rest of the report: metrics were free-form JSON before they
// were typed, so a figure missing or of another shape in an older or foreign report reads as
// absent (0, or no row) instead of refusing the whole report.
#include <algorithm>
#include <iterator>
#include <limits>
#include <variant>

#include "reports/json_report.h"

namespace shmh::report {
namespace {

using nlohmann::json;

constexpr const char* kTokenSuffix = "_token";

json distribution_to_json(const Distribution& d) {
  return {{"median", d.median}, {"p10", d.p10}, {"p90", d.p90}, {"min", d.min}, {"max", d.max}, {"samples", d.samples}};
}

json spread_to_json(const Spread& s) { return {{"p50", s.p50}, {"p90", s.p90}, {"max", s.max}}; }

json token_to_json(const RoleToken& t) {
  json privileges = json::array();
  for (const auto& [name, enabled] : t.privileges) privileges.push_back({{"name", name}, {"enabled", enabled}});
  json j = {{"user", t.user},
            {"session_id", t.session_id ? json(*t.session_id) : json(nullptr)},
            {"integrity_level", t.integrity_level},
            {"elevated", t.elevated ? json(*t.elevated) : json(nullptr)},
            {"service", t.service},
            {"privileges", privileges}};
  if (t.uid) j["uid"] = *t.uid;
  if (t.gid) j["gid"] = *t.gid;
  return j;
}

const json& member(const json& object, const char* key) {
  static const json absent;
  if (!object.is_object()) return absent;
  const auto it = object.find(key);
  return it == object.end() ? absent : *it;
}

double number(const json& object, const char* key) {
  const json& v = member(object, key);
  return v.is_number() ? v.get<double>() : 0;
}

std::uint64_t unsigned_number(const json& object, const char* key) {
  const json& v = member(object, key);
  return v.is_number_unsigned() ? v.get<std::uint64_t>() : 0;
}

std::optional<std::int64_t> integer(const json& v) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(u);
  }
  if (v.is_number_integer()) return v.get<std::int64_t>();
  return std::nullopt;
}

bool flag(const json& object, const char* key) {
  const json& v = member(object, key);
  return v.is_boolean() && v.get<bool>();
}

std::string text(const json& object, const char* key) {
  const json& v = member(object, key);
  return v.is_string() ? v.get<std::string>() : "";
}

std::vector<double> numbers(const json& array) {
  std::vector<double> values;
  if (array.is_array()) {
    for (const auto& v : array) {
      if (v.is_number()) values.push_back(v.get<double>());
    }
  }
  return values;
}

std::vector<double> samples(const json& object) {
  std::vector<double> values;
  const json& array = member(object, "samples");
  if (array.is_array()) {
    for (const auto& v : array) {
      if (v.is_number()) values.push_back(v.get<double>());
    }
  }
  return values;
}

Distribution distribution_from_json(const json& j) {
  return {number(j, "median"), number(j, "p10"), number(j, "p90"), number(j, "min"), number(j, "max"), samples(j)};
}

Spread spread_from_json(const json& j) { return {number(j, "p50"), number(j, "p90"), number(j, "max")}; }

// An object whose every value is an integer; nothing for anything else.
std::optional<NamedCounts> counts_from_json(const json& j) {
  if (!j.is_object()) return std::nullopt;
  NamedCounts counts;
  for (const auto& [key, value] : j.items()) {
    const auto n = integer(value);
    if (!n) return std::nullopt;
    counts[key] = *n;
  }
  return counts;
}

RoleToken token_from_json(const json& j) {
  RoleToken t;
  t.user = text(j, "user");
  const json& session = member(j, "session_id");
  if (session.is_number_unsigned() && session.get<std::uint64_t>() <= std::numeric_limits<std::uint32_t>::max()) {
    t.session_id = session.get<std::uint32_t>();
  }
  t.integrity_level = text(j, "integrity_level");
  if (member(j, "elevated").is_boolean()) t.elevated = member(j, "elevated").get<bool>();
  t.service = flag(j, "service");
  if (member(j, "privileges").is_array()) {
    for (const auto& p : member(j, "privileges")) {
      if (p.is_object()) t.privileges.emplace_back(text(p, "name"), flag(p, "enabled"));
    }
  }
  t.uid = integer(member(j, "uid"));
  t.gid = integer(member(j, "gid"));
  return t;
}

ThroughputMetric throughput_from_json(const json& j) {
  ThroughputMetric t;
  t.mode = text(j, "mode");
  t.block_bytes = unsigned_number(j, "block_bytes");
  t.slots = unsigned_number(j, "slots");
  t.verify = flag(j, "verify");
  t.ring_gib_s = distribution_from_json(member(j, "ring_gib_s"));
  t.memcpy_gib_s = distribution_from_json(member(j, "memcpy_gib_s"));
  t.ratio_median = number(member(j, "ratio"), "median");
  t.bimodal = flag(j, "bimodal");
  // Absent in reports from before the zero-copy rows, the hand-off limit and the disturbance checks.
  if (const auto consume = text(j, "consume"); !consume.empty()) t.consume = consume;
  t.handoff_gib_s = distribution_from_json(member(j, "handoff_gib_s"));
  t.efficiency_median = number(member(j, "efficiency"), "median");
  t.limit = text(j, "limit");
  if (const json& d = member(j, "disturbance"); d.is_object()) {
    Disturbance disturbance;
    if (member(d, "steal_percent").is_number()) disturbance.steal_percent = number(d, "steal_percent");
    if (member(d, "frequency_changed").is_boolean()) disturbance.frequency_changed = flag(d, "frequency_changed");
    disturbance.reason = text(d, "reason");
    t.disturbance = std::move(disturbance);
  }
  if (const json& runs = member(j, "runs"); runs.is_object()) {
    t.run_medians = numbers(member(runs, "ring_gib_s"));
    t.handoff_run_medians = numbers(member(runs, "handoff_gib_s"));
  }
  return t;
}

RoundTripMetric round_trip_from_json(const json& j) {
  RoundTripMetric r;
  r.mode = text(j, "mode");
  const json& rt = member(j, "round_trip_ns");
  r.p50_ns = number(rt, "p50");
  r.p90_ns = number(rt, "p90");
  r.p99_ns = number(rt, "p99");
  r.p999_ns = number(rt, "p999");
  r.max_ns = number(rt, "max");
  r.samples = samples(rt);
  const json& c2c = member(j, "core_to_core_ns");
  r.core_to_core_p50_ns = number(c2c, "p50");
  r.core_to_core_samples = samples(c2c);
  r.ratio = number(j, "ratio");
  if (const json& runs = member(j, "runs"); runs.is_object()) {
    r.run_p50_ns = numbers(member(runs, "p50_ns"));
    r.core_to_core_run_p50_ns = numbers(member(runs, "core_to_core_p50_ns"));
  }
  return r;
}

CorePlacement placement_from_json(const json& j) {
  CorePlacement p;
  for (const auto& [key, value] : j.items()) {
    if (key == "pinned") p.pinned = value.is_boolean() && value.get<bool>();
    else if (key == "reason") p.reason = value.is_string() ? value.get<std::string>() : "";
    else if (const auto core = integer(value)) p.core_by_role[key] = *core;
  }
  return p;
}

}  // namespace

json to_json(const Metrics& m) {
  json j = json::object();
  if (!m.throughput.empty()) {
    json rows = json::array();
    for (const auto& t : m.throughput) {
      json row = {{"mode", t.mode}, {"block_bytes", t.block_bytes}, {"slots", t.slots}, {"verify", t.verify},
                  {"ring_gib_s", distribution_to_json(t.ring_gib_s)}, {"memcpy_gib_s", distribution_to_json(t.memcpy_gib_s)},
                  {"ratio", {{"median", t.ratio_median}}}, {"bimodal", t.bimodal}};
      // The keys added since schema version 1 only where they carry something, so that a report
      // from before them reads back to the very same JSON.
      if (t.consume != "copy") row["consume"] = t.consume;
      if (!t.handoff_gib_s.samples.empty() || t.handoff_gib_s.median > 0) {
        row["handoff_gib_s"] = distribution_to_json(t.handoff_gib_s);
        row["efficiency"] = {{"median", t.efficiency_median}};
      }
      if (!t.limit.empty()) row["limit"] = t.limit;
      if (t.disturbance) {
        const auto& d = *t.disturbance;
        row["disturbance"] = {{"steal_percent", d.steal_percent ? json(*d.steal_percent) : json(nullptr)},
                              {"frequency_changed", d.frequency_changed ? json(*d.frequency_changed) : json(nullptr)},
                              {"disturbed", !d.reason.empty()}, {"reason", d.reason}};
      }
      if (!t.run_medians.empty()) row["runs"] = {{"ring_gib_s", t.run_medians}, {"handoff_gib_s", t.handoff_run_medians}};
      rows.push_back(std::move(row));
    }
    j["throughput"] = rows;
  }
  if (!m.latency.empty()) {
    json rows = json::array();
    for (const auto& r : m.latency) {
      json row = {{"mode", r.mode},
                  {"round_trip_ns", {{"p50", r.p50_ns}, {"p90", r.p90_ns}, {"p99", r.p99_ns}, {"p999", r.p999_ns},
                                     {"max", r.max_ns}, {"samples", r.samples}}},
                  {"core_to_core_ns", {{"p50", r.core_to_core_p50_ns}, {"samples", r.core_to_core_samples}}},
                  {"ratio", r.ratio}};
      if (!r.run_p50_ns.empty()) row["runs"] = {{"p50_ns", r.run_p50_ns}, {"core_to_core_p50_ns", r.core_to_core_run_p50_ns}};
      rows.push_back(std::move(row));
    }
    j["latency"] = rows;
  }
  if (m.setup) j["setup"] = {{"bytes", m.setup->bytes}, {"create_map_touch_us_per_mib", distribution_to_json(m.setup->us_per_mib)}};
  if (m.race) {
    j["trials"] = m.race->trials;
    j["roles"] = m.race->roles;
    j["histogram"] = m.race->histogram;
    j["release_spread_us"] = spread_to_json(m.race->release_spread_us);
    j["create_us"] = spread_to_json(m.race->create_us);
    if (m.race->openers_that_saw_size_0) j["openers_that_saw_size_0"] = *m.race->openers_that_saw_size_0;
  }
  if (m.cores) {
    json cores = m.cores->core_by_role;
    cores["pinned"] = m.cores->pinned;
    if (!m.cores->reason.empty()) cores["reason"] = m.cores->reason;
    j["cores"] = cores;
  }
  for (const auto& [role, token] : m.tokens) j[role + kTokenSuffix] = token_to_json(token);
  for (const auto& [name, counts] : m.counts) j[name] = counts;
  for (const auto& entry : m.values) {
    // Not a structured binding: clang (the fuzz preset) cannot capture one in a lambda.
    auto& slot = j[entry.first];
    std::visit([&slot](const auto& v) { slot = v; }, entry.second);
  }
  return j;
}

Metrics metrics_from_json(const json& j) {
  Metrics m;
  if (!j.is_object()) return m;
  if (member(j, "throughput").is_array()) {
    for (const auto& row : j.at("throughput")) {
      if (row.is_object()) m.throughput.push_back(throughput_from_json(row));
    }
  }
  if (member(j, "latency").is_array()) {
    for (const auto& row : j.at("latency")) {
      if (row.is_object()) m.latency.push_back(round_trip_from_json(row));
    }
  }
  const json& setup = member(j, "setup");
  if (setup.is_object()) m.setup = SetupCost{unsigned_number(setup, "bytes"), distribution_from_json(member(setup, "create_map_touch_us_per_mib"))};
  const auto histogram = counts_from_json(member(j, "histogram"));
  if (histogram) {
    RaceMetric race;
    race.trials = integer(member(j, "trials")).value_or(0);
    race.roles = integer(member(j, "roles")).value_or(0);
    race.histogram = *histogram;
    race.release_spread_us = spread_from_json(member(j, "release_spread_us"));
    race.create_us = spread_from_json(member(j, "create_us"));
    race.openers_that_saw_size_0 = integer(member(j, "openers_that_saw_size_0"));
    m.race = std::move(race);
  }
  if (member(j, "cores").is_object()) m.cores = placement_from_json(j.at("cores"));
  for (const auto& [key, value] : j.items()) {
    static const char* const typed[] = {"throughput", "latency", "setup", "cores"};
    static const char* const race_keys[] = {"trials", "roles", "histogram", "release_spread_us", "create_us",
                                            "openers_that_saw_size_0"};
    if (std::find(std::begin(typed), std::end(typed), key) != std::end(typed)) continue;
    if (m.race && std::find(std::begin(race_keys), std::end(race_keys), key) != std::end(race_keys)) continue;
    const std::string suffix = kTokenSuffix;
    if (key.size() > suffix.size() && key.ends_with(suffix) && value.is_object()) {
      m.tokens[key.substr(0, key.size() - suffix.size())] = token_from_json(value);
    } else if (value.is_string()) {
      m.values[key] = value.get<std::string>();
    } else if (const auto n = integer(value)) {
      m.values[key] = *n;
    } else if (value.is_number()) {
      m.values[key] = value.get<double>();
    } else if (auto counts = counts_from_json(value)) {
      m.counts[key] = std::move(*counts);
    }
    // Anything else (flags, lists, other objects) is not a metric this version knows: skipped.
  }
  return m;
}

}  // namespace shmh::report
