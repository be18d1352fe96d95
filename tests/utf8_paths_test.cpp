// Non-ASCII paths end to end: a report folder named in Greek, Chinese and Spanish is written
// exactly there and read back by compare. Under Wine this runs as a Windows program, where a
// narrow path would go through the ANSI code page and land in a garbled folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "reports/utf8_path.h"
#include "tests/harness_runner.h"

namespace shmh::testing {
namespace {

TEST(Utf8Paths, PathFromUtf8KeepsEveryCharacter) {
  const std::string text = "\xCE\xA9mega-\xE7\x8E\x8B-Jos\xC3\xA9";  // Ωmega-王-José
  const std::filesystem::path path = report::path_from_utf8(text);
  EXPECT_EQ(path, std::filesystem::path(u8"Ωmega-王-José"));
  EXPECT_EQ(report::path_to_utf8(path), text);
}

TEST(Utf8Paths, DisplayUsesOneSeparator) {
  const std::string shown = report::display_path(report::path_from_utf8("out/a") / "report.json");
  EXPECT_EQ(shown, on_windows() ? "out\\a\\report.json" : "out/a/report.json");
}

TEST(Utf8Paths, RunWritesIntoANonAsciiFolderAndCompareReadsItBack) {
  namespace fs = std::filesystem;
  const fs::path base = fs::temp_directory_path() /
                        ("shmh-utf8-" + std::to_string(platform::current_process_id()));
  const fs::path folder = base / u8"Ωmega-王-José";
  fs::remove_all(base);

  const auto run = run_harness({"run", "--scenario", "create-open/classic-sample", "--report-dir",
                                report::path_to_utf8(folder)},
                               std::chrono::seconds(120));
  ASSERT_TRUE(run.status) << "run did not finish";
  EXPECT_EQ(run.status->code, 0) << run.out << run.err;
  const fs::path written = folder / "report.json";
  EXPECT_TRUE(fs::exists(written)) << "not in the exact folder; the run said: " << run.out;
  EXPECT_TRUE(fs::exists(folder / "junit.xml"));
  // The path is printed as given, with this platform's separators only.
  EXPECT_NE(run.out.find(report::display_path(written)), std::string::npos) << run.out;

  const auto compared = run_harness({"compare", report::path_to_utf8(written), report::path_to_utf8(written)},
                                    std::chrono::seconds(60));
  ASSERT_TRUE(compared.status) << "compare did not finish";
  EXPECT_EQ(compared.status->code, 0) << compared.out << compared.err;
  // Read back, not refused (a file that cannot be opened exits 2): the machine as recorded.
  EXPECT_NE(compared.out.find(on_windows() ? "windows" : "posix"), std::string::npos) << compared.out;
  EXPECT_NE(compared.out.find("Scenario outcomes that differ (0)"), std::string::npos) << compared.out;
  fs::remove_all(base);
}

}  // namespace
}  // namespace shmh::testing
