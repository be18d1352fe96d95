// Atomic file writes with std::filesystem (rename replaces the target on POSIX and Windows).
#include "reports/atomic_file.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "reports/utf8_path.h"

namespace shmh::report {
namespace {

// The folder and its missing parents, made one level at a time from the top. Measured under
// Wine 8.0 in a new prefix: mingw's create_directories of C:\users\root\Temp\a\Ωmega failed
// with ENOENT where making the same levels one by one works.
void make_folders(const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (fs::is_directory(folder, error)) return;
  std::vector<fs::path> missing;
  for (fs::path p = folder; !p.empty() && !fs::exists(p, error); p = p.parent_path()) {
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    fs::create_directory(*it, error);
    if (error && !fs::is_directory(*it)) {
      throw fs::filesystem_error("cannot create directories", *it, error);
    }
  }
}

}  // namespace

void write_file_atomically(const std::string& path, std::string_view content) {
  namespace fs = std::filesystem;
  const fs::path target = path_from_utf8(path);
  if (target.has_parent_path()) make_folders(target.parent_path());
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
