// Scenario files: TOML text to the model (model.h), with every problem as `FILE:LINE:COL: what`.
// Pure: no OS call but reading the file, nothing run; safe on any bytes (fuzz/fuzz_scenario_file.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/file/model.h"

namespace shmh::scenario_file {

// A file larger than this is refused before parsing (a scenario file is a few kilobytes).
inline constexpr std::size_t kMaxFileBytes = 1024 * 1024;

struct Problem {
  std::string path;
  SourcePos pos;  // 0:0 for the file as a whole
  std::string message;
  // "FILE:LINE:COL: message", or "FILE: message" without a position.
  std::string text() const;
};

struct Parsed {
  ScenarioFile file;
  std::vector<Problem> problems;  // empty: the file is valid
};

// `reserved_areas`: the built-in catalogue's areas ("create-open", "race", ...), which a file's ids
// must not use.
Parsed parse_text(std::string_view text, const std::string& path, const std::vector<std::string>& reserved_areas);
// Reads at most kMaxFileBytes + 1 bytes of `path`, then parse_text. A missing or unreadable file
// is a problem too.
Parsed parse_file(const std::string& path, const std::vector<std::string>& reserved_areas);

// The keys the format allows in a step of kind `kind` ("create"), the common ones included; empty
// for an unknown kind. For tests of the schema's agreement and for suggestions.
std::vector<std::string_view> step_keys(std::string_view kind);
std::vector<std::string_view> step_kinds();
std::vector<std::string_view> identities();

}  // namespace shmh::scenario_file
