// Outcome names of the report model (these strings are persisted: append only).
#include "reports/model.h"

namespace shmh::report {

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::passed: return "passed";
    case Outcome::failed: return "failed";
    case Outcome::skipped: return "skipped";
    case Outcome::error: return "error";
    case Outcome::timeout: return "timeout";
  }
  return "error";
}

std::optional<Outcome> outcome_from_name(const std::string& name) {
  for (Outcome o : {Outcome::passed, Outcome::failed, Outcome::skipped, Outcome::error, Outcome::timeout}) {
    if (name == outcome_name(o)) return o;
  }
  return std::nullopt;
}

}  // namespace shmh::report
