// The create-or-open race: N roles released together by one barrier, many trials, exactly one
// creator each time, and everyone in one object.
#include <algorithm>
#include <map>

#include "catalogue.h"
#include "platform/shared_memory.h"
#include "reports/statistics.h"
#include "steps.h"

namespace shmh::scenarios {
namespace {

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return report::percentile_of_sorted(values, p);
}

nlohmann::json spread(const std::vector<double>& values) {
  return {{"p50", percentile(values, 0.5)}, {"p90", percentile(values, 0.9)},
          {"max", values.empty() ? 0 : *std::max_element(values.begin(), values.end())}};
}

void create_or_open_race(ScenarioContext& ctx) {
  const int racers = ctx.settings().roles;
  const int trials = ctx.settings().trials;
  const std::string exists = expected(ctx, "ERROR_ALREADY_EXISTS", "EEXIST");
  std::vector<RoleProcess*> roles;
  for (int i = 0; i < racers; ++i) {
    roles.push_back(&ctx.start_role("racer-" + std::to_string(i + 1)));
    ctx.attach_coordination(*roles.back());
  }
  ctx.set_journaling(false);  // thousands of observations: keep the first trial and anomalies only

  std::map<std::string, int> histogram;
  std::vector<double> release_spread_us, create_us;
  int bad_trials = 0, unsized_openers = 0;
  const std::string base = ctx.object_name("race");
  for (int trial = 1; trial <= trials; ++trial) {
    const std::string name = base + "-" + std::to_string(trial);
    for (RoleProcess* role : roles) {
      ctx.send(*role, {{"op", "race"}, {"name", name}, {"size", 4096}, {"trial", trial}, {"roles", racers},
                       {"timeout_ms", 10000}});
    }
    ctx.coordination().generation().store(static_cast<std::uint64_t>(trial), std::memory_order_release);
    std::vector<report::Observation> results;
    for (RoleProcess* role : roles) results.push_back(ctx.receive(*role));
    if (!ctx.on_windows()) (void)platform::unlink_mapping(name);  // POSIX names outlive the trial

    int creators = 0, already = 0, other = 0, wrong_count = 0;
    std::int64_t first_release = INT64_MAX, last_release = INT64_MIN;
    for (const auto& r : results) {
      const bool created = r.details.value("created", false);
      if (created && !r.error) ++creators;
      else if (r.error && r.error->symbol == exists) ++already;
      else ++other;
      if (!r.ok || r.details.value("count_seen", 0) != racers) ++wrong_count;
      if (r.details.value("saw_unsized", false)) ++unsized_openers;
      const auto released = r.details.value("released_ns", std::int64_t{0});
      first_release = std::min(first_release, released);
      last_release = std::max(last_release, released);
      create_us.push_back(r.details.value("create_ns", std::int64_t{0}) / 1000.0);
    }
    release_spread_us.push_back((last_release - first_release) / 1000.0);
    std::string key = std::to_string(creators) + " created, " + std::to_string(already) + " " + exists;
    if (other > 0) key += ", " + std::to_string(other) + " other";
    ++histogram[key];

    const bool broken = creators != 1 || already != racers - 1 || other != 0 || wrong_count != 0;
    if (trial == 1 || (broken && bad_trials < 5)) {
      for (auto& r : results) ctx.journal(r);
    }
    if (broken) {
      ++bad_trials;
      if (bad_trials <= 3) {
        ctx.record_failure("trial " + std::to_string(trial) + " broke the guarantee: " + key +
                           (wrong_count ? ", " + std::to_string(wrong_count) + " roles did not all meet in one object" : ""));
      }
    }
  }
  ctx.check(bad_trials == 0, std::to_string(bad_trials) + " of " + std::to_string(trials) + " trials broke the guarantee");
  ctx.metrics()["trials"] = trials;
  ctx.metrics()["roles"] = racers;
  ctx.metrics()["histogram"] = histogram;
  ctx.metrics()["release_spread_us"] = spread(release_spread_us);
  ctx.metrics()["create_us"] = spread(create_us);
  if (!ctx.on_windows()) ctx.metrics()["openers_that_saw_size_0"] = unsized_openers;
  char text[200];
  std::snprintf(text, sizeof text, "%d trials x %d roles: %s; release spread p50 %.0f us, p90 %.0f us",
                trials, racers, histogram.size() == 1 ? ("always " + histogram.begin()->first).c_str() : "mixed",
                percentile(release_spread_us, 0.5), percentile(release_spread_us, 0.9));
  ctx.note(text);
}

}  // namespace

void add_races(std::vector<Scenario>& out) {
  out.push_back({"race/create-or-open", {"race"},
                 "N roles create-or-open one name behind a start barrier, many trials: exactly one creator each time",
                 create_or_open_race});
}

}  // namespace shmh::scenarios
