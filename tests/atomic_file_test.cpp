// Reports are written atomically: a temporary file, then a rename over the target.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/protocol/names.h"
#include "reports/atomic_file.h"

namespace shmh::report {
namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(AtomicFile, ReplacesTheTargetWholeAndLeavesNoTemporary) {
  const auto dir = std::filesystem::temp_directory_path() / make_run_id() / "nested";
  const auto target = dir / "report.json";
  write_file_atomically(target.string(), "first version, longer than the second\n");
  write_file_atomically(target.string(), "second\n");
  EXPECT_EQ(read_all(target), "second\n");
  EXPECT_FALSE(std::filesystem::exists(target.string() + ".partial"));
  std::filesystem::remove_all(dir.parent_path());
}

TEST(AtomicFile, AFailedWriteNamesTheFileAndKeepsTheOldReport) {
  const auto dir = std::filesystem::temp_directory_path() / make_run_id();
  std::filesystem::create_directories(dir);
  const auto target = dir / "report.json";
  write_file_atomically(target.string(), "kept\n");
  // A directory where the temporary file must go makes the write fail before the rename.
  std::filesystem::create_directories(target.string() + ".partial");
  try {
    write_file_atomically(target.string(), "never seen\n");
    FAIL() << "the write succeeded";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("report.json"), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_all(target), "kept\n");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace shmh::report
