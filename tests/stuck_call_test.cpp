// The stuck-call marker line: what a role writes on stderr when an OS call does not return, and
// what the orchestrator reads back from it.
#include <gtest/gtest.h>

#include "harness/protocol/stuck_call.h"

namespace shmh {
namespace {

TEST(StuckCall, ALineRoundTrips) {
  const StuckCall call{"create", "CreateFileMappingW", "Local\\shmh-x", 12345};
  const std::string line = format_call_marker(call);
  EXPECT_EQ(line, "@@shmh-call create\tCreateFileMappingW\tLocal\\shmh-x\t12345");
  StuckCall back;
  ASSERT_TRUE(parse_call_marker(line, back));
  EXPECT_EQ(back.op, "create");
  EXPECT_EQ(back.api, "CreateFileMappingW");
  EXPECT_EQ(back.object, "Local\\shmh-x");
  EXPECT_EQ(back.waiting_ms, 12345);
  EXPECT_EQ(back.describe(), "CreateFileMappingW(Local\\shmh-x) for 12 s");
}

TEST(StuckCall, TabsAndNewlinesInAnObjectNameCannotBreakTheLine) {
  const std::string line = format_call_marker({"open", "shm_open", "/a\tb\nc", 1000});
  EXPECT_EQ(line.find('\n'), std::string::npos);
  StuckCall back;
  ASSERT_TRUE(parse_call_marker(line, back));
  EXPECT_EQ(back.object, "/a b c");
}

TEST(StuckCall, OtherLinesAreNotMarkers) {
  StuckCall out;
  EXPECT_FALSE(parse_call_marker("[role first pid 12] info: ready", out));
  EXPECT_FALSE(parse_call_marker("@@shmh-call create\tCreateFileMappingW", out));       // too few fields
  EXPECT_FALSE(parse_call_marker("@@shmh-call create\tCreateFileMappingW\tx\t12s", out));  // not a number
  EXPECT_FALSE(parse_call_marker("@@shmh-call create\tCreateFileMappingW\tx\t", out));     // no number
}

TEST(StuckCall, ACommandWithNoMarkedCallSaysSo) {
  EXPECT_EQ((StuckCall{"race", "", "", 2600}).describe(), "no marked OS call for 3 s");
}

}  // namespace
}  // namespace shmh
