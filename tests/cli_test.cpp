// Bad input on the command line: one clear line on stderr, exit code 2, nothing run.
#include <gtest/gtest.h>

#include <algorithm>

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
        BadInput{"DiagnoseEmptyName", {"diagnose", "--name", ""}, "the name is empty"},
        BadInput{"DiagnoseBadAccess", {"diagnose", "--name", "Local\\x", "--access", "everything"}, "invalid --access 'everything'"},
        BadInput{"DiagnoseBothRestrictions", {"diagnose", "--name", "Local\\x", "--as-restricted", "--as-low-integrity"}, "cannot be combined"},
        BadInput{"JanitorForeignRunId", {"janitor", "--run-id", "/etc"}, "run ids start with shmh-"}),
    [](const ::testing::TestParamInfo<BadInput>& info) { return info.param.case_name; });

TEST(Cli, EveryCommandHasHelp) {
  for (const char* command : {"first", "second", "run", "list", "role", "janitor"}) {
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

TEST(Cli, SecondReportsAMissingNameWithCodeAndAdvice) {
  const auto run = run_harness({"second", "--name", "Local\\shmh-cli-test-nobody-here"}, std::chrono::seconds(30));
  ASSERT_TRUE(run.status);
  EXPECT_EQ(run.status->code, 1);
  EXPECT_NE(run.err.find(on_windows() ? "2 ERROR_FILE_NOT_FOUND" : "2 ENOENT"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("start the creating process first"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace shmh::testing
