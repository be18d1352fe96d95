// diagnose's reasoning: from what was observed (who asked, what the attempts returned) to a
// plain-language explanation and what to do. Pure: the same facts give the same words, so the
// branches only real Windows reaches are tested on recorded facts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/platform/object_namespace.h"
#include "harness/platform/security.h"
#include "reports/model.h"

namespace shmh {

struct DiagnoseFacts {
  std::string name;
  std::string access = "read";  // read, write or all
  bool windows = true;
  std::optional<std::string> wine;
  std::string attempted_as = "this process";  // or "a child without SeCreateGlobalPrivilege", ...
  platform::TokenInfo token;
  std::string object_kind;  // "" when nothing holds the name
  std::optional<report::Observation> open;
  std::optional<report::Observation> create;  // attempted only when nothing holds the name
  std::optional<std::string> owner, descriptor;
  // What the namespace holds under this name and its near misses (another namespace or
  // session, another object type, another case or spacing), with their holders, exact ones
  // first; and the processes whose handles could not be examined. Read before the attempts.
  struct Related {
    platform::NearMiss kind = platform::NearMiss::exact;
    platform::NamedObject object;
  };
  bool namespace_read = false;
  std::vector<Related> related;
  std::vector<platform::UnreadableProcess> unreadable;
};

struct Diagnosis {
  bool works = false;                 // the asked access works for this identity
  std::string verdict;                // one sentence
  std::vector<std::string> reasons;   // why, in order
  std::vector<std::string> advice;    // what to do
};

Diagnosis explain(const DiagnoseFacts& facts);
// The verdict, the reasons and the advice on stdout, as every `diagnose` form ends.
void print_diagnosis(const Diagnosis& d);

}  // namespace shmh
