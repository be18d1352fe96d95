// Typed metrics of a scenario: what the throughput, round-trip, setup and race scenarios
// measured, and a small bag of named values for the rest. Only reports/json_report.cpp knows
// their report.json keys (docs/report-schema.md, "metrics").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "reports/statistics.h"

namespace shmh::report {

// A figure over repetitions: its summary and the value of every repetition (compare tests
// differences on the samples).
struct Distribution {
  double median = 0, p10 = 0, p90 = 0, min = 0, max = 0;
  std::vector<double> samples;
  bool operator==(const Distribution&) const = default;
};
// The summary of `samples` (statistics.h's percentile rule), scaled by `scale` (a unit change).
Distribution distribution_of(const std::vector<double>& samples, double scale = 1.0);

// What else the machine went through while a row was measured, over the repetitions of the row
// and of its baselines.
struct Disturbance {
  std::optional<double> steal_percent;      // steal over all of them, % of all CPU time; none: the OS shows none
  std::optional<bool> frequency_changed;    // whether any CPU's frequency changed; none: the OS shows none
  std::string reason;                       // "" or why the row counts as measured on a disturbed machine
  bool operator==(const Disturbance&) const = default;
};

// throughput/stream: one sync mode and block size, against the two-core hand-off limit and the
// single-core memcpy of the same block size, with what disturbed the machine meanwhile.
struct ThroughputMetric {
  std::string mode;  // spin, hybrid, blocking, boost-mq
  std::uint64_t block_bytes = 0;
  std::uint64_t slots = 0;
  bool verify = false;
  std::string consume = "copy";  // the reader copies each block out ("copy") or reads it in place ("zero-copy")
  Distribution ring_gib_s;
  Distribution memcpy_gib_s;
  double ratio_median = 0;  // ring median ÷ memcpy median
  Distribution handoff_gib_s;    // the two-core hand-off limit; empty in reports from before it
  // Which hand-off handoff_gib_s is: "hand-off" (the reader copies out) or "zero-copy hand-off"
  // (the reader reads in place: a zero-copy row's own limit); "" in reports from before it.
  std::string limit;
  double efficiency_median = 0;  // ring median ÷ hand-off median; 0 without a hand-off figure
  bool bimodal = false;     // the repetitions fall in clusters (a VM moving vCPUs)
  std::optional<Disturbance> disturbance;  // absent in reports from before it was measured
  // One figure per run (`run --runs N`): the median of each run's repetitions, ring and hand-off
  // limit, GiB/s. compare tests these: repetitions inside one run share the run's luck. Empty in
  // reports from before runs; one value for a single run.
  std::vector<double> run_medians;
  std::vector<double> handoff_run_medians;
  bool operator==(const ThroughputMetric&) const = default;
};

// throughput/round-trip: one sync mode's ping-pong against a core-to-core round trip. The
// percentiles are medians over the repetitions, `max` the largest seen; samples are the
// per-repetition p50.
struct RoundTripMetric {
  std::string mode;
  double p50_ns = 0, p90_ns = 0, p99_ns = 0, p999_ns = 0, max_ns = 0;
  std::vector<double> samples;
  double core_to_core_p50_ns = 0;
  std::vector<double> core_to_core_samples;
  double ratio = 0;  // p50 ÷ core-to-core p50
  // One figure per run (`run --runs N`): each run's p50 (median over its repetitions) and its
  // core-to-core p50, ns. Empty in reports from before runs.
  std::vector<double> run_p50_ns;
  std::vector<double> core_to_core_run_p50_ns;
  bool operator==(const RoundTripMetric&) const = default;
};

// throughput/setup: create + map + first touch of every page.
struct SetupCost {
  std::uint64_t bytes = 0;
  Distribution us_per_mib;
  bool operator==(const SetupCost&) const = default;
};

// A spread of timings over the trials of a race.
struct Spread {
  double p50 = 0, p90 = 0, max = 0;
  bool operator==(const Spread&) const = default;
};
Spread spread_of(const std::vector<double>& values);

// Counts by name: outcomes per trial, codes seen, handle counts.
using NamedCounts = std::map<std::string, std::int64_t>;

// race/create-or-open: outcomes of N roles creating-or-opening behind one barrier.
struct RaceMetric {
  std::int64_t trials = 0;
  std::int64_t roles = 0;
  NamedCounts histogram;  // "1 created, 7 ERROR_ALREADY_EXISTS" -> trials
  Spread release_spread_us;
  Spread create_us;
  std::optional<std::int64_t> openers_that_saw_size_0;  // POSIX: found before the ftruncate
  bool operator==(const RaceMetric&) const = default;
};

// Where a pair of roles ran: the core of each role when pinned, or why they were not.
struct CorePlacement {
  std::map<std::string, std::int64_t> core_by_role;  // -1: the role could not tell
  bool pinned = false;
  std::string reason;  // why not pinned; "" when pinned
  bool operator==(const CorePlacement&) const = default;
};

// The token a role with less power really got (privilege scenarios).
struct RoleToken {
  std::string user;
  std::optional<std::uint32_t> session_id;
  std::string integrity_level;  // Windows
  std::optional<bool> elevated;  // Windows
  bool service = false;
  std::vector<std::pair<std::string, bool>> privileges;  // name, enabled
  std::optional<std::int64_t> uid, gid;                 // POSIX
  bool operator==(const RoleToken&) const = default;
};

// A scenario-specific scalar: a count or size, a measured real number, or a description.
// One name holds one value: setting it again replaces it, whatever its kind.
using Value = std::variant<std::int64_t, double, std::string>;

struct Metrics {
  std::vector<ThroughputMetric> throughput;
  std::vector<RoundTripMetric> latency;
  std::optional<SetupCost> setup;
  std::optional<RaceMetric> race;
  std::optional<CorePlacement> cores;
  std::map<std::string, RoleToken> tokens;  // by role name
  std::map<std::string, NamedCounts> counts;  // "handles", "codes_before_visible", ...
  std::map<std::string, Value> values;      // "size_seen_by_second", "exit", "caveat", ...
  bool empty() const;
  bool operator==(const Metrics&) const = default;
};

}  // namespace shmh::report
