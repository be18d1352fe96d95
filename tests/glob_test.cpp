// Scenario selection globs.
#include <gtest/gtest.h>

#include "harness/orchestrator/glob.h"

namespace shmh {
namespace {

TEST(Glob, MatchesStarsAndQuestionMarks) {
  EXPECT_TRUE(glob_match("create-open/*", "create-open/classic-sample"));
  EXPECT_TRUE(glob_match("*classic*", "create-open/classic-sample"));
  EXPECT_TRUE(glob_match("lifetime/?lose-then-open", "lifetime/close-then-open"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_FALSE(glob_match("create-open/*", "lifetime/close-then-open"));
  EXPECT_FALSE(glob_match("classic", "create-open/classic-sample"));
  EXPECT_FALSE(glob_match("a*b*c", "aXbY"));
}

}  // namespace
}  // namespace shmh
