// The shell-like splitting of a user's command line (`pair --first "CMD ARGS"`): quotes,
// backslashes, nothing expanded, and the malformed lines refused with the reason.
#include <gtest/gtest.h>

#include "harness/platform/command_line.h"

namespace shmh::platform {
namespace {

using Words = std::vector<std::string>;

TEST(SplitCommandLine, BlanksSeparateWords) {
  EXPECT_EQ(split_command_line("  first  /orders\t--wait ").words, (Words{"first", "/orders", "--wait"}));
}

TEST(SplitCommandLine, QuotesKeepBlanksAndNothingIsExpanded) {
  const auto split = split_command_line(R"(prog 'a b' "c d" '$HOME' "x\"y" *.txt)");
  EXPECT_EQ(split.problem, "");
  EXPECT_EQ(split.words, (Words{"prog", "a b", "c d", "$HOME", "x\"y", "*.txt"}));
}

TEST(SplitCommandLine, BackslashEscapesOutsideQuotesAndStaysInSingleQuotes) {
  EXPECT_EQ(split_command_line(R"(a\ b 'c\d' "e\f")").words, (Words{"a b", "c\\d", "e\\f"}));
}

TEST(SplitCommandLine, EmptyQuotesAreAWord) {
  EXPECT_EQ(split_command_line(R"(prog "" '')").words, (Words{"prog", "", ""}));
}

TEST(SplitCommandLine, MalformedLinesSayWhy) {
  EXPECT_NE(split_command_line("prog 'open").problem.find("single quote at character 6"), std::string::npos);
  EXPECT_NE(split_command_line("prog \"open").problem.find("double quote"), std::string::npos);
  EXPECT_NE(split_command_line("prog \\").problem.find("backslash"), std::string::npos);
  EXPECT_TRUE(split_command_line("   ").words.empty());
}

}  // namespace
}  // namespace shmh::platform

namespace shmh::platform {
namespace {

// The C runtime's rules (Microsoft's "Parsing C++ command-line arguments"), which a Windows
// program applies to its own line: what `pair --trace` hands the tracer on Windows.
TEST(WindowsCommandLine, BackslashesStayUnlessTheyPrecedeAQuote) {
  auto r = split_windows_command_line(R"(fixtures\first.exe Local\orders)");
  ASSERT_EQ(r.problem, "");
  EXPECT_EQ(r.words, (std::vector<std::string>{R"(fixtures\first.exe)", R"(Local\orders)"}));
  r = split_windows_command_line(R"("C:\Program Files\app.exe" "a b" a\\\"b a\\"b c" "")");
  ASSERT_EQ(r.problem, "");
  EXPECT_EQ(r.words, (std::vector<std::string>{R"(C:\Program Files\app.exe)", "a b", R"(a\"b)", R"(a\b c)", ""}));
  EXPECT_EQ(split_windows_command_line(R"(C:\dir\ends-with\ x)").words,
            (std::vector<std::string>{R"(C:\dir\ends-with\)", "x"}));
  EXPECT_NE(split_windows_command_line(R"(app "open)").problem, "");
  EXPECT_TRUE(split_windows_command_line("   ").words.empty());
}

}  // namespace
}  // namespace shmh::platform
