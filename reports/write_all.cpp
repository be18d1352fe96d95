// Writes every format of one report into a folder, each file atomically.
#include <filesystem>

#include "reports/atomic_file.h"
#include "reports/json_report.h"
#include "reports/writers.h"

namespace shmh::report {

std::string write_all(const Report& report, const std::string& directory) {
  const std::filesystem::path dir(directory);
  const std::string json_path = (dir / "report.json").string();
  write_file_atomically(json_path, to_json(report).dump(2) + "\n");
  write_file_atomically((dir / "junit.xml").string(), write_junit(report));
  write_file_atomically((dir / "summary.md").string(), write_markdown_summary(report));
  write_file_atomically((dir / "report.html").string(), write_html(report));
  return json_path;
}

}  // namespace shmh::report
