// The line a role writes on stderr when one of its OS calls has not returned for a while: the
// orchestrator reads it from the role's log to say, when a scenario runs out of time, which call
// the role was waiting in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace shmh {

// "@@shmh-call <op>\t<api>\t<object>\t<ms>": the command being served, the OS call it is in
// (empty when none was marked), what the call was made on, how long it has been waiting.
inline constexpr std::string_view kCallMarkerPrefix = "@@shmh-call ";

struct StuckCall {
  std::string op;
  std::string api;
  std::string object;
  std::int64_t waiting_ms = 0;
  // "CreateFileMappingW(Local\\x) for 12 s", or "no marked call for 12 s".
  std::string describe() const;
};
// Reads a marker line (without its newline); false when the line is not one.
bool parse_call_marker(std::string_view line, StuckCall& out);
std::string format_call_marker(const StuckCall& call);

}  // namespace shmh
