// Scenario files from the command line: expanding --file arguments, parsing, cross-file checks.
#include "scenarios/file/load.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "harness/orchestrator/glob.h"
#include "reports/utf8_path.h"
#include "scenarios/catalogue.h"
#include "scenarios/file/build.h"

namespace shmh::scenario_file {
namespace {

namespace fs = std::filesystem;

std::string utf8_of(const fs::path& path) {
  const auto text = path.generic_u8string();
  return std::string(text.begin(), text.end());
}

// The regular *.toml files of `folder` whose names match `pattern`, sorted by name.
std::vector<std::string> files_in(const std::string& folder, const std::string& pattern) {
  std::vector<std::string> out;
  std::error_code error;
  for (fs::directory_iterator it(report::path_from_utf8(folder.empty() ? "." : folder), error), end; !error && it != end;
       it.increment(error)) {
    std::error_code status_error;
    if (!it->is_regular_file(status_error)) continue;
    const std::string name = utf8_of(it->path().filename());
    if (glob_match(pattern, name)) out.push_back(folder.empty() ? name : folder + "/" + name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::vector<std::string> reserved_areas() {
  std::set<std::string> areas;
  for (const auto& scenario : scenarios::catalogue()) areas.insert(scenario.id.substr(0, scenario.id.find('/')));
  return {areas.begin(), areas.end()};
}

std::vector<std::string> expand_file_arguments(const std::vector<std::string>& arguments, std::vector<Problem>& problems) {
  std::vector<std::string> out;
  for (std::string argument : arguments) {
    std::replace(argument.begin(), argument.end(), '\\', '/');
    while (argument.size() > 1 && argument.back() == '/') argument.pop_back();
    std::error_code error;
    const auto path = report::path_from_utf8(argument);
    if (fs::is_directory(path, error)) {
      const auto found = files_in(argument, "*.toml");
      if (found.empty()) problems.push_back({argument, {}, "the folder holds no *.toml file"});
      out.insert(out.end(), found.begin(), found.end());
      continue;
    }
    const auto slash = argument.find_last_of('/');
    const std::string leaf = slash == std::string::npos ? argument : argument.substr(slash + 1);
    if (leaf.find_first_of("*?") != std::string::npos) {
      const std::string folder = slash == std::string::npos ? "" : argument.substr(0, slash);
      const auto found = files_in(folder, leaf);
      if (found.empty()) problems.push_back({argument, {}, "no file matches this pattern"});
      out.insert(out.end(), found.begin(), found.end());
      continue;
    }
    out.push_back(argument);  // a missing file is parse_file's problem, with its message
  }
  return out;
}

Loaded load_scenario_files(const std::vector<std::string>& arguments) {
  Loaded loaded;
  // A file given twice (a folder and a glob) is read once.
  for (auto& file : expand_file_arguments(arguments, loaded.problems)) {
    if (std::find(loaded.files.begin(), loaded.files.end(), file) == loaded.files.end()) loaded.files.push_back(std::move(file));
  }
  const auto reserved = reserved_areas();
  std::vector<Parsed> parsed;
  std::map<std::string, std::string> first_seen;  // id -> "file:line"
  for (const auto& file : loaded.files) {
    auto one = parse_file(file, reserved);
    for (auto& problem : one.problems) loaded.problems.push_back(std::move(problem));
    if (one.problems.empty()) {
      for (const auto& scenario : one.file.scenarios) {
        const std::string at = file + ":" + std::to_string(scenario.pos.line);
        const auto [it, fresh] = first_seen.emplace(scenario.id, at);
        if (!fresh) loaded.problems.push_back({file, scenario.pos, "scenario id '" + scenario.id + "' is also in " + it->second});
      }
    }
    parsed.push_back(std::move(one));
  }
  if (!loaded.problems.empty()) return loaded;
  for (const auto& one : parsed) {
    for (const auto& scenario : one.file.scenarios) {
      LoadedScenario entry{build_scenario(scenario, one.file.path), one.file.path};
      if (scenario.timeout_ms) entry.scenario.timeout = std::chrono::milliseconds(*scenario.timeout_ms);
      loaded.scenarios.push_back(std::move(entry));
    }
  }
  return loaded;
}

}  // namespace shmh::scenario_file
