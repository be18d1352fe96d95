// The orchestrator's side of a role against the real shm-harness binary: answers, timeouts,
// death and malformed commands all end as typed failures, never as a hang.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness/platform/child_process.h"
#include "harness/platform/system_info.h"
#include "tests/harness_runner.h"
#include "harness/orchestrator/role_client.h"

namespace shmh {
namespace {

using namespace std::chrono_literals;

using testing::harness_binary;

// A role told to put `raw` on the control channel instead of an answer; the next call's failure.
RoleFailure garbage_failure(const cmd::Emit& emit) {
  RoleClient role(harness_binary(), "garbler", nullptr);
  role.send(emit);
  try {
    role.receive<cmd::Emit>(20s);
  } catch (const RoleFailure& failure) {
    return failure;
  }
  throw std::logic_error("the garbage was accepted as an answer");
}

TEST(RoleClient, AnswersWithItsOwnPidAndExitsWhenAsked) {
  std::vector<report::Observation> seen;
  RoleClient role(harness_binary(), "probe", [&](report::Observation& o) { seen.push_back(o); });
  const auto hello = role.call(cmd::Hello{}, 20s);
  EXPECT_TRUE(hello.ok);
  EXPECT_EQ(hello.role, "probe");
  EXPECT_EQ(hello.pid, role.pid());
  EXPECT_EQ(seen.size(), 1u);
  const auto status = role.finish(20s);
  EXPECT_TRUE(status.clean()) << status.describe();
}

TEST(RoleClient, AHangingRoleTimesOutAndIsKilled) {
  RoleClient role(harness_binary(), "sleeper", nullptr);
  role.call(cmd::Hello{}, 20s);
  try {
    role.call(cmd::Sleep{.ms = 60000}, 300ms);
    FAIL() << "a 60 s sleep answered within 300 ms";
  } catch (const RoleFailure& failure) {
    EXPECT_EQ(failure.kind(), RoleFailure::Kind::timeout) << failure.what();
  }
  role.kill();
  const auto status = role.wait_for_exit(10s);
  ASSERT_TRUE(status);
  EXPECT_TRUE(status->killed_by_owner);
}

TEST(RoleClient, ADeadRoleIsReportedWithItsExitStatus) {
  RoleClient role(harness_binary(), "quitter", nullptr);
  role.call(cmd::Exit{.code = 7}, 20s);
  ASSERT_TRUE(role.wait_for_exit(20s));
  EXPECT_EQ(role.wait_for_exit(0ms)->code, 7);
  try {
    role.call(cmd::Hello{}, 5s);
    FAIL() << "a dead role answered";
  } catch (const RoleFailure& failure) {
    EXPECT_EQ(failure.kind(), RoleFailure::Kind::died) << failure.what();
  }
}

TEST(RoleClient, AMalformedCommandIsAProtocolFailureAndTheRoleLogsIt) {
  RoleClient role(harness_binary(), "strict", nullptr);
  try {
    role.send_raw({{"op", "no-such-op"}});
    role.receive_observation(20s);
    FAIL() << "an unknown op was accepted";
  } catch (const RoleFailure& failure) {
    EXPECT_EQ(failure.kind(), RoleFailure::Kind::protocol);
    EXPECT_NE(std::string(failure.what()).find("unknown op 'no-such-op'"), std::string::npos) << failure.what();
  }
  role.finish(20s);
  EXPECT_NE(role.log().find("bad command"), std::string::npos) << role.log();
}

// A command the protocol's types cannot express, sent raw: the role names the field it refused.
RoleFailure refusal(nlohmann::json command) {
  RoleClient role(harness_binary(), "strict", nullptr);
  role.send_raw(std::move(command));
  try {
    role.receive_observation(20s);
  } catch (const RoleFailure& failure) {
    return failure;
  }
  throw std::logic_error("the malformed command was accepted");
}

TEST(RoleClient, ACommandMissingAFieldIsRefusedByName) {
  const auto failure = refusal({{"op", "create"}, {"name", "Local\\shmh-test-missing"}});
  EXPECT_EQ(failure.kind(), RoleFailure::Kind::protocol);
  EXPECT_NE(std::string(failure.what()).find("field 'size' is missing"), std::string::npos) << failure.what();
}

TEST(RoleClient, ACommandFieldOfTheWrongTypeIsRefusedByName) {
  const auto failure = refusal({{"op", "map"}, {"access", 5}});
  EXPECT_EQ(failure.kind(), RoleFailure::Kind::protocol);
  EXPECT_NE(std::string(failure.what()).find("field 'access' has the wrong type"), std::string::npos) << failure.what();
}

TEST(RoleClient, AReplyMissingAFieldIsAProtocolFailureNamingOpAndField) {
  // The role answers a read with an observation whose details lack everything a read carries.
  RoleClient role(harness_binary(), "forgetful", nullptr);
  role.send(cmd::Emit{.text = R"({"id": 1, "ok": true, "api": "read_view", "name": "", "details": {"encoding": "utf8"}})"});
  try {
    role.receive<cmd::Read>(20s);
    FAIL() << "a read reply without its text was accepted";
  } catch (const RoleFailure& failure) {
    EXPECT_EQ(failure.kind(), RoleFailure::Kind::protocol);
    const std::string what = failure.what();
    EXPECT_NE(what.find("'read'"), std::string::npos) << what;
    EXPECT_NE(what.find("field 'text' is missing"), std::string::npos) << what;
  }
}

TEST(RoleClient, ALineThatIsNotJsonIsAProtocolFailure) {
  const auto failure = garbage_failure({.text = "hello, I am not JSON"});
  EXPECT_EQ(failure.kind(), RoleFailure::Kind::protocol);
  EXPECT_NE(std::string(failure.what()).find("not JSON"), std::string::npos) << failure.what();
}

TEST(RoleClient, APartialLineThenDeathIsReportedAsDeath) {
  const auto failure = garbage_failure({.text = "{\"id\": 1, \"ok\"", .newline = false, .then_exit = true, .exit_code = 3});
  EXPECT_EQ(failure.kind(), RoleFailure::Kind::died);
  EXPECT_NE(std::string(failure.what()).find("exit code 3"), std::string::npos) << failure.what();
}

TEST(RoleClient, AnEndlessLineIsBoundedAndRefused) {
  // 4 MiB without a newline: the reader keeps at most 1 MiB of it.
  const auto failure = garbage_failure({.text = std::string(64 * 1024, 'x'), .repeat = 64, .newline = false});
  EXPECT_EQ(failure.kind(), RoleFailure::Kind::protocol);
  EXPECT_NE(std::string(failure.what()).find("longer than"), std::string::npos) << failure.what();
}

TEST(RoleClient, AnAnswerOutOfTurnIsRefused) {
  const auto failure = garbage_failure({.text = "{\"id\": 999, \"ok\": true, \"api\": \"x\"}"});
  EXPECT_EQ(failure.kind(), RoleFailure::Kind::protocol);
  EXPECT_NE(std::string(failure.what()).find("out of turn"), std::string::npos) << failure.what();
}

}  // namespace
}  // namespace shmh
