// The stuck-call marker line: written by a role's call watch, read by the orchestrator.
#include "harness/protocol/stuck_call.h"

namespace shmh {
namespace {

std::string clean(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

}  // namespace

std::string StuckCall::describe() const {
  const std::string waited = " for " + std::to_string((waiting_ms + 500) / 1000) + " s";
  if (api.empty()) return "no marked OS call" + waited;
  return api + (object.empty() ? "" : "(" + object + ")") + waited;
}

std::string format_call_marker(const StuckCall& call) {
  return std::string(kCallMarkerPrefix) + clean(call.op) + "\t" + clean(call.api) + "\t" + clean(call.object) + "\t" +
         std::to_string(call.waiting_ms);
}

bool parse_call_marker(std::string_view line, StuckCall& out) {
  if (line.substr(0, kCallMarkerPrefix.size()) != kCallMarkerPrefix) return false;
  line.remove_prefix(kCallMarkerPrefix.size());
  std::string_view fields[4];
  for (int i = 0; i < 3; ++i) {
    const auto tab = line.find('\t');
    if (tab == std::string_view::npos) return false;
    fields[i] = line.substr(0, tab);
    line.remove_prefix(tab + 1);
  }
  fields[3] = line;
  if (fields[3].empty()) return false;
  std::int64_t ms = 0;
  for (char c : fields[3]) {
    if (c < '0' || c > '9') return false;
    if (ms < 1'000'000'000'000) ms = ms * 10 + (c - '0');
  }
  out = StuckCall{std::string(fields[0]), std::string(fields[1]), std::string(fields[2]), ms};
  return true;
}

}  // namespace shmh
