// Races: N roles create-or-open behind one barrier (exactly one creator, one object), an opener
// polling before the creator exists, an opener mapping before the write, a writer that restarts.
#include <algorithm>
#include <map>

#include "scenarios/catalogue.h"
#include "harness/platform/shared_memory.h"
#include "reports/statistics.h"
#include "scenarios/steps.h"

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
  std::vector<RoleClient*> roles;
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
    for (RoleClient* role : roles) {
      ctx.send(*role, {{"op", "race"}, {"name", name}, {"size", 4096}, {"trial", trial}, {"roles", racers},
                       {"timeout_ms", 10000}});
    }
    ctx.coordination().generation().store(static_cast<std::uint64_t>(trial), std::memory_order_release);
    std::vector<report::Observation> results;
    for (RoleClient* role : roles) results.push_back(ctx.receive(*role));
    // POSIX names outlive the trial. Ignored on purpose: ENOENT when no racer created it (counted
    // below); anything else left carries the run id and goes with the run's names.
    if (!ctx.on_windows()) (void)platform::unlink_mapping(name);

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

void poll_before_create(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("polled");
  RoleClient& first = ctx.start_role("first");
  RoleClient& second = ctx.start_role("second");
  ctx.attach_coordination(second);
  ctx.send(second, {{"op", "poll_open"}, {"name", name}, {"flag", 0}, {"timeout_ms", 10000}});
  // Wait until second has failed at least once: the poll provably began before the create.
  ctx.require(Coordination::wait_at_least(ctx.coordination().flag(0), 1, ctx.deadline()),
              "second never started polling");
  const auto created = create_and_write(ctx, first, name, kSampleSize, kSampleMessage);
  const auto polled = ctx.receive(second);
  ctx.require(polled.ok, "second never saw the object: " + describe(polled));
  const auto attempts = polled.details.value("attempts", std::int64_t{0});
  const auto codes = polled.details.value("codes_before", nlohmann::json::object());
  const std::string missing = expected(ctx, "ERROR_FILE_NOT_FOUND", "ENOENT");
  ctx.check(attempts >= 2, "second's first open already succeeded");
  for (const auto& [symbol, count] : codes.items()) {
    ctx.check(symbol == missing, "while polling second saw " + symbol + " (" + count.dump() + " times), not only " + missing);
  }
  const double visible_us =
      (polled.details.value("visible_ns", std::int64_t{0}) - created.details.value("t_ns", std::int64_t{0})) / 1000.0;
  ctx.metrics()["attempts"] = attempts;
  ctx.metrics()["codes_before_visible"] = codes;
  ctx.metrics()["visible_after_create_returned_us"] = visible_us;
  ctx.call(second, {{"op", "map"}, {"access", "read"}});
  ctx.check(read_text(ctx, second) == kSampleMessage, "second did not read the message after it appeared");
  char text[160];
  std::snprintf(text, sizeof text, "%lld attempts saw only %s; visible %.1f us after the create returned",
                static_cast<long long>(attempts), missing.c_str(), visible_us);
  ctx.note(text);
}

void map_before_write(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("early");
  RoleClient& first = ctx.start_role("first");
  RoleClient& second = ctx.start_role("second");
  ctx.require(ctx.call(first, {{"op", "create"}, {"name", name}, {"size", kSampleSize}}).ok, "first could not create");
  ctx.call(first, {{"op", "map"}, {"access", "write"}});
  ctx.require(ctx.call(second, {{"op", "open"}, {"name", name}, {"access", "read"}}).ok, "second could not open");
  ctx.call(second, {{"op", "map"}, {"access", "read"}});
  const auto early = ctx.call(second, {{"op", "read"}});
  ctx.check(early.details.value("all_zero", false), "a fresh mapping was not zero-filled: read \"" +
                                                        early.details.value("text", "") + "\"");
  ctx.call(first, {{"op", "write"}, {"text", kSampleMessage}});
  const std::string late = read_text(ctx, second);
  ctx.check(late == kSampleMessage, "after first wrote, second read \"" + late + "\"");
  ctx.metrics()["fix"] =
      "signal after writing: first sets a named event (CreateEventW + SetEvent) that second waits for "
      "(WaitForSingleObject), or first stores a ready flag last with release semantics and second reads it with acquire";
  ctx.note("second mapped before first wrote and read " + std::to_string(kSampleSize) +
           " zero bytes: the classic sample has no synchronisation; after the write it read the message. The fix: " +
           ctx.metrics()["fix"].get<std::string>());
}

void writer_restarts(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("restart");
  RoleClient& writer = ctx.start_role("writer");
  RoleClient& reader = ctx.start_role("reader");
  create_and_write(ctx, writer, name, 4096, "version 1");
  ctx.require(open_and_read(ctx, reader, name) == "version 1", "reader did not read version 1");
  ctx.finish_role(writer);

  RoleClient& restarted = ctx.start_role("writer-restarted");
  const auto again = ctx.call(restarted, {{"op", "create"}, {"name", name}, {"size", 64 * 1024}});
  ctx.expect_code(again, expected(ctx, "ERROR_ALREADY_EXISTS", "EEXIST"), "the restarted writer's create");
  if (!ctx.on_windows()) {
    ctx.require(ctx.call(restarted, {{"op", "open"}, {"name", name}, {"access", "write"}}).ok, "restarted writer cannot open");
  }
  const auto mapped = ctx.call(restarted, {{"op", "map"}, {"access", "read"}});
  ctx.require(mapped.ok, "the restarted writer cannot map: " + describe(mapped));
  const auto size = mapped.details.value("region_size", mapped.details.value("length", std::uint64_t{0}));
  ctx.check(size < 64 * 1024, "the object took the new size " + std::to_string(size));
  const std::string text = read_text(ctx, restarted);
  ctx.check(text == "version 1", "the restarted writer found \"" + text + "\", not the old contents");
  ctx.note("the reader kept it alive: " + describe(again) + ", old size " + std::to_string(size) + ", old contents");
}

}  // namespace

void add_races(std::vector<Scenario>& out) {
  out.push_back({"race/create-or-open", {"race"},
                 "N roles create-or-open one name behind a start barrier, many trials: exactly one creator each time",
                 create_or_open_race});
  out.push_back({"race/poll-before-create", {"race"},
                 "an opener polling before the creator exists sees only 2 (ENOENT), then the object", poll_before_create});
  out.push_back({"race/map-before-write", {"race"},
                 "an opener that maps before the creator wrote reads zeros: the sample has no synchronisation",
                 map_before_write});
  out.push_back({"race/writer-restarts", {"race"},
                 "a writer that restarts while a reader holds the object gets 183 with the old size and contents",
                 writer_restarts});
}

}  // namespace shmh::scenarios
