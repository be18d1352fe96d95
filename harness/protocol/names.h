// Object names: validation of names users type, and per-run unique names for what a run creates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shmh {

// Longest name we accept from a user, in characters. Windows refuses ANSI names of 260 and
// more (206); POSIX limits a shm name to NAME_MAX (255) bytes after the leading '/'.
inline constexpr std::size_t kMaxNameLength = 250;

// Why a name typed by a user cannot work on Windows or POSIX, or nothing when it can.
// Scenarios pass invalid names straight to the OS on purpose; this is for the CLI.
std::optional<std::string> name_problem(std::string_view name);

// A run's identity, used in every object name it creates: "shmh-<pid>-<random>".
std::string make_run_id();

}  // namespace shmh
