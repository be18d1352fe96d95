// Scenario files: the model (model.h) back to TOML text, for `diagnose --save-scenario`,
// `run --save-failures` and `trace --save-scenario`. Pure and deterministic: the same model and
// comments give the same bytes; the caller supplies the time and the machine.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scenarios/file/model.h"

namespace shmh::scenario_file {

// Where a saved file points editors for completion and checks (its `#:schema` first line): the
// schema's $id, since a saved file can be anywhere.
inline constexpr std::string_view kSchemaUrl =
    "https://github.com/shm-harness/shm-harness/schemas/shm-harness-scenarios.schema.json";

struct Comments {
  std::vector<std::string> header;  // lines after `#:schema`, each written as `# line`
  // (scenario index, step index) -> a comment line written above that step
  std::map<std::pair<std::size_t, std::size_t>, std::string> steps;
};

// The file's TOML: `#:schema`, the header comments, `version = 1`, then every scenario with its
// keys in the order of docs/scenario-files.md. A key holding its default is left out unless the
// reader needs it to see what ran (a create's size). Strings are TOML literal strings ('Global\x')
// when they can be, basic strings with escapes otherwise; bytes that are not UTF-8 become U+FFFD.
std::string write_text(const ScenarioFile& file, const Comments& comments = {}, std::string_view schema = kSchemaUrl);

// One TOML string value for `text` (quoted), as write_text writes it.
std::string toml_string(std::string_view text);

// `id` made valid for a file (area/name, [a-z0-9._-], at most 128 characters), with `area` as its
// first segment: "create-open/second-open" under area "saved" is "saved/create-open/second-open".
std::string saved_id(std::string_view area, std::string_view id);

// A per-run unique name's tail made from any object name: the `Global\`/`Local\` prefix kept,
// a leading '/' dropped, every other character outside [A-Za-z0-9._-] turned into '-', at most
// 64 characters ("Global\My Orders" is "Global\My-Orders", "/orders" is "orders").
std::string unique_name_from(std::string_view object_name);

}  // namespace shmh::scenario_file
