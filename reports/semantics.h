// The "semantics" view of several reports: per scenario, side by side, the calls each platform
// made and the codes it returned (183 beside EEXIST, 2 after the last handle beside a name that
// lives until unlinked), not only the outcomes. Derived from the reports' observations only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "reports/compare.h"

namespace shmh::report {

// One call as a report shows it: consecutive identical calls of one role are folded, with a count.
struct CallSummary {
  std::string role;
  std::string api;
  std::string result;  // "ok", "ok, 183 ERROR_ALREADY_EXISTS", "2 ERROR_FILE_NOT_FOUND"
  int count = 1;
};

struct SemanticsCell {
  Outcome outcome = Outcome::error;
  std::string reason;
  std::vector<CallSummary> calls;  // at most kMaxCallsShown, then `more` of them left out
  std::size_t more = 0;
};

struct SemanticsRow {
  std::string scenario;
  std::vector<std::optional<SemanticsCell>> per_report;  // nothing: not run there
  bool codes_differ = false;  // the error symbols seen differ between the reports that ran it
};

struct Semantics {
  std::vector<std::string> labels;  // one per report
  std::vector<std::string> platforms;  // "windows under Wine 8.0", "posix on Linux 6.1" ...
  std::vector<SemanticsRow> rows;
};

inline constexpr std::size_t kMaxCallsShown = 14;

Semantics semantics_of(const std::vector<NamedReport>& reports);
std::string semantics_html(const Semantics& semantics);
std::string semantics_markdown(const Semantics& semantics);

}  // namespace shmh::report
