// `shm-harness pair`: the user's own first and second programs around one name. Its options are
// defined here (one file per command); cli.cpp only adds the subcommand and dispatches.
#pragma once

#include <cstdint>
#include <optional>
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
  std::string first_as_user, second_as_user;  // POSIX: USER, UID, USER:GID or UID:GID
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
// With --uid/--gid it becomes that account instead of nobody.
struct ExecAsOptions {
  std::int64_t parent_pid = 0;
  std::optional<std::uint32_t> uid, gid;
  std::vector<std::string> words;
};
CLI::App* add_exec_as_nobody_subcommand(CLI::App& app, ExecAsOptions& options);
int exec_as_nobody_command(const ExecAsOptions& options);

}  // namespace shmh
