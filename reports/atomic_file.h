// Writes report files atomically: a temporary file beside the target, then a rename, so a
// crash never leaves a truncated report behind.
#pragma once

#include <string>
#include <string_view>

namespace shmh::report {

// `path` is UTF-8. Throws std::runtime_error naming the file and the failure.
void write_file_atomically(const std::string& path, std::string_view content);

}  // namespace shmh::report
