// Size parsing for --size options.
#include <gtest/gtest.h>

#include "harness/cli/units.h"

namespace shmh {
namespace {

TEST(Units, ParsesPlainAndSuffixedSizes) {
  EXPECT_EQ(parse_size("4096"), 4096u);
  EXPECT_EQ(parse_size("64KiB"), 64u * 1024);
  EXPECT_EQ(parse_size("1 MiB"), 1u << 20);
  EXPECT_EQ(parse_size("4G"), 4ull << 30);
}

TEST(Units, RejectsMalformedNegativeAndOverflowingSizes) {
  EXPECT_FALSE(parse_size(""));
  EXPECT_FALSE(parse_size("-1"));
  EXPECT_FALSE(parse_size("12abc"));
  EXPECT_FALSE(parse_size("1.5MiB"));
  EXPECT_FALSE(parse_size("99999999999999999999"));
  EXPECT_FALSE(parse_size("17179869184GiB"));
}

TEST(Units, FormatsWholeUnits) {
  EXPECT_EQ(format_size(256), "256 B");
  EXPECT_EQ(format_size(64 * 1024), "64 KiB");
  EXPECT_EQ(format_size(1000), "1000 B");
}

}  // namespace
}  // namespace shmh
