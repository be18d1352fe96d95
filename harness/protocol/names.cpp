// Object name validation and per-run unique names.
#include "harness/protocol/names.h"

#include <cstdio>
#include <random>

#include "harness/platform/this_process.h"

namespace shmh {

std::optional<std::string> name_problem(std::string_view name) {
  if (name.empty()) return "the name is empty";
  if (name.size() > kMaxNameLength) {
    return "the name is " + std::to_string(name.size()) + " characters long; at most " +
           std::to_string(kMaxNameLength) + " work on both Windows (260 gives 206 ERROR_FILENAME_EXCED_RANGE) and POSIX (NAME_MAX)";
  }
  std::string_view rest = name;
  for (std::string_view prefix : {"Global\\", "Local\\"}) {
    if (rest.starts_with(prefix)) {
      rest.remove_prefix(prefix.size());
      if (rest.empty()) return "nothing follows the prefix '" + std::string(prefix) + "'";
      if (rest.find('\\') != std::string_view::npos) {
        return "a backslash after the prefix is not allowed ('" + std::string(name) +
               "' gives 3 ERROR_PATH_NOT_FOUND on Windows)";
      }
      return std::nullopt;
    }
  }
  if (const auto slash = rest.find('\\'); slash != std::string_view::npos) {
    return "unknown namespace prefix '" + std::string(rest.substr(0, slash + 1)) +
           "': prefixes are case-sensitive, use Local\\ or Global\\";
  }
  return std::nullopt;
}

std::string make_run_id() {
  std::random_device device;
  std::uniform_int_distribution<unsigned> digits(0, 0xFFFFFF);
  char random[8];
  std::snprintf(random, sizeof random, "%06x", digits(device));
  return "shmh-" + std::to_string(platform::current_process_id()) + "-" + random;
}

}  // namespace shmh
