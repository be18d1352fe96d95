// POSIX trampoline for `pair --first-as nobody` and `--first-as-user`: become the account, die
// with the parent, exec the user's program.
#include <unistd.h>

#include <cerrno>

#include "harness/platform/command_line.h"
#include "harness/platform/security.h"
#include "harness/platform/this_process.h"

namespace shmh::platform {

OsError exec_as_unprivileged_user(const std::vector<std::string>& words, std::int64_t parent_pid,
                                  const std::optional<PosixAccount>& account) {
  if (words.empty()) return make_os_error("execvp (no program given)", EINVAL);
  if (auto error = account ? become_account(*account) : drop_to_unprivileged_user()) return *error;
  // After setuid: a change of credentials clears the parent-death signal, so it is set here.
  // It survives execve of a program that is not set-user-ID.
  enter_child_process(parent_pid);
  std::vector<char*> argv;
  for (const auto& word : words) argv.push_back(const_cast<char*>(word.c_str()));
  argv.push_back(nullptr);
  ::execvp(argv[0], argv.data());
  return last_os_error("execvp(" + words[0] + ")");
}

}  // namespace shmh::platform
