// Bounded line splitting on the control channel.
#include <gtest/gtest.h>

#include "harness/protocol/control_channel.h"

namespace shmh {
namespace {

TEST(LineSplitter, JoinsPartialReadsAndStripsCarriageReturns) {
  LineSplitter splitter;
  splitter.feed("{\"a\":");
  EXPECT_FALSE(splitter.has_line());
  splitter.feed("1}\r\n{\"b\":2}\n{\"c\"");
  ASSERT_TRUE(splitter.has_line());
  EXPECT_EQ(splitter.take(), "{\"a\":1}");
  EXPECT_EQ(splitter.take(), "{\"b\":2}");
  EXPECT_FALSE(splitter.has_line());
}

TEST(LineSplitter, DropsAndCountsOverlongLinesThenRecovers) {
  LineSplitter splitter(8);
  splitter.feed("0123456789abcdef");  // longer than 8 with no newline yet
  splitter.feed("more\nok\n");
  EXPECT_EQ(splitter.overlong_lines(), 1u);
  ASSERT_TRUE(splitter.has_line());
  EXPECT_EQ(splitter.take(), "ok");
}

}  // namespace
}  // namespace shmh
