// `trace`'s judgement of the calls a program really made: each failing call (and a view that
// reaches past its object) fed, with its own name, flags, protection and size, to diagnose's
// reasoning. Pure once the facts are gathered, so recorded calls test it.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/cli/diagnosis.h"
#include "harness/platform/call_tracer.h"

namespace shmh {

// What the harness saw of one object name after the program ended (holding nothing).
struct TracedNameFacts {
  std::string name;
  DiagnoseFacts namespace_facts;  // related objects, unreadable processes (diagnose's gathering)
  std::string object_kind;        // "" when nothing holds the name now
  std::optional<std::string> owner, descriptor;
  std::optional<std::uint64_t> size;  // the object's size now, when it exists
  // Windows: the rights AccessCheck grants this token on the object's descriptor.
  std::optional<std::uint32_t> granted_here;
};

struct TraceVerdict {
  std::size_t call_index = 0;  // in the outcome's calls
  Diagnosis diagnosis;
};

// Every verdict of a trace, in the calls' order. `names` holds the facts of each name a judged
// call concerns (gather_name_facts); `token` is the identity the program ran with;
// `granularity` what view offsets must be multiples of (POSIX: the page size; Windows: the
// allocation granularity).
std::vector<TraceVerdict> judge_calls(const std::vector<platform::TracedCall>& calls,
                                      const std::vector<TracedNameFacts>& names, const platform::TokenInfo& token,
                                      std::uint64_t granularity, bool windows);

// The names judge_calls will need facts for.
std::vector<std::string> names_to_judge(const std::vector<platform::TracedCall>& calls);
// Reads the namespace and the object's security for `name` (holding nothing).
TracedNameFacts gather_name_facts(const std::string& name);

// The facts of each name a judged call concerns, read as that call returned: the program is
// stopped there, and the section it failed to open is still held by whoever held it then (by
// the end of the trace that holder may be gone, and with it the DACL that explains a 5). Feed
// on_call from TraceOptions::on_call (the tracing thread); facts() adds, read now, the names
// no call fed.
class NameFactsAtCall {
 public:
  void on_call(const platform::TracedCall& call);
  std::vector<TracedNameFacts> facts(const std::vector<platform::TracedCall>& calls);

 private:
  std::mutex mutex_;
  std::vector<TracedNameFacts> facts_;
};

// `shm_open("/orders", O_RDWR, 0) = -1 ENOENT (No such file or directory)`
std::string call_text(const platform::TracedCall& call);
nlohmann::json call_to_json(const platform::TracedCall& call);

}  // namespace shmh
