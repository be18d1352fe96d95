// Validation of names typed by users.
#include <gtest/gtest.h>

#include "harness/protocol/names.h"

namespace shmh {
namespace {

TEST(Names, AcceptsPrefixedAndBareNames) {
  EXPECT_FALSE(name_problem("Local\\demo"));
  EXPECT_FALSE(name_problem("Global\\demo"));
  EXPECT_FALSE(name_problem("demo"));
}

TEST(Names, RejectsWithAReasonThatSaysWhy) {
  EXPECT_EQ(name_problem("").value_or(""), "the name is empty");
  EXPECT_NE(name_problem("Local\\a\\b").value_or("").find("backslash after the prefix"), std::string::npos);
  EXPECT_NE(name_problem("local\\x").value_or("").find("unknown namespace prefix 'local\\'"), std::string::npos);
  EXPECT_NE(name_problem("Local\\").value_or("").find("nothing follows"), std::string::npos);
  EXPECT_NE(name_problem(std::string(kMaxNameLength + 1, 'x')).value_or("").find("characters long"), std::string::npos);
  EXPECT_FALSE(name_problem(std::string(kMaxNameLength, 'x')));
}

TEST(Names, RunIdsAreUniqueAndPrefixed) {
  const auto a = make_run_id();
  const auto b = make_run_id();
  EXPECT_EQ(a.rfind("shmh-", 0), 0u);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace shmh
