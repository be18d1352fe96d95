// Throughput and latency through the shared mapping, each figure beside its in-run yardsticks:
// ring ÷ the two-core hand-off limit (and single-thread memcpy beside it) at the same block size,
// ping-pong ÷ core-to-core round trip; each throughput row says whether the machine was disturbed.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "scenarios/benchmark_runner.h"
#include "scenarios/catalogue.h"
#include "harness/platform/boost_queue.h"
#include "harness/platform/cpu.h"
#include "harness/platform/cpu_activity.h"
#include "scenarios/disturbance.h"
#include "harness/platform/system_info.h"
#include "harness/platform/wake_signal.h"
#include "reports/format.h"
#include "reports/statistics.h"
#include "scenarios/steps.h"

namespace shmh::scenarios {
namespace {

using nlohmann::json;

constexpr std::uint64_t KiB = 1024, MiB = 1024 * 1024;
// Repetitions of every streaming measurement in a default run (3 with --quick).
constexpr int kStreamRepetitions = 9;

std::string label(std::uint64_t bytes) { return report::format_size(bytes); }

// --repetitions when given, else 3 with --quick, else the scenario's own default.
int repetitions_of(const ScenarioContext& ctx, int by_default) {
  if (ctx.settings().repetitions > 0) return ctx.settings().repetitions;
  return ctx.settings().quick ? 3 : by_default;
}

// Two roles pinned to cores 0 and 1 where there are two cores; says where they ran.
std::pair<RoleClient*, RoleClient*> start_pair(ScenarioContext& ctx, const char* a, const char* b,
                                                report::CorePlacement& cores) {
  RoleClient& first = ctx.start_role(a);
  RoleClient& second = ctx.start_role(b);
  ctx.attach_coordination(first);
  ctx.attach_coordination(second);
  if (platform::machine_info().logical_cores >= 2) {
    const auto pa = ctx.call(first, cmd::Pin{.core = 0});
    const auto pb = ctx.call(second, cmd::Pin{.core = 1});
    cores = report::CorePlacement{{{a, pa.reply.running_on}, {b, pb.reply.running_on}}, pa.ok && pb.ok, ""};
  } else {
    cores = report::CorePlacement{{}, false, "one logical core: both roles share it"};
  }
  return {&first, &second};
}

// Spinning with both roles on one core starves the peer (16x slower than blocking): use hybrid.
std::vector<std::string> sync_modes(ScenarioContext& ctx) {
  if (platform::machine_info().logical_cores >= 2) return {"spin", "hybrid", "blocking"};
  ctx.note("one logical core: spin runs as hybrid, since a spinning role would starve its peer");
  return {"hybrid", "blocking"};
}

// Sends one command to each role of a pair, releases both through the coordination mapping's
// start flag (trial numbers only grow), and returns both answers.
template <typename A, typename B>
std::pair<Answer<A>, Answer<B>> release_pair(ScenarioContext& ctx, std::uint64_t& trial, RoleClient& a, A a_command,
                                             RoleClient& b, B b_command) {
  ++trial;
  a_command.trial = trial;
  b_command.trial = trial;
  ctx.send(a, a_command);
  ctx.send(b, b_command);
  ctx.coordination().generation().store(trial, std::memory_order_release);
  auto first = ctx.receive<A>(a);
  auto second = ctx.receive<B>(b);
  return {std::move(first), std::move(second)};
}

// Results in clusters (a VM moving vCPUs): a gap wider than a quarter of the median between
// two groups of at least two samples each.
bool bimodal(std::vector<double> values) {
  if (values.size() < 4) return false;
  std::sort(values.begin(), values.end());
  const double middle = report::percentile_of_sorted(values, 0.5);
  for (std::size_t i = 2; i + 2 <= values.size(); ++i) {
    if (values[i] - values[i - 1] > 0.25 * middle) return true;
  }
  return false;
}

void stream(ScenarioContext& ctx) {
  const bool quick = ctx.settings().quick;
  const int repetitions = repetitions_of(ctx, kStreamRepetitions);
  const std::vector<std::uint64_t> blocks =
      quick ? std::vector<std::uint64_t>{4 * KiB, 64 * KiB, 1 * MiB}
            : std::vector<std::uint64_t>{4 * KiB, 64 * KiB, 256 * KiB, 1 * MiB, 4 * MiB, 64 * MiB};
  const auto kSlots = static_cast<std::uint64_t>(ctx.settings().slots);
  report::CorePlacement cores;
  // Plain pointers, not a structured binding: the lambdas below capture them.
  const auto roles = start_pair(ctx, "writer", "reader", cores);
  RoleClient* writer = roles.first;
  RoleClient* reader = roles.second;
  const auto modes = sync_modes(ctx);
  // Zero-copy rows for the modes built for speed; blocking pays a wake-up per block either way.
  std::vector<std::string> zero_copy_modes;
  for (const auto& mode : modes) {
    if (mode != "blocking") zero_copy_modes.push_back(mode);
  }
  // A hand-off between two cores needs two cores.
  const bool with_handoff = platform::machine_info().logical_cores >= 2;
  if (!with_handoff) ctx.note("one logical core: no two-core hand-off limit, efficiency not reported");
  std::uint64_t trial = 0;

  // About 256 MiB a repetition (32 MiB with --quick), at least 8 blocks: with the hand-off and
  // the zero-copy rows, 8 measurements a block size, and the default sweep must stay well inside
  // the scenario's 60 s on a quiet machine (64 MiB blocks: 512 MiB a repetition).
  auto blocks_per_repetition = [&](std::uint64_t block) {
    const std::uint64_t budget = quick ? 32 * MiB : 256 * MiB;
    return std::clamp<std::uint64_t>(budget / block, 8, quick ? 2048 : 8192);
  };
  // One timed transfer: both sides released together; time from the writer's start to the
  // reader's last block.
  auto transfer = [&](const std::string& ring, std::uint64_t count, const std::string& mode, bool verify,
                      const char* consume = "copy") {
    ctx.call(*writer, cmd::RingReset{.ring = ring});
    const auto [wrote, read] = release_pair(ctx, trial, *writer, cmd::RingWrite{.ring = ring, .count = count, .mode = mode, .verify = verify,
                                                                                .delay_ns_per_kib = ctx.settings().inject_delay_ns_per_kib},
                                            *reader, cmd::RingRead{.ring = ring, .count = count, .mode = mode, .verify = verify, .consume = consume,
                                                                                   .delay_ns_per_kib = ctx.settings().inject_delay_ns_per_kib});
    const double ns = static_cast<double>(read.reply.end_ns - wrote.reply.start_ns);
    return std::make_pair(ns, read.reply.mismatches);
  };
  // The hand-off limit, timed the same way between the same two roles.
  auto handoff = [&](const std::string& ring, std::uint64_t count, const char* consume = "copy") {
    ctx.call(*writer, cmd::RingReset{.ring = ring});
    const auto [wrote, read] = release_pair(ctx, trial, *writer, cmd::HandoffWrite{.ring = ring, .count = count},
                                            *reader, cmd::HandoffRead{.ring = ring, .count = count, .consume = consume});
    if (!wrote.ok || !read.ok) throw RoleFailure(RoleFailure::Kind::protocol, "the hand-off failed: " + describe(read));
    return static_cast<double>(read.reply.end_ns - wrote.reply.start_ns);
  };
  const std::uint64_t chunk = ctx.settings().chunk;
  auto attach = [&](const std::string& name, std::uint64_t slots, std::uint64_t block) {
    const auto made = ctx.call(*writer, cmd::RingAttach{.name = name, .slots = slots, .block = block, .create = true, .chunk = chunk});
    ctx.require(made.ok, "the writer cannot create the " + label(block) + " ring: " + describe(made));
    const auto joined = ctx.call(*reader, cmd::RingAttach{.name = name, .slots = slots, .block = block, .chunk = chunk});
    ctx.require(joined.ok, "the reader cannot open the " + label(block) + " ring: " + describe(joined));
  };
  // Every repetition also records what else the CPUs went through meanwhile.
  auto measured = [](std::string name, std::function<double(std::map<std::string, double>&)> run) {
    return Measurement{std::move(name), "bytes_per_second", [run](std::map<std::string, double>& c) {
      const auto before = platform::read_cpu_activity();
      const double seconds = run(c);
      record_activity(before, c);
      return seconds;
    }};
  };

  std::vector<Measurement> measurements;
  for (std::uint64_t block : blocks) {
    const std::string ring = ctx.object_name("ring" + std::to_string(block));
    attach(ring, kSlots, block);
    const auto count = blocks_per_repetition(block);
    // Correctness first, untimed: every block arrives intact in every mode. It also warms the
    // ring's pages and both caches before any timing.
    for (const auto& mode : modes) {
      const auto [ns, mismatches] = transfer(ring, std::min<std::uint64_t>(count, 64), mode, true);
      ctx.check(mismatches == 0, std::to_string(mismatches) + " corrupted blocks of " + label(block) + " in " + mode + " mode");
    }
    measurements.push_back(measured("memcpy/" + label(block), [&, block, count](std::map<std::string, double>& c) {
      const auto o = ctx.call(*writer, cmd::MemcpyBaseline{.block = block, .count = count});
      const double seconds = o.reply.ns / 1e9;
      c["bytes_per_second"] = static_cast<double>(block * count) / seconds;
      return seconds;
    }));
    if (with_handoff) {
      const std::string buffers = ctx.object_name("handoff" + std::to_string(block));
      attach(buffers, std::max<std::uint64_t>(kSlots, 2), block);
      (void)handoff(buffers, std::min<std::uint64_t>(count, 64));  // warm-up, untimed
      measurements.push_back(measured("handoff/" + label(block), [&, buffers, block, count](std::map<std::string, double>& c) {
        const double ns = handoff(buffers, count);
        c["bytes_per_second"] = static_cast<double>(block * count) / (ns / 1e9);
        return ns / 1e9;
      }));
      // The zero-copy rows' own limit: the same hand-off, the reader reading in place.
      if (!zero_copy_modes.empty()) {
        (void)handoff(buffers, std::min<std::uint64_t>(count, 64), "in-place");
        measurements.push_back(measured("handoff-zero-copy/" + label(block), [&, buffers, block, count](std::map<std::string, double>& c) {
          const double ns = handoff(buffers, count, "in-place");
          c["bytes_per_second"] = static_cast<double>(block * count) / (ns / 1e9);
          return ns / 1e9;
        }));
      }
    }
    auto add_ring = [&](const std::string& mode, const char* consume) {
      const std::string name = "ring/" + mode + (std::string(consume) == "copy" ? "" : "/zero-copy") + "/" + label(block);
      measurements.push_back(measured(name, [&, ring, block, count, mode, consume](std::map<std::string, double>& c) {
        const bool verify = ctx.settings().verify && std::string(consume) == "copy";
        const auto [ns, mismatches] = transfer(ring, count, mode, verify, consume);
        if (mismatches != 0) throw RoleFailure(RoleFailure::Kind::protocol, "the reader saw corrupted blocks while measuring");
        c["bytes_per_second"] = static_cast<double>(block * count) / (ns / 1e9);
        return ns / 1e9;
      }));
    };
    for (const auto& mode : modes) add_ring(mode, "copy");
    for (const auto& mode : zero_copy_modes) add_ring(mode, "in-place");
  }
  // Boost's queues at the same sizes, same roles, same run: Boost.Interprocess message_queue, and
  // boost::lockfree::spsc_queue of slot indices in a shared mapping (the stronger peer: lock-free,
  // spinning like the ring).
  const bool with_boost = platform::boost_queue_available();
  const bool with_spsc = with_boost && kSlots <= platform::BoostQueue::kMaxSpscSlots && platform::machine_info().logical_cores >= 2;
  if (with_boost) {
    for (std::uint64_t block : blocks) {
      for (const char* kind : {"mq", "spsc"}) {
        const bool spsc = std::string(kind) == "spsc";
        if (spsc && !with_spsc) continue;
        const std::string queue = ctx.object_name(std::string(kind) + std::to_string(block));
        const std::string kind_name = spsc ? "spsc" : "message_queue";
        const auto made = ctx.call(*writer, cmd::QueueAttach{.name = queue, .slots = kSlots, .block = block, .create = true, .kind = kind_name});
        ctx.require(made.ok, "cannot create the Boost " + kind_name + ": " + describe(made));
        ctx.require(ctx.call(*reader, cmd::QueueAttach{.name = queue, .slots = kSlots, .block = block, .kind = kind_name}).ok,
                    "cannot open the Boost " + kind_name);
        const auto count = blocks_per_repetition(block);
        const std::string row_name = spsc ? "boost-spsc/" : "boost-mq/";
        measurements.push_back(measured(row_name + label(block), [&, queue, block, count](std::map<std::string, double>& c) {
          const auto [sent, got] = release_pair(ctx, trial, *writer, cmd::QueueSend{.name = queue, .count = count},
                                                *reader, cmd::QueueReceive{.name = queue, .count = count});
          if (!got.ok) throw RoleFailure(RoleFailure::Kind::protocol, "the Boost queue delivered wrong sizes");
          const double ns = static_cast<double>(got.reply.end_ns - sent.reply.start_ns);
          c["bytes_per_second"] = static_cast<double>(block * count) / (ns / 1e9);
          return ns / 1e9;
        }));
      }
    }
  }
  std::printf("  %zu measurements x %d repetitions, interleaved at random\n", measurements.size(), repetitions);
  // Other processes' work is not steal: the load average before and after says how busy the
  // machine was (the roles' own spinning adds up to about 2).
  const auto load_before = platform::load_average();
  const auto results = run_benchmarks(ctx, measurements, repetitions, ctx.settings().report_dir + "/benchmark-stream.json");
  const auto load_after = platform::load_average();

  const double gib = 1.0 / static_cast<double>(1ull << 30);
  std::vector<report::ThroughputMetric> rows;
  std::string targets;
  std::size_t disturbed = 0;
  static const BenchmarkResult kNone;
  auto row_of = [&](const std::string& mode, const char* consume, std::uint64_t block, const BenchmarkResult& measured_row) {
    const auto& base = results.at("memcpy/" + label(block));
    // A zero-copy row against the zero-copy hand-off (where measured), a copy-out row against the copy-out one.
    const bool in_place = std::string(consume) != "copy";
    const auto zc = results.find("handoff-zero-copy/" + label(block));
    const auto it = in_place && zc != results.end() ? zc : results.find("handoff/" + label(block));
    const auto& limit = it != results.end() ? it->second : kNone;
    report::ThroughputMetric row;
    row.mode = mode;
    row.block_bytes = block;
    row.slots = kSlots;
    row.verify = ctx.settings().verify && std::string(consume) == "copy" && mode.rfind("boost-", 0) != 0;
    row.consume = std::string(consume) == "copy" ? "copy" : "zero-copy";
    row.ring_gib_s = report::distribution_of(measured_row.samples, gib);
    row.memcpy_gib_s = report::distribution_of(base.samples, gib);
    const double median = measured_row.summary.count > 0 ? measured_row.summary.median : 0;
    row.ratio_median = base.summary.median > 0 ? median / base.summary.median : 0;
    if (limit.summary.count > 0) {
      row.limit = in_place && zc != results.end() ? "zero-copy hand-off" : "hand-off";
      row.handoff_gib_s = report::distribution_of(limit.samples, gib);
      row.efficiency_median = limit.summary.median > 0 ? median / limit.summary.median : 0;
    }
    row.bimodal = bimodal(measured_row.samples);
    row.disturbance = disturbance_of({&measured_row, &base, &limit}, row.handoff_gib_s);
    if (!row.disturbance->reason.empty()) ++disturbed;
    return row;
  };
  for (std::uint64_t block : blocks) {
    auto add = [&](const std::string& mode, const char* consume) {
      const std::string name = "ring/" + mode + (std::string(consume) == "copy" ? "" : "/zero-copy") + "/" + label(block);
      const auto& ring = results.at(name);
      ctx.check(ring.summary.count > 0, "no figures for " + name);
      rows.push_back(row_of(mode, consume, block, ring));
    };
    for (const auto& mode : modes) add(mode, "copy");
    for (const auto& mode : zero_copy_modes) add(mode, "in-place");
    for (const auto& row : rows) {
      if (row.block_bytes != block || row.mode == "blocking" || (block != 64 * KiB && block != MiB && block != 4 * MiB)) {
        continue;
      }
      char text[160];
      std::snprintf(text, sizeof text, "%s%s%s %s %.2f of the %s limit (target >= 0.85)", targets.empty() ? "" : "; ",
                    row.mode.c_str(), row.consume == "copy" ? "" : " zero-copy", label(block).c_str(), row.efficiency_median,
                    row.limit.c_str());
      if (with_handoff) targets += text;
    }
  }
  if (with_boost) {
    for (std::uint64_t block : blocks) {
      const auto& mq = results.at("boost-mq/" + label(block));
      const auto& ring = results.at("ring/" + modes.front() + "/" + label(block));
      const double mq_median = mq.summary.median;
      rows.push_back(row_of("boost-mq", "copy", block, mq));
      if (with_spsc) {
        const auto& spsc = results.at("boost-spsc/" + label(block));
        rows.push_back(row_of("boost-spsc", "copy", block, spsc));
        if (block >= 4 * KiB && block <= 4 * MiB && spsc.summary.median > 0 && ring.summary.count > 0) {
          char text[96];
          std::snprintf(text, sizeof text, "; %s %s is %.2fx boost spsc_queue (target >= 1.0)", modes.front().c_str(),
                        label(block).c_str(), ring.summary.median / spsc.summary.median);
          targets += text;
        }
      }
      if ((block == 64 * KiB || block == MiB) && mq_median > 0 && ring.summary.count > 0) {
        char text[96];
        std::snprintf(text, sizeof text, "; %s %s is %.1fx Boost message_queue (target >= 3)", modes.front().c_str(),
                      label(block).c_str(), ring.summary.median / mq_median);
        targets += text;
      }
    }
  }
  ctx.metrics().throughput = std::move(rows);
  ctx.metrics().cores = cores;
  ctx.metrics().values["repetitions"] = repetitions;
  ctx.metrics().values["chunk_bytes"] = static_cast<std::int64_t>(chunk);
  if (ctx.settings().inject_delay_ns_per_kib > 0) {
    ctx.metrics().values["injected_delay_ns_per_kib"] = ctx.settings().inject_delay_ns_per_kib;
  }
  ctx.metrics().values["wake_mechanism"] = platform::wake_mechanism();
  ctx.metrics().values["steal_source"] = platform::steal_source();
  ctx.metrics().values["frequency_source"] = platform::frequency_source();
  ctx.metrics().values["disturbed_rows"] = static_cast<std::int64_t>(disturbed);
  if (load_before && load_after) {
    ctx.metrics().values["load_average_before"] = *load_before;
    ctx.metrics().values["load_average_after"] = *load_after;
  } else {
    ctx.metrics().values["load_average_before"] = std::string("not available: this OS keeps no load average");
  }
  ctx.metrics().values["google_benchmark_json"] = "benchmark-stream.json";
  if (platform::machine_info().wine_version) {
    ctx.metrics().values["caveat"] = "under Wine, blocking waits go through wineserver: blocking and hybrid figures do not represent Windows";
  }
  if (disturbed > 0) targets += "; " + std::to_string(disturbed) + " rows measured on a disturbed machine (see their notes)";
  ctx.note(targets.empty() ? "figures in metrics" : targets);
}

void round_trip(ScenarioContext& ctx) {
  const bool quick = ctx.settings().quick;
  const int repetitions = repetitions_of(ctx, 9);
  report::CorePlacement cores;
  const auto roles = start_pair(ctx, "pinger", "ponger", cores);
  RoleClient* pinger = roles.first;
  RoleClient* ponger = roles.second;
  const auto modes = sync_modes(ctx);
  const std::string ring = ctx.object_name("pingpong");
  ctx.require(ctx.call(*pinger, cmd::RingAttach{.name = ring, .slots = 1, .block = 64, .create = true}).ok,
              "cannot create the ping-pong mapping");
  ctx.require(ctx.call(*ponger, cmd::RingAttach{.name = ring, .slots = 1, .block = 64}).ok,
              "cannot open the ping-pong mapping");
  std::uint64_t trial = 0;
  auto counts = [&](const std::string& mode) -> std::uint64_t {
    if (mode == "blocking") return quick ? 300 : 2000;
    return quick ? 2000 : 20000;
  };
  auto set_percentiles = [](const cmd::Percentiles& rt, std::map<std::string, double>& c) {
    c["p50_ns"] = rt.p50;
    c["p90_ns"] = rt.p90;
    c["p99_ns"] = rt.p99;
    c["p999_ns"] = rt.p999;
    c["max_ns"] = rt.max;
    return rt.p50 / 1e9;
  };
  std::vector<Measurement> measurements;
  measurements.push_back({"core-to-core", "p50_ns", [&](std::map<std::string, double>& c) {
    const auto o = ctx.call(*pinger, cmd::CoreToCoreBaseline{.count = quick ? 2000u : 20000u, .cores = std::vector<unsigned>{0, 1}});
    return set_percentiles(o.reply.round_trip_ns, c);
  }});
  for (const auto& mode : modes) {
    measurements.push_back({"pingpong/" + mode, "p50_ns", [&, mode](std::map<std::string, double>& c) {
      ctx.call(*pinger, cmd::RingReset{.ring = ring});
      const auto pinged = release_pair(ctx, trial, *pinger, cmd::Ping{.ring = ring, .count = counts(mode), .mode = mode},
                                       *ponger, cmd::Pong{.ring = ring, .count = counts(mode), .mode = mode}).first;
      return set_percentiles(pinged.reply.round_trip_ns, c);
    }});
  }
  const auto results = run_benchmarks(ctx, measurements, repetitions, ctx.settings().report_dir + "/benchmark-round-trip.json");
  const auto& c2c = results.at("core-to-core");
  auto median_of = [](const BenchmarkResult& r, const char* counter) {
    const auto it = r.counters.find(counter);
    return it == r.counters.end() ? 0.0 : report::median(it->second);
  };
  const double c2c_p50 = median_of(c2c, "p50_ns");
  std::vector<report::RoundTripMetric> rows;
  std::string note;
  for (const auto& mode : modes) {
    const auto& r = results.at("pingpong/" + mode);
    report::RoundTripMetric row;
    row.mode = mode;
    row.p50_ns = median_of(r, "p50_ns");
    row.p90_ns = median_of(r, "p90_ns");
    row.p99_ns = median_of(r, "p99_ns");
    row.p999_ns = median_of(r, "p999_ns");
    row.samples = r.samples;
    const auto maxes = r.counters.count("max_ns") ? r.counters.at("max_ns") : std::vector<double>{};
    row.max_ns = maxes.empty() ? 0 : *std::max_element(maxes.begin(), maxes.end());
    row.core_to_core_p50_ns = c2c_p50;
    row.core_to_core_samples = c2c.samples;
    row.ratio = c2c_p50 > 0 ? row.p50_ns / c2c_p50 : 0;
    ctx.check(row.p50_ns > 0, "no round-trip figures for " + mode);
    char text[96];
    std::snprintf(text, sizeof text, "%s%s p50 %.0f ns (%.2fx core-to-core)", note.empty() ? "" : "; ", mode.c_str(),
                  row.p50_ns, row.ratio);
    rows.push_back(std::move(row));
    note += text;
  }
  ctx.check(c2c_p50 > 0, "no core-to-core baseline");
  ctx.metrics().latency = std::move(rows);
  ctx.metrics().cores = cores;
  ctx.metrics().values["wake_mechanism"] = platform::wake_mechanism();
  if (platform::machine_info().wine_version) {
    ctx.metrics().values["caveat"] = "under Wine, events go through wineserver (80-190 us a round trip): blocking figures do not represent Windows";
  }
  char base[64];
  std::snprintf(base, sizeof base, "; core-to-core p50 %.0f ns (spin target: within 1.3x)", c2c_p50);
  ctx.note(note + base);
}

void setup_cost(ScenarioContext& ctx) {
  const bool quick = ctx.settings().quick;
  const std::uint64_t size = quick ? 16 * MiB : 64 * MiB;
  RoleClient& role = ctx.start_role("creator");
  const std::string base = ctx.object_name("setup");
  int round = 0;
  std::vector<Measurement> measurements;
  measurements.push_back({"setup/" + label(size), "us_per_mib", [&](std::map<std::string, double>& c) {
    const auto o = ctx.call(role, cmd::SetupCost{.name = base + "-" + std::to_string(++round), .size = size});
    if (!o.ok) throw RoleFailure(RoleFailure::Kind::protocol, "setup failed: " + describe(o));
    const double ns = o.reply->ns;
    c["us_per_mib"] = ns / 1000.0 / static_cast<double>(size / MiB);
    return ns / 1e9;
  }});
  const auto results = run_benchmarks(ctx, measurements, repetitions_of(ctx, 9), ctx.settings().report_dir + "/benchmark-setup.json");
  const auto& r = results.at("setup/" + label(size));
  ctx.check(r.summary.median > 0, "no setup figures");
  ctx.metrics().setup = report::SetupCost{size, report::distribution_of(r.samples)};
  char text[96];
  std::snprintf(text, sizeof text, "create + map + first touch: %.1f us per MiB (median of %zu)",
                r.summary.median, r.samples.size());
  ctx.note(text);
}

}  // namespace

void add_throughput(std::vector<Scenario>& out) {
  out.push_back({"throughput/stream", {"throughput"},
                 "blocks through a ring in the mapping, writer to reader, per sync mode, against memcpy", stream, {"--quick"}});
  out.push_back({"throughput/round-trip", {"throughput"},
                 "ping-pong round trip per sync mode, against a core-to-core round trip", round_trip, {"--quick"}});
  out.push_back({"throughput/setup", {"throughput"}, "create + map + first touch of every page, per MiB", setup_cost,
                 {"--quick"}});
}

}  // namespace shmh::scenarios
