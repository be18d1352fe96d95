// Writes every format of one report into a folder, each file atomically.
#include <filesystem>

#include "reports/atomic_file.h"
#include "reports/json_report.h"
#include "reports/utf8_path.h"
#include "reports/writers.h"

namespace shmh::report {

std::string write_all(const Report& report, const std::string& directory) {
  const std::filesystem::path dir = path_from_utf8(directory);
  const std::string json_path = path_to_utf8(dir / "report.json");
  write_file_atomically(json_path, to_json(report).dump(2) + "\n");
  write_file_atomically(path_to_utf8(dir / "junit.xml"), write_junit(report));
  write_file_atomically(path_to_utf8(dir / "summary.md"), write_markdown_summary(report));
  write_file_atomically(path_to_utf8(dir / "report.html"), write_html(report));
  return json_path;
}

}  // namespace shmh::report
