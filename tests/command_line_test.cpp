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
