// `diagnose --open-style`: a name opened the way a real caller opens it (plain open, create-or-open,
// a library's exact calls), next to a plain read open and a plain write open from the same role,
// and the explanation of the difference. The explanation is pure: recorded facts in, words out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/cli/diagnosis.h"
#include "harness/platform/open_styles.h"
#include "harness/platform/security.h"
#include "reports/model.h"

namespace shmh {

// One OS call of a run, with the arguments it was given.
struct StyleStep {
  std::string call{};                     // "OpenFileMappingW", "CreateFileMappingW", "MapViewOfFile", "shm_open", "mmap"
  std::optional<std::uint32_t> access{};  // the access mask passed (open, view)
  std::optional<std::uint32_t> protection{};
  std::optional<std::uint64_t> size{}, offset{};
  bool ok = false;
  std::uint32_t code = 0;                 // 0 when the call succeeded without a code
  std::string symbol{};                   // "ERROR_ACCESS_DENIED", "EACCES", "" ...
  bool already_existed = false;           // a create call found the object (183 / EEXIST)
  std::string posix_flags{};              // POSIX: shm_open's flags, shown instead of the Windows masks
};

// The calls of one way of opening, in order; it stops at the first failure.
struct StyleRun {
  std::string label{};  // "create-or-open", "open --access read", ...
  std::vector<StyleStep> steps{};
  std::optional<std::uint64_t> object_size{};  // POSIX: the object's size as the open saw it (Windows does not tell)
  bool works() const { return !steps.empty() && steps.back().ok && is_view(steps.back()); }
  const StyleStep* failed() const;
  static bool is_view(const StyleStep& s) { return s.call == "MapViewOfFile" || s.call == "mmap"; }
};

struct OpenStyleFacts {
  std::string name;
  bool windows = true;
  std::optional<std::string> wine;
  std::string attempted_as = "this process";
  std::string user;
  std::string object_kind;  // "" when nothing held the name before the attempts
  std::optional<std::string> descriptor;
  std::uint64_t granularity = 65536;
  platform::OpenPlan plan;
  StyleRun asked, read_open, write_open;
};

Diagnosis explain_open_style(const OpenStyleFacts& facts);
nlohmann::json open_style_to_json(const OpenStyleFacts& facts, const Diagnosis& diagnosis);
void print_open_style(const OpenStyleFacts& facts, const Diagnosis& diagnosis);
// "OpenFileMappingW(FILE_MAP_READ) -> ok", "CreateFileMappingW(PAGE_READWRITE, 4096 bytes) -> 5 ERROR_ACCESS_DENIED"
std::string step_text(const StyleStep& step);

}  // namespace shmh
