// The orchestrator's side of a role against the real shm-harness binary: answers, timeouts,
// death and malformed commands all end as typed failures, never as a hang.
#include <gtest/gtest.h>

#include <filesystem>

#include "platform/process.h"
#include "platform/system_info.h"
#include "role_process.h"

namespace shmh {
namespace {

using namespace std::chrono_literals;

std::string harness_binary() {
  const auto here = std::filesystem::path(platform::self_executable_path()).parent_path();
  const bool windows = std::string(platform::backend_name()) == "windows";
  return (here / (windows ? "shm-harness.exe" : "shm-harness")).string();
}

TEST(RoleProcess, AnswersWithItsOwnPidAndExitsWhenAsked) {
  std::vector<report::Observation> seen;
  RoleProcess role(harness_binary(), "probe", [&](report::Observation& o) { seen.push_back(o); });
  const auto hello = role.call({{"op", "hello"}}, 20s);
  EXPECT_TRUE(hello.ok);
  EXPECT_EQ(hello.role, "probe");
  EXPECT_EQ(hello.pid, role.pid());
  EXPECT_EQ(seen.size(), 1u);
  const auto status = role.finish(20s);
  EXPECT_TRUE(status.clean()) << status.describe();
}

TEST(RoleProcess, AHangingRoleTimesOutAndIsKilled) {
  RoleProcess role(harness_binary(), "sleeper", nullptr);
  role.call({{"op", "hello"}}, 20s);
  try {
    role.call({{"op", "sleep"}, {"ms", 60000}}, 300ms);
    FAIL() << "a 60 s sleep answered within 300 ms";
  } catch (const RoleFailure& failure) {
    EXPECT_EQ(failure.kind(), RoleFailure::Kind::timeout) << failure.what();
  }
  role.kill();
  const auto status = role.wait_for_exit(10s);
  ASSERT_TRUE(status);
  EXPECT_TRUE(status->killed_by_owner);
}

TEST(RoleProcess, ADeadRoleIsReportedWithItsExitStatus) {
  RoleProcess role(harness_binary(), "quitter", nullptr);
  role.call({{"op", "exit"}, {"code", 7}}, 20s);
  ASSERT_TRUE(role.wait_for_exit(20s));
  EXPECT_EQ(role.wait_for_exit(0ms)->code, 7);
  try {
    role.call({{"op", "hello"}}, 5s);
    FAIL() << "a dead role answered";
  } catch (const RoleFailure& failure) {
    EXPECT_EQ(failure.kind(), RoleFailure::Kind::died) << failure.what();
  }
}

TEST(RoleProcess, AMalformedCommandIsAProtocolFailureAndTheRoleLogsIt) {
  RoleProcess role(harness_binary(), "strict", nullptr);
  try {
    role.call({{"op", "no-such-op"}}, 20s);
    FAIL() << "an unknown op was accepted";
  } catch (const RoleFailure& failure) {
    EXPECT_EQ(failure.kind(), RoleFailure::Kind::protocol);
    EXPECT_NE(std::string(failure.what()).find("unknown op 'no-such-op'"), std::string::npos) << failure.what();
  }
  role.finish(20s);
  EXPECT_NE(role.log().find("bad command"), std::string::npos) << role.log();
}

}  // namespace
}  // namespace shmh
