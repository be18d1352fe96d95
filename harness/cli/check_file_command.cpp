// `check-file FILE...`: scenario files validated without running anything (docs/scenario-files.md).
#include "harness/cli/check_file_command.h"

#include <cstdio>
#include <iostream>
#include <map>

#include "harness/cli/exit_codes.h"

namespace shmh {

void print_file_problems(const std::vector<scenario_file::Problem>& problems) {
  constexpr int kLinesPerFile = 3;
  std::map<std::string, int> shown;
  std::vector<std::string> order;
  for (const auto& problem : problems) {
    int& count = shown[problem.path];
    if (count == 0) order.push_back(problem.path);
    if (count++ < kLinesPerFile) std::cerr << problem.text() << "\n";
  }
  for (const auto& path : order) {
    if (shown[path] > kLinesPerFile) {
      std::cerr << path << ": " << (shown[path] - kLinesPerFile) << " more problem(s) not shown; fix these first\n";
    }
  }
  std::cerr.flush();
}

std::optional<scenario_file::Loaded> load_or_print(const std::vector<std::string>& files) {
  auto loaded = scenario_file::load_scenario_files(files);
  if (!loaded.problems.empty()) {
    print_file_problems(loaded.problems);
    return std::nullopt;
  }
  return loaded;
}

int check_file_command(const CheckFileOptions& options) {
  const auto loaded = load_or_print(options.files);
  if (!loaded) return kExitBadUsage;
  std::size_t files = 0;
  for (const auto& file : loaded->files) {
    std::size_t count = 0;
    for (const auto& s : loaded->scenarios) count += s.path == file ? 1 : 0;
    std::printf("%s: ok, %zu scenario(s)\n", file.c_str(), count);
    ++files;
  }
  std::printf("%zu file(s) valid, %zu scenario(s); nothing was run\n", files, loaded->scenarios.size());
  return kExitPassed;
}

}  // namespace shmh
