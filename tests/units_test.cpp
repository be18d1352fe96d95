// Size parsing for --size options, and the one size formatter of the CLI, scenarios and reports.
#include <gtest/gtest.h>

#include "harness/cli/units.h"
#include "reports/format.h"

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

using report::format_size;

TEST(Units, FormatsWholeUnits) {
  EXPECT_EQ(format_size(0), "0 B");
  EXPECT_EQ(format_size(256), "256 B");
  EXPECT_EQ(format_size(64 * 1024), "64 KiB");
  EXPECT_EQ(format_size(1000), "1000 B");
  EXPECT_EQ(format_size(1023), "1023 B");
  EXPECT_EQ(format_size(1u << 20), "1 MiB");
  EXPECT_EQ(format_size(1000u << 10), "1000 KiB");
  EXPECT_EQ(format_size(5ull << 30), "5 GiB");
  EXPECT_EQ(format_size(3ull << 40), "3 TiB");
  EXPECT_EQ(format_size(2048ull << 40), "2048 TiB");
}

TEST(Units, FormatsExactFractionsShortAndRoundedOnesWithTwoDecimals) {
  EXPECT_EQ(format_size(1536u << 10), "1.5 MiB");  // not "1 MiB", not "1536 KiB"
  EXPECT_EQ(format_size(1280u << 10), "1.25 MiB");
  EXPECT_EQ(format_size(1536), "1.5 KiB");
  EXPECT_EQ(format_size((4ull << 30) + (256ull << 20)), "4.25 GiB");
  EXPECT_EQ(format_size(4097), "4.00 KiB");  // rounded: two decimals say so
  EXPECT_EQ(format_size(1000100), "976.66 KiB");
  EXPECT_EQ(format_size((1u << 20) - 1), "1.00 MiB");  // not "1024.00 KiB"
  EXPECT_EQ(format_size(16647532544ull), "15.50 GiB");
}

}  // namespace
}  // namespace shmh
