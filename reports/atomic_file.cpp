// Atomic file writes with std::filesystem (rename replaces the target on POSIX and Windows).
#include "reports/atomic_file.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "reports/utf8_path.h"

namespace shmh::report {

void write_file_atomically(const std::string& path, std::string_view content) {
  namespace fs = std::filesystem;
  const fs::path target = path_from_utf8(path);
  if (target.has_parent_path()) fs::create_directories(target.parent_path());
  fs::path temporary = target;
  temporary += ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error(path + ": cannot write " + path_to_utf8(temporary));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) throw std::runtime_error(path + ": writing " + path_to_utf8(temporary) + " failed (disk full?)");
  }
  std::error_code error;
  fs::rename(temporary, target, error);
  if (error) {
    fs::remove(temporary);
    throw std::runtime_error(path + ": cannot rename the finished file into place: " + error.message());
  }
}

}  // namespace shmh::report
