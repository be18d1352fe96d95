// POSIX: the name of a uid, thread-safe. getpwuid returns a static buffer that two threads
// overwrite (pair --trace reads object owners on both tracing threads at once: ThreadSanitizer
// caught it), so every lookup that can run on more than one thread goes through getpwuid_r.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace shmh::platform {

// The account name of `uid`, or nothing when the passwd database has no entry for it.
std::optional<std::string> account_name_of(uid_t uid);

}  // namespace shmh::platform
