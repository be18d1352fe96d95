// What disturbed the machine while a throughput row was measured: steal, frequency changes, a
// baseline that moved (scenarios/disturbance.h).
#include "scenarios/disturbance.h"

#include <cstdio>

namespace shmh::scenarios {
namespace {

// A row counts as measured on a disturbed machine above this much steal (percent of all CPU time
// over its repetitions and its baselines'), or when the hand-off limit itself spread this widely
// ((p90 - p10) / median) between its repetitions. 40%: in 80 quiet runs on the 2-vCPU VM the
// hand-off spread was 0.10-0.20 by the median of each block size and above 0.40 in 3 of 240
// (at 20%, half the quiet runs' 1 MiB rows were flagged); under load it was over 100%.
constexpr double kStealLimitPercent = 2.0;
constexpr double kBaselineSpreadLimit = 0.4;

}  // namespace

// Counters for one repetition: steal and all CPU ticks that passed (/proc/stat counts in 10 ms
// ticks, too coarse for one repetition, so a row adds them up over all of its repetitions), and
// whether any CPU's frequency changed. Nothing is set for what this OS does not show.
void record_activity(const platform::CpuActivity& before, std::map<std::string, double>& c) {
  const auto after = platform::read_cpu_activity();
  if (before.steal_ticks && after.steal_ticks && before.total_ticks && after.total_ticks) {
    c["steal_ticks"] = static_cast<double>(*after.steal_ticks - *before.steal_ticks);
    c["total_ticks"] = static_cast<double>(*after.total_ticks - *before.total_ticks);
  }
  if (!before.mhz.empty() && before.mhz.size() == after.mhz.size()) c["frequency_changed"] = before.mhz != after.mhz ? 1 : 0;
}

// Steal and frequency over the repetitions of `results`, and why the row is suspect, if it is.
report::Disturbance disturbance_of(const std::vector<const BenchmarkResult*>& results, const report::Distribution& handoff) {
  report::Disturbance d;
  double steal = 0, total = 0;
  bool ticks = false, frequency = false, changed = false;
  for (const auto* r : results) {
    auto sum = [&](const char* key, double& into) {
      const auto it = r->counters.find(key);
      if (it == r->counters.end()) return false;
      for (double v : it->second) into += v;
      return true;
    };
    if (sum("steal_ticks", steal) && sum("total_ticks", total)) ticks = true;
    if (const auto it = r->counters.find("frequency_changed"); it != r->counters.end()) {
      frequency = true;
      for (double v : it->second) changed = changed || v != 0;
    }
  }
  if (ticks) d.steal_percent = total > 0 ? 100.0 * steal / total : 0.0;
  if (frequency) d.frequency_changed = changed;
  char text[128];
  auto add = [&](const char* reason) { d.reason += (d.reason.empty() ? "" : "; ") + std::string(reason); };
  if (d.steal_percent && *d.steal_percent > kStealLimitPercent) {
    std::snprintf(text, sizeof text, "steal %.1f%% (above %.0f%%)", *d.steal_percent, kStealLimitPercent);
    add(text);
  }
  if (changed) add("a CPU frequency changed");
  if (handoff.median > 0 && (handoff.p90 - handoff.p10) / handoff.median > kBaselineSpreadLimit) {
    std::snprintf(text, sizeof text, "the hand-off limit moved (p10-p90 %.1f-%.1f GiB/s)", handoff.p10, handoff.p90);
    add(text);
  }
  return d;
}

}  // namespace shmh::scenarios
