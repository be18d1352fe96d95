// Bad input on the command line: one clear line on stderr, exit code 2, nothing run.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/harness_runner.h"
#include "harness/platform/shared_memory.h"

namespace shmh::testing {
namespace {

struct BadInput {
  std::string case_name;
  std::vector<std::string> arguments;
  std::string expected_in_message;
};

void PrintTo(const BadInput& input, std::ostream* out) { *out << input.case_name; }

class CliBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(CliBadInput, PrintsOneLineAndExitsWith2) {
  const auto& param = GetParam();
  const auto run = run_harness(param.arguments, std::chrono::seconds(30));
  ASSERT_TRUE(run.status) << "did not finish";
  EXPECT_EQ(run.status->code, 2) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  EXPECT_NE(run.err.find(param.expected_in_message), std::string::npos) << run.err;
  EXPECT_EQ(run.out, "");
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CliBadInput,
    ::testing::Values(
        BadInput{"UnknownOption", {"run", "--bogus"}, "--bogus"},
        BadInput{"NoCommand", {}, "subcommand"},
        BadInput{"UnknownCommand", {"frobnicate"}, "unknown command 'frobnicate'"},
        BadInput{"GlobMatchesNothing", {"run", "--scenario", "no-such-*"}, "no scenario matches --scenario 'no-such-*'"},
        BadInput{"LabelMatchesNothing", {"run", "--label", "nolabel"}, "no scenario matches --label 'nolabel'"},
        BadInput{"TrialsNotANumber", {"run", "--trials", "abc"}, "--trials"},
        BadInput{"TrialsNegative", {"run", "--trials", "-5"}, "--trials"},
        BadInput{"NoSlots", {"run", "--slots", "0"}, "--slots"},
        BadInput{"TooManyRoles", {"run", "--roles", "65"}, "--roles"},
        BadInput{"TimeoutMalformed", {"run", "--timeout-s", "1.5x"}, "--timeout-s"},
        BadInput{"EmptyName", {"second", "--name", ""}, "the name is empty"},
        BadInput{"BackslashAfterPrefix", {"second", "--name", "Local\\a\\b"}, "backslash after the prefix"},
        BadInput{"LowercasePrefix", {"second", "--name", "local\\x"}, "unknown namespace prefix"},
        BadInput{"NameTooLong", {"second", "--name", std::string(300, 'x')}, "characters long"},
        BadInput{"SizeZero", {"first", "--name", "Local\\x", "--size", "0"}, "--size 0"},
        BadInput{"SizeNegative", {"first", "--name", "Local\\x", "--size", "-1"}, "invalid --size '-1'"},
        BadInput{"SizeMalformed", {"first", "--name", "Local\\x", "--size", "12abc"}, "invalid --size '12abc'"},
        BadInput{"SizeBeyondMemory", {"first", "--name", "Local\\x", "--size", "4096GiB"}, "larger than this machine"},
        BadInput{"UnknownEncoding", {"first", "--name", "Local\\x", "--encoding", "latin1"}, "--encoding 'latin1'"},
        BadInput{"HoldOptionsExclusive", {"first", "--name", "Local\\x", "--hold-ms", "5", "--hold-until-stdin"}, "excludes"},
        BadInput{"CompareOneFile", {"compare", "a.json"}, "at least two"},
        BadInput{"CompareMissingFile", {"compare", "missing-a.json", "missing-b.json"}, "missing-a.json: cannot be opened"},
        BadInput{"CompareUnknownCorrection", {"compare", "a.json", "b.json", "--correction", "bonferroni"}, "--correction"},
        BadInput{"CompareThresholdOutOfRange", {"compare", "a.json", "b.json", "--threshold", "150"}, "--threshold"},
        BadInput{"CompareGateMalformed", {"compare", "a.json", "b.json", "--fail-if-slower", "ten"}, "--fail-if-slower"},
        BadInput{"DiagnoseEmptyName", {"diagnose", "--name", ""}, "the name is empty"},
        BadInput{"DiagnoseBadAccess", {"diagnose", "--name", "Local\\x", "--access", "everything"}, "invalid --access 'everything'"},
        BadInput{"DiagnoseBadAccessMask", {"diagnose", "--name", "Local\\x", "--access", "FILE_MAP_READ|PAGE_READWRITE"},
                 "'PAGE_READWRITE' is not a FILE_MAP_* or SECTION_* name or a number"},
        BadInput{"DiagnoseBothRestrictions", {"diagnose", "--name", "Local\\x", "--as-restricted", "--as-low-integrity"}, "cannot be combined"},
        BadInput{"DiagnoseAsUserAndAppContainer", {"diagnose", "--name", "Local\\x", "--as-user", "1000", "--as-app-container"}, "cannot be combined"},
        BadInput{"DiagnoseUnknownOpenStyle", {"diagnose", "--name", "Local\\x", "--open-style", "mfc"},
                 "unknown --open-style 'mfc': use one of open, create-or-open, boost-open-only"},
        BadInput{"DiagnoseAccessWithLibraryStyle", {"diagnose", "--name", "Local\\x", "--open-style", "create-or-open", "--access", "read"},
                 "--access applies to --open-style open only"},
        BadInput{"DiagnoseViewSizeWithoutStyle", {"diagnose", "--name", "Local\\x", "--view-size", "10"}, "go with --open-style"},
        BadInput{"DiagnoseBadViewOffset", {"diagnose", "--name", "Local\\x", "--open-style", "open", "--view-offset", "far"},
                 "invalid --view-offset 'far'"},
        BadInput{"DiagnoseBadProtection", {"diagnose", "--name", "Local\\x", "--open-style", "create-or-open", "--protection", "FILE_MAP_READ"},
                 "invalid --protection 'FILE_MAP_READ'"},
        BadInput{"DiagnoseSddlWithoutWho", {"diagnose", "--name", "Local\\x", "--sddl", "D:"}, "--sddl goes with --who"},
        BadInput{"DiagnoseBadSddl", {"diagnose", "--name", "Local\\x", "--who", "--sddl", "D:(X;;GR;;;WD)"}, "ACE type 'X'"},
        BadInput{"JanitorForeignRunId", {"janitor", "--run-id", "/etc"}, "run ids start with shmh-"},
        BadInput{"PairWithoutName", {"pair", "--first", "a", "--second", "b"}, "--name"},
        BadInput{"PairEmptyFirst", {"pair", "--first", " ", "--second", "b", "--name", "Local\\x"}, "invalid --first ' ': the command is empty"},
        BadInput{"PairUnknownRunAs", {"pair", "--first", "a", "--second", "b", "--name", "Local\\x", "--second-as", "guest"},
                 "invalid --second-as 'guest': use restricted, low-integrity, app-container, filtered-admin or nobody"},
        BadInput{"PairAsAndAsUser", {"pair", "--first", "a", "--second", "b", "--name", "Local\\x", "--second-as", "nobody", "--second-as-user", "1000"},
                 "--second-as and --second-as-user cannot be combined"},
        BadInput{"PairBadSecondAfter", {"pair", "--first", "a", "--second", "b", "--name", "Local\\x", "--second-after", "soon"},
                 "invalid --second-after 'soon'"},
        BadInput{"PairBadFirstEnds", {"pair", "--first", "a", "--second", "b", "--name", "Local\\x", "--first-ends", "never"},
                 "invalid --first-ends 'never'"},
        BadInput{"PairNoSeconds", {"pair", "--first", "a", "--second", "b", "--name", "Local\\x", "--seconds", "0"}, "--seconds"}),
    [](const ::testing::TestParamInfo<BadInput>& info) { return info.param.case_name; });

// --as-user takes a POSIX account: an unknown name is bad input (exit 2) with the lookup that
// failed; Windows has no uid to become and says so.
TEST(Cli, DiagnoseAsAnUnknownUserIsBadInput) {
  const auto run = run_harness({"diagnose", "--name", "Local\\x", "--as-user", "shmh-no-such-user"}, std::chrono::seconds(30));
  ASSERT_TRUE(run.status);
  EXPECT_EQ(run.status->code, 2) << run.err;
  EXPECT_NE(run.err.find(on_windows() ? "--as-user: POSIX only" : "invalid --as-user 'shmh-no-such-user': there is no user named"),
            std::string::npos) << run.err;
  EXPECT_EQ(run.out, "");
}

// POSIX splits a pair's command line itself, so a quote never closed is bad input there; Windows
// gives the line to CreateProcessW unparsed (its programs parse their own command lines).
TEST(Cli, PairRefusesAnUnterminatedQuoteOnPosix) {
  if (on_windows()) GTEST_SKIP() << "Windows passes the command line to CreateProcessW as it is";
  const auto run = run_harness({"pair", "--first", "a", "--second", "b 'c", "--name", "Local\\x"}, std::chrono::seconds(30));
  ASSERT_TRUE(run.status);
  EXPECT_EQ(run.status->code, 2) << run.err;
  EXPECT_NE(run.err.find("invalid --second 'b 'c': the single quote at character 3 is never closed"), std::string::npos) << run.err;
}

TEST(Cli, EveryCommandHasHelp) {
  for (const char* command : {"first", "second", "run", "pair", "list", "compare", "role", "janitor", "exec-as-nobody"}) {
    const auto run = run_harness({command, "--help"}, std::chrono::seconds(30));
    ASSERT_TRUE(run.status);
    EXPECT_EQ(run.status->code, 0) << command;
    EXPECT_NE(run.out.find("Usage:"), std::string::npos) << command << ": " << run.out;
  }
}

TEST(Cli, DiagnoseExplainsAndLeavesNothingBehind) {
  const std::string tail = "shmh-diagnose-test-" + std::to_string(platform::current_process_id());
  const auto run = run_harness({"diagnose", "--name", "Local\\" + tail, "--json"}, std::chrono::seconds(60));
  ASSERT_TRUE(run.status);
  EXPECT_EQ(run.status->code, 0) << run.out << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["open"]["error"]["symbol"], on_windows() ? "ERROR_FILE_NOT_FOUND" : "ENOENT");
  EXPECT_TRUE(json["create"]["ok"].get<bool>());
  EXPECT_TRUE(json["works"].get<bool>());
  EXPECT_FALSE(json["token"]["user"].get<std::string>().empty());
  // The create attempt's object is gone again.
  EXPECT_TRUE(platform::list_names_with_prefix(tail).empty());
  EXPECT_FALSE(platform::open_mapping("Local\\" + tail, platform::Access::read).ok());
}

TEST(Cli, DiagnoseTakesAnAccessMaskByName) {
  const std::string tail = "shmh-diagnose-mask-" + std::to_string(platform::current_process_id());
  const auto run = run_harness({"diagnose", "--name", "Local\\" + tail, "--access", "FILE_MAP_READ|FILE_MAP_WRITE", "--json"},
                               std::chrono::seconds(60));
  ASSERT_TRUE(run.status);
  EXPECT_EQ(run.status->code, 0) << run.out << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["access"], "FILE_MAP_READ|FILE_MAP_WRITE");
  // The mask reached the open: OpenFileMappingW / shm_open ran, and found nothing by that name.
  EXPECT_EQ(json["open"]["error"]["symbol"], on_windows() ? "ERROR_FILE_NOT_FOUND" : "ENOENT");
  EXPECT_TRUE(platform::list_names_with_prefix(tail).empty());
}

TEST(Cli, SecondReportsAMissingNameWithCodeAndAdvice) {
  const auto run = run_harness({"second", "--name", "Local\\shmh-cli-test-nobody-here"}, std::chrono::seconds(30));
  ASSERT_TRUE(run.status);
  EXPECT_EQ(run.status->code, 1);
  EXPECT_NE(run.err.find(on_windows() ? "2 ERROR_FILE_NOT_FOUND" : "2 ENOENT"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("start the creating process first"), std::string::npos) << run.err;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

// The job summary is written once, by the step that asks (--job-summary), never by the ctest
// scenario tests, which run `run` with GITHUB_STEP_SUMMARY set too (some of them in parallel).
TEST(Cli, JobSummaryIsAppendedOnlyWhenAsked) {
  const auto dir = std::filesystem::temp_directory_path() / ("shmh-summary-" + std::to_string(platform::current_process_id()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto summary = dir / "step-summary.md";
  set_environment("GITHUB_STEP_SUMMARY", summary.string());
  const std::vector<std::string> run = {"run", "--scenario", "create-open/open-missing-name", "--report-dir", (dir / "r").string()};
  const auto plain = run_harness(run);
  ASSERT_TRUE(plain.status);
  EXPECT_EQ(plain.status->code, 0) << plain.out << plain.err;
  EXPECT_FALSE(std::filesystem::exists(summary)) << "a run without --job-summary wrote " << read_text(summary);

  auto asked = run;
  asked.push_back("--job-summary");
  const auto with_summary = run_harness(asked);
  set_environment("GITHUB_STEP_SUMMARY", "");
  ASSERT_TRUE(with_summary.status);
  EXPECT_EQ(with_summary.status->code, 0) << with_summary.out << with_summary.err;
  const std::string written = read_text(summary);
  EXPECT_EQ(occurrences(written, "## shm-harness:"), 1u) << written;
  EXPECT_EQ(written.find(read_text(dir / "r" / "summary.md")), 0u) << "the job summary is not summary.md: " << written;
  std::filesystem::remove_all(dir);
}

// A CI job that failed before writing its report must not stop the comparison of the others.
TEST(Cli, CompareNamesMissingReportsAndComparesTheRest) {
  const auto dir = std::filesystem::temp_directory_path() / ("shmh-missing-" + std::to_string(platform::current_process_id()));
  std::filesystem::remove_all(dir);
  const auto made = run_harness({"run", "--scenario", "create-open/open-missing-name", "--report-dir", (dir / "a").string()});
  ASSERT_TRUE(made.status);
  ASSERT_EQ(made.status->code, 0) << made.out << made.err;
  const std::string present = (dir / "a" / "report.json").string();
  const std::string absent = (dir / "b" / "report.json").string();

  const auto strict = run_harness({"compare", present, absent});
  ASSERT_TRUE(strict.status);
  EXPECT_EQ(strict.status->code, 2) << strict.out << strict.err;

  const auto md = (dir / "compare.md").string();
  const auto lenient = run_harness({"compare", present, absent, "--allow-missing", "--md", md});
  ASSERT_TRUE(lenient.status);
  EXPECT_EQ(lenient.status->code, 0) << lenient.out << lenient.err;
  EXPECT_NE(lenient.err.find(absent + " does not exist"), std::string::npos) << lenient.err;
  EXPECT_NE(lenient.out.find("Missing reports (not compared): " + absent), std::string::npos) << lenient.out;
  EXPECT_NE(lenient.out.find("a (baseline)"), std::string::npos) << "the report that exists was not shown: " << lenient.out;
  EXPECT_NE(read_text(md).find("Missing reports (not compared): " + absent), std::string::npos);

  const auto none = run_harness({"compare", absent, "--allow-missing"});
  ASSERT_TRUE(none.status);
  EXPECT_EQ(none.status->code, 2) << none.out << none.err;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace shmh::testing
