// The advice table: one set of words per code, fitted to the backend and the caller's session.
#include <gtest/gtest.h>

#include "harness/cli/advice.h"

namespace shmh {
namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(Advice, NotFoundOnWindowsSaysTheSectionDiesWithItsLastHandle) {
  const auto line = advice_line("ERROR_FILE_NOT_FOUND", {"Local\\orders", true, 1});
  EXPECT_TRUE(has(line, "no object named 'Local\\orders' exists")) << line;
  EXPECT_TRUE(has(line, "dies with its last handle")) << line;
  EXPECT_TRUE(has(line, "Local\\ and Global\\ are different namespaces outside session 0")) << line;
}

TEST(Advice, InSessionZeroLocalAndGlobalAreNotCalledDifferent) {
  const auto line = advice_line("ERROR_FILE_NOT_FOUND", {"Local\\orders", true, 0});
  EXPECT_TRUE(has(line, "session 0, where Local\\ and Global\\ name the same namespace")) << line;
  EXPECT_FALSE(has(line, "are different namespaces")) << line;
}

TEST(Advice, PosixObjectsLiveUntilUnlinkedNotUntilTheLastHandle) {
  const auto line = advice_line("ENOENT", {"Local\\orders", false, std::nullopt});
  EXPECT_TRUE(has(line, "lives until shm_unlink")) << line;
  EXPECT_FALSE(has(line, "Windows section")) << line;
  EXPECT_FALSE(has(line, "dies with its last handle")) << line;
}

TEST(Advice, GlobalAccessDeniedNamesThePrivilegeOnlyOutsideSessionZero) {
  EXPECT_TRUE(has(advice_line("ERROR_ACCESS_DENIED", {"Global\\orders", true, 1}), "SeCreateGlobalPrivilege"));
  const auto session0 = advice_line("ERROR_ACCESS_DENIED", {"Global\\orders", true, 0});
  EXPECT_FALSE(has(session0, "SeCreateGlobalPrivilege")) << session0;
  EXPECT_TRUE(has(session0, "DACL")) << session0;
}

TEST(Advice, EveryKnownCodeHasMeaningAndRemedyAndUnknownCodesHaveNone) {
  for (const char* symbol : {"ERROR_FILE_NOT_FOUND", "ENOENT", "ERROR_ACCESS_DENIED", "EACCES", "ERROR_ALREADY_EXISTS",
                             "EEXIST", "ERROR_INVALID_HANDLE", "ERROR_PATH_NOT_FOUND", "EINVAL", "ERROR_INVALID_PARAMETER",
                             "ERROR_FILENAME_EXCED_RANGE", "ENAMETOOLONG", "ERROR_COMMITMENT_LIMIT", "ENOMEM",
                             "ERROR_PRIVILEGE_NOT_HELD"}) {
    const auto advice = advice_for(symbol, {"Local\\x", true, 1});
    ASSERT_TRUE(advice) << symbol;
    EXPECT_FALSE(advice->meaning.empty()) << symbol;
    EXPECT_FALSE(advice->remedy.empty()) << symbol;
  }
  EXPECT_FALSE(advice_for("ERROR_SUCCESS", {"Local\\x", true, 1}));
  EXPECT_EQ(advice_line("", {"Local\\x", true, 1}), "");
}

}  // namespace
}  // namespace shmh
