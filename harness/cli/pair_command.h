// `shm-harness pair`: the user's own first and second programs around one name. Its options are
// defined here (one file per command); cli.cpp only adds the subcommand and dispatches.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace shmh {

struct PairOptions {
  std::string first, second, name;
  std::string second_after = "exists";
  int repeat = 1;
  int seconds = 1;
  std::string first_as, second_as;
  std::string first_ends = "key";
  std::string expect_text;
  bool expect_text_given = false;
  int timeout_s = 30;
  bool trace = false;  // --trace: both programs run under the call tracer
  std::string report_dir = "shm-harness-report";
};

CLI::App* add_pair_subcommand(CLI::App& app, PairOptions& options);
int pair_command(const PairOptions& options);

// The internal trampoline: `shm-harness exec-as-nobody --parent-pid N -- PROGRAM ARGS...`.
CLI::App* add_exec_as_nobody_subcommand(CLI::App& app, std::int64_t& parent_pid, std::vector<std::string>& words);
int exec_as_nobody_command(std::int64_t parent_pid, const std::vector<std::string>& words);

}  // namespace shmh
